/**
 * What the trigger knows about its Kick subscriptions, and where that knowledge lives.
 *
 * n8n saves a trigger's static data when it activates the workflow (and at start-up), not when
 * the trigger's periodic check changes it later; and deactivation reads the saved copy. So this
 * process also keeps the latest state of each active trigger in memory, and every lifecycle step
 * (check, create, delete) starts from that when it has it. A test session ("Listen for test
 * event") keeps its own static data in n8n's test-webhook registration and is left to it.
 */
import type { IDataObject } from 'n8n-workflow';

export interface StoredSubscription {
	event: string;
	version: number;
	id: string;
	/** Created by this trigger; only these are deleted when the workflow is deactivated. */
	owned: boolean;
}

export interface TriggerState {
	/** The channel the subscriptions are for. */
	broadcasterUserId?: number;
	/** The Kick app (its client ID) the subscriptions belong to. */
	appClientId?: string;
	/** The n8n credential that made them. */
	credentialId?: string;
	subscriptions?: StoredSubscription[];
	/**
	 * Live subscriptions for this trigger's events and channel that are not its own, as of the
	 * last check: never claimed later, even if this trigger's own subscription disappears.
	 */
	others?: string[];
	/**
	 * Set in a test session's own static data: n8n deactivates test sessions with the same
	 * activation mode as active workflows, so this is how delete() tells them apart.
	 */
	testSession?: boolean;
}

export interface StateContext {
	getWorkflow(): { id?: string };
	getNode(): { id: string };
	getWorkflowStaticData(type: string): IDataObject;
	getActivationMode?(): string;
	getMode(): string;
}

const STATE_KEYS: Array<keyof TriggerState> = [
	'broadcasterUserId',
	'appClientId',
	'credentialId',
	'subscriptions',
	'others',
	'testSession',
];

const latest = new Map<string, TriggerState>();

function stateKey(context: StateContext): string {
	return `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
}

export function isTestSession(context: StateContext): boolean {
	if ((context.getActivationMode?.() ?? context.getMode()) === 'manual') return true;
	return context.getWorkflowStaticData('node').testSession === true;
}

function copyOf(state: TriggerState): TriggerState {
	return JSON.parse(JSON.stringify(state)) as TriggerState;
}

function fromStaticData(data: IDataObject): TriggerState {
	const state: TriggerState = {};
	for (const key of STATE_KEYS) {
		if (data[key] !== undefined) (state as IDataObject)[key] = data[key];
	}
	return copyOf(state);
}

/** The trigger's latest state: this process's copy if it has one, else the saved static data. */
export function readState(context: StateContext): TriggerState {
	const known = isTestSession(context) ? undefined : latest.get(stateKey(context));
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
	if (!testSession) latest.set(stateKey(context), copy);
}

/** Forgets the trigger's subscriptions (after they were deleted). */
export function forgetState(context: StateContext): void {
	const testSession = isTestSession(context);
	const data = context.getWorkflowStaticData('node');
	for (const key of Object.keys(data)) delete data[key];
	if (!testSession) latest.delete(stateKey(context));
}

/** The stored broadcaster, for filtering deliveries (undefined before the first activation). */
export function storedBroadcaster(staticData: IDataObject): number | undefined {
	const id = (staticData as TriggerState).broadcasterUserId;
	return typeof id === 'number' ? id : undefined;
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after every earlier task with the same key (one Kick app), in this process: the
 * activation, the start-up check and the periodic check must never subscribe the same event twice.
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
