/**
 * id.kick.com: authorize (auto-approving), token (authorization_code with PKCE S256,
 * refresh_token with rotation, client_credentials), revoke, introspect.
 */
import { createHash } from 'crypto';
import type { IncomingHttpHeaders } from 'http';

import {
	type Handler,
	type HandlerResult,
	KickError,
	ok,
	type RequestContext,
	type TokenRequestRecord,
	nowIso,
} from './handler';
import { randomToken } from './ids';
import { KNOWN_SCOPES, type Query } from './spec';
import type { OAuthClient } from './state';
import { issueAppTokens, issueUserTokens, revoke, rotate, tokenResponse } from './tokens';

const CODE_LIFETIME_MS = 10 * 60 * 1000;

/** OAuth errors carry RFC 6749 `error`/`error_description` besides Kick's `message`. */
const oauthError = (
	status: number,
	error: string,
	description: string,
	violation = false,
): KickError =>
	new KickError(status, description, violation, { error, error_description: description });

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function findClient(ctx: RequestContext, clientId: string): OAuthClient {
	const client = ctx.config.clients.get(clientId);
	if (!client)
		throw oauthError(401, 'invalid_client', `unknown client_id ${JSON.stringify(clientId)}`);
	return client;
}

function checkRedirect(client: OAuthClient, redirectUri: string): void {
	if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
		throw oauthError(
			400,
			'invalid_request',
			`redirect_uri ${JSON.stringify(redirectUri)} is not registered for client ${client.clientId}`,
		);
	}
}

function redirectTo(redirectUri: string, params: Record<string, string>): HandlerResult {
	const url = new URL(redirectUri);
	for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
	return { status: 302, headers: { location: url.toString() } };
}

const authorize: Handler = (ctx) => {
	const f = ctx.input.form;
	if (f.response_type !== 'code')
		throw oauthError(
			400,
			'unsupported_response_type',
			`response_type must be "code" (got ${JSON.stringify(f.response_type)})`,
			true,
		);
	if (f.code_challenge_method !== 'S256')
		throw oauthError(
			400,
			'invalid_request',
			`code_challenge_method must be "S256": Kick requires PKCE with S256 (got ${JSON.stringify(f.code_challenge_method)})`,
			true,
		);
	const client = findClient(ctx, str(f.client_id));
	const redirectUri = str(f.redirect_uri);
	checkRedirect(client, redirectUri);
	const state = str(f.state);
	const scopes = str(f.scope)
		.split(/[\s+]+/)
		.filter(Boolean);
	const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
	if (unknown.length)
		return redirectTo(redirectUri, {
			error: 'invalid_scope',
			error_description: `unknown scope(s): ${unknown.join(' ')}`,
			state,
		});
	const userId = ctx.config.authorizeUserId;
	if (userId === null)
		return redirectTo(redirectUri, {
			error: 'access_denied',
			error_description: 'the user denied access',
			state,
		});
	const code = randomToken('kcode');
	ctx.state.authorizationCodes.set(code, {
		code,
		client_id: client.clientId,
		redirect_uri: redirectUri,
		scopes,
		code_challenge: str(f.code_challenge),
		user_id: userId,
		expires_at: Date.now() + CODE_LIFETIME_MS,
		used: false,
	});
	return redirectTo(redirectUri, { code, state });
};

const s256 = (verifier: string): string =>
	createHash('sha256').update(verifier).digest('base64url');
const stripPadding = (v: string): string => decodeURIComponent(v).replace(/=+$/, '');

function exchangeCode(ctx: RequestContext, client: OAuthClient): HandlerResult {
	const f = ctx.input.form;
	const grant = ctx.state.authorizationCodes.get(str(f.code));
	if (!grant || grant.client_id !== client.clientId)
		throw oauthError(400, 'invalid_grant', 'authorization code is unknown');
	if (grant.used)
		throw oauthError(400, 'invalid_grant', 'authorization code has already been used');
	grant.used = true; // single use, even when the exchange below fails
	if (grant.expires_at < Date.now())
		throw oauthError(400, 'invalid_grant', 'authorization code has expired');
	if (str(f.redirect_uri) !== grant.redirect_uri)
		throw oauthError(
			400,
			'invalid_grant',
			`redirect_uri must match the one used at /oauth/authorize (${grant.redirect_uri})`,
		);
	const verifier = str(f.code_verifier);
	if (!verifier)
		throw oauthError(
			400,
			'invalid_request',
			'code_verifier is required (Kick requires PKCE)',
			true,
		);
	if (s256(verifier) !== stripPadding(grant.code_challenge))
		throw oauthError(
			400,
			'invalid_grant',
			'code_verifier does not match the code_challenge (PKCE S256)',
		);
	const issued = issueUserTokens(ctx.state, {
		clientId: client.clientId,
		userId: grant.user_id,
		scopes: grant.scopes,
		expiresIn: ctx.config.tokenLifetimeSeconds,
	});
	return { status: 200, body: tokenResponse(issued) };
}

