/**
 * The Kick Trigger's replay memory as its webhook and execution step use it: which deliveries
 * run the workflow, checked by message id (Kick's retries) and by event (the same event through
 * several subscriptions), with a log line when the byte cap bites.
 */
import type { Logger } from 'n8n-workflow';

import type { EventIdentity } from './delivery';
import { fieldName } from './fields';
import type { ReplayMemory, ReplayStage } from './replay';
import { REPLAY_MEMORY_MAX_BYTES, replayMemoryFor } from './replay';

interface TriggerContext {
	logger: Logger;
	getWorkflow(): { id?: string };
	getNode(): { id: string; name: string };
}

const MIB = 1024 * 1024;

/** This trigger's memory in this process, covering Max Event Age (`windowMs`). */
export function triggerReplayMemory(context: TriggerContext, windowMs: number): ReplayMemory {
	return replayMemoryFor(context, windowMs, {
		onCapReached: (coveredSince, bytes) =>
			context.logger.warn(
				`Kick Trigger "${context.getNode().name}": its replay memory reached its cap (${Math.round(bytes / MIB)} of ${REPLAY_MEMORY_MAX_BYTES / MIB} MiB) and forgot message ids sent before ${new Date(coveredSince).toISOString()}; deliveries sent before then no longer run the workflow (each is logged). Lower ${fieldName('maxEventAge')}, or spread the events over several Kick apps.`,
			),
	});
}

/** One delivery as the memory sees it. */
export interface DeliveryFacts {
	messageId: string;
	subscriptionId?: string;
	identity: EventIdentity;
	/** Kick's timestamp of the delivery (ms). */
	sentAt: number;
}

export type Admission =
	| { kind: 'run' }
	/** Kick sent this message again (a retry). */
	| { kind: 'repeat'; reason: string }
	/** The same event came before through another subscription (or, for a chat message or a claim, under another message id). */
	| { kind: 'same-event'; reason: string }
	/** Sent before what the memory still covers (its byte cap): not run. */
	| { kind: 'forgotten'; reason: string };

/** What a delivery recorded in the memory, so it can be taken back (see `release`). */
export interface Admitted {
	admission: Admission;
	keys: string[];
}

/** A key of the memory for one event arriving through one subscription. */
const throughSubscription = (identity: EventIdentity, subscriptionId: string) =>
	`${identity.key}@${subscriptionId}`;

/** A replay key as log lines name it. */
export function describeKey(key: string): string {
	if (key.startsWith('claim:')) return `Drops claim ${key.slice('claim:'.length)}`;
	if (key.startsWith('chat:')) return `chat message ${key.slice('chat:'.length)}`;
	return `message ${key}`;
}

function forgotten(what: string, coveredSince: number): Admission {
	return {
		kind: 'forgotten',
		reason: `${what} was sent before ${new Date(coveredSince).toISOString()}, which the replay memory no longer covers (its byte cap), so it cannot tell whether the workflow already ran for it`,
	};
}

/**
 * Checks a delivery at one stage and records it there: its message id (a Drops claim: its
 * claim id), then its event. A repeat or a same event records nothing new for the event.
 */
export function admit(memory: ReplayMemory, delivery: DeliveryFacts, stage: ReplayStage): Admitted {
	const { identity, sentAt, subscriptionId } = delivery;
	const claim = identity.key.startsWith('claim:');
	const keys: string[] = [];
	const check = (key: string) => memory.check(key, sentAt, stage);
	const undo = (admission: Admission): Admitted => {
		for (const key of keys.splice(0)) memory.release(key, stage);
		return { admission, keys: [] };
	};

	if (!claim) {
		const message = check(delivery.messageId);
		if (message.kind === 'repeat')
			return {
				admission: { kind: 'repeat', reason: `message ${delivery.messageId} was already received` },
				keys,
			};
		if (message.kind === 'forgotten')
			return { admission: forgotten(`message ${delivery.messageId}`, message.coveredSince), keys };
		keys.push(delivery.messageId);
	}
	if (identity.intrinsic) {
		const event = check(identity.key);
		if (event.kind === 'forgotten')
			return undo(forgotten(describeKey(identity.key), event.coveredSince));
		if (event.kind === 'repeat') {
			const reason = claim
				? `${describeKey(identity.key)} was already received`
				: `${describeKey(identity.key)} already came in another delivery (${describeKey(delivery.messageId)})`;
			return { admission: { kind: claim ? 'repeat' : 'same-event', reason }, keys };
		}
		keys.push(identity.key);
		return { admission: { kind: 'run' }, keys };
	}
	// A body digest: only a copy through another subscription is the same event.
	if (!subscriptionId) return { admission: { kind: 'run' }, keys };
	const here = throughSubscription(identity, subscriptionId);
	if (check(here).kind === 'repeat') return { admission: { kind: 'run' }, keys };
	keys.push(here);
	if (check(identity.key).kind === 'repeat') {
		memory.release(here, stage);
		keys.pop();
		return {
			admission: {
				kind: 'same-event',
				reason: 'the same event already came through another subscription',
			},
			keys,
		};
	}
	keys.push(identity.key);
	return { admission: { kind: 'run' }, keys };
}

/** Takes back what a delivery recorded at a stage (n8n did not answer Kick with success). */
export function release(memory: ReplayMemory, admitted: Admitted, stage: ReplayStage): void {
	for (const key of admitted.keys) memory.release(key, stage);
}
