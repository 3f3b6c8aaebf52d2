/**
 * Activation and deactivation of the Kick Trigger (n8n's webhookMethods: checkExists, create,
 * delete) through n8n-core's HookContext against the fake Kick: what ends up subscribed on Kick,
 * what the node stores, and that nothing is left behind.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_CLIENT, SEED } from '../fake-kick/server';
import {
	appTokenCredentials,
	callsTo,
	TriggerHarness,
	useFakeKick,
	userTokenCredentials,
} from './harness';

const SUBSCRIPTIONS = '/public/v1/events/subscriptions';
const CHOSEN = ['chat.message.sent', 'channel.followed', 'kicks.gifted'];

const kick = useFakeKick();

const userTrigger = (events = CHOSEN, extra: IDataObject = {}, staticData?: IDataObject) =>
	new TriggerHarness({
		parameters: { events, ...extra },
		credentials: userTokenCredentials(kick()),
		staticData,
	});

const subscribedEvents = () =>
	kick()
		.state.subscriptions.map((s) => s.event)
		.sort();

/** A subscription this app already has on Kick (e.g. left by an earlier activation). */
const existingSubscription = (event: string, broadcaster: number = SEED.streamer): string =>
	kick().addSubscription({
		event,
		broadcasterUserId: broadcaster,
		id: `01JEXISTING${event.replace(/\W/g, '').toUpperCase().slice(0, 15).padEnd(15, '0')}`,
	});

describe('activation', () => {
	test('subscribes exactly the chosen events for the user token’s channel, in one request, and stores the ids', async () => {
		const trigger = userTrigger();
		expect(await trigger.activate()).toEqual({ created: true });

		expect(subscribedEvents()).toEqual([...CHOSEN].sort());
		expect(
			kick().state.subscriptions.every(
				(s) => s.broadcaster_user_id === SEED.streamer && s.method === 'webhook',
			),
		).toBe(true);
		const posts = callsTo(kick(), SUBSCRIPTIONS).filter((call) => call.method === 'POST');
		expect(posts).toEqual([
			expect.objectContaining({
				// Kick answers 201 (KickDevDocs #50) where its spec says 200: either is a success.
				status: kick().mode === 'recorded' ? 201 : 200,
				body: { events: CHOSEN.map((name) => ({ name, version: 1 })), method: 'webhook' },
			}),
		]);
		expect(trigger.staticData).toEqual({
			broadcasterUserIds: [SEED.streamer],
			appClientId: DEFAULT_CLIENT.clientId,
			credentialId: trigger.node.credentials?.kickOAuth2Api.id,
			subscriptions: CHOSEN.map((event) => ({
				event,
				version: 1,
				broadcasterUserId: SEED.streamer,
				id: kick().state.subscriptions.find((s) => s.event === event)?.id,
				owned: true,
			})),
		});
		expect(kick().violations).toEqual([]);
	});

	test('a later checkExists finds them all and subscribes nothing more', async () => {
		const trigger = userTrigger();
		await trigger.activate();
		kick().requests.length = 0;

		expect(await trigger.activate('init')).toEqual({ created: false });
		expect(callsTo(kick(), SUBSCRIPTIONS).map((call) => call.method)).toEqual(['GET']);
		expect(callsTo(kick(), SUBSCRIPTIONS)[0].query).toEqual({
			broadcaster_user_id: [String(SEED.streamer)],
		});
		expect(kick().state.subscriptions).toHaveLength(CHOSEN.length);
	});

	test('with an app token it subscribes the Broadcaster given by URL, sending broadcaster_user_id', async () => {
		const trigger = new TriggerHarness({
			parameters: {
				events: ['livestream.status.updated'],
				broadcaster: { __rl: true, mode: 'url', value: 'https://kick.com/speedrunner' },
			},
			credentials: appTokenCredentials(kick()),
		});
		await trigger.activate();

		expect(kick().state.subscriptions).toEqual([
			expect.objectContaining({ event: 'livestream.status.updated', broadcaster_user_id: 1003 }),
		]);
		const post = callsTo(kick(), SUBSCRIPTIONS).find((call) => call.method === 'POST');
		expect(post?.body).toEqual({
			events: [{ name: 'livestream.status.updated', version: 1 }],
			method: 'webhook',
			broadcaster_user_id: 1003,
		});
		expect(trigger.staticData.broadcasterUserIds).toEqual([1003]);
		expect(kick().violations).toEqual([]);
	});

	test('with an app token and no Broadcaster it fails before asking Kick for anything', async () => {
		const trigger = new TriggerHarness({
			parameters: { events: CHOSEN },
			credentials: appTokenCredentials(kick()),
		});
		await expect(trigger.activate()).rejects.toThrow("'Broadcaster': choose the channel to watch");
		expect(callsTo(kick(), SUBSCRIPTIONS).filter((call) => call.method === 'POST')).toEqual([]);
		expect(kick().state.subscriptions).toEqual([]);
	});

	test('with a user token, a Broadcaster other than the token’s user is refused (Kick would ignore it)', async () => {
		const trigger = userTrigger(CHOSEN, { broadcaster: { __rl: true, mode: 'id', value: '1003' } });
		await expect(trigger.activate()).rejects.toThrow(
			`'Broadcaster': a user access token only receives events of its own channel (user ${SEED.streamer})`,
		);
		expect(kick().state.subscriptions).toEqual([]);
	});

	test('with a user token, its own channel as Broadcaster is fine', async () => {
		const trigger = userTrigger(['channel.followed'], {
			broadcaster: { __rl: true, mode: 'slug', value: 'streamer' },
		});
		await trigger.activate();
		expect(subscribedEvents()).toEqual(['channel.followed']);
	});

	test('no events chosen: the error names the field', async () => {
		await expect(userTrigger([]).activate()).rejects.toThrow("'Events': choose at least one event");
		expect(kick().requests.filter((request) => request.method === 'POST')).toEqual([]);
	});

	test('a token without events:subscribe gets Kick’s 403 with the scope named, and nothing is subscribed', async () => {
		const trigger = new TriggerHarness({
			parameters: { events: CHOSEN },
			credentials: userTokenCredentials(kick(), ['user:read']),
		});
		const error = await trigger.activate().catch((e: Error & { description?: string }) => e);
		expect(error).toMatchObject({
			message: expect.stringContaining('Kick refused the request (403)'),
			description: expect.stringContaining('events:subscribe'),
		});
		expect(kick().state.subscriptions).toEqual([]);
	});
});

