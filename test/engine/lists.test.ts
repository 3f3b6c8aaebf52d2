/**
 * One rule for every list the node reads (IDs, slugs, names, tags): entries separated by commas
 * or new lines, or an array from an expression; spaces inside an entry are part of it. Each list
 * field says so in its description. And an empty Custom Tags field must not clear the tags.
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { seedUlid } from '../fake-kick/ids';
import { SEED } from '../fake-kick/state';
import { LIST_RULE } from '../../nodes/Kick/helpers/validate';
import { Kick } from '../../nodes/Kick/Kick.node';
import { apiRequests, jsonOf, requestsTo, runWith, useFakeKick } from './kick-operations';

const fake = useFakeKick();

const PATCH_CHANNELS = 'PATCH /public/v1/channels';
const update = (updateFields: Record<string, unknown>) => ({
	resource: 'channel',
	operation: 'update',
	updateFields,
});
const tagsNow = () => fake().state.channel(SEED.streamer)?.custom_tags;

describe('Channel › Update: Custom Tags', () => {
	test('"chill vibes" is one tag; commas and new lines separate tags; repeats go once', async () => {
		const result = await runWith(
			fake(),
			update({ customTags: 'chill vibes, english\nchill vibes' }),
		);

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), PATCH_CHANNELS)[0].body).toEqual({
			custom_tags: ['chill vibes', 'english'],
		});
		expect(tagsNow()).toEqual(['chill vibes', 'english']);
		expect(fake().violations).toEqual([]);
	});

	test('an array from an expression gives one tag per element', async () => {
		const result = await runWith(fake(), update({ customTags: '={{ $json.tags }}' }), {
			items: [{ tags: ['chill vibes', ' late night '] }],
		});

		expect(result.error).toBeUndefined();
		expect(tagsNow()).toEqual(['chill vibes', 'late night']);
	});

	test('an empty Custom Tags field leaves the tags as they are', async () => {
		const result = await runWith(fake(), update({ customTags: '', streamTitle: 'New title' }));

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), PATCH_CHANNELS)[0].body).toEqual({ stream_title: 'New title' });
		expect(tagsNow()).toEqual(['chill', 'english']);
	});

	test('an empty Custom Tags field alone changes nothing and says what to set', async () => {
		const result = await runWith(fake(), update({ customTags: ' , \n' }));

		expect(result.error?.message).toBe(
			"'Category', 'Custom Tags', 'Stream Title': set at least one of these fields",
		);
		expect(apiRequests(fake())).toEqual([]);
		expect(tagsNow()).toEqual(['chill', 'english']);
	});

	test('Remove All Custom Tags is the way to clear them', async () => {
		const result = await runWith(fake(), update({ removeAllCustomTags: true }));

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), PATCH_CHANNELS)[0].body).toEqual({ custom_tags: [] });
		expect(tagsNow()).toEqual([]);
	});

	test('Remove All Custom Tags with tags given is refused before any request', async () => {
		const result = await runWith(fake(), update({ removeAllCustomTags: true, customTags: 'a' }));

		expect(result.error?.message).toBe(
			"'Custom Tags': must be empty when 'Remove All Custom Tags' is on",
		);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('the same rule everywhere', () => {
	test('Category › Get Many: names with spaces, separated by a comma and a new line', async () => {
		const result = await runWith(fake(), {
			resource: 'category',
			operation: 'getMany',
			returnAll: true,
			filters: { names: 'Just Chatting,\nGrand Theft' },
		});

		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((category) => category.name)).toEqual([
			'Just Chatting',
			'Grand Theft Auto V',
		]);
		expect(requestsTo(fake(), 'GET /public/v2/categories')[0].query.name).toEqual([
			'Just Chatting,Grand Theft',
		]);
	});

	test('Reward Redemption › Accept: IDs on lines and after commas; a space does not separate', async () => {
		const [first, second, third] = fake()
			.state.redemptions.filter((r) => r.reward_id === SEED.rewards.songRequest)
			.map((r) => r.id);
		const ok = await runWith(
			fake(),
			{ resource: 'rewardRedemption', operation: 'accept', ids: `${first}\n${second}, ${third}` },
			{ scopes: ['channel:rewards:write'] },
		);
		expect(jsonOf(ok).map((item) => item.accepted)).toEqual([true, true, true]);

		const spaced = await runWith(fake(), {
			resource: 'rewardRedemption',
			operation: 'accept',
			ids: `${seedUlid(1, 1)} ${seedUlid(1, 2)}`,
		});
		expect(spaced.error?.message).toBe(
			`'Redemption IDs': each ID must be a Kick redemption ID (a ULID) (got "${seedUlid(1, 1)} ${seedUlid(1, 2)}")`,
		);
	});

	test('User › Get Many: "1002 2002" is one entry, and not a number', async () => {
		const result = await runWith(fake(), {
			resource: 'user',
			operation: 'getMany',
			userIds: '1002 2002',
		});

		expect(result.error?.message).toBe(`'User IDs': must be a whole number (got "1002 2002")`);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('every list field states the rule in its description, in every node version', () => {
		const kick = new Kick();
		const listFields = new Set([
			'broadcasterUserIds',
			'categoryIds',
			'claimIds',
			'customTags',
			'ids',
			'languageCodes',
			'names',
			'slugs',
			'tags',
			'userIds',
		]);
		const found: string[] = [];
		const visit = (properties: INodeProperties[]) => {
			for (const property of properties) {
				if (listFields.has(property.name)) {
					found.push(property.name);
					expect({ field: property.name, description: property.description }).toEqual({
						field: property.name,
						description: expect.stringContaining(LIST_RULE),
					});
				}
				if (property.type === 'collection') visit(property.options as INodeProperties[]);
			}
		};
		for (const version of [1, 2])
			visit(NodeHelpers.getVersionedNodeType(kick, version).description.properties);
		expect(new Set(found)).toEqual(listFields);
	});
});
