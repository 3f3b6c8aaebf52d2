import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { SEED } from '../fake-kick/state';
import { Kick } from '../../nodes/Kick/Kick.node';
import {
	apiRequests,
	jsonOf,
	requestsTo,
	resourceLocator,
	runWith,
	useFakeKick,
} from './kick-operations';

const fake = useFakeKick();

const WRITE = ['channel:rewards:write'];
const reward = (fields: Record<string, unknown>) => ({ resource: 'channelReward', ...fields });
const stored = (id: string) => fake().state.rewards.find((candidate) => candidate.id === id);

/** Update Fields as n8n fills them when the user adds these fields: each at its default. */
function updateFieldsAdded(names: string[]): Record<string, unknown> {
	const description = NodeHelpers.getVersionedNodeType(new Kick(), 2).description;
	const collection = description.properties.find(
		(property) =>
			property.name === 'updateFields' &&
			property.displayOptions?.show?.resource?.[0] === 'channelReward',
	);
	const options = collection?.options as INodeProperties[];
	return Object.fromEntries(
		names.map((name) => [name, options.find((option) => option.name === name)?.default]),
	);
}

describe('Channel Reward › Get Many', () => {
	test('one item per reward; Limit cuts the list Kick returns in one request', async () => {
		const all = await runWith(fake(), reward({ operation: 'getMany', returnAll: true }), {
			scopes: ['channel:rewards:read'],
		});
		expect(jsonOf(all).map((item) => item.title)).toEqual(['Song Request', 'Hydrate!', 'Shoutout']);
		expect(jsonOf(all)[0]).toMatchObject({
			id: SEED.rewards.songRequest,
			cost: 100,
			is_user_input_required: true,
		});

		fake().requests.length = 0;
		const limited = await runWith(
			fake(),
			reward({ operation: 'getMany', returnAll: false, limit: 2 }),
			{ scopes: WRITE },
		);
		expect(jsonOf(limited).map((item) => item.title)).toEqual(['Song Request', 'Hydrate!']);
		expect(requestsTo(fake(), 'GET /public/v1/channels/rewards')).toHaveLength(1);
		expect(fake().violations).toEqual([]);
	});

	test('without a rewards scope the 403 names both scopes that would do', async () => {
		const result = await runWith(fake(), reward({ operation: 'getMany' }), {
			scopes: ['chat:write'],
		});

		expect(result.error?.description).toContain('channel:rewards:read or channel:rewards:write');
	});
});

describe('Channel Reward › Create', () => {
	const create = (fields: Record<string, unknown>) =>
		reward({ operation: 'create', title: 'Play a song', cost: 250, ...fields });

	test('creates the reward with its additional fields and returns it', async () => {
		const result = await runWith(
			fake(),
			create({
				additionalFields: {
					backgroundColor: '#ff8800',
					description: 'Name a song',
					isEnabled: false,
					isUserInputRequired: true,
					shouldRedemptionsSkipRequestQueue: true,
				},
			}),
			{ scopes: WRITE },
		);

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), 'POST /public/v1/channels/rewards')[0].body).toEqual({
			title: 'Play a song',
			cost: 250,
			description: 'Name a song',
			background_color: '#ff8800',
			is_enabled: false,
			is_user_input_required: true,
			should_redemptions_skip_request_queue: true,
		});
		const [created] = jsonOf(result);
		expect(stored(String(created.id))).toMatchObject({
			title: 'Play a song',
			cost: 250,
			background_color: '#ff8800',
			is_enabled: false,
		});
		expect(created).toMatchObject({ title: 'Play a song', is_user_input_required: true });
		expect(fake().violations).toEqual([]);
	});

	test('sends only what was set: Kick’s defaults apply to the rest', async () => {
		await runWith(fake(), create({}), { scopes: WRITE });

		expect(requestsTo(fake(), 'POST /public/v1/channels/rewards')[0].body).toEqual({
			title: 'Play a song',
			cost: 250,
		});
		expect(fake().state.rewards.at(-1)).toMatchObject({
			title: 'Play a song',
			is_enabled: true,
			background_color: '#00e701',
		});
	});

	test.each([
		[
			'a 51-character title',
			{ title: 't'.repeat(51) },
			"'Title': must be at most 50 characters long (got 51)",
		],
		['a cost of 0', { cost: 0 }, "'Cost': must be at least 1 (got 0)"],
		['a fractional cost', { cost: 1.5 }, "'Cost': must be a whole number (got 1.5)"],
		[
			'a 201-character description',
			{ additionalFields: { description: 'd'.repeat(201) } },
			"'Description': must be at most 200 characters long (got 201)",
		],
		[
			'a color that is not hex',
			{ additionalFields: { backgroundColor: 'green' } },
			`'Background Color': must be a hex color such as #00e701 (got "green")`,
		],
	])('refuses %s before any request', async (_case, fields, message) => {
		const result = await runWith(fake(), create(fields));

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
		expect(fake().state.rewards).toHaveLength(3);
	});
});

