/**
 * FakeKick: one real HTTPS server playing both id.kick.com (OAuth) and api.kick.com (API),
 * told apart by the Host header. Every request is matched to a spec operation and validated
 * against test/fixtures/kick-api.operations.json; anything Kick would reject for its shape is
 * answered 400/404 and recorded in `violations`, so tests can demand an empty list.
 */
import { generateKeyPairSync, type KeyObject } from 'crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'http';
import https from 'https';
import type { AddressInfo } from 'net';

import { authenticate } from './auth';
import { testCertificates } from './certs';
import { handleControl } from './control';
import {
	buildEventPayload,
	type EventPayload,
	type KickEventType,
	type PayloadOptions,
} from './event-payloads';
import {
	type ClaimDelivery,
	deliver,
	type DeliveryInput,
	type DeliveryResult,
	type SignedDelivery,
	signDelivery,
	signDropsClaim,
} from './events';
import { seedUlid, ulid } from './ids';
import {
	type FakeConfig,
	type HandlerResult,
	KickError,
	nowIso,
	type RequestContext,
	type TokenRequestRecord,
} from './handler';
import { checkClientCredentialsInBody, describeTokenRequest } from './oauth';
import {
	defaultDeliveryShape,
	type DeliveryShape,
	edgeBlock,
	errorBody,
	type FakeMode,
	shapeHasSubscriptionId,
} from './recorded';
import { ROUTES } from './routes';
import {
	KNOWN_SCOPES,
	matchRoute,
	methodsForPath,
	operationKey,
	parseForm,
	type Query,
	type RouteMatch,
	type SpecOperation,
	validateRequest,
} from './spec';
import { DEFAULT_CLIENT, KickState, type OAuthClient, SEED } from './state';
import { issueAppTokens, issueUserTokens, revoke } from './tokens';

export interface FakeKickOptions {
	/** Address to listen on; default 127.0.0.1. */
	host?: string;
	/** Default 443 (tests run as root). 0 = any free port. */
	port?: number;
	/** The registered OAuth app; default DEFAULT_CLIENT (any redirect_uri accepted). */
	client?: OAuthClient;
	/**
	 * `documented` (default): Kick as its docs describe it. `recorded`: Kick as recordings of live
	 * Kick show it (recorded.ts; test/fake-kick/README.md lists each difference).
	 */
	mode?: FakeMode;
}

export interface RecordedRequest {
	host: string;
	method: string;
	path: string;
	query: Query;
	headers: IncomingHttpHeaders;
	/** Parsed JSON, or form fields (first value each), or the raw text; undefined when empty. */
	body: unknown;
	rawBody: string;
	/** "METHOD /spec/path/{template}", null for unknown routes. */
	operation: string | null;
	status: number;
	response: unknown;
	responseHeaders: Record<string, string>;
	at: string;
}

export interface Violation {
	host: string;
	method: string;
	path: string;
	operation: string | null;
	message: string;
	at: string;
}

export interface FailRule {
	method: string;
	/** The request path ("/public/v1/chat/abc") or the spec template ("/public/v1/chat/{message_id}"). */
	path: string;
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** How many matching requests fail; default 1. */
	times?: number;
	/** How many matching requests are served normally before the failures start; default 0. */
	after?: number;
	/** Close the connection instead of answering (recorded with `status`, never sent). */
	noAnswer?: boolean;
}

export interface IssueUserTokenInput {
	userId?: number;
	scopes?: string[];
	expiresIn?: number;
	clientId?: string;
}

export interface IssuedTokenPair {
	accessToken: string;
	refreshToken?: string;
}

export interface EventDeliveryInput extends Omit<DeliveryInput, 'payload' | 'type'> {
	type: KickEventType | string;
	/** Default: a sample payload for `type` (see event-payloads.ts). */
	payload?: unknown;
	payloadOptions?: Omit<PayloadOptions, 'users'>;
}

/** Where an injected edge block applies, and how often (FailRule without status and body). */
export type EdgeBlockRule = Pick<FailRule, 'method' | 'path' | 'times' | 'after'> & {
	reference?: string;
};

/** Which subscriptions GET /public/v1/events/subscriptions leaves out (KickDevDocs #419). */
export type HiddenSubscriptionMatch = string | { event?: string; broadcasterUserId?: number };

interface IncomingParts {
	host: string;
	method: string;
	path: string;
	query: Query;
	headers: IncomingHttpHeaders;
	rawBody: string;
}

