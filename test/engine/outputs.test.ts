/**
 * n8n's UX guidelines for answers, from node version 2 on: deletes answer {deleted: true}, and
 * answers of more than 10 fields (channel, livestream, redemption) have a Simplify option, on by
 * default. Workflows saved with version 1 keep the answers they were built on.
 */
import type { IDataObject } from 'n8n-workflow';

import { seedUlid } from '../fake-kick/ids';
import { DEFAULT_CLIENT, SEED } from '../fake-kick/state';
import { jsonOf, resourceLocator, runWith, useFakeKick } from './kick-operations';

const fake = useFakeKick();

const V1 = { node: { typeVersion: 1 } };

function seedSubscription(): string {
	const id = seedUlid(700, 1);
	fake().state.subscriptions.push({
		id,
		app_id: DEFAULT_CLIENT.clientId,
		broadcaster_user_id: SEED.streamer,
		event: 'chat.message.sent',
		version: 1,
		method: 'webhook',
		created_at: '2025-06-01T18:00:00Z',
		updated_at: '2025-06-01T18:00:00Z',
	});
	return id;
}

const deletes: Array<[string, () => IDataObject, () => IDataObject]> = [
	[
		'Channel Reward › Delete',
		() => ({
			resource: 'channelReward',
			operation: 'delete',
			rewardId: resourceLocator('id', SEED.rewards.shoutout),
		}),
		() => ({ success: true, rewardId: SEED.rewards.shoutout }),
	],
	[
		'Chat Message › Delete',
		() => ({ resource: 'chatMessage', operation: 'delete', messageId: SEED.chatMessage }),
		() => ({ success: true, messageId: SEED.chatMessage }),
	],
	[
		'Event Subscription › Delete',
		() => ({ resource: 'eventSubscription', operation: 'delete', ids: seedSubscription() }),
		() => ({ success: true, subscriptionId: seedUlid(700, 1) }),
	],
];

describe('deletes', () => {
	test.each(deletes)('%s answers {deleted: true} in version 2', async (_name, parameters) => {
		const result = await runWith(fake(), parameters());

		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(fake().violations).toEqual([]);
	});

	test.each(deletes)('%s keeps its version 1 answer', async (_name, parameters, answer) => {
		const result = await runWith(fake(), parameters(), V1);

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([answer()]);
	});
});

const simplified: Array<[string, IDataObject, IDataObject]> = [
	[
		'Channel › Get Many',
		{ resource: 'channel', operation: 'getMany', lookupBy: 'slug', slugs: 'streamer' },
		{
			broadcaster_user_id: 1001,
			slug: 'streamer',
			stream_title: 'Chill stream, chatting with you',
			category_id: 1,
			category_name: 'Just Chatting',
			is_live: true,
			viewer_count: 1234,
			language: 'en',
			custom_tags: ['chill', 'english'],
			start_time: '2025-06-01T18:00:00Z',
		},
	],
	[
		'Livestream › Get Many',
		{ resource: 'livestream', operation: 'getMany', limit: 1 },
		{
			id: expect.any(String),
			title: 'Any% world record attempts',
			channel_slug: 'speedrunner',
			broadcaster_user_id: 1003,
			broadcaster_username: 'speedrunner',
			category_id: 3,
			category_name: 'Grand Theft Auto V',
			viewer_count: 5400,
			language_code: 'en',
			started_at: '2025-06-01T16:30:00Z',
		},
	],
	[
		'Livestream › Get Many V1 (Deprecated)',
		{ resource: 'livestream', operation: 'getManyV1', limit: 1 },
		{
			broadcaster_user_id: 1003,
			slug: 'speedrunner',
			stream_title: 'Any% world record attempts',
			category_id: 3,
			category_name: 'Grand Theft Auto V',
			viewer_count: 5400,
			language: 'en',
			custom_tags: ['speedrun'],
			started_at: '2025-06-01T16:30:00Z',
			has_mature_content: false,
		},
	],
	[
		'Reward Redemption › Get Many',
		{ resource: 'rewardRedemption', operation: 'getMany', limit: 1 },
		{
			id: expect.any(String),
			status: 'pending',
			user_input: 'https://youtu.be/song1',
			redeemed_at: '2025-06-01T18:00:00Z',
			redeemer_user_id: SEED.viewers[0],
			reward_id: SEED.rewards.songRequest,
			reward_title: 'Song Request',
			reward_cost: 100,
		},
	],
];

describe('Simplify', () => {
	test.each(simplified)(
		'%s: on by default, at most 10 flat fields',
		async (_name, parameters, simple) => {
			const result = await runWith(fake(), parameters);

			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([simple]);
			const [item] = jsonOf(result);
			expect(Object.keys(item).length).toBeLessThanOrEqual(10);
			expect(
				Object.values(item).some(
					(value) => value && typeof value === 'object' && !Array.isArray(value),
				),
			).toBe(false);
		},
	);

	test.each(simplified)(
		'%s: off gives Kick’s answer as it is',
		async (_name, parameters, simple) => {
			const result = await runWith(fake(), { ...parameters, simplify: false });

			expect(result.error).toBeUndefined();
			const [raw] = jsonOf(result);
			expect(raw).not.toEqual(simple);
			expect(
				Object.values(raw).some(
					(value) => value && typeof value === 'object' && !Array.isArray(value),
				),
			).toBe(true);
		},
	);

	test('version 1 has no Simplify: Livestream › Get Many answers Kick’s objects, as before', async () => {
		const result = await runWith(
			fake(),
			{ resource: 'livestream', operation: 'getMany', limit: 1, simplify: true },
			V1,
		);

		expect(jsonOf(result)).toEqual([
			expect.objectContaining({
				slug: 'speedrunner',
				category: expect.objectContaining({ id: 3 }),
				profile_picture: expect.any(String),
			}),
		]);
	});
});
