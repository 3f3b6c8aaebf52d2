import { seedUlid } from '../fake-kick/ids';
import type { Redemption } from '../fake-kick/state';
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

const LIST = 'GET /public/v1/channels/rewards/redemptions';
const ACCEPT = 'POST /public/v1/channels/rewards/redemptions/accept';
const REJECT = 'POST /public/v1/channels/rewards/redemptions/reject';
const WRITE = ['channel:rewards:write'];

/** Adds `count` pending Song Request redemptions (a reward this app created) and returns their ids. */
function addPendingRedemptions(count: number): string[] {
	const added: Redemption[] = Array.from({ length: count }, (_, i) => ({
		id: seedUlid(900, i + 1),
		reward_id: SEED.rewards.songRequest,
		broadcaster_user_id: SEED.streamer,
		redeemer_user_id: SEED.viewers[i % SEED.viewers.length],
		user_input: `https://youtu.be/extra${i}`,
		status: 'pending',
		redeemed_at: '2025-06-02T18:00:00Z',
	}));
	fake().state.redemptions.push(...added);
	return added.map((redemption) => redemption.id);
}

const redemptionsWith = (predicate: (redemption: Redemption) => boolean) =>
	fake().state.redemptions.filter(predicate);
const statusOf = (id: string) =>
	fake().state.redemptions.find((redemption) => redemption.id === id)?.status;

