/**
 * The trigger's Kick event subscriptions across n8n's webhook lifecycle. Kick ties a
 * subscription to (app, event, broadcaster), never to a URL, so this node keeps the ids it uses
 * in the node's static data and checks them against Kick's list on every activation.
 */
import type { IDataObject, IHookFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveBroadcasterId } from '../shared/channel';
import { findKickEvents } from '../shared/kick';
import { SUBSCRIBE_SCOPES, SUBSCRIPTIONS_PATH, usesAppToken } from '../shared/subscriptions';
import { dataList, kickRequest } from '../shared/transport/request';

export interface StoredSubscription {
	event: string;
	version: number;
	id: string;
	/** Created by this node (rather than an existing subscription it adopted). */
	owned: boolean;
}

/** What `getWorkflowStaticData('node')` holds for this trigger. */
export interface TriggerStaticData {
	broadcasterUserId?: number;
	/** Set by "Listen for test event": such a session deletes only what it created itself. */
	testSession?: boolean;
	subscriptions?: StoredSubscription[];
}

interface KickSubscription {
	id: string;
	event: string;
	version: number;
	broadcaster_user_id: number;
}

interface WantedEvent {
	name: string;
	version: number;
	label: string;
}

function staticDataOf(context: IHookFunctions): TriggerStaticData & IDataObject {
	return context.getWorkflowStaticData('node') as TriggerStaticData & IDataObject;
}

/** The stored broadcaster, for filtering deliveries (undefined before the first activation). */
export function storedBroadcaster(staticData: IDataObject): number | undefined {
	const id = (staticData as TriggerStaticData).broadcasterUserId;
	return typeof id === 'number' ? id : undefined;
}

function wantedEvents(context: IHookFunctions): WantedEvent[] {
	const names = context.getNodeParameter('events', []) as string[];
	if (!names.length)
		throw new NodeOperationError(context.getNode(), 'Events: choose at least one event');
	const { known, unknown } = findKickEvents(names);
	if (unknown.length)
		throw new NodeOperationError(context.getNode(), `Events: "${unknown[0]}" is not a Kick event`);
	return known.map((event) => ({
		name: event.name,
		version: event.version,
		label: `${event.displayName} (${event.name})`,
	}));
}

async function tokenUserId(context: IHookFunctions): Promise<number> {
	const response = await kickRequest.call(context, {
		method: 'GET',
		path: '/public/v1/users',
		scopes: ['user:read'],
	});
	const id = Number(dataList(response)[0]?.user_id);
	if (!Number.isInteger(id))
		throw new NodeOperationError(
			context.getNode(),
			'Kick did not say which user the access token belongs to',
		);
	return id;
}

function broadcasterParameter(context: IHookFunctions): INodeParameterResourceLocator | undefined {
	const locator = context.getNodeParameter('broadcaster', {
		mode: 'list',
		value: '',
	}) as INodeParameterResourceLocator;
	return String(locator?.value ?? '').trim() ? locator : undefined;
}

/**
 * The channel the subscriptions are for: the Broadcaster parameter with an app token, the
 * token's own user with a user token (Kick ignores broadcaster_user_id then).
 */
async function broadcasterFor(context: IHookFunctions, appToken: boolean): Promise<number> {
	const locator = broadcasterParameter(context);
	const resolve = async (value: INodeParameterResourceLocator) =>
		await resolveBroadcasterId(context, value, { field: 'Broadcaster' });
	if (appToken) {
		if (!locator) {
			throw new NodeOperationError(context.getNode(), 'Broadcaster: choose the channel to watch', {
				description:
					'The credential holds an app access token (Client Credentials), which Kick only lets subscribe for a given channel.',
			});
		}
		return await resolve(locator);
	}
	const self = await tokenUserId(context);
	if (locator && (await resolve(locator)) !== self) {
		throw new NodeOperationError(
			context.getNode(),
			`Broadcaster: a user access token only receives events of its own channel (user ${self})`,
			{
				description:
					'Leave Broadcaster empty, or use a credential with an app access token (Client Credentials) to watch another channel.',
			},
		);
	}
	return self;
}

async function listSubscriptions(
	context: IHookFunctions,
	broadcasterUserId: number | undefined,
): Promise<KickSubscription[]> {
	const response = await kickRequest.call(context, {
		method: 'GET',
		path: SUBSCRIPTIONS_PATH,
		qs: broadcasterUserId === undefined ? undefined : { broadcaster_user_id: broadcasterUserId },
	});
	return dataList(response) as unknown as KickSubscription[];
}

async function deleteSubscriptions(context: IHookFunctions, ids: string[]): Promise<void> {
	if (!ids.length) return;
	// Kick ignores ids it no longer knows; a 404 would mean the same thing.
	await kickRequest.call(context, {
		method: 'DELETE',
		path: SUBSCRIPTIONS_PATH,
		qs: { id: ids },
		scopes: SUBSCRIBE_SCOPES,
		acceptStatuses: [404],
	});
}

/**
 * True when every chosen event still has a live subscription whose id this node stored, and
 * nothing else is stored (create() then unsubscribes events no longer chosen).
 */
export async function subscriptionsExist(this: IHookFunctions): Promise<boolean> {
	const stored = staticDataOf(this).subscriptions ?? [];
	const wanted = wantedEvents(this);
	const matches = (s: StoredSubscription) =>
		wanted.some((event) => s.event === event.name && s.version === event.version);
	if (stored.length !== wanted.length || !stored.every(matches)) return false;
	const live = new Set(
		(await listSubscriptions(this, staticDataOf(this).broadcasterUserId)).map((s) => s.id),
	);
	return stored.every((s) => live.has(s.id));
}

