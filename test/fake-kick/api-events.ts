/** Event (webhook) subscriptions: owned by the app (client id) behind the token. */
import {
	badRequest,
	type Handler,
	KickError,
	noContent,
	nowIso,
	ok,
	type RequestContext,
	tokenUserId,
} from './handler';
import { EVENT_TYPES } from './event-payloads';
import { ulid } from './ids';
import { subscribeStatus } from './recorded';
import type { EventSubscription } from './state';

const appId = (ctx: RequestContext): string => ctx.token?.client_id ?? '';

/** Whether GET leaves the subscription out (KickDevDocs #419, injected with fake.hideFromList). */
function isHidden(ctx: RequestContext, subscription: EventSubscription): boolean {
	const hidden = ctx.config.hiddenSubscriptions;
	return (
		hidden.ids.has(subscription.id) ||
		hidden.rules.some(
			(rule) =>
				(rule.event === undefined || rule.event === subscription.event) &&
				(rule.broadcaster_user_id === undefined ||
					rule.broadcaster_user_id === subscription.broadcaster_user_id),
		)
	);
}

const isKnownEvent = (name: string, version: number): boolean =>
	(EVENT_TYPES as readonly string[]).includes(name) && version === 1;

/** With a user token the broadcaster is the token's user; with an app token it must be given. */
function subscriptionBroadcaster(ctx: RequestContext, given: number | undefined): number {
	const self = tokenUserId(ctx);
	if (self !== null) return self;
	if (given === undefined)
		throw badRequest('body broadcaster_user_id is required with an app access token');
	if (!ctx.state.user(given))
		throw new KickError(400, `broadcaster_user_id ${given} does not exist`);
	return given;
}

const subscribe: Handler = (ctx) => {
	const body = ctx.input.body as {
		events: Array<{ name: string; version: number }>;
		broadcaster_user_id?: number;
		method?: string;
	};
	const broadcaster = subscriptionBroadcaster(ctx, body.broadcaster_user_id);
	const results = body.events.map(({ name, version }) => {
		if (!isKnownEvent(name, version))
			return { name, version, error: `unknown event ${name} version ${version}` };
		// Kick accepts a second subscription for the same event and channel, and then delivers
		// every such event once per subscription (KickDevDocs #246).
		const at = nowIso();
		const id = ulid();
		ctx.state.subscriptions.push({
			id,
			app_id: appId(ctx),
			broadcaster_user_id: broadcaster,
			event: name,
			version,
			method: body.method ?? 'webhook',
			created_at: at,
			updated_at: at,
		});
		return { name, version, subscription_id: id };
	});
	return { ...ok(results), status: subscribeStatus(ctx.config.mode) };
};

const listSubscriptions: Handler = (ctx) => {
	const filter = ctx.input.query.broadcaster_user_id as number | undefined;
	const mine = ctx.state.subscriptions.filter(
		(s) =>
			s.app_id === appId(ctx) &&
			(filter === undefined || s.broadcaster_user_id === filter) &&
			!isHidden(ctx, s),
	);
	return ok(mine.map((s) => ({ ...s })));
};

const unsubscribe: Handler = (ctx) => {
	const ids = ctx.input.query.id as string[];
	// Unknown ids (or other apps' subscriptions) are silently ignored, as Kick does.
	ctx.state.subscriptions = ctx.state.subscriptions.filter(
		(s) => !(s.app_id === appId(ctx) && ids.includes(s.id)),
	);
	return noContent();
};

export const eventRoutes: Record<string, Handler> = {
	'POST /public/v1/events/subscriptions': subscribe,
	'GET /public/v1/events/subscriptions': listSubscriptions,
	'DELETE /public/v1/events/subscriptions': unsubscribe,
};