const KICK_HOSTS = ['id.kick.com', 'api.kick.com'];

/** A small stable number for a text (a seed for fixed ids). */
function hashOf(text: string): number {
	let hash = 0;
	for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
	return hash;
}
const TOKEN_OPERATION = 'POST /oauth/token';

function defaultConfig(client: OAuthClient, mode: FakeMode): FakeConfig {
	return {
		mode,
		hiddenSubscriptions: { ids: new Set(), rules: [] },
		clients: new Map([[client.clientId, { ...client }]]),
		authorizeUserId: SEED.streamer,
		tokenLifetimeSeconds: 3600,
		redemptionsPageSize: 25,
		publicKeyFailure: false,
	};
}

const readBody = (req: IncomingMessage): Promise<string> =>
	new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});

function queryOf(params: URLSearchParams): Query {
	const query: Query = {};
	for (const [k, v] of params) (query[k] ??= []).push(v);
	return query;
}

function decodeBody(raw: string, contentType: string | undefined): unknown {
	if (raw === '') return undefined;
	if (/json/i.test(contentType ?? '')) {
		try {
			return JSON.parse(raw);
		} catch {
			return raw;
		}
	}
	if (/x-www-form-urlencoded/i.test(contentType ?? '')) {
		return Object.fromEntries(Object.entries(parseForm(raw)).map(([k, v]) => [k, v[0]]));
	}
	return raw;
}

function send(res: ServerResponse, result: HandlerResult): void {
	if (result.noAnswer) {
		res.socket?.destroy();
		return;
	}
	const headers: Record<string, string> = { ...result.headers };
	let payload = '';
	if (result.body !== undefined && result.status !== 204) {
		payload = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
		headers['content-type'] ??= 'application/json; charset=utf-8';
	}
	res.writeHead(result.status, headers);
	res.end(payload);
}

/** A KickError as the fake answers it: the spec's envelope, or Kick's recorded ones (recorded.ts). */
export const errorResult = (e: KickError, mode: FakeMode, host: string): HandlerResult => ({
	status: e.status,
	body: errorBody(mode, { status: e.status, detail: e.message, host, oauth: e.extraBody }),
});

export class FakeKick {
	readonly state: KickState;
	readonly config: FakeConfig;
	readonly requests: RecordedRequest[] = [];
	readonly violations: Violation[] = [];
	/** Every POST /oauth/token: grant type, which fields were in the body, Basic header or not. */
	readonly tokenRequests: TokenRequestRecord[] = [];
	readonly publicKeyPem: string;

	private readonly signingKey: KeyObject;
	private failRules: Array<FailRule & { remaining: number; toPass: number }> = [];
	private readonly stopHooks: Array<() => void | Promise<void>> = [];
	private server?: https.Server;

	private constructor(private readonly options: FakeKickOptions) {
		const client = options.client ?? DEFAULT_CLIENT;
		this.state = new KickState(client.clientId, this.mode);
		this.config = defaultConfig(client, this.mode);
		const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		this.signingKey = privateKey;
		this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
	}

	static async start(options: FakeKickOptions = {}): Promise<FakeKick> {
		const fake = new FakeKick(options);
		await fake.listen(options.host ?? '127.0.0.1', options.port ?? 443);
		return fake;
	}