describe('Channel Reward › Update', () => {
	const update = (rewardId: string, updateFields: Record<string, unknown>) =>
		reward({ operation: 'update', rewardId: resourceLocator('list', rewardId), updateFields });

	test('changes only the fields given, on a reward this app created', async () => {
		const result = await runWith(
			fake(),
			update(SEED.rewards.songRequest, { cost: 150, isPaused: true, title: 'Songs' }),
			{ scopes: WRITE },
		);

		expect(result.error).toBeUndefined();
		const [request] = requestsTo(fake(), 'PATCH /public/v1/channels/rewards/{id}');
		expect(request.path).toBe(`/public/v1/channels/rewards/${SEED.rewards.songRequest}`);
		expect(request.body).toEqual({ cost: 150, is_paused: true, title: 'Songs' });
		expect(stored(SEED.rewards.songRequest)).toMatchObject({
			cost: 150,
			is_paused: true,
			title: 'Songs',
			description: 'Request a song by providing a URL',
		});
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({ id: SEED.rewards.songRequest, cost: 150, is_paused: true }),
		]);
		expect(fake().violations).toEqual([]);
	});

	test('adding Paused does not pause the reward by itself: n8n adds the field switched off', async () => {
		const updateFields = updateFieldsAdded(['isPaused']);
		expect(updateFields).toEqual({ isPaused: false });
		const result = await runWith(fake(), update(SEED.rewards.songRequest, updateFields), {
			scopes: WRITE,
		});

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), 'PATCH /public/v1/channels/rewards/{id}')[0].body).toEqual({
			is_paused: false,
		});
		expect(stored(SEED.rewards.songRequest)?.is_paused).toBe(false);
	});

	test('adding every boolean field leaves a reward as Kick creates it unchanged', async () => {
		const before = { ...stored(SEED.rewards.shoutout) };
		const result = await runWith(
			fake(),
			update(
				SEED.rewards.shoutout,
				updateFieldsAdded([
					'isEnabled',
					'isPaused',
					'isUserInputRequired',
					'shouldRedemptionsSkipRequestQueue',
				]),
			),
			{ scopes: WRITE },
		);

		expect(result.error).toBeUndefined();
		expect(stored(SEED.rewards.shoutout)).toEqual(before);
	});

	test('with no field to change fails before any request', async () => {
		const result = await runWith(fake(), update(SEED.rewards.songRequest, {}));

		expect(result.error?.message).toBe("'Update Fields': add at least one field to change");
		expect(apiRequests(fake())).toEqual([]);
	});

	test('a reward ID that is not a ULID fails naming the field', async () => {
		const result = await runWith(
			fake(),
			reward({
				operation: 'update',
				rewardId: resourceLocator('id', '={{ "song-request" }}'),
				updateFields: { cost: 5 },
			}),
		);

		expect(result.error?.message).toBe(
			`'Reward': must be a Kick reward ID (a ULID) (got "song-request")`,
		);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('a reward made by another app: the 403 explains that only its creator may change it', async () => {
		const result = await runWith(fake(), update(SEED.rewards.hydrate, { cost: 1 }), {
			scopes: WRITE,
		});

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('only the app that created a reward');
		expect(stored(SEED.rewards.hydrate)?.cost).toBe(50);
	});
});

describe('Channel Reward › Delete', () => {
	const remove = (rewardId: string) =>
		reward({ operation: 'delete', rewardId: resourceLocator('id', rewardId) });

	test('deletes a reward this app created', async () => {
		const result = await runWith(fake(), remove(SEED.rewards.shoutout), { scopes: WRITE });

		expect(jsonOf(result)).toEqual([{ deleted: true }]);
		expect(
			requestsTo(fake(), 'DELETE /public/v1/channels/rewards/{id}').map(
				(request) => request.status,
			),
		).toEqual([204]);
		expect(stored(SEED.rewards.shoutout)?.is_deleted).toBe(true);
		expect(fake().violations).toEqual([]);
	});

	test('another app’s reward: 403 with the creator hint, the reward stays', async () => {
		const result = await runWith(fake(), remove(SEED.rewards.hydrate), { scopes: WRITE });

		expect(result.error?.message).toMatch(/^Kick refused the request \(403\)/);
		expect(result.error?.description).toContain('only the app that created a reward');
		expect(stored(SEED.rewards.hydrate)?.is_deleted).toBe(false);
	});

	test('continueOnFail: each item deleted or reported on its own', async () => {
		const items = [{ id: SEED.rewards.hydrate }, { id: SEED.rewards.shoutout }];
		const result = await runWith(
			fake(),
			reward({ operation: 'delete', rewardId: resourceLocator('id', '={{ $json.id }}') }),
			{
				items,
				node: { continueOnFail: true },
			},
		);

		expect(result.output).toHaveLength(2);
		expect(result.output[0]).toMatchObject({ json: { httpCode: '403' }, pairedItem: { item: 0 } });
		expect(String(result.output[0].json.error)).toMatch(/403/);
		expect(result.output[1]).toEqual({ json: { deleted: true }, pairedItem: { item: 1 } });
		expect(stored(SEED.rewards.shoutout)?.is_deleted).toBe(true);
	});
});
