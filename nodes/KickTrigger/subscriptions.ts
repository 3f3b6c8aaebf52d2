/**
 * The trigger's Kick event subscriptions across n8n's webhook lifecycle (checkExists, create,
 * delete) and its periodic check: the imperative shell around the pure plan (plan.ts). It reads
 * the record (state.ts) and Kick's list, applies the plan (deletes first, then subscribes),
 * records the result and logs what changed.
 */
import type { IHookFunctions, ITriggerFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { KickContext } from '../shared/transport/request';
import { isTriggerActive, markTriggerActive, markTriggerInactive } from './apps';
import type { SubscribeResult } from './calls';
import { deleteSubscriptions, listSubscriptions, subscribe } from './calls';
import { deliveredSinceLastCheck, forgetDeliveries } from './evidence';
import { checkIntervalMs } from './interval';
import * as say from './messages';
import type { RecordedSubscription, Subscription, WantedSubscription } from './plan';
import { appearedMeanwhile, blockedByUndeleted, coversWanted, planSubscriptions } from './plan';
import { isStartup, preflight, triggerIdentity } from './preflight';
import { scheduleRemoval, takeOverRemoval } from './removal';
import { forgetReplayMemory } from './replay';
import type { TriggerState } from './state';
import {
	forgetLatestState,
	isTestSession,
	readState,
	serialized,
	triggerKey,
	writeState,
} from './state';
import type { Target, WantedEvent } from './target';
import { appOf, resolveTarget, wantedEvents, wantedSubscriptions } from './target';

type SubscriptionContext = IHookFunctions | ITriggerFunctions;

/** Why this lifecycle step runs: n8n (re)activating the workflow, or the trigger's own check. */
type Occasion = 'activation' | 'check';

/** Own subscriptions that delivered since the previous check: alive, whatever Kick's list says. */
function deliveringNow(context: SubscriptionContext, occasion: Occasion): Set<string> {
	const key = triggerKey(context);
	return deliveredSinceLastCheck(key, Date.now(), checkIntervalMs(context), occasion === 'check');
}

const own = (state: TriggerState): RecordedSubscription[] =>
	(state.subscriptions ?? []).filter((s) => s.owned);

/** Deletes own subscriptions; when Kick fails, logs which ids stay and answers them. */
async function deleteOrWarn(
	context: KickContext,
	subscriptions: readonly RecordedSubscription[],
	what: string,
): Promise<RecordedSubscription[]> {
	try {
		await deleteSubscriptions(
			context,
			subscriptions.map((s) => s.id),
		);
		return [];
	} catch (error) {
		context.logger.warn(
			`${say.prefix(context)}: ${say.undeleted(subscriptions, what, error as Error)}`,
		);
		return subscriptions.map((s) => ({ ...s, retired: true }));
	}
}

interface Created {
	created: RecordedSubscription[];
	refusals: string[];
	/** Subscriptions that appeared while a subscribe request failed: used, never owned. */
	appeared: RecordedSubscription[];
	/** A request that failed: what was created before it is kept and recorded all the same. */
	failure?: unknown;
}

/** The ids Kick gave, and the events it refused with its reason (per-event `error`). */
function sortOutResults(
	wanted: readonly WantedSubscription[],
	results: SubscribeResult[],
	labels: ReadonlyMap<string, string>,
): Pick<Created, 'created' | 'refusals'> {
	const sorted: Pick<Created, 'created' | 'refusals'> = { created: [], refusals: [] };
	for (const w of wanted) {
		const result = results.find(
			(r) => r.name === w.event && (r.version === undefined || Number(r.version) === w.version),
		);
		if (result?.subscription_id && !result.error) {
			sorted.created.push({ ...w, id: String(result.subscription_id), owned: true });
		} else {
			const reason = result?.error ?? 'Kick did not answer for this event';
			sorted.refusals.push(`${labels.get(w.event) ?? w.event}: ${reason}`);
		}
	}
	return sorted;
}

/** Whether Kick may have acted on a request that failed: no answer, or a server error. */
function mayHaveHappened(error: unknown): boolean {
	const status = Number((error as NodeApiError).httpCode ?? Number.NaN);
	return !(status >= 400 && status < 500);
}

/** Subscribes what is missing, one request per channel; stops at the first failed request. */
async function createMissing(
	context: SubscriptionContext,
	missing: readonly WantedSubscription[],
	target: Target,
	listedBefore: readonly Subscription[],
	events: readonly WantedEvent[],
): Promise<Created> {
	const outcome: Created = { created: [], refusals: [], appeared: [] };
	const labels = new Map(events.map((e) => [e.name, e.label]));
	for (const channel of target.broadcasterUserIds) {
		const forChannel = missing.filter((w) => w.broadcasterUserId === channel);
		if (!forChannel.length) continue;
		try {
			const sorted = sortOutResults(
				forChannel,
				await subscribe(context, forChannel, channel, target.appToken),
				labels,
			);
			outcome.created.push(...sorted.created);
			outcome.refusals.push(...sorted.refusals);
		} catch (error) {
			outcome.failure = error;
			if (mayHaveHappened(error)) {
				const after = await listSubscriptions(context, [channel]).catch(() => []);
				const appeared = appearedMeanwhile(forChannel, listedBefore, after);
				if (appeared.length) {
					context.logger.warn(
						`${say.prefix(context)}: ${say.appearedMeanwhile(appeared, error as Error)}`,
					);
					outcome.appeared.push(...appeared.map((s) => ({ ...s, owned: false })));
				}
			}
			return outcome;
		}
	}
	return outcome;
}

async function rollBack(
	context: SubscriptionContext,
	{ created, refusals }: Created,
): Promise<never> {
	const left = await deleteOrWarn(context, created, 'the just created');
	const state = readState(context);
	const gone = new Set(created.map((s) => s.id));
	const kept = (state.subscriptions ?? []).filter((s) => !gone.has(s.id));
	writeState(context, { ...state, subscriptions: [...kept, ...left] });
	const cleanup = left.length
		? `Deleting the subscriptions created meanwhile failed too. ${say.manualDeleteAdvice(left.map((s) => s.id))}`
		: 'Nothing was left subscribed.';
	throw new NodeOperationError(
		context.getNode(),
		`Kick refused to subscribe to ${refusals.join('; ')}`,
		{
			description: cleanup,
		},
	);
}

/** Duplicate warnings already given, per trigger: a check repeats them only when they change. */
const toldDuplicates = new Map<string, string>();

function logOutcome(
	context: SubscriptionContext,
	plan: ReturnType<typeof planSubscriptions>,
	created: readonly RecordedSubscription[],
	occasion: Occasion,
): void {
	const name = say.prefix(context);
	if (created.length) {
		const repair = occasion === 'check' || isStartup(context) || plan.vanished.length > 0;
		if (repair) context.logger.warn(`${name}: ${say.repaired(created)}`);
		else context.logger.info(`${name}: subscribed to ${say.describe(created)}`);
	}
	if (plan.unlisted.length) context.logger.info(`${name}: ${say.unlisted(plan.unlisted)}`);
	const adopted = plan.use.filter((s) => !s.owned);
	if (adopted.length && occasion === 'activation')
		context.logger.info(`${name}: ${say.adopted(adopted)}`);
	const duplicateLines = say.duplicates(plan.duplicates);
	const told = duplicateLines.join('\n');
	if (told !== (toldDuplicates.get(triggerKey(context)) ?? '')) {
		for (const line of duplicateLines) context.logger.warn(`${name}: ${line}`);
		toldDuplicates.set(triggerKey(context), told);
	}
}

/**
 * Makes Kick's subscriptions match the trigger (see plan.ts): deletes its own it no longer uses,
 * then subscribes what is missing, and records the result. On activation a refused event fails it
 * all (nothing is left subscribed); on a check it is logged.
 */
async function ensureSubscriptions(
	context: SubscriptionContext,
	occasion: Occasion,
): Promise<void> {
	const events = wantedEvents(context);
	const state = readState(context);
	if (!events.length) {
		// Only Drops claims: nothing to subscribe; what it subscribed before goes.
		const left = own(state).length ? await deleteOrWarn(context, own(state), 'its outdated') : [];
		writeState(context, { subscriptions: left });
		return;
	}
	const target = await resolveTarget(context);
	const sameApp = !state.appClientId || state.appClientId === target.appClientId;
	if (!sameApp && own(state).length)
		context.logger.warn(`${say.prefix(context)}: ${say.stranded(own(state))}`);
	const wanted = wantedSubscriptions(events, target);
	const listed = await listSubscriptions(context, target.broadcasterUserIds);
	const plan = planSubscriptions({
		wanted,
		recorded: sameApp ? (state.subscriptions ?? []) : [],
		listed,
		delivering: deliveringNow(context, occasion),
	});

	const undeleted = plan.retire.length
		? await deleteOrWarn(context, plan.retire, 'its outdated')
		: [];
	const { ready, blocked } = blockedByUndeleted(plan.create, undeleted);
	const outcome = await createMissing(context, ready, target, listed, events);
	writeState(context, {
		appClientId: target.appClientId,
		credentialId: target.credentialId,
		broadcasterUserIds: target.broadcasterUserIds,
		subscriptions: [...plan.use, ...outcome.created, ...outcome.appeared, ...undeleted],
	});
	if (outcome.failure) throw outcome.failure;
	if (
		outcome.refusals.length &&
		occasion === 'activation' &&
		!isStartup(context as IHookFunctions)
	) {
		await rollBack(context, outcome);
	}
	if (outcome.refusals.length)
		context.logger.warn(
			`${say.prefix(context)}: Kick refused to subscribe to ${outcome.refusals.join('; ')}`,
		);
	if (blocked.length) {
		context.logger.warn(
			`${say.prefix(context)}: did not subscribe ${blocked.map((w) => w.event).join(', ')} again yet: its earlier subscription for ${blocked.length > 1 ? 'them' : 'it'} could not be deleted, and it never holds two of its own for one event and channel. It tries again at its next check.`,
		);
	}
	logOutcome(context, plan, outcome.created, occasion);
}

/** Subscriptions of one Kick app are managed one step at a time in this process. */
async function forApp<T>(context: KickContext, task: () => Promise<T>): Promise<T> {
	const appClientId = await appOf(context).then(
		(app) => app.appClientId,
		() => 'unknown',
	);
	return await serialized(`kick-app:${appClientId}`, task);
}

/** An edit re-adds the trigger right after removing it: take over what the removal would delete. */
async function takeOver(context: IHookFunctions): Promise<void> {
	if (isTestSession(context)) return;
	const { appClientId } = await appOf(context);
	if (await takeOverRemoval(triggerKey(context), appClientId)) {
		context.logger.info(
			`${say.prefix(context)}: kept its Kick subscriptions and replay memory across the edit (n8n re-added the trigger right after removing it)`,
		);
	}
}

/**
 * n8n asks this before create(): true when the recorded subscriptions are for the chosen events,
 * channels and credential and Kick still has every one of them.
 */
export async function subscriptionsExist(this: IHookFunctions): Promise<boolean> {
	await takeOver(this);
	await preflight(this);
	const state = readState(this);
	if (!wantedEvents(this).length) return !own(state).length;
	if (!state.subscriptions?.length) return false;
	try {
		return await forApp(this, async () => {
			const target = await resolveTarget(this);
			const sameTarget =
				state.appClientId === target.appClientId && state.credentialId === target.credentialId;
			if (!sameTarget) return false;
			const wanted = wantedSubscriptions(wantedEvents(this), target);
			const listed = await listSubscriptions(this, target.broadcasterUserIds);
			const exists = coversWanted(
				wanted,
				state.subscriptions ?? [],
				listed,
				deliveringNow(this, 'activation'),
			);
			if (exists && !isTestSession(this))
				markTriggerActive(target.appClientId, triggerIdentity(this));
			return exists;
		});
	} catch {
		// create() decides what a failing Kick means for this activation.
		return false;
	}
}

function asNodeError(
	context: SubscriptionContext,
	error: unknown,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

/** Subscribes what is missing. At start-up a failure keeps what was recorded and only logs. */
export async function createSubscriptions(this: IHookFunctions): Promise<boolean> {
	await takeOver(this);
	await preflight(this);
	try {
		await forApp(this, async () => await ensureSubscriptions(this, 'activation'));
	} catch (error) {
		if (!isStartup(this)) throw asNodeError(this, error);
		this.logger.warn(
			`${say.prefix(this)}: could not check its Kick subscriptions at start-up: ${(error as Error).message}. Deliveries keep running (their signatures need no credential); the trigger keeps its recorded subscriptions and retries on its next check. If the message says the credential needs to be reconnected, open it and connect it again.`,
		);
	}
	if (!isTestSession(this) && wantedEvents(this).length) {
		const { appClientId } = await appOf(this);
		markTriggerActive(appClientId, triggerIdentity(this));
	}
	return true;
}

/**
 * Deletes the trigger's own subscriptions; on failure they stay recorded (and logged). With
 * `forget`, the trigger is gone from this process: its memory goes too once they are deleted.
 */
async function removeOwnSubscriptions(context: IHookFunctions, forget = false): Promise<boolean> {
	return await forApp(context, async () => {
		const key = triggerKey(context);
		if (forget) {
			forgetReplayMemory(context);
			forgetDeliveries(key);
			toldDuplicates.delete(key);
		}
		const state = readState(context);
		const owned = own(state);
		const spared = (state.subscriptions ?? []).filter((s) => !s.owned);
		if (spared.length) {
			context.logger.info(
				`${say.prefix(context)}: left the Kick subscriptions it did not create in place: ${say.describe(spared)}`,
			);
		}
		const left = owned.length ? await deleteOrWarn(context, owned, 'its') : [];
		if (left.length) {
			writeState(context, { ...state, subscriptions: left });
			return false;
		}
		context.logger.info(
			owned.length
				? `${say.prefix(context)}: deleted its Kick subscriptions ${say.describe(owned)}`
				: `${say.prefix(context)}: had no Kick subscriptions of its own to delete`,
		);
		writeState(context, {});
		if (forget) forgetLatestState(key);
		return true;
	});
}

/**
 * n8n removes the trigger: for an edit it adds it again at once (see removal.ts), so the Kick
 * subscriptions and the replay memory go only when that does not happen. A test session's own
 * subscriptions go at once.
 */
export async function deleteStoredSubscriptions(this: IHookFunctions): Promise<boolean> {
	if (isTestSession(this)) return await removeOwnSubscriptions(this);
	markTriggerInactive(triggerIdentity(this));
	// What n8n saves now says they are to go: if n8n stops before the removal, the next activation
	// deletes them, or uses them again (they are its own) when the same events are still wanted.
	const state = readState(this);
	writeState(this, {
		...state,
		subscriptions: (state.subscriptions ?? []).map((s) => (s.owned ? { ...s, retired: true } : s)),
	});
	const { appClientId } = await appOf(this).catch(() => ({ appClientId: 'unknown' }));
	scheduleRemoval(triggerKey(this), appClientId, async () => {
		await removeOwnSubscriptions(this, true).catch((error: Error) =>
			this.logger.warn(
				`${say.prefix(this)}: could not remove its Kick subscriptions: ${error.message}`,
			),
		);
	});
	return true;
}

/**
 * The periodic check (on n8n's leader only): re-subscribes what Kick dropped while the workflow
 * is active. Never throws: a failure is logged and the next check tries again.
 */
export async function checkSubscriptions(this: ITriggerFunctions): Promise<void> {
	try {
		await forApp(this, async () => {
			// Deactivated meanwhile, or not set up yet: nothing of this trigger's to keep up.
			if (!isTriggerActive(triggerIdentity(this))) return;
			await ensureSubscriptions(this, 'check');
		});
	} catch (error) {
		this.logger.warn(
			`${say.prefix(this)}: could not check its Kick subscriptions: ${(error as Error).message}. Deliveries keep running; subscriptions Kick dropped cannot be re-created until this works again${/reconnect/i.test((error as Error).message) ? '' : ' (if the credential needs to be reconnected, open it and connect it again)'}.`,
		);
	}
}