test('a record saved by an earlier version of the package (one channel, no channel per subscription) is read as it was', async () => {
	const ids = CHOSEN.map((event) => existingSubscription(event));
	const saved = {
		broadcasterUserId: SEED.streamer,
		appClientId: DEFAULT_CLIENT.clientId,
		credentialId: 'kick-credential-1',
		others: [],
		subscriptions: CHOSEN.map((event, index) => ({
			event,
			version: 1,
			id: ids[index],
			owned: true,
		})),
	};
	const trigger = userTrigger(CHOSEN, {}, { [`node:Kick Trigger`]: saved });
	kick().requests.length = 0;
	await trigger.activate('init');
	expect(callsTo(kick(), SUBSCRIPTIONS).map((call) => call.method)).toEqual(['GET']);
	expect(await trigger.deactivate()).toBe(true);
	// They were its own: deactivation deletes them.
	expect(kick().state.subscriptions).toEqual([]);
});

describe('partial failure', () => {
	test('when Kick refuses one event, the ones just created are deleted and the error names the event and Kick’s reason', async () => {
		kick().failNext({
			method: 'POST',
			path: SUBSCRIPTIONS,
			status: 200,
			body: {
				data: [
					{ name: 'chat.message.sent', version: 1, error: 'subscription limit reached' },
					{ name: 'channel.followed', version: 1, subscription_id: '01JCREATEDFOLLOW0000000000' },
					{ name: 'kicks.gifted', version: 1, subscription_id: '01JCREATEDKICKS00000000000' },
				],
				message: 'OK',
			},
		});
		const trigger = userTrigger();

		await expect(trigger.activate()).rejects.toThrow(
			'Kick refused to subscribe to Chat Message Sent (chat.message.sent): subscription limit reached',
		);
		const deletes = callsTo(kick(), SUBSCRIPTIONS).filter((call) => call.method === 'DELETE');
		expect(deletes).toHaveLength(1);
		expect([...deletes[0].query.id].sort()).toEqual([
			'01JCREATEDFOLLOW0000000000',
			'01JCREATEDKICKS00000000000',
		]);
		expect(trigger.staticData.subscriptions).toEqual([]);
		expect(kick().violations).toEqual([]);
	});

	test('an event missing from Kick’s answer counts as refused', async () => {
		kick().failNext({
			method: 'POST',
			path: SUBSCRIPTIONS,
			status: 200,
			body: { data: [], message: 'OK' },
		});
		const error = await userTrigger(['kicks.gifted'])
			.activate()
			.catch((e: Error) => e);
		expect(error).toMatchObject({
			message:
				'Kick refused to subscribe to KICKs Gifted (kicks.gifted): Kick did not answer for this event',
			description: 'Nothing was left subscribed.',
		});
	});
});

