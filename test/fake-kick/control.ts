/**
 * HTTP control API under /_fake/ (any Host), for tests that run the fake in another process.
 * JSON in, JSON out. See CONTROL_ROUTES for the list.
 */
import { testCertificates } from './certs';
import type { SignedDelivery } from './events';
import type { HandlerResult } from './handler';
import type {
	EdgeBlockRule,
	EventDeliveryInput,
	FailRule,
	FakeKick,
	HiddenSubscriptionMatch,
	IssueUserTokenInput,
} from './server';
import type { KickState, OAuthClient } from './state';

type Body = Record<string, unknown>;
type ControlRoute = (fake: FakeKick, body: Body) => unknown;

const ARRAY_COLLECTIONS = [
	'users',
	'channels',
	'categories',
	'rewards',
	'redemptions',
	'chatMessages',
	'subscriptions',
	'bans',
	'kicks',
] as const;

/** Replaces whole collections, e.g. {"subscriptions": []}; unknown keys are refused. */
function replaceCollections(state: KickState, body: Body): { replaced: string[] } {
	const unknown = Object.keys(body).filter(
		(k) => !(ARRAY_COLLECTIONS as readonly string[]).includes(k),
	);
	if (unknown.length) throw new Error(`unknown state collections: ${unknown.join(', ')}`);
	for (const key of ARRAY_COLLECTIONS) {
		if (body[key] !== undefined) (state[key] as unknown[]) = body[key] as unknown[];
	}
	return { replaced: Object.keys(body) };
}

async function deliverFromControl(fake: FakeKick, body: Body) {
	const url = String(body.url);
	if (body.delivery) return { result: await fake.deliver(url, body.delivery as SignedDelivery) };
	return fake.deliverEvent(url, body as unknown as EventDeliveryInput);
}

const CONTROL_ROUTES: Record<string, ControlRoute> = {
	'GET /_fake/health': () => ({ ok: true }),
	'GET /_fake/mode': (fake) => ({ mode: fake.mode, deliveryShape: fake.deliveryShape }),
	'GET /_fake/state': (fake) => fake.state.snapshot(),
	'POST /_fake/state': (fake, body) => replaceCollections(fake.state, body),
	'GET /_fake/requests': (fake) => fake.requests,
	'GET /_fake/violations': (fake) => fake.violations,
	'GET /_fake/token-requests': (fake) => fake.tokenRequests,
	'GET /_fake/public-key': (fake) => ({ public_key: fake.publicKeyPem }),
	'GET /_fake/ca': () => ({ caPem: testCertificates().caPem }),
	'POST /_fake/reset': (fake) => {
		fake.reset();
		return { ok: true };
	},
	'POST /_fake/tokens/user': (fake, body) => fake.issueUserToken(body as IssueUserTokenInput),
	'POST /_fake/tokens/app': (fake, body) =>
		fake.issueAppToken(body as { clientId?: string; expiresIn?: number }),
	'POST /_fake/tokens/expire': (fake, body) => {
		fake.expireAccessToken(String(body.token));
		return { ok: true };
	},
	'POST /_fake/fail-next': (fake, body) => {
		fake.failNext(body as unknown as FailRule);
		return { ok: true };
	},
	'POST /_fake/events/sign': (fake, body) => {
		const { payloadOptions, ...input } = body as unknown as EventDeliveryInput;
		return fake.signDelivery({
			...input,
			payload: input.payload ?? fake.samplePayload(input.type as never, payloadOptions),
			shape: payloadOptions?.shape,
		});
	},
	'POST /_fake/edge-block': (fake, body) => {
		fake.blockAtEdge(body as unknown as EdgeBlockRule);
		return { ok: true };
	},
	'POST /_fake/subscriptions/hide': (fake, body) => {
		fake.hideFromList((body.id ?? body) as HiddenSubscriptionMatch);
		return { ok: true };
	},
	'POST /_fake/events/deliver': deliverFromControl,
	'POST /_fake/authorize-user': (fake, body) => {
		fake.setAuthorizeUser(body.userId === null ? null : Number(body.userId));
		return { ok: true };
	},
	'POST /_fake/public-key-failure': (fake, body) => {
		fake.setPublicKeyFailure(body.fail === true);
		return { ok: true };
	},
	'POST /_fake/clients': (fake, body) => {
		fake.registerClient(body as unknown as OAuthClient);
		return { ok: true };
	},
};

export async function handleControl(
	fake: FakeKick,
	method: string,
	url: URL,
	rawBody: string,
): Promise<HandlerResult> {
	const route = CONTROL_ROUTES[`${method.toUpperCase()} ${url.pathname}`];
	if (!route)
		return {
			status: 404,
			body: {
				message: `unknown control route ${method} ${url.pathname}`,
				routes: Object.keys(CONTROL_ROUTES),
			},
		};
	try {
		const body = rawBody.trim() ? (JSON.parse(rawBody) as Body) : {};
		return { status: 200, body: (await route(fake, body)) ?? null };
	} catch (error) {
		return { status: 400, body: { message: (error as Error).message } };
	}
}