	private async listen(host: string, port: number): Promise<void> {
		const { keyPem, certPem } = testCertificates();
		const server = https.createServer({ key: keyPem, cert: certPem }, (req, res) => {
			this.onRequest(req, res).catch((error: Error) => {
				if (!res.headersSent)
					send(res, {
						status: 500,
						body: { message: `fake-kick crashed: ${error.message}`, data: null },
					});
			});
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		this.server = server;
	}

	get address(): { host: string; port: number } {
		const info = this.server?.address() as AddressInfo | null;
		if (!info) throw new Error('FakeKick is not listening');
		return { host: info.address, port: info.port };
	}

	/** Whether this fake answers as Kick's docs say or as live Kick was recorded answering. */
	get mode(): FakeMode {
		return this.options.mode ?? 'documented';
	}

	/** The body shape of the deliveries it builds unless told otherwise (recorded.ts). */
	get deliveryShape(): DeliveryShape {
		return defaultDeliveryShape(this.mode);
	}

	/** The OAuth app requests are expected from (the one passed to start(), or the default). */
	get client(): OAuthClient {
		return { ...(this.options.client ?? DEFAULT_CLIENT) };
	}

	/** Runs after the server closed (used to undo DNS/CA patches). */
	onStop(hook: () => void | Promise<void>): void {
		this.stopHooks.push(hook);
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
		for (const hook of this.stopHooks.splice(0).reverse()) await hook();
	}

	/** Back to the seeded state: clears logs, tokens, injected failures and settings. */
	reset(): void {
		this.state.seed();
		Object.assign(this.config, defaultConfig(this.options.client ?? DEFAULT_CLIENT, this.mode));
		this.requests.length = 0;
		this.violations.length = 0;
		this.tokenRequests.length = 0;
		this.failRules = [];
	}

	registerClient(client: OAuthClient): void {
		this.config.clients.set(client.clientId, { ...client });
	}

	/** null makes /oauth/authorize answer as if the user denied access. */
	setAuthorizeUser(userId: number | null): void {
		this.config.authorizeUserId = userId;
	}

	setPublicKeyFailure(fail: boolean): void {
		this.config.publicKeyFailure = fail;
	}

	issueUserToken(input: IssueUserTokenInput = {}): Required<IssuedTokenPair> {
		const { access, refresh } = issueUserTokens(this.state, {
			clientId: input.clientId ?? this.client.clientId,
			userId: input.userId ?? SEED.streamer,
			scopes: input.scopes ?? [...KNOWN_SCOPES],
			expiresIn: input.expiresIn ?? this.config.tokenLifetimeSeconds,
		});
		return { accessToken: access.token, refreshToken: refresh.token };
	}

	issueAppToken(input: { clientId?: string; expiresIn?: number } = {}): IssuedTokenPair {
		const { access } = issueAppTokens(
			this.state,
			input.clientId ?? this.client.clientId,
			input.expiresIn ?? this.config.tokenLifetimeSeconds,
		);
		return { accessToken: access.token };
	}

	/** The token's next use answers 401 (its refresh token stays valid). */
	expireAccessToken(token: string): void {
		const record = this.state.accessTokens.get(token);
		if (!record) throw new Error(`expireAccessToken: unknown token ${token}`);
		record.expires_at = Date.now() - 1000;
	}

	/**
	 * Every user token of the app ends: its refresh tokens are revoked and their access tokens
	 * stop working (the user disconnected the app, or the refresh token passed its 30 days).
	 * Answers how many refresh tokens were revoked.
	 */
	revokeUserTokens(clientId: string = this.client.clientId): number {
		let revoked = 0;
		for (const refresh of this.state.refreshTokens.values()) {
			if (refresh.client_id !== clientId || refresh.revoked) continue;
			revoke(this.state, refresh.token);
			revoked++;
		}
		return revoked;
	}

	/**
	 * A subscription made outside the code under test (by hand, with another tool, or earlier), as
	 * Kick holds it for the app; answers its id.
	 */
	addSubscription(input: {
		event: string;
		broadcasterUserId?: number;
		appId?: string;
		id?: string;
	}): string {
		const id = input.id ?? ulid();
		const at = nowIso();
		this.state.subscriptions.push({
			id,
			app_id: input.appId ?? this.client.clientId,
			broadcaster_user_id: input.broadcasterUserId ?? SEED.streamer,
			event: input.event,
			version: 1,
			method: 'webhook',
			created_at: at,
			updated_at: at,
		});
		return id;
	}

	/** Drops every failure injected with failNext that has not happened yet. */
	clearFailRules(): void {
		this.failRules = [];
	}

	/** The next `times` (default 1) matching requests get this response instead of being served. */
	failNext(rule: FailRule): void {
		this.failRules.push({
			...rule,
			method: rule.method.toUpperCase(),
			remaining: rule.times ?? 1,
			toPass: rule.after ?? 0,
		});
	}

	/**
	 * Kick's edge (Cloudflare) answers the next matching requests itself: 403 with its own
	 * `{error, reference}` body and a cf-ray header, before Kick's API sees them.
	 */
	blockAtEdge(rule: EdgeBlockRule): void {
		const { status, body, headers } = edgeBlock(rule.reference);
		this.failNext({ ...rule, status, body, headers });
	}

	/**
	 * Kick creates the subscription but leaves it out of GET's list (KickDevDocs #419): an id
	 * hides that subscription; an event and/or broadcaster hides every match, now and later.
	 */
	hideFromList(match: HiddenSubscriptionMatch): void {
		const hidden = this.config.hiddenSubscriptions;
		if (typeof match === 'string') hidden.ids.add(match);
		else hidden.rules.push({ event: match.event, broadcaster_user_id: match.broadcasterUserId });
	}

	/** A sample body for `type`, in this fake's delivery shape unless `shape` says otherwise. */
	samplePayload(type: KickEventType, options: Omit<PayloadOptions, 'users'> = {}): EventPayload {
		return buildEventPayload(type, {
			shape: this.deliveryShape,
			...options,
			users: (id) => this.state.user(id),
		});
	}

	/**
	 * Signs like Kick; the subscription id defaults to this app's matching subscription, if any
	 * (null: no Kick-Event-Subscription-Id header). Deliveries of the 2025-02 shape carry none, as
	 * Kick's did then.
	 */
	signDelivery(input: DeliveryInput & { shape?: DeliveryShape }): SignedDelivery {
		const { shape = this.deliveryShape, ...delivery } = input;
		return signDelivery(this.signingKey, {
			...delivery,
			subscriptionId: !shapeHasSubscriptionId(shape)
				? null
				: delivery.subscriptionId === undefined
					? this.subscriptionFor(delivery)
					: delivery.subscriptionId,
		});
	}

	deliver(url: string, delivery: SignedDelivery): Promise<DeliveryResult> {
		return deliver(url, delivery);
	}

	/** A Drops claim signed with Kick's key (a new claim unless `claim` says otherwise). */
	signDropsClaim(
		claim: Partial<ClaimDelivery> = {},
		options: { messageId?: string; timestamp?: string } = {},
	): SignedDelivery {
		return signDropsClaim(
			this.signingKey,
			{
				claim_id: ulid(),
				user_id: SEED.viewers[0],
				campaign_id: ulid(),
				reward_id: ulid(),
				...claim,
			},
			options,
		);
	}

	/** Builds (sample payload unless given), signs and POSTs one event. */
	async deliverEvent(
		url: string,
		input: EventDeliveryInput,
	): Promise<{ delivery: SignedDelivery; result: DeliveryResult }> {
		const { payloadOptions, ...rest } = input;
		const payload =
			input.payload ?? this.samplePayload(input.type as KickEventType, payloadOptions);
		if (input.type === 'chat.message.sent') this.rememberChatMessage(payload);
		const delivery = this.signDelivery({ ...rest, payload, shape: payloadOptions?.shape });
		return { delivery, result: await this.deliver(url, delivery) };
	}

	/** A chat message Kick delivers is a message in the channel's chat: replies may answer it. */
	private rememberChatMessage(payload: unknown): void {
		const message = payload as {
			message_id?: string;
			broadcaster?: { user_id?: number };
			sender?: { user_id?: number };
			content?: string;
		};
		if (typeof message?.message_id !== 'string') return;
		if (this.state.chatMessages.some((m) => m.message_id === message.message_id)) return;
		this.state.chatMessages.push({
			message_id: message.message_id,
			broadcaster_user_id: message.broadcaster?.user_id ?? SEED.streamer,
			sender_user_id: message.sender?.user_id ?? SEED.viewers[0],
			type: 'user',
			content: String(message.content ?? ''),
			reply_to_message_id: null,
			created_at: nowIso(),
			is_deleted: false,
		});
	}

	/**
	 * Kick delivers every event through a subscription: this app's for the event and channel, or
	 * (when a test did not subscribe) one fixed id per event and channel, as a real one would be.
	 */
	private subscriptionFor(input: DeliveryInput): string {
		const payload = (typeof input.payload === 'object' ? input.payload : {}) as {
			broadcaster?: { user_id?: number };
		};
		const broadcaster = payload?.broadcaster?.user_id;
		const subscribed = this.state.subscriptions.find(
			(s) => s.event === input.type && s.broadcaster_user_id === broadcaster,
		);
		return subscribed?.id ?? seedUlid(900, hashOf(`${input.type}/${broadcaster ?? ''}`));
	}

	// -------------------------------------------------------------------------------------------
	// Request pipeline

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const rawBody = await readBody(req);
		const url = new URL(req.url ?? '/', 'https://fake.invalid');
		if (url.pathname.startsWith('/_fake/')) {
			send(res, await handleControl(this, req.method ?? 'GET', url, rawBody));
			return;
		}
		const parts: IncomingParts = {
			host: (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase(),
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: queryOf(url.searchParams),
			headers: req.headers,
			rawBody,
		};
		const { result, operation } = this.process(parts);
		if (operation === TOKEN_OPERATION)
			this.tokenRequests.push(describeTokenRequest(parseForm(rawBody), req.headers, result.status));
		this.record(parts, operation, result);
		send(res, result);
	}

	private record(parts: IncomingParts, operation: string | null, result: HandlerResult): void {
		const { rawBody, ...rest } = parts;
		this.requests.push({
			...rest,
			body: decodeBody(rawBody, parts.headers['content-type']),
			rawBody,
			operation,
			status: result.status,
			response: result.body,
			responseHeaders: result.headers ?? {},
			at: nowIso(),
		});
	}

	private violate(parts: IncomingParts, operation: string | null, message: string): void {
		this.violations.push({
			host: parts.host,
			method: parts.method,
			path: parts.path,
			operation,
			message,
			at: nowIso(),
		});
	}

	private unknownRoute(parts: IncomingParts): HandlerResult {
		let message = `no Kick API operation ${parts.method} ${parts.path} on ${parts.host || '(no Host header)'}`;
		if (!KICK_HOSTS.includes(parts.host))
			message = `host ${JSON.stringify(parts.host)} is not id.kick.com or api.kick.com (${parts.method} ${parts.path})`;
		const methods = methodsForPath(parts.host, parts.path);
		if (methods.length) message += `; that path takes ${methods.join(', ')}`;
		const otherHost = KICK_HOSTS.find(
			(h) => h !== parts.host && methodsForPath(h, parts.path).length > 0,
		);
		if (otherHost) message += `; that path lives on ${otherHost}`;
		this.violate(parts, null, message);
		return { status: 404, body: { message, data: null } };
	}

	private takeFailRule(parts: IncomingParts, op: SpecOperation): HandlerResult | undefined {
		const rule = this.failRules.find(
			(r) => r.method === parts.method && (r.path === parts.path || r.path === op.path),
		);
		if (!rule) return undefined;
		if (rule.toPass > 0) {
			rule.toPass -= 1;
			return undefined;
		}
		rule.remaining -= 1;
		if (rule.remaining <= 0) this.failRules.splice(this.failRules.indexOf(rule), 1);
		return {
			status: rule.status,
			body:
				rule.body ??
				errorBody(this.mode, {
					status: rule.status,
					detail: `injected failure (status ${rule.status})`,
					host: parts.host,
				}),
			headers: rule.headers,
			noAnswer: rule.noAnswer,
		};
	}

	private process(parts: IncomingParts): { result: HandlerResult; operation: string | null } {
		const match = matchRoute(parts.host, parts.method, parts.path);
		if (!match) return { result: this.unknownRoute(parts), operation: null };
		const operation = operationKey(match.op);
		try {
			return { result: this.serve(parts, match, operation), operation };
		} catch (error) {
			if (error instanceof KickError) {
				if (error.violation) this.violate(parts, operation, error.message);
				return { result: errorResult(error, this.mode, parts.host), operation };
			}
			const message = `fake-kick internal error in ${operation}: ${(error as Error).stack ?? String(error)}`;
			this.violate(parts, operation, message);
			return { result: { status: 500, body: { message, data: null } }, operation };
		}
	}

	/** Order: spec validation is always recorded; then injected failure, client-auth placement, token auth, 400, handler. */
	private serve(parts: IncomingParts, match: RouteMatch, operation: string): HandlerResult {
		const input = validateRequest(match, {
			...parts,
			pathParams: match.pathParams,
			contentType: parts.headers['content-type'],
		});
		for (const message of input.errors) this.violate(parts, operation, message);
		const injected = this.takeFailRule(parts, match.op);
		if (injected) return injected;
		if (operation === TOKEN_OPERATION)
			checkClientCredentialsInBody(parseForm(parts.rawBody), parts.headers);
		const auth = authenticate(match.op, parts.headers, this.state);
		if (input.errors.length) throw new KickError(400, input.errors.join('; '));
		const handler = ROUTES[operation];
		if (!handler) throw new Error(`no handler for ${operation}`);
		const ctx: RequestContext = {
			state: this.state,
			config: this.config,
			publicKeyPem: this.publicKeyPem,
			op: match.op,
			input,
			headers: parts.headers,
			token: auth.token,
			tokenActive: auth.active,
		};
		return handler(ctx);
	}
}

export { SEED, DEFAULT_CLIENT } from './state';
