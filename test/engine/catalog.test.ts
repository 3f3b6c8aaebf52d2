import type { IDataObject } from 'n8n-workflow';

import { SEED } from '../fake-kick/state';
import { kickCredentialData, newCredentials } from '../support/engine';
import {
	apiRequests,
	jsonOf,
	requestsTo,
	resourceLocator,
	runWith,
	useFakeKick,
	userCredentials,
} from './kick-operations';

const fake = useFakeKick();

const GET_CATEGORIES_V2 = 'GET /public/v2/categories';
const SEARCH_CATEGORIES = 'GET /public/v1/categories';
const GET_CATEGORY = 'GET /public/v1/categories/{category_id}';
const GET_LIVESTREAMS = 'GET /public/v1/livestreams';
const GET_LIVESTREAMS_V2 = 'GET /public/v2/livestreams';
const GET_LIVESTREAM_STATS = 'GET /public/v1/livestreams/stats';
const GET_LEADERBOARD = 'GET /public/v1/kicks/leaderboard';
const GET_PUBLIC_KEY = 'GET /public/v1/public-key';
const INTROSPECT = 'POST /oauth/token/introspect';
const INTROSPECT_DEPRECATED = 'POST /public/v1/token/introspect';
const REVOKE = 'POST /oauth/revoke';

const operation = (resource: string, name: string, fields: Record<string, unknown> = {}) => ({
	resource,
	operation: name,
	...fields,
});
const idsOf = (items: Array<{ [key: string]: unknown }>, key: string) =>
	items.map((item) => item[key]);

