/** Shared shapes of route handlers: what they get, what they return, how they fail. */
import type { IncomingHttpHeaders } from 'http';

import type { FakeMode } from './recorded';
import type { SpecOperation, ValidatedRequest } from './spec';
import type { AccessToken, KickState, OAuthClient } from './state';

/** Subscriptions GET leaves out although Kick created them (KickDevDocs #419). */
export interface HiddenSubscriptions {
	ids: Set<string>;
	/** Subscriptions created later that match one of these are hidden too. */
	rules: Array<{ event?: string; broadcaster_user_id?: number }>;
}

export interface FakeConfig {
	/** Whether the fake answers as Kick's docs say or as recordings of live Kick show. */
	readonly mode: FakeMode;
	hiddenSubscriptions: HiddenSubscriptions;
	clients: Map<string, OAuthClient>;
	/** User that /oauth/authorize auto-approves as; null = the user denies access. */
	authorizeUserId: number | null;
	tokenLifetimeSeconds: number;
	redemptionsPageSize: number;
	publicKeyFailure: boolean;
}

export interface Services {
	state: KickState;
	config: FakeConfig;
	publicKeyPem: string;
}

export interface RequestContext extends Services {
	op: SpecOperation;
	input: ValidatedRequest;
	headers: IncomingHttpHeaders;
	/** Set for every operation that requires a token (inactive only for introspection). */
	token?: AccessToken;
	tokenActive: boolean;
}

export interface HandlerResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Close the connection without answering (a timeout or a reset as the client sees it). */
	noAnswer?: boolean;
}

export type Handler = (ctx: RequestContext) => HandlerResult;

export interface TokenRequestRecord {
	grantType: string | undefined;
	/** Names of the form fields present in the body. */
	bodyFields: string[];
	clientIdInBody: boolean;
	clientSecretInBody: boolean;
	basicAuthHeader: boolean;
	status: number;
	at: string;
}

/**
 * A failed request. `violation` marks requests Kick would reject for their shape (the caller
 * broke the API contract) as opposed to failures that depend on state (e.g. a reward limit).
 */
export class KickError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly violation = false,
		readonly extraBody: Record<string, unknown> = {},
	) {
		super(message);
	}
}

export const badRequest = (message: string): KickError => new KickError(400, message, true);
export const notFound = (message: string): KickError => new KickError(404, message);
export const forbidden = (message: string): KickError => new KickError(403, message);

export const ok = (data: unknown): HandlerResult => ({
	status: 200,
	body: { data, message: 'OK' },
});
export const paginated = (data: unknown[], nextCursor: string): HandlerResult => ({
	status: 200,
	body: { data, message: 'OK', pagination: { next_cursor: nextCursor } },
});
export const noContent = (): HandlerResult => ({ status: 204 });

/** The user behind a user token (handlers only run after auth, so the token is there). */
export function tokenUserId(ctx: RequestContext): number | null {
	return ctx.token?.kind === 'user' ? ctx.token.user_id : null;
}

export function requireTokenUser(ctx: RequestContext): number {
	const id = tokenUserId(ctx);
	if (id === null)
		throw new KickError(403, `${ctx.op.method} ${ctx.op.path} needs a user access token`);
	return id;
}

/** Opaque cursor of 4..28 chars (the v2 categories limits) that encodes an offset. */
export const encodeCursor = (offset: number): string =>
	Buffer.from(`kc:${offset}`).toString('base64url');

export function decodeCursor(cursor: unknown): number {
	if (cursor === undefined) return 0;
	const match = /^kc:(\d+)$/.exec(Buffer.from(String(cursor), 'base64url').toString());
	if (!match)
		throw badRequest(
			`query parameter 'cursor' ${JSON.stringify(cursor)} is not a cursor this API returned`,
		);
	return Number(match[1]);
}

export function page<T>(
	items: T[],
	offset: number,
	limit: number,
): { items: T[]; nextCursor: string } {
	const slice = items.slice(offset, offset + limit);
	const next = offset + limit < items.length ? encodeCursor(offset + limit) : '';
	return { items: slice, nextCursor: next };
}

export const nowIso = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
