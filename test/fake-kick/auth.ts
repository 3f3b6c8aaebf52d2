/** Bearer-token checks driven by each operation's `security` in the spec. */
import type { IncomingHttpHeaders } from 'http';

import { KickError } from './handler';
import type { SpecOperation } from './spec';
import type { AccessToken, KickState } from './state';

export interface AuthResult {
	token?: AccessToken;
	active: boolean;
}

/** Introspection answers `active: false` for dead tokens instead of refusing them. */
const isIntrospection = (op: SpecOperation): boolean => op.path.endsWith('/introspect');

export const tokenIsActive = (t: AccessToken, now = Date.now()): boolean =>
	!t.revoked && t.expires_at > now;

function bearer(headers: IncomingHttpHeaders, op: SpecOperation): string {
	const header = headers.authorization;
	if (!header)
		throw new KickError(
			401,
			`${op.method} ${op.path} requires an Authorization: Bearer <access token> header`,
			true,
		);
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	if (!match)
		throw new KickError(
			401,
			`Authorization header must be "Bearer <access token>" (got scheme "${header.split(' ')[0]}")`,
			true,
		);
	return match[1];
}

function checkTokenKind(op: SpecOperation, token: AccessToken): void {
	if (token.kind === 'app' && !op.appAccessTokenAccepted) {
		throw new KickError(
			403,
			`app access tokens cannot call ${op.method} ${op.path}: it needs a user access token`,
		);
	}
	if (token.kind === 'user' && !op.userAccessTokenAccepted) {
		throw new KickError(
			403,
			`user access tokens cannot call ${op.method} ${op.path}: it needs an app access token`,
		);
	}
}

function checkScopes(op: SpecOperation, token: AccessToken): void {
	const scheme = token.kind === 'user' ? 'UserAccessToken' : 'AppAccessToken';
	const alternatives = op.security.filter((s) => s.scheme === scheme);
	if (alternatives.some((alt) => alt.scopes.every((s) => token.scopes.includes(s)))) return;
	const needed = alternatives.map((alt) =>
		alt.scopes.filter((s) => !token.scopes.includes(s)).join(' + '),
	);
	throw new KickError(
		403,
		`missing scope: ${op.method} ${op.path} needs ${needed.join(' or ')} (token has: ${token.scopes.join(' ') || 'none'})`,
	);
}

export function authenticate(
	op: SpecOperation,
	headers: IncomingHttpHeaders,
	state: KickState,
): AuthResult {
	if (!op.authRequired) return { active: true };
	const value = bearer(headers, op);
	const token = state.accessTokens.get(value);
	if (!token) throw new KickError(401, 'invalid access token: not issued by this server');
	const active = tokenIsActive(token);
	if (!active) {
		if (isIntrospection(op)) return { token, active };
		throw new KickError(
			401,
			token.revoked ? 'access token has been revoked' : 'access token has expired',
		);
	}
	checkTokenKind(op, token);
	checkScopes(op, token);
	return { token, active };
}
