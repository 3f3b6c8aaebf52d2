/**
 * What acts on "the credential's own" channel or user needs a user access token: an app access
 * token (Client Credentials) belongs to no Kick user. The node says so before any request,
 * instead of letting Kick refuse the call.
 */
import { SEED } from '../fake-kick/state';
import { kickCredentialData, newCredentials } from '../support/engine';
import { apiRequests, jsonOf, runWith, useFakeKick } from './kick-operations';

const fake = useFakeKick();

const USER_TOKEN_NEEDED =
	'needs a user access token, and this credential holds an app access token (Client Credentials)';

function appCredentials() {
	const { accessToken } = fake().issueAppToken();
	return newCredentials(kickCredentialData({ grantType: 'clientCredentials', accessToken }));
}

describe('a user access token, said before the request', () => {
	test('Channel › Get Many, My Channel, with an app token', async () => {
		const result = await runWith(
			fake(),
			{ resource: 'channel', operation: 'getMany', lookupBy: 'me' },
			{ credentials: appCredentials() },
		);

		expect(result.error?.message).toBe(`"My Channel" ${USER_TOKEN_NEEDED}`);
		expect(result.error?.description).toMatch(/Authorization Code \(User Access Token\)/);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('Channel › Get Many by slug works with an app token', async () => {
		const result = await runWith(
			fake(),
			{ resource: 'channel', operation: 'getMany', lookupBy: 'slug', slugs: 'chef' },
			{ credentials: appCredentials() },
		);

		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((channel) => channel.slug)).toEqual(['chef']);
	});

	test('User › Get Many without IDs (your own user) with an app token; with IDs it works', async () => {
		const credentials = appCredentials();
		const me = await runWith(fake(), { resource: 'user', operation: 'getMany' }, { credentials });
		expect(me.error?.message).toBe(`User IDs left empty (your own user) ${USER_TOKEN_NEEDED}`);
		expect(apiRequests(fake())).toEqual([]);

		const others = await runWith(
			fake(),
			{ resource: 'user', operation: 'getMany', userIds: String(SEED.moderator) },
			{ credentials },
		);
		expect(jsonOf(others).map((user) => user.name)).toEqual(['moderator']);
	});

	test.each([
		[
			'Channel › Update',
			{ resource: 'channel', operation: 'update', updateFields: { streamTitle: 'x' } },
		],
		['Channel Reward › Get Many', { resource: 'channelReward', operation: 'getMany' }],
		[
			'Channel Reward › Create',
			{ resource: 'channelReward', operation: 'create', title: 'x', cost: 1 },
		],
		['Reward Redemption › Accept', { resource: 'rewardRedemption', operation: 'accept', ids: 'x' }],
		['Reward Redemption › Get Many', { resource: 'rewardRedemption', operation: 'getMany' }],
		['KICKs › Get Leaderboard', { resource: 'kicks', operation: 'getLeaderboard' }],
	])('%s with an app token', async (what, parameters) => {
		const result = await runWith(fake(), parameters, { credentials: appCredentials() });

		expect(result.error?.message).toBe(`${what} ${USER_TOKEN_NEEDED}`);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('continueOnFail: every item becomes an error item; the credential is read once', async () => {
		const credentials = appCredentials();
		const reads = jest.spyOn(credentials, 'getDecrypted');
		const result = await runWith(
			fake(),
			{ resource: 'kicks', operation: 'getLeaderboard' },
			{ credentials, items: [{}, {}, {}], node: { continueOnFail: true } },
		);

		expect(result.output.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[`KICKs › Get Leaderboard ${USER_TOKEN_NEEDED}`, { item: 0 }],
			[`KICKs › Get Leaderboard ${USER_TOKEN_NEEDED}`, { item: 1 }],
			[`KICKs › Get Leaderboard ${USER_TOKEN_NEEDED}`, { item: 2 }],
		]);
		expect(reads).toHaveBeenCalledTimes(1);
		expect(apiRequests(fake())).toEqual([]);
	});
});