describe('Reward Redemption › Get Many', () => {
	const getMany = (fields: Record<string, unknown> = {}) => ({
		resource: 'rewardRedemption',
		operation: 'getMany',
		simplify: false,
		...fields,
	});

	test('Return All follows the cursor: one item per pending redemption, with its reward', async () => {
		const result = await runWith(fake(), getMany({ returnAll: true }), {
			scopes: ['channel:rewards:read'],
		});

		expect(result.error).toBeUndefined();
		const pending = redemptionsWith((redemption) => redemption.status === 'pending');
		expect(
			jsonOf(result)
				.map((item) => item.id)
				.sort(),
		).toEqual(pending.map((redemption) => redemption.id).sort());
		expect(jsonOf(result).every((item) => item.status === 'pending')).toBe(true);
		const hydrate = jsonOf(result).find(
			(item) => (item.reward as { id: string }).id === SEED.rewards.hydrate,
		);
		expect(hydrate?.reward).toMatchObject({ title: 'Hydrate!', cost: 50, can_manage: false });
		const pages = requestsTo(fake(), LIST);
		expect(pages).toHaveLength(2);
		expect(pages[1].query.cursor).toHaveLength(1);
		expect(fake().violations).toEqual([]);
	});

	test.each([
		[10, 1],
		[25, 1],
		[30, 2],
	])('Limit %i returns exactly that many, in %i request(s)', async (limit, requests) => {
		const result = await runWith(fake(), getMany({ returnAll: false, limit }));

		expect(result.output).toHaveLength(limit);
		expect(requestsTo(fake(), LIST)).toHaveLength(requests);
	});

	test('filters by reward (from the list) and status', async () => {
		const result = await runWith(
			fake(),
			getMany({
				returnAll: true,
				filters: {
					rewardId: resourceLocator('list', SEED.rewards.songRequest),
					status: 'accepted',
				},
			}),
		);

		expect(requestsTo(fake(), LIST)[0].query).toEqual({
			reward_id: [SEED.rewards.songRequest],
			status: ['accepted'],
		});
		expect(jsonOf(result).map((item) => item.status)).toEqual(['accepted', 'accepted']);
		expect(fake().violations).toEqual([]);
	});

	test('filters by redemption IDs, sent as repeated id parameters', async () => {
		const [first, second] = redemptionsWith((redemption) => redemption.status !== 'pending');
		const result = await runWith(
			fake(),
			getMany({ returnAll: true, filters: { ids: `${first.id}, ${second.id}, ${first.id}` } }),
		);

		expect(requestsTo(fake(), LIST)[0].query).toEqual({ id: [first.id, second.id] });
		expect(jsonOf(result).map((item) => item.id)).toEqual([first.id, second.id]);
		expect(fake().violations).toEqual([]);
	});

	test.each([
		[
			'Status',
			{ status: 'pending' },
			"'Redemption IDs': cannot be combined with 'Status': Kick allows no other filter when filtering by redemption IDs",
		],
		[
			'Reward',
			{ rewardId: resourceLocator('id', SEED.rewards.hydrate) },
			"'Redemption IDs': cannot be combined with 'Reward': Kick allows no other filter when filtering by redemption IDs",
		],
	])('refuses IDs mixed with %s before any request', async (_filter, other, message) => {
		const result = await runWith(
			fake(),
			getMany({ returnAll: true, filters: { ids: seedUlid(101, 1), ...other } }),
		);

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('refuses an ID that is not a ULID', async () => {
		const result = await runWith(fake(), getMany({ filters: { ids: 'not-an-id' } }));

		expect(result.error?.message).toBe(
			`'Redemption IDs': each ID must be a Kick redemption ID (a ULID) (got "not-an-id")`,
		);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('a token with neither rewards scope gets a 403 naming both', async () => {
		const result = await runWith(fake(), getMany(), { scopes: ['chat:write'] });

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('channel:rewards:read or channel:rewards:write');
	});
});

describe('Reward Redemption › Accept / Reject', () => {
	const decide = (operation: 'accept' | 'reject', ids: string) => ({
		resource: 'rewardRedemption',
		operation,
		ids,
	});

	test('60 IDs go out as 25 + 25 + 10, one output item each', async () => {
		const ids = addPendingRedemptions(60);
		const result = await runWith(fake(), decide('accept', ids.join(',')), { scopes: WRITE });

		expect(result.error).toBeUndefined();
		expect(
			requestsTo(fake(), ACCEPT).map((request) => (request.body as { ids: string[] }).ids.length),
		).toEqual([25, 25, 10]);
		expect(
			requestsTo(fake(), ACCEPT).flatMap((request) => (request.body as { ids: string[] }).ids),
		).toEqual(ids);
		expect(jsonOf(result)).toEqual(ids.map((id) => ({ id, accepted: true })));
		expect(ids.every((id) => statusOf(id) === 'accepted')).toBe(true);
		expect(fake().violations).toEqual([]);
	});

	test('when a later request fails, the error lists the IDs earlier requests already accepted', async () => {
		const ids = addPendingRedemptions(60);
		fake().failNext({
			method: 'POST',
			path: '/public/v1/channels/rewards/redemptions/accept',
			status: 500,
			after: 1,
		});
		const result = await runWith(fake(), decide('accept', ids.join(',')), { scopes: WRITE });

		expect(result.output).toEqual([]);
		expect(result.error?.message).toMatch(/^Kick answered 500/);
		expect(result.error?.description).toContain(
			`Kick had already accepted 25 of the IDs in earlier requests: ${ids.slice(0, 25).join(', ')}.`,
		);
		expect(ids.filter((id) => statusOf(id) === 'accepted')).toEqual(ids.slice(0, 25));
		expect(requestsTo(fake(), ACCEPT)).toHaveLength(2);
	});

	test('100 IDs from an expression array take exactly 4 requests', async () => {
		const ids = addPendingRedemptions(100);
		const result = await runWith(fake(), decide('reject', '={{ $json.ids }}'), {
			scopes: WRITE,
			items: [{ ids }],
		});

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), REJECT)).toHaveLength(4);
		expect(result.output).toHaveLength(100);
		expect(jsonOf(result).every((item) => item.rejected === true)).toBe(true);
		expect(ids.every((id) => statusOf(id) === 'rejected')).toBe(true);
		expect(result.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
		expect(fake().violations).toEqual([]);
	});

	test('each ID says whether Kick applied it, and why not (Kick only returns the failures)', async () => {
		const pending = redemptionsWith(
			(r) => r.reward_id === SEED.rewards.songRequest && r.status === 'pending',
		)[0].id;
		const alreadyAccepted = redemptionsWith((r) => r.status === 'accepted')[0].id;
		const otherApps = redemptionsWith((r) => r.reward_id === SEED.rewards.hydrate)[0].id;
		const unknown = seedUlid(999, 1);
		const field = `${pending}\n${alreadyAccepted},${otherApps}, ${unknown}, ${pending}`;
		const result = await runWith(fake(), decide('reject', field), { scopes: WRITE });

		expect(jsonOf(result)).toEqual([
			{ id: pending, rejected: true },
			{ id: alreadyAccepted, rejected: false, reason: 'NOT_PENDING' },
			{ id: otherApps, rejected: false, reason: 'NOT_OWNED' },
			{ id: unknown, rejected: false, reason: 'NOT_FOUND' },
		]);
		expect(requestsTo(fake(), REJECT).map((request) => request.body)).toEqual([
			{ ids: [pending, alreadyAccepted, otherApps, unknown] },
		]);
		expect([statusOf(pending), statusOf(alreadyAccepted), statusOf(otherApps)]).toEqual([
			'rejected',
			'accepted',
			'pending',
		]);
	});

	test.each([
		[
			'no IDs (from an expression)',
			'={{ "" }}',
			"'Redemption IDs': needs at least 1 value (got 0)",
		],
		[
			'an ID that is not a ULID',
			`${seedUlid(101, 1)}, 42`,
			`'Redemption IDs': each ID must be a Kick redemption ID (a ULID) (got "42")`,
		],
	])('refuses %s before any request', async (_case, ids, message) => {
		const result = await runWith(fake(), decide('accept', ids));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('a 429 with Retry-After is retried and the batch goes through once', async () => {
		const ids = addPendingRedemptions(3);
		fake().failNext({
			method: 'POST',
			path: '/public/v1/channels/rewards/redemptions/accept',
			status: 429,
			headers: { 'Retry-After': '0' },
		});
		const result = await runWith(fake(), decide('accept', ids.join(',')), { scopes: WRITE });

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), ACCEPT).map((request) => request.status)).toEqual([429, 200]);
		expect(jsonOf(result)).toEqual(ids.map((id) => ({ id, accepted: true })));
	});

	test('without channel:rewards:write the 403 names it and nothing changes', async () => {
		const [id] = addPendingRedemptions(1);
		const result = await runWith(fake(), decide('accept', id), {
			scopes: ['channel:rewards:read'],
		});

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('channel:rewards:write');
		expect(statusOf(id)).toBe('pending');
	});
});