describe('Category › Get Many', () => {
	const getMany = (fields: Record<string, unknown>) => operation('category', 'getMany', fields);

	test('Return All over 2,600 categories takes exactly 3 requests of 1000', async () => {
		const result = await runWith(fake(), getMany({ returnAll: true }));

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(SEED.categoryCount);
		expect(result.output[0].json).toMatchObject({
			id: 1,
			name: 'Just Chatting',
			tags: ['IRL', 'Talk'],
		});
		expect(new Set(idsOf(jsonOf(result), 'id')).size).toBe(SEED.categoryCount);
		const requests = requestsTo(fake(), GET_CATEGORIES_V2);
		expect(requests.map((request) => request.query.limit)).toEqual([['1000'], ['1000'], ['1000']]);
		expect(requests[0].query.cursor).toBeUndefined();
		expect(requests[1].query.cursor).toHaveLength(1);
		expect(result.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
		expect(fake().violations).toEqual([]);
	});

	test('Limit 1500 stops exactly there: a full page, then only the 500 still needed', async () => {
		const result = await runWith(fake(), getMany({ returnAll: false, limit: 1500 }));

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1500);
		expect(result.output.at(-1)?.json.id).toBe(1500);
		expect(requestsTo(fake(), GET_CATEGORIES_V2).map((request) => request.query.limit)).toEqual([
			['1000'],
			['500'],
		]);
		expect(fake().violations).toEqual([]);
	});

	test('the default Limit of 50 asks for one page of 50', async () => {
		const result = await runWith(fake(), getMany({}));

		expect(result.output).toHaveLength(50);
		expect(requestsTo(fake(), GET_CATEGORIES_V2).map((request) => request.query)).toEqual([
			{ limit: ['50'] },
		]);
	});

	test('names and tags go out as one comma-separated value each (csv), names may hold spaces', async () => {
		const byName = await runWith(
			fake(),
			getMany({ returnAll: true, filters: { names: 'Just Chatting, Rust' } }),
		);

		expect(byName.error).toBeUndefined();
		expect(idsOf(jsonOf(byName), 'name')).toEqual(['Just Chatting', 'Rust']);
		expect(requestsTo(fake(), GET_CATEGORIES_V2)[0].query).toEqual({
			name: ['Just Chatting,Rust'],
			limit: ['1000'],
		});

		fake().requests.length = 0;
		const byTag = await runWith(
			fake(),
			getMany({ returnAll: true, filters: { tags: 'FPS\nShooter' } }),
		);
		expect(idsOf(jsonOf(byTag), 'name')).toEqual([
			'Counter-Strike 2',
			'Rust',
			'Fortnite',
			'VALORANT',
		]);
		expect(requestsTo(fake(), GET_CATEGORIES_V2)[0].query.tag).toEqual(['FPS,Shooter']);
		expect(fake().violations).toEqual([]);
	});

	test('IDs go out as one comma-separated value', async () => {
		const result = await runWith(
			fake(),
			getMany({ returnAll: true, filters: { ids: '6, 2600\n15' } }),
		);

		expect(result.error).toBeUndefined();
		expect(idsOf(jsonOf(result), 'id')).toEqual([6, 15, 2600]);
		expect(requestsTo(fake(), GET_CATEGORIES_V2)[0].query.id).toEqual(['6,2600,15']);
		expect(fake().violations).toEqual([]);
	});

	test.each([
		[
			'a name shorter than 3 characters',
			{ names: 'Rust, GT' },
			"'Names': must be at least 3 characters long (got 2)",
		],
		[
			'a tag longer than 100 characters',
			{ tags: 'x'.repeat(101) },
			"'Tags': must be at most 100 characters long (got 101)",
		],
		['an ID that is not a number', { ids: '6, abc' }, `'IDs': must be a whole number (got "abc")`],
		['an ID below 1', { ids: '0' }, "'IDs': must be at least 1 (got 0)"],
		[
			'IDs together with names',
			{ ids: '6', names: 'Rust' },
			"'IDs': cannot be combined with 'Names' or 'Tags' (Kick filters by IDs or by names and tags)",
		],
	])('refuses %s before any request', async (_case, filters, message) => {
		const result = await runWith(fake(), getMany({ returnAll: true, filters }));

		expect(result.error?.message).toBe(message);
		expect(result.output).toEqual([]);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('Category › Search (deprecated)', () => {
	const search = (fields: Record<string, unknown>) => operation('category', 'search', fields);

	test('Return All follows pages of 100 until a short page', async () => {
		// "Game 2000" … "Game 2600": 601 hits, 7 pages.
		const result = await runWith(fake(), search({ q: 'Game 2', returnAll: true }));

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(601);
		expect(result.output[0].json).toEqual(expect.objectContaining({ id: 2000, name: 'Game 2000' }));
		const requests = requestsTo(fake(), SEARCH_CATEGORIES);
		expect(requests.map((request) => request.query)).toEqual(
			[1, 2, 3, 4, 5, 6, 7].map((page) => ({ q: ['Game 2'], page: [String(page)] })),
		);
		expect(fake().violations).toEqual([]);
	});

	test('Limit 150 stops after the second page and returns exactly 150', async () => {
		const result = await runWith(fake(), search({ q: 'Game 2', limit: 150 }));

		expect(result.output).toHaveLength(150);
		expect(requestsTo(fake(), SEARCH_CATEGORIES)).toHaveLength(2);
	});

	test('Limit 100 needs one page only', async () => {
		const result = await runWith(fake(), search({ q: 'Game 2', limit: 100 }));

		expect(result.output).toHaveLength(100);
		expect(requestsTo(fake(), SEARCH_CATEGORIES)).toHaveLength(1);
	});

	test('an empty search query is refused before any request', async () => {
		const result = await runWith(fake(), search({ q: '   ' }));

		expect(result.error?.message).toBe("'Search Query': must be at least 1 character long (got 0)");
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('Category › Get (deprecated)', () => {
	const get = (categoryId: unknown) => operation('category', 'get', { categoryId });

	test('gets one category by ID or from the list', async () => {
		const byId = await runWith(fake(), get(resourceLocator('id', '6')));

		expect(byId.error).toBeUndefined();
		expect(jsonOf(byId)).toEqual([
			expect.objectContaining({
				id: 6,
				name: 'Rust',
				tags: ['FPS', 'Shooter', 'Adventure', 'Survival'],
			}),
		]);
		expect(jsonOf(byId)[0]).toHaveProperty('viewer_count');

		const fromList = await runWith(fake(), get(resourceLocator('list', '1')));
		expect(jsonOf(fromList)[0].name).toBe('Just Chatting');
		expect(requestsTo(fake(), GET_CATEGORY).map((request) => request.path)).toEqual([
			'/public/v1/categories/6',
			'/public/v1/categories/1',
		]);
		expect(fake().violations).toEqual([]);
	});

	test('an unknown category is a 404 with Kick’s message', async () => {
		const result = await runWith(fake(), get(resourceLocator('id', '99999')));

		expect(result.error?.message).toMatch(
			/^Kick could not find it \(404\): category 99999 not found/,
		);
		expect(result.error?.httpCode).toBe('404');
	});

	// Expressions get past n8n's own checks of the field, so the node must check what they resolve to.
	test.each([
		['no category', '={{ "" }}', "'Category': choose a category"],
		[
			'a category ID that is not a number',
			'={{ "rust" }}',
			`'Category': must be a whole number (got "rust")`,
		],
	])('refuses %s before any request', async (_case, expression, message) => {
		const result = await runWith(fake(), get(resourceLocator('id', expression)));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('continueOnFail: the unknown category becomes an error item paired to it, the other is returned', async () => {
		const result = await runWith(fake(), get(resourceLocator('id', '={{ $json.id }}')), {
			items: [{ id: 99999 }, { id: 3 }],
			node: { continueOnFail: true },
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		expect(result.output[0]).toMatchObject({
			json: { error: expect.stringMatching(/^Kick could not find it \(404\)/), httpCode: '404' },
			pairedItem: { item: 0 },
		});
		expect(result.output[1]).toMatchObject({
			json: { id: 3, name: 'Grand Theft Auto V' },
			pairedItem: { item: 1 },
		});
		expect(requestsTo(fake(), GET_CATEGORY)).toHaveLength(2);
	});
});

describe('Livestream › Get Many in node version 1 (Kick’s v1 list, as before)', () => {
	const getMany = (fields: Record<string, unknown>) => operation('livestream', 'getMany', fields);
	const runV1 = (parameters: IDataObject) =>
		runWith(fake(), parameters, { node: { typeVersion: 1 } });
	const slugs = (result: { output: Array<{ json: { [key: string]: unknown } }> }) =>
		result.output.map((item) => item.json.slug);

	test('lists live streams by viewers, asking Kick for the Limit', async () => {
		const result = await runV1(getMany({ limit: 2 }));

		expect(result.error).toBeUndefined();
		expect(slugs(result)).toEqual(['speedrunner', 'streamer']);
		expect(requestsTo(fake(), GET_LIVESTREAMS).map((request) => request.query)).toEqual([
			{ limit: ['2'] },
		]);
		expect(fake().violations).toEqual([]);
	});

	test('Return All asks for Kick’s maximum of 100 in one request', async () => {
		const result = await runV1(getMany({ returnAll: true, filters: { sort: 'started_at' } }));

		expect(slugs(result)).toEqual(['chef', 'streamer', 'speedrunner']);
		expect(requestsTo(fake(), GET_LIVESTREAMS).map((request) => request.query)).toEqual([
			{ limit: ['100'], sort: ['started_at'] },
		]);
	});

	test('broadcaster IDs go out as repeated keys (multi), with category and language', async () => {
		const result = await runV1(
			getMany({
				returnAll: true,
				filters: {
					broadcasterUserIds: '1001, 1004\n1003,1001',
					categoryId: resourceLocator('id', '1'),
					language: ' es ',
				},
			}),
		);

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({ broadcaster_user_id: 1004, slug: 'chef', language: 'es' }),
		]);
		expect(requestsTo(fake(), GET_LIVESTREAMS)[0].query).toEqual({
			limit: ['100'],
			broadcaster_user_id: ['1001', '1004', '1003'],
			category_id: ['1'],
			language: ['es'],
		});
		expect(fake().violations).toEqual([]);
	});

	test.each([
		[
			'51 broadcaster IDs',
			{ filters: { broadcasterUserIds: Array.from({ length: 51 }, (_, i) => 3000 + i).join(',') } },
			"'Broadcaster User IDs': takes at most 50 values (got 51)",
		],
		[
			'a broadcaster ID that is not a number',
			{ filters: { broadcasterUserIds: '1001, xqc' } },
			`'Broadcaster User IDs': must be a whole number (got "xqc")`,
		],
		['a Limit over 100', { limit: 101 }, "'Limit': must be at most 100 (got 101)"],
		[
			'a category ID that is not a number',
			{ filters: { categoryId: resourceLocator('id', 'slots') } },
			`'Category': must be a whole number (got "slots")`,
		],
	])('refuses %s before any request', async (_case, fields, message) => {
		const result = await runV1(getMany(fields));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('Livestream › Get Many (node version 2: Kick’s v2 list)', () => {
	// Kick's answers as they are: Simplify (on by default) has its own tests.
	const getMany = (fields: Record<string, unknown>) =>
		operation('livestream', 'getMany', { simplify: false, ...fields });
	const slugs = (result: { output: Array<{ json: { [key: string]: unknown } }> }) =>
		result.output.map((item) => (item.json.channel as { slug: string }).slug);

	/** Adds live channels, started one minute apart after the seeded ones. */
	function goLive(count: number, overrides: { language?: string; category_id?: number } = {}) {
		const base = fake().state.channels[0];
		for (let i = 0; i < count; i++) {
			fake().state.channels.push({
				...base,
				broadcaster_user_id: 50_000 + i,
				channel_id: 90_000 + i,
				slug: `live-${i}`,
				is_live: true,
				language: overrides.language ?? 'de',
				category_id: overrides.category_id ?? 2,
				start_time: new Date(Date.UTC(2025, 5, 2, 0, i)).toISOString().replace('.000Z', 'Z'),
			});
		}
	}

	test('lists live streams oldest first, asking Kick for the Limit, every field passed through', async () => {
		const result = await runWith(fake(), getMany({ limit: 2 }));

		expect(result.error).toBeUndefined();
		expect(slugs(result)).toEqual(['speedrunner', 'streamer']);
		expect(jsonOf(result)[0]).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			title: 'Any% world record attempts',
			language_code: 'en',
			tags: ['speedrun'],
			broadcaster_user: { id: 1003, username: 'speedrunner', profile_picture: expect.any(String) },
			channel: { slug: 'speedrunner' },
			category: expect.objectContaining({ id: 3 }),
			viewer_count: 5400,
			has_mature_content: false,
			started_at: '2025-06-01T16:30:00Z',
			thumbnail: expect.any(String),
		});
		expect(requestsTo(fake(), GET_LIVESTREAMS_V2).map((request) => request.query)).toEqual([
			{ limit: ['2'] },
		]);
		expect(requestsTo(fake(), GET_LIVESTREAMS)).toEqual([]);
		expect(fake().violations).toEqual([]);
	});

	test('Return All follows the cursor with pages of 1000: 2,503 streams in 3 requests', async () => {
		goLive(2500);
		const result = await runWith(fake(), getMany({ returnAll: true }));

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2503);
		expect(new Set(jsonOf(result).map((stream) => stream.id)).size).toBe(2503);
		const requests = requestsTo(fake(), GET_LIVESTREAMS_V2);
		expect(requests.map((request) => request.query.limit)).toEqual([['1000'], ['1000'], ['1000']]);
		const cursors = requests.map((request) => request.query.cursor);
		expect(cursors[0]).toBeUndefined();
		expect(cursors.slice(1).map((cursor) => cursor?.length)).toEqual([1, 1]);
		expect(cursors[1]).not.toEqual(cursors[2]);
		expect(fake().violations).toEqual([]);
	});

	test('Limit 1200 stops exactly there: a full page, then the 200 still needed', async () => {
		goLive(1500);
		const result = await runWith(fake(), getMany({ limit: 1200 }));

		expect(result.output).toHaveLength(1200);
		expect(requestsTo(fake(), GET_LIVESTREAMS_V2).map((request) => request.query.limit)).toEqual([
			['1000'],
			['200'],
		]);
	});

	test('category IDs and language codes go out as repeated keys, once each', async () => {
		goLive(3, { language: 'es', category_id: 7 });
		const result = await runWith(
			fake(),
			getMany({
				returnAll: true,
				filters: { categoryIds: '1, 7\n1', languageCodes: 'es, pt\n es ' },
			}),
		);

		expect(result.error).toBeUndefined();
		expect(slugs(result)).toEqual(['chef', 'live-0', 'live-1', 'live-2']);
		expect(requestsTo(fake(), GET_LIVESTREAMS_V2)[0].query).toEqual({
			limit: ['1000'],
			category_id: ['1', '7'],
			language_code: ['es', 'pt'],
		});
		expect(fake().violations).toEqual([]);
	});

	test('an app access token lists livestreams too', async () => {
		const { accessToken } = fake().issueAppToken();
		const credentials = newCredentials(
			kickCredentialData({ grantType: 'clientCredentials', accessToken }),
		);
		const result = await runWith(fake(), getMany({ limit: 1 }), { credentials });

		expect(result.error).toBeUndefined();
		expect(slugs(result)).toEqual(['speedrunner']);
	});

	test.each([
		[
			'26 category IDs',
			{ filters: { categoryIds: Array.from({ length: 26 }, (_, i) => i + 1).join(',') } },
			"'Category IDs': takes at most 25 values (got 26)",
		],
		[
			'a category ID that is not a number',
			{ filters: { categoryIds: '15, rust' } },
			`'Category IDs': must be a whole number (got "rust")`,
		],
		[
			'26 language codes',
			{ filters: { languageCodes: Array.from({ length: 26 }, (_, i) => `l${i}`).join(',') } },
			"'Language Codes': takes at most 25 values (got 26)",
		],
	])('refuses %s before any request', async (_case, fields, message) => {
		const result = await runWith(fake(), getMany(fields));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('Livestream › Get Many V1 (Deprecated) in node version 2', () => {
	test('is Kick’s v1 list: sorted by viewers, filtered by broadcaster', async () => {
		const result = await runWith(
			fake(),
			operation('livestream', 'getManyV1', {
				limit: 5,
				filters: { broadcasterUserIds: '1001, 1003' },
			}),
		);

		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.slug)).toEqual(['speedrunner', 'streamer']);
		expect(requestsTo(fake(), GET_LIVESTREAMS)[0].query).toEqual({
			limit: ['5'],
			broadcaster_user_id: ['1001', '1003'],
		});
		expect(fake().violations).toEqual([]);
	});

	test('sorts by what its Sort collection says (by start time here)', async () => {
		const result = await runWith(
			fake(),
			operation('livestream', 'getManyV1', { limit: 5, sort: { by: 'started_at' } }),
		);

		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.slug)).toEqual([
			'chef',
			'streamer',
			'speedrunner',
		]);
		expect(requestsTo(fake(), GET_LIVESTREAMS)[0].query).toEqual({
			limit: ['5'],
			sort: ['started_at'],
		});
		expect(fake().violations).toEqual([]);
	});

	test('does not exist in node version 1, where Get Many is the v1 list', async () => {
		const result = await runWith(fake(), operation('livestream', 'getManyV1'), {
			node: { typeVersion: 1 },
		});

		expect(result.error?.message).toBe(
			'The operation "getManyV1" of "livestream" is not supported',
		);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('Livestream › Get Stats', () => {
	test('returns the number of live streams as one item', async () => {
		const result = await runWith(fake(), operation('livestream', 'getStats'));

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ total_count: 3 }]);
		expect(requestsTo(fake(), GET_LIVESTREAM_STATS)).toHaveLength(1);
		expect(fake().violations).toEqual([]);
	});
});

describe('KICKs › Get Leaderboard', () => {
	const leaderboard = (fields: Record<string, unknown>) =>
		operation('kicks', 'getLeaderboard', fields);

	test('one item per entry, each with its period', async () => {
		const result = await runWith(fake(), leaderboard({ top: 2 }), { scopes: ['kicks:read'] });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map(({ period, user_id, rank }) => ({ period, user_id, rank }))).toEqual([
			{ period: 'lifetime', user_id: 2001, rank: 1 },
			{ period: 'lifetime', user_id: 2002, rank: 2 },
			{ period: 'month', user_id: 2005, rank: 1 },
			{ period: 'month', user_id: 2004, rank: 2 },
			{ period: 'week', user_id: 2005, rank: 1 },
			{ period: 'week', user_id: 2004, rank: 2 },
		]);
		expect(jsonOf(result)[0]).toEqual({
			period: 'lifetime',
			gifted_amount: 1110,
			rank: 1,
			user_id: 2001,
			username: 'viewer1',
		});
		expect(requestsTo(fake(), GET_LEADERBOARD).map((request) => request.query)).toEqual([
			{ top: ['2'] },
		]);
		expect(fake().violations).toEqual([]);
	});

	test('keeps only the chosen period', async () => {
		const result = await runWith(fake(), leaderboard({ top: 100, period: 'week' }));

		expect(jsonOf(result).map(({ period, gifted_amount }) => ({ period, gifted_amount }))).toEqual(
			[50, 40, 30, 20, 10].map((amount) => ({ period: 'week', gifted_amount: amount })),
		);
	});

	test('without kicks:read the 403 names that scope', async () => {
		const result = await runWith(fake(), leaderboard({ top: 10 }), { scopes: ['user:read'] });

		expect(result.error?.message).toMatch(/^Kick refused the request \(403\)/);
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('kicks:read');
	});

	test.each([
		[0, "'Top': must be at least 1 (got 0)"],
		[101, "'Top': must be at most 100 (got 101)"],
	])('refuses Top %s before any request', async (top, message) => {
		const result = await runWith(fake(), leaderboard({ top }));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('Public Key › Get', () => {
	test('returns the PEM as one item', async () => {
		const result = await runWith(fake(), operation('publicKey', 'get'), { scopes: [] });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ public_key: fake().publicKeyPem }]);
		expect(String(jsonOf(result)[0].public_key)).toMatch(/^-----BEGIN PUBLIC KEY-----/);
		expect(requestsTo(fake(), GET_PUBLIC_KEY)).toHaveLength(1);
		expect(fake().violations).toEqual([]);
	});

	test('a Kick failure is reported with its status', async () => {
		fake().setPublicKeyFailure(true);
		const result = await runWith(fake(), operation('publicKey', 'get'));

		expect(result.error?.message).toMatch(/^Kick answered 500/);
		expect(result.error?.httpCode).toBe('500');
	});
});

describe('Token › Introspect', () => {
	const introspect = (options: Record<string, unknown> = {}) =>
		operation('token', 'introspect', { options });

	test('asks id.kick.com about the credential’s token', async () => {
		const result = await runWith(fake(), introspect(), { scopes: ['chat:write', 'user:read'] });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			{
				active: true,
				client_id: fake().client.clientId,
				exp: expect.any(Number),
				scope: 'chat:write user:read',
				token_type: 'user',
			},
		]);
		const [request] = requestsTo(fake(), INTROSPECT);
		expect(request.host).toBe('id.kick.com');
		expect(requestsTo(fake(), INTROSPECT_DEPRECATED)).toEqual([]);
		expect(fake().violations).toEqual([]);
	});

	test('Use Deprecated Endpoint asks api.kick.com instead', async () => {
		const result = await runWith(fake(), introspect({ useDeprecatedEndpoint: true }), {
			scopes: ['kicks:read'],
		});

		expect(jsonOf(result)).toEqual([
			expect.objectContaining({ active: true, scope: 'kicks:read', token_type: 'user' }),
		]);
		const [request] = requestsTo(fake(), INTROSPECT_DEPRECATED);
		expect(request.host).toBe('api.kick.com');
		expect(requestsTo(fake(), INTROSPECT)).toEqual([]);
		expect(fake().violations).toEqual([]);
	});
});

describe('Token › Revoke', () => {
	const revoke = (token: string, tokenTypeHint?: string) =>
		operation('token', 'revoke', {
			token,
			...(tokenTypeHint === undefined ? {} : { tokenTypeHint }),
		});

	test('revokes an access token, sending it and the hint as query parameters', async () => {
		const other = fake().issueUserToken({ scopes: ['chat:write'] });
		const result = await runWith(fake(), revoke(other.accessToken, 'access_token'));

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ success: true, tokenTypeHint: 'access_token' }]);
		const [request] = requestsTo(fake(), REVOKE);
		expect(request.host).toBe('id.kick.com');
		expect(request.query).toEqual({
			token: [other.accessToken],
			token_type_hint: ['access_token'],
		});
		expect(fake().state.accessTokens.get(other.accessToken)?.revoked).toBe(true);
		expect(fake().violations).toEqual([]);
	});

	test('revokes a refresh token without a hint', async () => {
		const other = fake().issueUserToken();
		const result = await runWith(fake(), revoke(other.refreshToken));

		expect(jsonOf(result)).toEqual([{ success: true }]);
		expect(requestsTo(fake(), REVOKE)[0].query).toEqual({ token: [other.refreshToken] });
		expect(fake().state.refreshTokens.get(other.refreshToken)?.revoked).toBe(true);
	});

	test('an empty token is refused before any request', async () => {
		const { credentials } = userCredentials(fake());
		const result = await runWith(fake(), revoke('  ', 'refresh_token'), { credentials });

		expect(result.error?.message).toBe("'Token': must be at least 1 character long (got 0)");
		expect(fake().requests).toEqual([]);
	});

	test('continueOnFail: a failing revoke becomes an error item, the other token is still revoked', async () => {
		const first = fake().issueUserToken();
		const second = fake().issueUserToken();
		fake().failNext({
			method: 'POST',
			path: '/oauth/revoke',
			status: 500,
			body: { message: 'revocation store unavailable', data: null },
		});
		const result = await runWith(fake(), revoke('={{ $json.token }}', 'access_token'), {
			items: [{ token: first.accessToken }, { token: second.accessToken }],
			node: { continueOnFail: true },
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([
			{
				json: {
					// Kick's words are in the message: no description repeating them.
					error: 'Kick answered 500: revocation store unavailable',
					httpCode: '500',
				},
				pairedItem: { item: 0 },
			},
			{ json: { success: true, tokenTypeHint: 'access_token' }, pairedItem: { item: 1 } },
		]);
		expect(fake().state.accessTokens.get(first.accessToken)?.revoked).toBe(false);
		expect(fake().state.accessTokens.get(second.accessToken)?.revoked).toBe(true);
	});
});