interface Plan {
	kept: StoredSubscription[];
	missing: WantedEvent[];
}

/** Keeps stored subscriptions Kick still has, adopts existing ones for the same event and channel. */
function planSubscriptions(
	wanted: WantedEvent[],
	stored: StoredSubscription[],
	live: KickSubscription[],
	broadcaster: number,
): Plan {
	const plan: Plan = { kept: [], missing: [] };
	for (const event of wanted) {
		const sameEvent = live.filter(
			(s) =>
				s.event === event.name &&
				s.version === event.version &&
				s.broadcaster_user_id === broadcaster,
		);
		const mine = stored.find((s) => s.event === event.name && sameEvent.some((l) => l.id === s.id));
		const existing =
			mine ??
			(sameEvent[0] && {
				event: event.name,
				version: event.version,
				id: sameEvent[0].id,
				owned: false,
			});
		if (existing) plan.kept.push(existing);
		else plan.missing.push(event);
	}
	return plan;
}

interface SubscribeResult {
	name: string;
	version?: number;
	subscription_id?: string;
	error?: string;
}

async function subscribe(
	context: IHookFunctions,
	events: WantedEvent[],
	broadcaster: number,
	appToken: boolean,
): Promise<SubscribeResult[]> {
	if (!events.length) return [];
	const body: IDataObject = {
		events: events.map(({ name, version }) => ({ name, version })),
		method: 'webhook',
	};
	if (appToken) body.broadcaster_user_id = broadcaster;
	const response = await kickRequest.call(context, {
		method: 'POST',
		path: SUBSCRIPTIONS_PATH,
		body,
		scopes: SUBSCRIBE_SCOPES,
	});
	return dataList(response) as unknown as SubscribeResult[];
}

interface Outcome {
	created: StoredSubscription[];
	refusals: string[];
}

/** The ids Kick gave, and the events it refused with its reason (per-event `error`). */
function sortOutResults(events: WantedEvent[], results: SubscribeResult[]): Outcome {
	const outcome: Outcome = { created: [], refusals: [] };
	for (const event of events) {
		const result = results.find(
			(r) => r.name === event.name && (r.version === undefined || r.version === event.version),
		);
		if (result?.subscription_id && !result.error) {
			outcome.created.push({
				event: event.name,
				version: event.version,
				id: result.subscription_id,
				owned: true,
			});
		} else {
			outcome.refusals.push(
				`${event.label}: ${result?.error ?? 'Kick did not answer for this event'}`,
			);
		}
	}
	return outcome;
}

async function rollBack(context: IHookFunctions, { created, refusals }: Outcome): Promise<never> {
	let cleanup = 'Nothing was left subscribed.';
	try {
		await deleteSubscriptions(
			context,
			created.map((s) => s.id),
		);
	} catch (error) {
		cleanup = `Deleting the subscriptions created meanwhile failed too (${(error as Error).message}); delete these subscription IDs with the Kick node (Event Subscription): ${created.map((s) => s.id).join(', ')}.`;
	}
	throw new NodeOperationError(
		context.getNode(),
		`Kick refused to subscribe to ${refusals.join('; ')}`,
		{ description: cleanup },
	);
}

/** What this node may delete: a test session spares what it adopted (that belongs to the active workflow). */
function deletable(stored: TriggerStaticData, subscriptions: StoredSubscription[]): string[] {
	return subscriptions.filter((s) => s.owned || !stored.testSession).map((s) => s.id);
}

/** Deletes; when Kick fails, logs it and answers false instead of failing (de)activation. */
async function deleteOrWarn(
	context: IHookFunctions,
	ids: string[],
	what: string,
): Promise<boolean> {
	try {
		await deleteSubscriptions(context, ids);
		return true;
	} catch (error) {
		context.logger.warn(
			`Kick Trigger: could not delete ${what} Kick event subscriptions ${ids.join(', ')}: ${(error as Error).message}`,
		);
		return false;
	}
}

/** Subscribes the chosen events that have no live subscription; all or nothing. */
export async function createSubscriptions(this: IHookFunctions): Promise<boolean> {
	const wanted = wantedEvents(this);
	const appToken = await usesAppToken(this);
	const broadcaster = await broadcasterFor(this, appToken);
	const stored = staticDataOf(this);
	const previous = stored.broadcasterUserId === broadcaster ? (stored.subscriptions ?? []) : [];
	const plan = planSubscriptions(
		wanted,
		previous,
		await listSubscriptions(this, broadcaster),
		broadcaster,
	);

	const outcome = sortOutResults(
		plan.missing,
		await subscribe(this, plan.missing, broadcaster, appToken),
	);
	if (outcome.refusals.length) await rollBack(this, outcome);

	// Stored ones no longer wanted (events or channel changed meanwhile) go, so nothing is left behind.
	const stale = (stored.subscriptions ?? []).filter((s) => !plan.kept.some((k) => k.id === s.id));
	await deleteOrWarn(this, deletable(stored, stale), 'the outdated');
	stored.broadcasterUserId = broadcaster;
	stored.testSession = this.getActivationMode() === 'manual';
	stored.subscriptions = [...plan.kept, ...outcome.created];
	return true;
}

/** Deletes the stored subscriptions in one call and forgets them. */
export async function deleteStoredSubscriptions(this: IHookFunctions): Promise<boolean> {
	const stored = staticDataOf(this);
	// On failure the ids stay stored: the next activation reuses them, the next deactivation retries.
	if (!(await deleteOrWarn(this, deletable(stored, stored.subscriptions ?? []), 'the')))
		return false;
	for (const key of Object.keys(stored)) delete stored[key];
	return true;
}
