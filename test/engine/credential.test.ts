/**
 * What n8n's OAuth2 client sends to Kick's token endpoint for this credential, seen by the fake
 * token endpoint: Kick needs client_id and client_secret in the form body on every grant.
 */
import type { FakeKick } from '../fake-kick/server';
import { SEED } from '../fake-kick/server';
import { kickCredentialData, newCredentials, runKickNode } from '../support/engine';
import { startKickForTest } from '../support/kick-network';

let fake: FakeKick;

beforeAll(async () => {
	fake = await startKickForTest();
});

afterAll(async () => {
	await fake.stop();
});

beforeEach(() => fake.reset());

const getStreamer = { resource: 'user', operation: 'getMany', userIds: String(SEED.streamer) };

describe('app access token (client credentials)', () => {
	test('n8n fetches the token with the client id and secret in the body, then calls Kick with it', async () => {
		const credentials = newCredentials(kickCredentialData({ grantType: 'clientCredentials' }));
		const { output, error } = await runKickNode({ parameters: getStreamer, credentials });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.user_id)).toEqual([SEED.streamer]);
		expect(fake.tokenRequests).toEqual([
			expect.objectContaining({
				grantType: 'client_credentials',
				clientIdInBody: true,
				clientSecretInBody: true,
				basicAuthHeader: false,
				status: 200,
			}),
		]);
		const stored = credentials.updates.at(-1)?.oauthTokenData as
			| { access_token?: string }
			| undefined;
		expect(fake.state.accessTokens.get(stored?.access_token ?? '')?.kind).toBe('app');
		expect(fake.violations).toEqual([]);
	});
});

describe('user access token refresh', () => {
	test('an expired token is refreshed with client id and secret in the body and the call retried', async () => {
		const { accessToken, refreshToken } = fake.issueUserToken({ scopes: ['user:read'] });
		fake.expireAccessToken(accessToken);
		const credentials = newCredentials(
			kickCredentialData({ accessToken, refreshToken, scope: 'user:read' }),
		);
		const { output, error } = await runKickNode({
			parameters: { resource: 'user', operation: 'getMany' },
			credentials,
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.user_id)).toEqual([SEED.streamer]);
		expect(fake.tokenRequests).toEqual([
			expect.objectContaining({
				grantType: 'refresh_token',
				clientIdInBody: true,
				clientSecretInBody: true,
				status: 200,
			}),
		]);
		const users = fake.requests.filter((request) => request.path === '/public/v1/users');
		expect(users.map((request) => request.status)).toEqual([401, 200]);
		const newToken = (credentials.updates.at(-1)?.oauthTokenData as { access_token: string })
			.access_token;
		expect(newToken).not.toBe(accessToken);
		expect(users[1].headers.authorization).toBe(`Bearer ${newToken}`);
	});

	test('a refresh Kick refuses tells the user to reconnect the credential', async () => {
		const { accessToken } = fake.issueUserToken({ scopes: ['user:read'] });
		fake.expireAccessToken(accessToken);
		const credentials = newCredentials(
			kickCredentialData({ accessToken, refreshToken: 'revoked-or-unknown' }),
		);
		const { output, error } = await runKickNode({
			parameters: { resource: 'user', operation: 'getMany' },
			credentials,
		});

		expect(output).toEqual([]);
		expect(error?.message).toBe('The credential "Kick account" needs to be reconnected.');
		expect(error?.description).toMatch(/reconnect it/);
	});
});
