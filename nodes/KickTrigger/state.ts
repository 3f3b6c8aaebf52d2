/**
 * What the trigger knows about its Kick subscriptions, and where that knowledge lives.
 *
 * One record per trigger, the single source of truth for what it owns: `subscriptions` (each
 * marked `owned` only when its id came back from the trigger's own subscribe request).
 *
 * When n8n saves it: n8n keeps a trigger's static data in its database and saves it after it
 * activates a workflow (a publish, an edit, a start-up, a leadership change) and after it
 * deactivates one; not after a periodic check, and not after a delivery. So this process also
 * keeps the latest record of each active trigger in memory, and every lifecycle step (check,
 * create, delete) starts from that when it has it. What a check changed is saved at n8n's next
 * save point; if n8n restarts before that, a subscription the check created is not in the saved
 * record, so the trigger does not count it as its own: it uses it, leaves it at Kick when
 * deactivated and logs its id (ownership is never guessed).
 *
 * A test session ("Listen for test event") keeps its own static data in n8n's test-webhook
 * registration and is left to it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RecordedSubscription } from './plan';

export interface TriggerState {
	/** The Kick app (its client ID) the subscriptions belong to. */
	appClientId?: string;
	/** The n8n credential that made them. */
	credentialId?: string;
	/** The channels the trigger watches (deliveries for others are not run). */
	broadcasterUserIds?: number[];
	/** The subscriptions it uses, and its own that still wait to be deleted. */
	subscriptions?: RecordedSubscription[];
	/**
	 * Set in a test session's own static data: n8n deactivates test sessions with the same
	 * activation mode as active workflows, so this is how delete() tells them apart.
	 */
	testSession?: boolean;
}

/** The record as earlier versions of this package saved it: one channel, subscriptions without theirs. */
interface SavedBeforeChannels {
	broadcasterUserId?: number;
	subscriptions?: Array<Omit<RecordedSubscription, 'broadcasterUserId'>>;
}

export interface StateContext {
	getWorkflow(): { id?: string };
	getNode(): { id: string };
	getWorkflowStaticData(type: string): IDataObject;
	getActivationMode?(): string;
	getMode(): string;
}

const STATE_KEYS: Array<keyof TriggerState> = [
	'appClientId',
	'credentialId',
	'broadcasterUserIds',
	'subscriptions',
	'testSession',
];

const latest = new Map<string, TriggerState>();

/** Identifies one trigger node of one workflow in this process. */
export function triggerKey(context: Pick<StateContext, 'getWorkflow' | 'getNode'>): string {
	return `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
}

export function isTestSession(context: StateContext): boolean {
	if ((context.getActivationMode?.() ?? context.getMode()) === 'manual') return true;
	return context.getWorkflowStaticData('node').testSession === true;
}

function copyOf<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** Reads a saved record, including one saved before triggers watched several channels. */
function fromStaticData(data: IDataObject): TriggerState {
	const state: TriggerState = {};
	for (const key of STATE_KEYS) {
		if (data[key] !== undefined) (state as IDataObject)[key] = data[key];
	}
	const old = data as SavedBeforeChannels;
	if (typeof old.broadcasterUserId === 'number') {
		const channel = old.broadcasterUserId;
		state.broadcasterUserIds ??= [channel];
		state.subscriptions = (old.subscriptions ?? []).map((s) => ({
			...s,
			broadcasterUserId: channel,
		}));
	}
	return copyOf(state);
}

/** The trigger's latest state: this process's copy if it has one, else the saved static data. */
export function readState(context: StateContext): TriggerState {
	const known = isTestSession(context) ? undefined : latest.get(triggerKey(context));
	return copyOf(known ?? fromStaticData(context.getWorkflowStaticData('node')));
}

/** Records the state in the static data (n8n saves it at its next save point) and in this process. */
export function writeState(context: StateContext, state: TriggerState): void {
	const testSession = isTestSession(context);
	const data = context.getWorkflowStaticData('node');
	for (const key of Object.keys(data)) delete data[key];
	const copy = copyOf({ ...state, testSession: testSession || undefined });
	for (const key of STATE_KEYS) {
		if (copy[key] !== undefined) data[key] = copy[key] as IDataObject[keyof IDataObject];
	}
	if (!testSession) latest.set(triggerKey(context), copy);
}

/** Forgets this process's copy of a trigger's state (the trigger is gone from this process). */
export function forgetLatestState(key: string): void {
	latest.delete(key);
}

/**
 * The channels whose deliveries the trigger runs (undefined before the first activation). Read
 * on every delivery, so straight from the static data, without copying the record.
 */
export function watchedBroadcasters(staticData: IDataObject): readonly number[] | undefined {
	const { broadcasterUserIds } = staticData as TriggerState;
	if (Array.isArray(broadcasterUserIds) && broadcasterUserIds.length) return broadcasterUserIds;
	const { broadcasterUserId } = staticData as SavedBeforeChannels;
	return typeof broadcasterUserId === 'number' ? [broadcasterUserId] : undefined;
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after every earlier task with the same key, in this process: the activation, the
 * start-up check and the periodic check of one Kick app must never subscribe the same event twice.
 */
export async function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(task, task);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	queues.set(key, settled);
	try {
		return await run;
	} finally {
		if (queues.get(key) === settled) queues.delete(key);
	}
}
