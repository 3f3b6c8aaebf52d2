/**
 * The Kick node with Kick as it really answers (the fake's recorded mode) and as its docs say:
 * each error envelope reaches the user with Kick's words, the edge block gets its own advice,
 * Simplify turns an offline channel's zero values into null, and the v2 livestream list warns
 * when a full page comes back without a cursor.
 */
import type { IDataObject } from 'n8n-workflow';

import { ZERO_TIME } from '../fake-kick/recorded';
import { SEED } from '../fake-kick/state';
import type { KickRunResult } from '../support/engine';
import { jsonOf, requestsTo, runWith, useFakeKick } from './kick-operations';

const fake = useFakeKick();

const OFFLINE = 1005; // quietcaster: a title and a category set, not live

const hintsOf = (result: KickRunResult) =>
	result.run.data.resultData.runData.Kick?.[0]?.hints ?? [];

const retitle = {
	resource: 'channel',
	operation: 'update',
	updateFields: { streamTitle: 'New title' },
};

describe("Kick's words in errors, from each envelope", () => {
	test('a 400: the detail Kick gave, once', async () => {
		const result = await runWith(fake(), {
			resource: 'channel',
			operation: 'update',
			updateFields: { categoryId: { __rl: true, mode: 'id', value: '99999' } },
		});

		expect(result.error?.message).toBe('Kick answered 400: category_id 99999 does not exist');
		expect(result.error?.description ?? undefined).toBeUndefined();
	});

	test('the recorded 400 body as Kick sends it ({data: "<detail>", message: "Bad request"})', async () => {
		fake().failNext({
			method: 'PATCH',
			path: '/public/v1/channels',
			status: 400,
			body: { data: 'Channel not found', message: 'Bad request' },
		});
		const result = await runWith(fake(), retitle);

		expect(result.error?.message).toBe('Kick answered 400: Channel not found');
		expect(result.error?.httpCode).toBe('400');
	});

	test('a 401 that survives the refresh: rejected credential, with what Kick said', async () => {
		fake().failNext({
			method: 'PATCH',
			path: '/public/v1/channels',
			status: 401,
			times: 2,
			body: { data: {}, message: 'Unauthorized' },
		});
		const result = await runWith(fake(), retitle);

		expect(result.error?.message).toBe('Kick rejected the credential (401): Unauthorized');
		expect(result.error?.description).toContain('reconnect');
	});

	test("id.kick.com's RFC 6749 error: its description and code", async () => {
		fake().failNext({
			method: 'POST',
			path: '/oauth/revoke',
			status: 400,
			body: { error: 'invalid_request', error_description: 'token is malformed' },
		});
		const result = await runWith(fake(), {
			resource: 'token',
			operation: 'revoke',
			token: 'some-token',
			tokenTypeHint: 'access_token',
		});

		expect(result.error?.message).toBe('Kick answered 400: token is malformed (invalid_request)');
	});

	test("Kick's edge block: blocked by the edge, the reference to quote, try later; no scope hint", async () => {
		fake().blockAtEdge({ method: 'PATCH', path: '/public/v1/channels', reference: 'c0ffee42' });
		const result = await runWith(fake(), retitle, { scopes: ['channel:write'] });

		expect(result.error?.message).toBe(
			"Kick's edge network blocked the request (403): Request blocked by security policy. (reference c0ffee42)",
		);
		expect(result.error?.httpCode).toBe('403');
		const description = result.error?.description ?? '';
		expect(description).toContain('not about the credential, its token or its scopes');
		expect(description).toContain('Try again later');
		expect(description).toMatch(/quote the reference c0ffee42 and the cf-ray [0-9a-f]{16}-AMS/);
		expect(description).not.toContain('channel:write');
		expect(fake().state.channel(SEED.streamer)?.stream_title).not.toBe('New title');
	});

	test('a scope Kick refuses still names the scope', async () => {
		const result = await runWith(fake(), retitle, { scopes: ['channel:read'] });

		expect(result.error?.message).toMatch(/^Kick refused the request \(403\): missing scope/);
		expect(result.error?.description).toContain('the scope channel:write');
	});
});

describe('Channel › Get Many of an offline channel', () => {
	const channel = (simplify?: boolean) => ({
		resource: 'channel',
		operation: 'getMany',
		lookupBy: 'broadcasterUserId',
		broadcasterUserIds: String(OFFLINE),
		...(simplify === undefined ? {} : { simplify }),
	});

	test('Simplify: null where Kick answers zero values (recorded), the real values otherwise', async () => {
		const result = await runWith(fake(), channel());

		const [simplified] = jsonOf(result);
		if (fake().mode === 'recorded') {
			expect(simplified).toEqual({
				broadcaster_user_id: OFFLINE,
				slug: 'quietcaster',
				stream_title: null,
				category_id: null,
				category_name: null,
				is_live: false,
				viewer_count: 0,
				language: null,
				custom_tags: [],
				start_time: null,
			});
		} else {
			expect(simplified).toMatchObject({
				category_id: 1,
				category_name: 'Just Chatting',
				language: 'en',
				start_time: null, // Kick's docs: the same zero time while offline
				is_live: false,
			});
		}
	});

	test('Simplify off: the answer exactly as Kick gave it', async () => {
		const result = await runWith(fake(), channel(false));

		const answer = requestsTo(fake(), 'GET /public/v1/channels')[0].response as {
			data: IDataObject[];
		};
		expect(jsonOf(result)).toEqual(answer.data);
		expect((jsonOf(result)[0].stream as IDataObject).start_time).toBe(ZERO_TIME);
	});
});

describe('Livestream › Get Many (v2): a full page without a cursor', () => {
	const streams = (count: number) =>
		Array.from({ length: count }, (_, i) => ({ id: `stream-${i}`, title: `Stream ${i}` }));

	test('Return All: the run warns that Kick may hold more', async () => {
		fake().failNext({
			method: 'GET',
			path: '/public/v2/livestreams',
			status: 200,
			body: { data: streams(1000), message: 'OK' },
		});
		const result = await runWith(fake(), {
			resource: 'livestream',
			operation: 'getMany',
			returnAll: true,
			simplify: false,
		});

		expect(result.output).toHaveLength(1000);
		expect(hintsOf(result)).toEqual([
			{
				type: 'warning',
				message: expect.stringMatching(
					/^Kick answered a full page of 1000 without a cursor to the next one, so the list stopped after 1000 results; Kick may hold more/,
				),
			},
		]);
	});

	test('a page short of full, or a Limit reached, ends without a warning', async () => {
		const all = await runWith(fake(), {
			resource: 'livestream',
			operation: 'getMany',
			returnAll: true,
		});
		expect(all.output).toHaveLength(SEED.liveChannels.length);
		expect(hintsOf(all)).toEqual([]);

		const limited = await runWith(fake(), {
			resource: 'livestream',
			operation: 'getMany',
			limit: 2,
		});
		expect(limited.output).toHaveLength(2);
		expect(hintsOf(limited)).toEqual([]);
	});
});
