/**
 * Replay protection that holds across n8n processes.
 *
 * In queue mode Kick's deliveries reach whichever process the load balancer picks (the main
 * process or any `n8n webhook` process), and Kick may retry a message it thinks failed on
 * another one. Each process checks and records message ids in its own memory, which is exact
 * for that process (Node runs one check-and-record at a time). The ids are also shared through
 * the trigger's workflow static data, which every process loads for each request and n8n saves
 * before the delivery is answered. n8n saves static data whole, so two processes answering at
 * the same moment can overwrite each other's new ids; every process therefore writes back every
 * id it knows, and an id lost that way returns with the next delivery of a process that knew it.
 */
import type { IDataObject } from 'n8n-workflow';

import { ReplayCache } from './delivery';

/** How many message ids the static data keeps (the newest); ~40 bytes each. */
export const SHARED_REPLAY_MAX_ENTRIES = 2_000;

/** Message id → the second its message gets too old to be accepted anyway. */
export type SharedReplayRecord = Record<string, number>;

const memories = new Map<string, ReplayCache>();

/** This process's memory for one trigger (one workflow + node). */
export function replayMemoryFor(triggerKey: string): ReplayCache {
	let memory = memories.get(triggerKey);
	if (!memory) {
		memory = new ReplayCache();
		memories.set(triggerKey, memory);
	}
	return memory;
}

/** Forgets every trigger's ids in this process (a process restart does the same). */
export function forgetReplayMemories(): void {
	memories.clear();
}

function sharedRecordOf(staticData: IDataObject): SharedReplayRecord | undefined {
	const record = staticData.replay;
	return record && typeof record === 'object' && !Array.isArray(record) ? (record as SharedReplayRecord) : undefined;
}

/** Takes in the ids other processes shared, so this process both refuses and re-shares them. */
function learnShared(memory: ReplayCache, staticData: IDataObject): void {
	const record = sharedRecordOf(staticData);
	if (!record) return;
	for (const [id, expiresAtSeconds] of Object.entries(record)) {
		if (typeof expiresAtSeconds === 'number') memory.learn(id, expiresAtSeconds * 1000);
	}
}

/**
 * True when the message was already received, by this process or by one that shared it;
 * otherwise records it (in this process) and answers false. Synchronous on purpose: nothing
 * else in this process runs between the check and the record.
 */
export function alreadyReceived(memory: ReplayCache, staticData: IDataObject, messageId: string, expiresAt: number): boolean {
	learnShared(memory, staticData);
	return memory.seen(messageId, expiresAt);
}

/** The newest `max` live ids this process knows, as the static data stores them. */
export function sharedRecordFrom(memory: ReplayCache, max = SHARED_REPLAY_MAX_ENTRIES): SharedReplayRecord {
	const live = [...memory.live()];
	if (live.length > max) live.sort((a, b) => b[1] - a[1]).length = max;
	const record: SharedReplayRecord = {};
	for (const [id, expiresAt] of live) record[id] = Math.ceil(expiresAt / 1000);
	return record;
}

/** Puts every id this process knows into the static data n8n saves after this request. */
export function shareReceived(memory: ReplayCache, staticData: IDataObject): void {
	staticData.replay = sharedRecordFrom(memory);
}
