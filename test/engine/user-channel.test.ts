import { SEED } from '../fake-kick/state';
import { kickCredentialData, newCredentials } from '../support/engine';
import {
	apiRequests,
	jsonOf,
	requestsTo,
	resourceLocator,
	runWith,
	useFakeKick,
} from './kick-operations';

const fake = useFakeKick();

const GET_USERS = 'GET /public/v1/users';
const GET_CHANNELS = 'GET /public/v1/channels';
const PATCH_CHANNELS = 'PATCH /public/v1/channels';

const SLUG_RULE =
	'each must be a channel slug (up to 25 letters, digits, - or _) or a https://kick.com/<slug> URL';

describe('User › Get Many', () => {
	const getMany = (userIds?: string) => ({
		resource: 'user',
		operation: 'getMany',
		...(userIds === undefined ? {} : { userIds }),
	});

	test('without IDs: the credential’s own user, email included', async () => {
		const result = await runWith(fake(), getMany(), { scopes: ['user:read'] });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			{
				user_id: SEED.streamer,
				name: 'streamer',
				email: 'streamer@example.test',
				profile_picture: expect.stringContaining('/user/1001/'),
			},
		]);
		expect(requestsTo(fake(), GET_USERS).map((request) => request.query)).toEqual([{}]);
		expect(fake().violations).toEqual([]);
	});

	test('IDs go out once each as repeated keys (multi), one item per user', async () => {
		const result = await runWith(fake(), getMany('1002, 2001\n1002,2002'), {
			scopes: ['user:read'],
		});

		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((user) => user.name)).toEqual(['moderator', 'viewer1', 'viewer2']);
		// Kick's docs: no e-mail of other users; live Kick answers "" for it.
		if (fake().mode === 'recorded') expect(jsonOf(result)[0].email).toBe('');
		else expect(jsonOf(result)[0]).not.toHaveProperty('email');
		expect(requestsTo(fake(), GET_USERS)[0].query).toEqual({ id: ['1002', '2001', '2002'] });
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 0 },
		]);
		expect(fake().violations).toEqual([]);
	});

	test.each([
		['an ID that is not a number', '1002, bob', `'User IDs': must be a whole number (got "bob")`],
		['an ID below 1', '0', "'User IDs': must be at least 1 (got 0)"],
	])('refuses %s before any request', async (_case, userIds, message) => {
		const result = await runWith(fake(), getMany(userIds));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('without user:read the 403 names that scope', async () => {
		const result = await runWith(fake(), getMany(), { scopes: ['channel:read'] });

		expect(result.error?.message).toMatch(/^Kick refused the request \(403\)/);
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('user:read');
	});

	test('a revoked token that cannot be refreshed asks to reconnect the credential', async () => {
		const { accessToken } = fake().issueUserToken({ scopes: ['user:read'] });
		fake().state.accessTokens.get(accessToken)!.revoked = true;
		const result = await runWith(fake(), getMany(), {
			credentials: newCredentials(kickCredentialData({ accessToken })),
		});

		expect(result.output).toEqual([]);
		expect(result.error?.message).toMatch(
			/no refresh token is available\. Please reconnect the credentials/,
		);
		expect(requestsTo(fake(), GET_USERS).map((request) => request.status)).toEqual([401]);
	});

	test('continueOnFail: the bad item becomes an error item paired to it, the other is fetched', async () => {
		const result = await runWith(
			fake(),
			{ resource: 'user', operation: 'getMany', userIds: '={{ $json.ids }}' },
			{
				items: [{ ids: 'nope' }, { ids: '2003' }],
				node: { continueOnFail: true },
			},
		);

		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([
			{
				json: { error: `'User IDs': must be a whole number (got "nope")` },
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({ user_id: 2003, name: 'viewer3' }),
				pairedItem: { item: 1 },
			},
		]);
		expect(requestsTo(fake(), GET_USERS).map((request) => request.query)).toEqual([
			{ id: ['2003'] },
		]);
	});
});