describe('subscriptions Kick dropped', () => {
	test('checkExists notices a dropped subscription and create re-subscribes only that event', async () => {
		const trigger = userTrigger();
		await trigger.activate();
		const kept = kick()
			.state.subscriptions.filter((s) => s.event !== 'channel.followed')
			.map((s) => s.id);
		kick().state.subscriptions = kick().state.subscriptions.filter(
			(s) => s.event !== 'channel.followed',
		);
		kick().requests.length = 0;

		expect(await trigger.checkExists('init')).toBe(false);
		await trigger.create('init');

		const posts = callsTo(kick(), SUBSCRIPTIONS).filter((call) => call.method === 'POST');
		expect(posts.map((call) => call.body)).toEqual([
			{ events: [{ name: 'channel.followed', version: 1 }], method: 'webhook' },
		]);
		expect(subscribedEvents()).toEqual([...CHOSEN].sort());
		const stored = (trigger.staticData.subscriptions as Array<{ id: string }>).map((s) => s.id);
		expect(stored).toEqual(expect.arrayContaining(kept));
		expect(stored.sort()).toEqual(
			kick()
				.state.subscriptions.map((s) => s.id)
				.sort(),
		);
		expect(await trigger.checkExists('init')).toBe(true);
	});

	test('an existing subscription for the same event and channel is used, not duplicated, and not deleted', async () => {
		const reused = existingSubscription('chat.message.sent');
		const trigger = userTrigger();
		await trigger.activate();

		const post = callsTo(kick(), SUBSCRIPTIONS).find((call) => call.method === 'POST');
		expect(post?.body).toEqual({
			events: [
				{ name: 'channel.followed', version: 1 },
				{ name: 'kicks.gifted', version: 1 },
			],
			method: 'webhook',
		});
		expect(
			kick()
				.state.subscriptions.filter((s) => s.event === 'chat.message.sent')
				.map((s) => s.id),
		).toEqual([reused]);
		expect(trigger.staticData.subscriptions).toContainEqual({
			event: 'chat.message.sent',
			version: 1,
			broadcasterUserId: SEED.streamer,
			id: reused,
			owned: false,
		});

		// Deactivating removes only what the trigger created: the existing one stays.
		expect(await trigger.deactivate()).toBe(true);
		expect(kick().state.subscriptions.map((s) => s.id)).toEqual([reused]);
	});

	test('a subscription of the same event for another channel is not reused', async () => {
		existingSubscription('channel.followed', 1003);
		await userTrigger(['channel.followed']).activate();
		expect(
			kick()
				.state.subscriptions.map((s) => s.broadcaster_user_id)
				.sort(),
		).toEqual([SEED.streamer, 1003]);
	});

	test('when every chosen event already exists nothing is posted', async () => {
		for (const event of CHOSEN) existingSubscription(event);
		await userTrigger().activate();
		expect(callsTo(kick(), SUBSCRIPTIONS).map((call) => call.method)).toEqual(['GET']);
		expect(kick().state.subscriptions).toHaveLength(CHOSEN.length);
	});

	test('events removed from the node while its subscriptions stayed stored are unsubscribed on the next create', async () => {
		const before = userTrigger(['channel.followed', 'kicks.gifted']);
		await before.activate();
		// The same workflow and node, edited while active: n8n runs checkExists / create again.
		const after = new TriggerHarness({
			parameters: { events: ['kicks.gifted'] },
			credentials: userTokenCredentials(kick()),
			staticData: { [`node:${before.node.name}`]: before.staticData },
			workflowId: before.workflow.id,
			node: before.node,
		});
		expect(await after.activate()).toEqual({ created: true });
		expect(subscribedEvents()).toEqual(['kicks.gifted']);
		expect(after.staticData.subscriptions).toEqual([
			expect.objectContaining({ event: 'kicks.gifted' }),
		]);
	});
});