function refresh(ctx: RequestContext, client: OAuthClient): HandlerResult {
	const value = str(ctx.input.form.refresh_token);
	if (!value)
		throw oauthError(
			400,
			'invalid_request',
			'refresh_token is required for grant_type=refresh_token',
			true,
		);
	const stored = ctx.state.refreshTokens.get(value);
	if (!stored || stored.client_id !== client.clientId)
		throw oauthError(400, 'invalid_grant', 'refresh token is unknown');
	if (stored.revoked)
		throw oauthError(400, 'invalid_grant', 'refresh token has been used or revoked');
	return {
		status: 200,
		body: tokenResponse(rotate(ctx.state, stored, ctx.config.tokenLifetimeSeconds)),
	};
}

const token: Handler = (ctx) => {
	const f = ctx.input.form;
	const client = findClient(ctx, str(f.client_id));
	if (str(f.client_secret) !== client.clientSecret)
		throw oauthError(401, 'invalid_client', 'client_secret is wrong');
	switch (f.grant_type) {
		case 'authorization_code':
			return exchangeCode(ctx, client);
		case 'refresh_token':
			return refresh(ctx, client);
		case 'client_credentials':
			return {
				status: 200,
				body: tokenResponse(
					issueAppTokens(ctx.state, client.clientId, ctx.config.tokenLifetimeSeconds),
				),
			};
		default:
			throw oauthError(
				400,
				'unsupported_grant_type',
				`grant_type ${JSON.stringify(f.grant_type)} is not supported`,
				true,
			);
	}
};

const revokeToken: Handler = (ctx) => {
	const hint = ctx.input.query.token_type_hint;
	if (hint !== undefined && hint !== 'access_token' && hint !== 'refresh_token') {
		throw new KickError(
			400,
			`query parameter 'token_type_hint' must be access_token or refresh_token (got ${JSON.stringify(hint)})`,
			true,
		);
	}
	revoke(ctx.state, str(ctx.input.query.token)); // RFC 7009: unknown tokens are not an error
	return ok(null);
};

export const introspect: Handler = (ctx) => {
	const t = ctx.token;
	if (!t || !ctx.tokenActive) return ok({ active: false });
	return ok({
		active: true,
		client_id: t.client_id,
		exp: Math.floor(t.expires_at / 1000),
		scope: t.scopes.join(' '),
		token_type: t.kind,
	});
};

export const oauthRoutes: Record<string, Handler> = {
	'POST /oauth/authorize': authorize,
	'POST /oauth/token': token,
	'POST /oauth/revoke': revokeToken,
	'POST /oauth/token/introspect': introspect,
};

/**
 * Runs before validation on POST /oauth/token: Kick reads client credentials from the form body
 * only, so HTTP Basic client authentication without them in the body is refused with 401.
 */
export function checkClientCredentialsInBody(form: Query, headers: IncomingHttpHeaders): void {
	const basic = /^Basic\s/i.test(headers.authorization ?? '');
	if (basic && (!form.client_id || !form.client_secret)) {
		throw oauthError(
			401,
			'invalid_client',
			'client credentials must be sent as client_id and client_secret in the form body; Kick does not accept HTTP Basic client authentication',
			true,
		);
	}
}

export function describeTokenRequest(
	form: Query,
	headers: IncomingHttpHeaders,
	status: number,
): TokenRequestRecord {
	return {
		grantType: form.grant_type?.[0],
		bodyFields: Object.keys(form),
		clientIdInBody: form.client_id !== undefined,
		clientSecretInBody: form.client_secret !== undefined,
		basicAuthHeader: /^Basic\s/i.test(headers.authorization ?? ''),
		status,
		at: nowIso(),
	};
}
