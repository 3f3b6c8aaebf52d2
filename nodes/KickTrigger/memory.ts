/** The Kick Trigger's replay memory as its webhook and execution step use it: with a log line when the byte cap bites. */
import type { Logger } from 'n8n-workflow';

import { fieldName } from './fields';
import type { ReplayMemory } from './replay';
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

/** A replay key as log lines name it: "message <id>" or "Drops claim <id>". */
export function describeKey(key: string): string {
	return key.startsWith('claim:') ? `Drops claim ${key.slice('claim:'.length)}` : `message ${key}`;
}

/** Why a genuine delivery older than what the memory still covers does not run. */
export function forgottenReason(what: string, coveredSince: number): string {
	return `${what} was sent before ${new Date(coveredSince).toISOString()}, which the replay memory no longer covers (its byte cap), so it cannot tell whether the workflow already ran for it`;
}