describe('deactivation', () => {
	test('deletes every stored subscription in one request and forgets them', async () => {
		const trigger = userTrigger();
		await trigger.activate();
		const ids = kick().state.subscriptions.map((s) => s.id);
		kick().requests.length = 0;

		expect(await trigger.deactivate()).toBe(true);
		expect(kick().state.subscriptions).toEqual([]);
		const deletes = callsTo(kick(), SUBSCRIPTIONS);
		expect(deletes).toHaveLength(1);
		expect(deletes[0]).toMatchObject({ method: 'DELETE', status: 204 });
		expect([...deletes[0].query.id].sort()).toEqual([...ids].sort());
		expect(trigger.staticData).toEqual({});
		expect(kick().violations).toEqual([]);
	});

	test('an id Kick no longer knows is not an error', async () => {
		const trigger = userTrigger();
		await trigger.activate();
		kick().state.subscriptions.shift();
		expect(await trigger.deactivate()).toBe(true);
		expect(kick().state.subscriptions).toEqual([]);
	});

	test('a 404 from Kick for the delete is not an error either', async () => {
		const trigger = userTrigger();
		await trigger.activate();
		kick().failNext({
			method: 'DELETE',
			path: SUBSCRIPTIONS,
			status: 404,
			body: { message: 'subscription not found', data: null },
		});
		expect(await trigger.deactivate()).toBe(true);
		expect(trigger.staticData).toEqual({});
	});

	test('when Kick fails the delete, the ids stay stored, a warning is logged, and the next attempt removes them', async () => {
		const trigger = userTrigger();
		await trigger.activate();
		kick().failNext({ method: 'DELETE', path: SUBSCRIPTIONS, status: 500 });
		const warn = jest.spyOn(trigger.logger, 'warn').mockImplementation(() => undefined);
		try {
			// n8n is told at once (an edit re-adds the trigger right away); the removal follows.
			expect(await trigger.deactivate()).toBe(true);
			expect(warn).toHaveBeenCalledWith(
				expect.stringContaining('could not delete its Kick event subscriptions'),
			);
		} finally {
			warn.mockRestore();
		}
		expect(kick().state.subscriptions).toHaveLength(CHOSEN.length);
		expect(trigger.staticData.subscriptions).toHaveLength(CHOSEN.length);

		// Activated again (the record says they are its own): it keeps none of the undeleted ones
		// twice, and deactivating removes them.
		await trigger.activate();
		expect(kick().state.subscriptions).toHaveLength(CHOSEN.length);
		expect(await trigger.deactivate()).toBe(true);
		expect(kick().state.subscriptions).toEqual([]);
	});

	test('with nothing stored it sends nothing', async () => {
		expect(await userTrigger().deactivate()).toBe(true);
		expect(kick().requests).toEqual([]);
	});
});

describe('"Listen for test event" next to the active workflow', () => {
	test('the test session adopts the active subscriptions and leaves them when it ends; what it created itself goes', async () => {
		const production = userTrigger(['chat.message.sent']);
		await production.activate();
		const productionId = kick().state.subscriptions[0].id;

		// n8n gives a test session its own, empty static data.
		const test = userTrigger(['chat.message.sent', 'channel.followed']);
		await test.activate('manual');
		expect(test.staticData).toMatchObject({ testSession: true });
		expect(subscribedEvents()).toEqual(['channel.followed', 'chat.message.sent']);

		expect(await test.deactivate()).toBe(true);
		expect(kick().state.subscriptions.map((s) => s.id)).toEqual([productionId]);
		expect(await production.checkExists('init')).toBe(true);
	});
});
