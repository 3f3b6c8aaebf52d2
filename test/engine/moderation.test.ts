import { SEED } from '../fake-kick/state';
import {
	apiRequests,
	jsonOf,
	requestsTo,
	resourceLocator,
	runWith,
	useFakeKick,
} from './kick-operations';

const fake = useFakeKick();

const BAN = 'POST /public/v1/moderation/bans';
const UNBAN = 'DELETE /public/v1/moderation/bans';
const SCOPES = ['moderation:ban', 'channel:read'];
const [viewer, otherViewer] = SEED.viewers;

const moderation = (operation: string, fields: Record<string, unknown>) => ({
	resource: 'moderation',
	operation,
	broadcasterUserId: resourceLocator('slug', 'streamer'),
	userId: String(viewer),
	...fields,
});

describe('Moderation › Ban User', () => {
	test('Permanent sends no duration: Kick bans for good', async () => {
		const result = await runWith(
			fake(),
			moderation('banUser', { banType: 'permanent', additionalFields: { reason: 'Spam' } }),
			{ scopes: SCOPES },
		);

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), BAN)[0].body).toEqual({
			broadcaster_user_id: SEED.streamer,
			user_id: viewer,
			reason: 'Spam',
		});
		expect(fake().state.bans).toEqual([
			expect.objectContaining({
				user_id: viewer,
				duration: null,
				expires_at: null,
				reason: 'Spam',
			}),
		]);
		expect(jsonOf(result)).toEqual([
			{
				success: true,
				banType: 'permanent',
				broadcaster_user_id: SEED.streamer,
				user_id: viewer,
				reason: 'Spam',
			},
		]);
		expect(fake().violations).toEqual([]);
	});

	test('Timeout sends the duration in minutes', async () => {
		const result = await runWith(
			fake(),
			moderation('banUser', { banType: 'timeout', duration: 10 }),
			{ scopes: SCOPES },
		);

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), BAN)[0].body).toEqual({
			broadcaster_user_id: SEED.streamer,
			user_id: viewer,
			duration: 10,
		});
		const [ban] = fake().state.bans;
		expect(ban.duration).toBe(10);
		expect(Date.parse(String(ban.expires_at)) - Date.parse(ban.created_at)).toBe(10 * 60_000);
		expect(fake().violations).toEqual([]);
	});

	test('many items on one channel slug cost a single channel lookup', async () => {
		const items = SEED.viewers.map((userId) => ({ userId }));
		const result = await runWith(
			fake(),
			moderation('banUser', { banType: 'timeout', duration: 5, userId: '={{ $json.userId }}' }),
			{ scopes: SCOPES, items },
		);

		expect(result.output).toHaveLength(SEED.viewers.length);
		expect(requestsTo(fake(), 'GET /public/v1/channels')).toHaveLength(1);
		expect(fake().state.bans.map((ban) => ban.user_id)).toEqual(SEED.viewers);
	});

	test.each([
		[
			'a timeout of 0 minutes',
			{ banType: 'timeout', duration: 0 },
			"'Duration (Minutes)': must be at least 1 (got 0)",
		],
		[
			'a timeout over 7 days',
			{ banType: 'timeout', duration: 10081 },
			"'Duration (Minutes)': must be at most 10080 (got 10081)",
		],
		[
			'a reason over 100 characters',
			{ banType: 'permanent', additionalFields: { reason: 'r'.repeat(101) } },
			"'Reason': must be at most 100 characters long (got 101)",
		],
		[
			'a user ID that is not a number',
			{ banType: 'permanent', userId: 'viewer1' },
			`'User ID': must be a whole number (got "viewer1")`,
		],
	])('refuses %s before any request', async (_case, fields, message) => {
		const result = await runWith(fake(), moderation('banUser', fields));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('a slug no channel has fails naming the slug, even when Kick answers another channel', async () => {
		fake().failNext({
			method: 'GET',
			path: '/public/v1/channels',
			status: 200,
			body: { data: [{ slug: 'speedrunner', broadcaster_user_id: 1003 }], message: 'OK' },
		});
		const result = await runWith(
			fake(),
			moderation('banUser', {
				banType: 'permanent',
				broadcasterUserId: resourceLocator('slug', 'no-such-channel'),
			}),
			{ scopes: SCOPES },
		);

		expect(result.error?.message).toBe(
			`'Channel': Kick has no channel with the slug "no-such-channel"`,
		);
		expect(requestsTo(fake(), 'GET /public/v1/channels')[0].query).toEqual({
			slug: ['no-such-channel'],
		});
		expect(requestsTo(fake(), BAN)).toEqual([]);
		expect(fake().state.bans).toEqual([]);
	});

	test('a slug Kick does not know fails naming it', async () => {
		const result = await runWith(
			fake(),
			moderation('banUser', {
				banType: 'permanent',
				broadcasterUserId: resourceLocator('url', 'https://kick.com/Ghost-Channel'),
			}),
			{ scopes: SCOPES },
		);

		expect(result.error?.message).toBe(
			`'Channel': Kick has no channel with the slug "Ghost-Channel"`,
		);
		expect(requestsTo(fake(), BAN)).toEqual([]);
	});

	test('without moderation:ban the 403 names the scope', async () => {
		const result = await runWith(
			fake(),
			moderation('banUser', {
				banType: 'permanent',
				broadcasterUserId: resourceLocator('id', String(SEED.streamer)),
			}),
			{
				scopes: ['chat:write'],
			},
		);

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('moderation:ban');
		expect(fake().state.bans).toEqual([]);
	});
});

describe('Moderation › Unban User', () => {
	test('sends broadcaster and user in the DELETE body and lifts the ban', async () => {
		await runWith(fake(), moderation('banUser', { banType: 'permanent' }));
		await runWith(
			fake(),
			moderation('banUser', { banType: 'timeout', duration: 60, userId: String(otherViewer) }),
		);
		const result = await runWith(fake(), moderation('unbanUser', {}), { scopes: SCOPES });

		expect(result.error).toBeUndefined();
		const [request] = requestsTo(fake(), UNBAN);
		expect(request.headers['content-type']).toMatch(/json/);
		expect(request.body).toEqual({ broadcaster_user_id: SEED.streamer, user_id: viewer });
		expect(fake().state.bans.map((ban) => ban.user_id)).toEqual([otherViewer]);
		expect(jsonOf(result)).toEqual([
			{ success: true, broadcaster_user_id: SEED.streamer, user_id: viewer },
		]);
		expect(fake().violations).toEqual([]);
	});

	test('continueOnFail: a user who is not banned gets Kick’s message, paired to its item', async () => {
		await runWith(
			fake(),
			moderation('banUser', { banType: 'permanent', userId: String(otherViewer) }),
		);
		const items = [{ userId: viewer }, { userId: otherViewer }];
		const result = await runWith(
			fake(),
			moderation('unbanUser', { userId: '={{ $json.userId }}' }),
			{ items, node: { continueOnFail: true } },
		);

		expect(result.output[0]).toMatchObject({ json: { httpCode: '400' }, pairedItem: { item: 0 } });
		expect(String(result.output[0].json.error)).toContain('is not banned');
		expect(result.output[1]).toMatchObject({
			json: { success: true, user_id: otherViewer },
			pairedItem: { item: 1 },
		});
		expect(fake().state.bans).toEqual([]);
	});
});
