/**
 * The trigger's Kick event subscriptions across n8n's webhook lifecycle and its periodic check.
 * Kick ties a subscription to (app, event, broadcaster), never to a URL, so the trigger records
 * which subscriptions it uses and which of those it created (state.ts), and compares them with
 * Kick's list whenever n8n activates the workflow, at start-up, and on every periodic check.
 *
 * Ownership: the trigger deletes only subscriptions it created. An existing subscription for the
 * same event and channel (made with the Kick node, another workflow or another tool on the same
 * app) is used as it is, never subscribed twice, and left in place on deactivation.
 */
import type {
	IDataObject,
	IHookFunctions,
	INodeParameterResourceLocator,
	ITriggerFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { resolveBroadcasterId } from '../shared/channel';
import {
	DROPS_CLAIM_EVENT,
	findKickEvents,
	KICK_APP_TOKEN_GRANT,
	KICK_CREDENTIAL_TYPE,
} from '../shared/kick';
import { SUBSCRIBE_SCOPES, SUBSCRIPTIONS_PATH } from '../shared/subscriptions';
import { dataList, kickRequest } from '../shared/transport/request';
import type { ActiveTrigger } from './apps';
import { isTriggerActive, markTriggerActive, markTriggerInactive, otherTriggerOnApp } from './apps';
import { fieldName, TRIGGER_FIELDS } from './fields';
import { REACHABLE_URL_ADVICE, unreachableReason } from './reachability';
import { forgetReplayMemory } from './replay';
import type { StoredSubscription, TriggerState } from './state';
import { forgetState, isTestSession, readState, serialized, writeState } from './state';

export type { StoredSubscription, TriggerState } from './state';
export { storedBroadcaster } from './state';

type SubscriptionContext = IHookFunctions | ITriggerFunctions;

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

/** Where the subscriptions go: which channel, which Kick app, through which n8n credential. */
interface Target {
	broadcasterUserId: number;
	appClientId: string;
	credentialId?: string;
	appToken: boolean;
}

/** Why this lifecycle step runs: n8n (re)activating the workflow, or the trigger's own check. */
export type Occasion = 'activation' | 'check';

function prefix(context: SubscriptionContext): string {
	return `Kick Trigger "${context.getNode().name}" (workflow "${context.getWorkflow().name ?? context.getWorkflow().id}")`;
}

/** The chosen events that need a Kick subscription (Drops claims need none). */
function wantedEvents(context: SubscriptionContext): WantedEvent[] {
	const names = context.getNodeParameter('events', []) as string[];
	if (!names.length) {
		throw new NodeOperationError(
			context.getNode(),
			`${fieldName('events')}: choose at least one event`,
		);
	}
	const { known, unknown } = findKickEvents(
		names.filter((name) => name !== DROPS_CLAIM_EVENT.name),
	);
	if (unknown.length) {
		throw new NodeOperationError(
			context.getNode(),
			`${fieldName('events')}: "${unknown[0]}" is not a Kick event`,
		);
	}
	return known.map((event) => ({
		name: event.name,
		version: event.version,
		label: `${event.displayName} (${event.name})`,
	}));
}

async function tokenUserId(context: SubscriptionContext): Promise<number> {
	const response = await kickRequest.call(context, {
		method: 'GET',
		path: '/public/v1/users',
		scopes: ['user:read'],
	});
	const id = Number(dataList(response)[0]?.user_id);
	if (!Number.isInteger(id)) {
		throw new NodeOperationError(
			context.getNode(),
			'Kick did not say which user the access token belongs to',
		);
	}
	return id;
}

function broadcasterParameter(
	context: SubscriptionContext,
): INodeParameterResourceLocator | undefined {
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
async function broadcasterFor(context: SubscriptionContext, appToken: boolean): Promise<number> {
	const locator = broadcasterParameter(context);
	const resolve = async (value: INodeParameterResourceLocator) =>
		await resolveBroadcasterId(context, value, { field: TRIGGER_FIELDS.broadcaster });
	if (appToken) {
		if (!locator) {
			throw new NodeOperationError(
				context.getNode(),
				`${fieldName('broadcaster')}: choose the channel to watch`,
				{
					description:
						'The credential holds an app access token (Client Credentials), which Kick only lets subscribe for a given channel.',
				},
			);
		}
		return await resolve(locator);
	}
	const self = await tokenUserId(context);
	if (locator && (await resolve(locator)) !== self) {
		throw new NodeOperationError(
			context.getNode(),
			`${fieldName('broadcaster')}: a user access token only receives events of its own channel (user ${self})`,
			{
				description: `Leave ${fieldName('broadcaster')} empty, or use a credential with an app access token (Client Credentials) to watch another channel.`,
			},
		);
	}
	return self;
}

async function appOf(
	context: SubscriptionContext,
): Promise<{ appClientId: string; appToken: boolean }> {
	const credentials = await context.getCredentials(KICK_CREDENTIAL_TYPE);
	return {
		appClientId: String(credentials.clientId ?? ''),
		appToken: credentials.grantType === KICK_APP_TOKEN_GRANT,
	};
}

async function resolveTarget(context: SubscriptionContext): Promise<Target> {
	const { appClientId, appToken } = await appOf(context);
	return {
		appClientId,
		appToken,
		credentialId: context.getNode().credentials?.[KICK_CREDENTIAL_TYPE]?.id ?? undefined,
		broadcasterUserId: await broadcasterFor(context, appToken),
	};
}

async function listSubscriptions(
	context: SubscriptionContext,
	broadcasterUserId: number,
): Promise<KickSubscription[]> {
	const response = await kickRequest.call(context, {
		method: 'GET',
		path: SUBSCRIPTIONS_PATH,
		qs: { broadcaster_user_id: broadcasterUserId },
	});
	return dataList(response) as unknown as KickSubscription[];
}

async function deleteSubscriptions(context: SubscriptionContext, ids: string[]): Promise<void> {
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

interface SubscribeResult {
	name: string;
	version?: number;
	subscription_id?: string;
	error?: string;
}

async function subscribe(
	context: SubscriptionContext,
	events: WantedEvent[],
	target: Target,
): Promise<SubscribeResult[]> {
	if (!events.length) return [];
	const body: IDataObject = {
		events: events.map(({ name, version }) => ({ name, version })),
		method: 'webhook',
	};
	if (target.appToken) body.broadcaster_user_id = target.broadcasterUserId;
	const response = await kickRequest.call(context, {
		method: 'POST',
		path: SUBSCRIPTIONS_PATH,
		body,
		scopes: SUBSCRIBE_SCOPES,
	});
	return dataList(response) as unknown as SubscribeResult[];
}

interface Plan {
	/** Live subscriptions the trigger goes on using (its own, or others' it found). */
	kept: StoredSubscription[];
	/** Events without any live subscription. */
	missing: WantedEvent[];
	/** Of `kept`: existing subscriptions made by someone else, used but not owned. */
	adopted: StoredSubscription[];
	/** Of `kept`: subscriptions that replaced this trigger's own dropped one before a restart. */
	reclaimed: StoredSubscription[];
	/** Events Kick holds more than one subscription for (it then delivers each event that often). */
	duplicates: Array<{ event: string; ids: string[] }>;
	/** Live subscriptions for these events and channel that are not the trigger's. */
	others: string[];
}

/**
 * For each chosen event: the trigger's own live subscription; else, when its own was dropped and
 * another appeared for the same event that was not known as someone else's, that one (the
 * trigger re-created it before n8n restarted: n8n had not saved it yet); else someone else's,
 * used but not owned; else the event is missing and gets subscribed.
 */
export function planSubscriptions(
	wanted: WantedEvent[],
	previous: StoredSubscription[],
	knownOthers: readonly string[],
	live: KickSubscription[],
	broadcaster: number,
): Plan {
	const plan: Plan = {
		kept: [],
		missing: [],
		adopted: [],
		reclaimed: [],
		duplicates: [],
		others: [],
	};
	for (const event of wanted) {
		const sameEvent = live.filter(
			(s) =>
				s.event === event.name &&
				Number(s.version) === event.version &&
				Number(s.broadcaster_user_id) === broadcaster,
		);
		if (sameEvent.length > 1)
			plan.duplicates.push({ event: event.name, ids: sameEvent.map((s) => s.id) });
		const stored = previous.filter((s) => s.event === event.name && s.version === event.version);
		const mine = stored.find((s) => sameEvent.some((l) => l.id === s.id));
		const unknownOnes = sameEvent.filter((l) => !knownOthers.includes(l.id));
		let chosen: StoredSubscription | undefined;
		if (mine) {
			chosen = mine;
		} else if (stored.some((s) => s.owned) && unknownOnes.length) {
			chosen = { event: event.name, version: event.version, id: unknownOnes[0].id, owned: true };
			plan.reclaimed.push(chosen);
		} else if (sameEvent.length) {
			chosen = { event: event.name, version: event.version, id: sameEvent[0].id, owned: false };
			plan.adopted.push(chosen);
		}
		if (chosen) plan.kept.push(chosen);
		else plan.missing.push(event);
		plan.others.push(...sameEvent.filter((l) => l.id !== chosen?.id).map((l) => l.id));
	}
	return plan;
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

const describe = (subscriptions: StoredSubscription[]): string =>
	subscriptions.map((s) => `${s.event} (${s.id})`).join(', ');

/** How to remove subscriptions the trigger could not delete itself (KickDevDocs #347). */
function manualDeleteAdvice(ids: string[]): string {
	return `Delete them with the Kick node (Event Subscription › Delete, IDs ${ids.join(', ')}) using a credential of the same Kick app; an app access token (Client Credentials) works even when the user token no longer does.`;
}

async function rollBack(
	context: SubscriptionContext,
	{ created, refusals }: Outcome,
): Promise<never> {
	let cleanup = 'Nothing was left subscribed.';
	try {
		await deleteSubscriptions(
			context,
			created.map((s) => s.id),
		);
	} catch (error) {
		cleanup = `Deleting the subscriptions created meanwhile failed too (${(error as Error).message}). ${manualDeleteAdvice(created.map((s) => s.id))}`;
	}
	throw new NodeOperationError(
		context.getNode(),
		`Kick refused to subscribe to ${refusals.join('; ')}`,
		{
			description: cleanup,
		},
	);
}

/** Deletes; when Kick fails, logs which ids stay and how to remove them, and answers false. */
async function deleteOrWarn(
	context: SubscriptionContext,
	subscriptions: StoredSubscription[],
	what: string,
): Promise<boolean> {
	const ids = subscriptions.map((s) => s.id);
	try {
		await deleteSubscriptions(context, ids);
		return true;
	} catch (error) {
		context.logger.warn(
			`${prefix(context)}: could not delete ${what} Kick event subscriptions ${describe(subscriptions)}: ${(error as Error).message}. They stay at Kick, which keeps sending their events to the app's 'Webhook URL'. Reconnect the Kick credential, then activate and deactivate the workflow again; or ${manualDeleteAdvice(ids).replace(/^D/, 'd')}`,
		);
		return false;
	}
}

/** Stored subscriptions the plan no longer keeps, of which this trigger owns some. */
async function dropLeftovers(
	context: SubscriptionContext,
	state: TriggerState,
	plan: Plan,
	target: Target,
	live: KickSubscription[],
): Promise<void> {
	// Kick's list covers this app and channel only: one it no longer lists there is already gone,
	// while those of another channel or app cannot be seen there.
	const appChanged = Boolean(state.appClientId) && state.appClientId !== target.appClientId;
	const sameList = !appChanged && state.broadcasterUserId === target.broadcasterUserId;
	const listed = new Set(live.map((s) => s.id));
	const leftovers = (state.subscriptions ?? []).filter(
		(s) => s.owned && !plan.kept.some((k) => k.id === s.id) && (!sameList || listed.has(s.id)),
	);
	if (!leftovers.length) return;
	if (appChanged) {
		context.logger.warn(
			`${prefix(context)}: its credential now belongs to another Kick app, so the subscriptions it made with the previous app could not be deleted: ${describe(leftovers)}. ${manualDeleteAdvice(leftovers.map((s) => s.id))} (a credential of the previous app)`,
		);
		return;
	}
	await deleteOrWarn(context, leftovers, 'its outdated');
}

function logPlan(
	context: SubscriptionContext,
	plan: Plan,
	created: StoredSubscription[],
	occasion: Occasion,
	startup: boolean,
): void {
	const name = prefix(context);
	if (created.length && (occasion === 'check' || startup)) {
		context.logger.warn(
			`${name}: Kick no longer had subscriptions for ${created.map((s) => s.event).join(', ')} (Kick drops them after about a day of failed deliveries, or when webhooks are turned off in the app); re-created them: ${describe(created)}`,
		);
	} else if (created.length) {
		context.logger.info(`${name}: subscribed to ${describe(created)}`);
	}
	if (plan.reclaimed.length) {
		context.logger.info(
			`${name}: Kick had dropped its subscriptions and it had re-created ${describe(plan.reclaimed)} before n8n restarted; they are its own again`,
		);
	}
	if (plan.adopted.length) {
		context.logger.info(
			`${name}: uses existing Kick subscriptions it did not create: ${describe(plan.adopted)} (made with the Kick node, another workflow or another tool on this Kick app); they stay at Kick when this workflow is deactivated`,
		);
	}
	for (const { event, ids } of plan.duplicates) {
		context.logger.warn(
			`${name}: Kick holds ${ids.length} subscriptions for ${event} on this channel (${ids.join(', ')}), so it sends each of these events ${ids.length} times and the workflow runs for each. Delete the extra ones with the Kick node (Event Subscription › Delete) unless another tool needs them.`,
		);
	}
}

function isStartup(context: SubscriptionContext): boolean {
	return ['init', 'leadershipChange'].includes(context.getActivationMode());
}

/**
 * Makes Kick's subscriptions match the trigger: keeps what is live, subscribes what is missing
 * (one request), drops the trigger's own subscriptions it no longer needs, records the result.
 * On activation a refused event fails it all (nothing is left subscribed); on a check it is logged.
 */
async function ensureSubscriptions(
	context: SubscriptionContext,
	occasion: Occasion,
): Promise<void> {
	const wanted = wantedEvents(context);
	const state = readState(context);
	if (!wanted.length) {
		// Only Drops claims: nothing to subscribe; what it subscribed before goes.
		const owned = (state.subscriptions ?? []).filter((s) => s.owned);
		if (await deleteOrWarn(context, owned, 'its outdated')) writeState(context, {});
		return;
	}
	const target = await resolveTarget(context);
	const sameTarget =
		state.broadcasterUserId === target.broadcasterUserId &&
		(state.appClientId ?? target.appClientId) === target.appClientId;
	const previous = sameTarget ? (state.subscriptions ?? []) : [];
	const others = sameTarget ? (state.others ?? []) : [];
	const live = await listSubscriptions(context, target.broadcasterUserId);
	const plan = planSubscriptions(wanted, previous, others, live, target.broadcasterUserId);

	const outcome = sortOutResults(plan.missing, await subscribe(context, plan.missing, target));
	if (outcome.refusals.length && occasion === 'activation' && !isStartup(context)) {
		await rollBack(context, outcome);
	}
	if (outcome.refusals.length) {
		context.logger.warn(
			`${prefix(context)}: Kick refused to subscribe to ${outcome.refusals.join('; ')}`,
		);
	}
	await dropLeftovers(context, state, plan, target, live);
	writeState(context, {
		broadcasterUserId: target.broadcasterUserId,
		appClientId: target.appClientId,
		credentialId: target.credentialId,
		subscriptions: [...plan.kept, ...outcome.created],
		others: plan.others,
	});
	logPlan(context, plan, outcome.created, occasion, isStartup(context));
}

function triggerIdentity(context: SubscriptionContext): ActiveTrigger {
	const workflow = context.getWorkflow();
	const node = context.getNode();
	return {
		workflowId: workflow.id ?? '',
		workflowName: workflow.name ?? workflow.id ?? '',
		nodeId: node.id,
		nodeName: node.name,
	};
}

/**
 * What must hold before subscribing: a URL Kick can call, and no other active trigger on the
 * same Kick app. Fails the activation when a user activates; only logs at start-up (the workflow
 * was active before, and failing now would stop its deliveries too).
 */
async function preflight(context: IHookFunctions): Promise<void> {
	const problems: Array<{ message: string; description: string }> = [];
	const url = context.getNodeWebhookUrl('default');
	const unreachable = unreachableReason(url);
	if (unreachable) {
		problems.push({
			message: `Kick cannot deliver events to this trigger's URL ${url ?? ''}: ${unreachable}`,
			description: REACHABLE_URL_ADVICE,
		});
	}
	const testSession = isTestSession(context);
	const { appClientId } = await appOf(context);
	// Drops claims go to the campaign's URL, not the app's: only subscriptions share that URL.
	const subscribes = wantedEvents(context).length > 0;
	const other = subscribes ? otherTriggerOnApp(appClientId, triggerIdentity(context)) : undefined;
	if (other) {
		problems.push({
			message: `The Kick app of this credential already sends its events to the Kick Trigger "${other.nodeName}" in the active workflow "${other.workflowName}" (ID ${other.workflowId}). Kick sends all events of an app to one Webhook URL, so only one of the two triggers would receive them.`,
			description:
				'Use one Kick Trigger per Kick app: choose all the events there, route them with a Switch on {{ $json.event.type }} to Execute Workflow nodes (see the example event-router.json), or give this workflow a credential of another Kick app.',
		});
	}
	if (!problems.length) return;
	if (isStartup(context) || (testSession && !unreachable)) {
		for (const problem of problems)
			context.logger.warn(`${prefix(context)}: ${problem.message} ${problem.description}`);
		return;
	}
	throw new NodeOperationError(context.getNode(), problems[0].message, {
		description: problems[0].description,
	});
}

function targetMatches(state: TriggerState, target: Target, wanted: WantedEvent[]): boolean {
	const stored = state.subscriptions ?? [];
	const covers = (event: WantedEvent) =>
		stored.some((s) => s.event === event.name && s.version === event.version);
	return (
		state.broadcasterUserId === target.broadcasterUserId &&
		state.appClientId === target.appClientId &&
		state.credentialId === target.credentialId &&
		stored.length === wanted.length &&
		wanted.every(covers)
	);
}

/** Subscriptions of one Kick app are managed one step at a time in this process. */
async function forApp<T>(context: SubscriptionContext, task: () => Promise<T>): Promise<T> {
	const appClientId = await appOf(context).then(
		(app) => app.appClientId,
		() => 'unknown',
	);
	return await serialized(`kick-app:${appClientId}`, task);
}

/**
 * n8n asks this before create(): true when the recorded subscriptions are for the chosen events,
 * channel and credential and Kick still has every one of them.
 */
export async function subscriptionsExist(this: IHookFunctions): Promise<boolean> {
	await preflight(this);
	const state = readState(this);
	if (!wantedEvents(this).length) return !state.subscriptions?.length;
	if (!state.subscriptions?.length) return false;
	try {
		return await forApp(this, async () => {
			const target = await resolveTarget(this);
			if (!targetMatches(state, target, wantedEvents(this))) return false;
			const live = new Set(
				(await listSubscriptions(this, target.broadcasterUserId)).map((s) => s.id),
			);
			const exists = state.subscriptions?.every((s) => live.has(s.id)) ?? false;
			if (exists && this.getActivationMode() !== 'manual')
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
	await preflight(this);
	const manual = isTestSession(this);
	try {
		await forApp(this, async () => await ensureSubscriptions(this, 'activation'));
	} catch (error) {
		if (!isStartup(this)) throw asNodeError(this, error);
		this.logger.warn(
			`${prefix(this)}: could not check its Kick subscriptions at start-up: ${(error as Error).message}. Deliveries keep running (their signatures need no credential); the trigger keeps its recorded subscriptions and retries on its next check. If the message says the credential needs to be reconnected, open it and connect it again.`,
		);
	}
	if (!manual && wantedEvents(this).length) {
		const { appClientId } = await appOf(this);
		markTriggerActive(appClientId, triggerIdentity(this));
	}
	return true;
}

/** Deletes the subscriptions this trigger created; on failure they stay recorded (and logged). */
export async function deleteStoredSubscriptions(this: IHookFunctions): Promise<boolean> {
	const manual = isTestSession(this);
	if (!manual) {
		markTriggerInactive(triggerIdentity(this));
		forgetReplayMemory(this);
	}
	return await forApp(this, async () => {
		const state = readState(this);
		const subscriptions = state.subscriptions ?? [];
		const owned = subscriptions.filter((s) => s.owned);
		if (!(await deleteOrWarn(this, owned, 'its'))) return false;
		const spared = subscriptions.filter((s) => !s.owned);
		if (spared.length) {
			this.logger.info(
				`${prefix(this)}: left the Kick subscriptions it did not create in place: ${describe(spared)}`,
			);
		}
		forgetState(this);
		return true;
	});
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
			`${prefix(this)}: could not check its Kick subscriptions: ${(error as Error).message}. Deliveries keep running; subscriptions Kick dropped cannot be re-created until this works again${/reconnect/i.test((error as Error).message) ? '' : ' (if the credential needs to be reconnected, open it and connect it again)'}.`,
		);
	}
}