describe('Channel › Get Many', () => {
	// Kick's answers as they are: Simplify (on by default in version 2) has its own tests.
	const mine = { resource: 'channel', operation: 'getMany', lookupBy: 'me', simplify: false };
	const byIds = (broadcasterUserIds: string) => ({
		resource: 'channel',
		operation: 'getMany',
		simplify: false,
		lookupBy: 'broadcasterUserId',
		broadcasterUserIds,
	});
	const bySlugs = (slugs: string) => ({
		resource: 'channel',
		operation: 'getMany',
		simplify: false,
		lookupBy: 'slug',
		slugs,
	});

	test('my channel includes the stream key and URL with streamkey:read', async () => {
		const result = await runWith(fake(), mine, { scopes: ['channel:read', 'streamkey:read'] });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(1);
		expect(jsonOf(result)[0]).toMatchObject({
			broadcaster_user_id: SEED.streamer,
			slug: 'streamer',
			stream: { key: 'sk_us-west-2_streamer_secret', url: expect.stringMatching(/^rtmps:\/\//) },
		});
		expect(requestsTo(fake(), GET_CHANNELS).map((request) => request.query)).toEqual([{}]);
		expect(fake().violations).toEqual([]);
	});

	test('my channel has no stream key without streamkey:read, nor does another channel with it', async () => {
		const withoutScope = await runWith(fake(), mine, { scopes: ['channel:read'] });
		expect(jsonOf(withoutScope)[0].stream).not.toHaveProperty('key');
		expect(jsonOf(withoutScope)[0].stream).not.toHaveProperty('url');

		const other = await runWith(fake(), bySlugs('chef'), {
			scopes: ['channel:read', 'streamkey:read'],
		});
		expect(jsonOf(other)[0]).toMatchObject({ slug: 'chef' });
		expect(jsonOf(other)[0].stream).not.toHaveProperty('key');
	});

	test('120 broadcaster IDs are sent in chunks of 50, 50 and 20 (multi)', async () => {
		const ids = [1001, 1003, ...Array.from({ length: 117 }, (_, i) => 3000 + i), 1004];
		const result = await runWith(fake(), byIds(ids.join(', ')), { scopes: ['channel:read'] });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((channel) => channel.slug)).toEqual([
			'streamer',
			'speedrunner',
			'chef',
		]);
		const requests = requestsTo(fake(), GET_CHANNELS);
		expect(requests.map((request) => request.query.broadcaster_user_id)).toEqual([
			ids.slice(0, 50).map(String),
			ids.slice(50, 100).map(String),
			ids.slice(100).map(String),
		]);
		expect(fake().violations).toEqual([]);
	});

	test('60 slugs and URLs, duplicates dropped, go out in chunks of 50 and 10', async () => {
		const ghosts = Array.from({ length: 57 }, (_, i) => `ghost-${i}`);
		const input = [
			'streamer',
			'https://kick.com/chef',
			'https://www.kick.com/speedrunner/',
			'https://kick.com/streamer',
			...ghosts,
		];
		const result = await runWith(fake(), bySlugs(input.join('\n')), { scopes: ['channel:read'] });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((channel) => channel.slug)).toEqual([
			'streamer',
			'chef',
			'speedrunner',
		]);
		const sent = requestsTo(fake(), GET_CHANNELS).map((request) => request.query.slug);
		expect(sent.map((slugs) => slugs.length)).toEqual([50, 10]);
		expect(sent.flat()).toEqual(['streamer', 'chef', 'speedrunner', ...ghosts]);
		expect(fake().violations).toEqual([]);
	});

	test.each([
		['no broadcaster IDs', byIds(' , '), "'Broadcaster User IDs': needs at least 1 value (got 0)"],
		[
			'a broadcaster ID that is not a number',
			byIds('1001, xqc'),
			`'Broadcaster User IDs': must be a whole number (got "xqc")`,
		],
		['no slugs', bySlugs(' '), "'Slugs': needs at least 1 value (got 0)"],
		[
			'a slug longer than 25 characters',
			bySlugs(`chef, ${'a'.repeat(26)}`),
			`'Slugs': ${SLUG_RULE} (got "${'a'.repeat(26)}")`,
		],
		[
			'a URL of another site',
			bySlugs('https://twitch.tv/chef'),
			`'Slugs': ${SLUG_RULE} (got "https://twitch.tv/chef")`,
		],
	])('refuses %s before any request', async (_case, parameters, message) => {
		const result = await runWith(fake(), parameters);

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('without channel:read the 403 names that scope', async () => {
		const result = await runWith(fake(), bySlugs('chef'), { scopes: ['user:read'] });

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('channel:read');
	});

	test('continueOnFail: the failing item becomes an error item paired to it, the other is fetched', async () => {
		const result = await runWith(fake(), bySlugs('={{ $json.slugs }}'), {
			items: [{ slugs: 'chef' }, { slugs: 'chef!' }],
			node: { continueOnFail: true },
			scopes: ['channel:read'],
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([
			{ json: expect.objectContaining({ slug: 'chef' }), pairedItem: { item: 0 } },
			{ json: { error: `'Slugs': ${SLUG_RULE} (got "chef!")` }, pairedItem: { item: 1 } },
		]);
		expect(requestsTo(fake(), GET_CHANNELS)).toHaveLength(1);
	});
});

describe('Channel › Update', () => {
	const update = (updateFields: Record<string, unknown>) => ({
		resource: 'channel',
		operation: 'update',
		updateFields,
	});

	test('changes title, category and tags of the credential’s channel', async () => {
		const result = await runWith(
			fake(),
			update({
				streamTitle: 'Rust wipe day',
				categoryId: resourceLocator('id', '6'),
				customTags: 'rust, english, rust',
			}),
			{ scopes: ['channel:write'] },
		);

		expect(result.error).toBeUndefined();
		const body = {
			category_id: 6,
			custom_tags: ['rust', 'english'],
			stream_title: 'Rust wipe day',
		};
		expect(jsonOf(result)).toEqual([{ success: true, ...body }]);
		expect(requestsTo(fake(), PATCH_CHANNELS).map((request) => request.body)).toEqual([body]);
		expect(fake().state.channel(SEED.streamer)).toMatchObject(body);
		expect(fake().violations).toEqual([]);
	});

	test('sends only the fields given', async () => {
		const result = await runWith(fake(), update({ streamTitle: 'Just the title' }));

		expect(jsonOf(result)).toEqual([{ success: true, stream_title: 'Just the title' }]);
		expect(requestsTo(fake(), PATCH_CHANNELS)[0].body).toEqual({ stream_title: 'Just the title' });
		expect(fake().state.channel(SEED.streamer)?.custom_tags).toEqual(['chill', 'english']);
	});

	test.each([
		['no field', {}, "'Category', 'Custom Tags', 'Stream Title': set at least one of these fields"],
		[
			'an empty title',
			{ streamTitle: '' },
			"'Stream Title': must be at least 1 character long (got 0)",
		],
		[
			'11 custom tags',
			{ customTags: Array.from({ length: 11 }, (_, i) => `tag${i}`).join(',') },
			"'Custom Tags': takes at most 10 values (got 11)",
		],
		[
			'a category ID that is not a number',
			{ categoryId: resourceLocator('id', '={{ "rust" }}') },
			`'Category': must be a whole number (got "rust")`,
		],
	])('refuses %s before any request', async (_case, fields, message) => {
		const result = await runWith(fake(), update(fields));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('an unknown category is Kick’s 400 with its message', async () => {
		const result = await runWith(fake(), update({ categoryId: resourceLocator('id', '99999') }));

		expect(result.error?.message).toBe('Kick answered 400: category_id 99999 does not exist');
		expect(fake().state.channel(SEED.streamer)?.category_id).toBe(1);
	});

	test('without channel:write the 403 names that scope', async () => {
		const result = await runWith(fake(), update({ streamTitle: 'nope' }), {
			scopes: ['channel:read'],
		});

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('channel:write');
		expect(fake().state.channel(SEED.streamer)?.stream_title).toBe(
			'Chill stream, chatting with you',
		);
	});

	test('continueOnFail: one title per item, the invalid one becomes an error item', async () => {
		const result = await runWith(fake(), update({ streamTitle: '={{ $json.title }}' }), {
			items: [{ title: '' }, { title: 'Second title' }],
			node: { continueOnFail: true },
		});

		expect(result.output).toEqual([
			{
				json: { error: "'Stream Title': must be at least 1 character long (got 0)" },
				pairedItem: { item: 0 },
			},
			{ json: { success: true, stream_title: 'Second title' }, pairedItem: { item: 1 } },
		]);
		expect(requestsTo(fake(), PATCH_CHANNELS)).toHaveLength(1);
		expect(fake().state.channel(SEED.streamer)?.stream_title).toBe('Second title');
	});
});
