/** What the Kick node's Event Subscription operations and the Kick Trigger share. */
import { KICK_APP_TOKEN_GRANT, KICK_CREDENTIAL_TYPE } from './kick';
import type { KickContext } from './transport/request';

export const SUBSCRIPTIONS_PATH = '/public/v1/events/subscriptions';
export const SUBSCRIBE_SCOPES = ['events:subscribe'];

/**
 * Whether the credential holds an app access token: Kick then needs the broadcaster named,
 * while a user access token always means the token's own channel.
 */
export async function usesAppToken(
	context: KickContext,
	cache?: Map<string, Promise<unknown>>,
): Promise<boolean> {
	const key = 'credential:app-token';
	let pending = cache?.get(key) as Promise<boolean> | undefined;
	if (!pending) {
		pending = context
			.getCredentials(KICK_CREDENTIAL_TYPE)
			.then((credentials) => credentials.grantType === KICK_APP_TOKEN_GRANT);
		cache?.set(key, pending);
	}
	return await pending;
}
