/** Issuing, rotating and revoking the fake's OAuth tokens (all kept in KickState). */
import { randomToken } from './ids';
import type { AccessToken, KickState, RefreshToken } from './state';

export interface IssueUserTokenOptions {
	clientId: string;
	userId: number;
	scopes: string[];
	expiresIn: number;
}

export interface IssuedTokens {
	access: AccessToken;
	refresh?: RefreshToken;
}

export function issueUserTokens(
	state: KickState,
	o: IssueUserTokenOptions,
): Required<IssuedTokens> {
	const access: AccessToken = {
		token: randomToken('kat'),
		kind: 'user',
		client_id: o.clientId,
		user_id: o.userId,
		scopes: [...o.scopes],
		expires_at: Date.now() + o.expiresIn * 1000,
		revoked: false,
		refresh_token: randomToken('krt'),
	};
	const refresh: RefreshToken = {
		token: access.refresh_token as string,
		client_id: o.clientId,
		user_id: o.userId,
		scopes: [...o.scopes],
		access_token: access.token,
		revoked: false,
	};
	state.accessTokens.set(access.token, access);
	state.refreshTokens.set(refresh.token, refresh);
	return { access, refresh };
}

export function issueAppTokens(
	state: KickState,
	clientId: string,
	expiresIn: number,
): IssuedTokens {
	const access: AccessToken = {
		token: randomToken('kapp'),
		kind: 'app',
		client_id: clientId,
		user_id: null,
		scopes: [],
		expires_at: Date.now() + expiresIn * 1000,
		revoked: false,
		refresh_token: null,
	};
	state.accessTokens.set(access.token, access);
	return { access };
}

/** Refresh tokens are single use: the old pair dies, a new pair is issued. */
export function rotate(
	state: KickState,
	refresh: RefreshToken,
	expiresIn: number,
): Required<IssuedTokens> {
	refresh.revoked = true;
	const oldAccess = state.accessTokens.get(refresh.access_token);
	if (oldAccess) oldAccess.revoked = true;
	return issueUserTokens(state, {
		clientId: refresh.client_id,
		userId: refresh.user_id,
		scopes: refresh.scopes,
		expiresIn,
	});
}

/** Revokes an access or refresh token; revoking a refresh token also ends its access token. */
export function revoke(state: KickState, token: string): boolean {
	const access = state.accessTokens.get(token);
	if (access) {
		access.revoked = true;
		return true;
	}
	const refresh = state.refreshTokens.get(token);
	if (!refresh) return false;
	refresh.revoked = true;
	const linked = state.accessTokens.get(refresh.access_token);
	if (linked) linked.revoked = true;
	return true;
}

export function tokenResponse({ access, refresh }: IssuedTokens): Record<string, unknown> {
	return {
		access_token: access.token,
		token_type: 'Bearer',
		expires_in: Math.round((access.expires_at - Date.now()) / 1000),
		...(refresh ? { refresh_token: refresh.token } : {}),
		scope: access.scopes.join(' '),
	};
}
