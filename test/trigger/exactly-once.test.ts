/**
 * Each Kick event runs the workflow once, whatever Kick and n8n do: duplicate subscriptions, a
 * list that leaves a live subscription out, an execution n8n could not start, an edit of the
 * active trigger, Drops claims sent again, several channels on one trigger. Through n8n-core's
 * contexts against the fake Kick.
 */
import type { IDataObject } from 'n8n-workflow';

import { SEED } from '../fake-kick/server';
import type { EventSubscription } from '../fake-kick/state';
import type { TestCredentialsHelper } from '../support/engine';
import {
	freshPackage,
	appTokenCredentials,
	callsTo,
	runDeliveryExecution,
	TriggerHarness,
	useFakeKick,
	userTokenCredentials,
} from './harness';

const SUBSCRIPTIONS = '/public/v1/events/subscriptions';
const kick = useFakeKick();

const live = () => kick().state.subscriptions;
const requestsTo = (method: string) =>
	callsTo(kick(), SUBSCRIPTIONS).filter((call) => call.method === method);
const subscriptionOf = (event: string, broadcaster: number = SEED.streamer) =>
	live().find(
		(s) => s.event === event && s.broadcaster_user_id === broadcaster,
	) as EventSubscription;

function userTrigger(events: string[], parameters: IDataObject = {}): TriggerHarness {
	return new TriggerHarness({
		parameters: { events, ...parameters },
		credentials: userTokenCredentials(kick()),
	});
}

/** A subscription made outside the trigger (by hand, another tool), for the same app. */
const madeByHand = (event: string, broadcaster: number = SEED.streamer): string =>
	kick().addSubscription({ event, broadcasterUserId: broadcaster });

/** The same event, signed as Kick sends it through one subscription (its own message id). */
function through(subscriptionId: string, type: string, payload: IDataObject) {
	return kick().signDelivery({ type, payload, subscriptionId });
}

/** Kick's list leaves these ids out (KickDevDocs #419) for the next `times` list requests. */
function listLeavesOut(ids: string[], times: number): void {
	const shown = live().filter((s) => !ids.includes(s.id));
	kick().failNext({
		method: 'GET',
		path: SUBSCRIPTIONS,
		status: 200,
		body: { data: shown.map((s) => ({ ...s })), message: 'OK' },
		times,
	});
}

describe('one event through duplicate subscriptions (KickDevDocs #246)', () => {
	test('a chat message delivered through two subscriptions runs once; the log names the extra one and how to delete it', async () => {
		const trigger = userTrigger(['chat.message.sent']);
		await trigger.activate();
		const own = subscriptionOf('chat.message.sent').id;
		const extra = madeByHand('chat.message.sent');
		const message = kick().samplePayload('chat.message.sent') as IDataObject;

		const first = await trigger.deliver(through(own, 'chat.message.sent', message));
		const second = await trigger.deliver(through(extra, 'chat.message.sent', message));
		expect(first).toMatchObject({ status: 200, started: true });
		expect(second).toMatchObject({ status: 200, started: false });
		expect(second.warnings).toEqual([expect.stringContaining(`Delete ${extra}`)]);
		expect(second.warnings[0]).toContain(`this trigger uses ${own}`);
		expect(second.warnings[0]).toContain('Event Subscription › Delete');

		// Another chat message is another event, whichever subscription it comes through.
		const next = kick().samplePayload('chat.message.sent') as IDataObject;
		expect(await trigger.deliver(through(extra, 'chat.message.sent', next))).toMatchObject({
			started: true,
		});
	});

	test('where the execution runs (a worker in queue mode), the copy is dropped too', async () => {
		const trigger = userTrigger(['kicks.gifted']);
		await trigger.activate();
		const own = subscriptionOf('kicks.gifted').id;
		const extra = madeByHand('kicks.gifted');
		const gift = kick().samplePayload('kicks.gifted') as IDataObject;
		// Both copies entered through other processes (a restarted package here), then ran here.
		const items = [
			...(await trigger.deliver(through(own, 'kicks.gifted', gift))).items,
			...(await userTrigger(['kicks.gifted']).deliver(through(extra, 'kicks.gifted', gift))).items,
		];
		expect(await runDeliveryExecution(trigger, items.slice(0, 1))).toHaveLength(1);
		expect(await runDeliveryExecution(trigger, items.slice(1))).toEqual([]);
	});

	test('two separate follows by the same viewer through one subscription both run; a copy through another does not', async () => {
		const trigger = userTrigger(['channel.followed']);
		await trigger.activate();
		const own = subscriptionOf('channel.followed').id;
		const extra = madeByHand('channel.followed');
		const follow = kick().samplePayload('channel.followed') as IDataObject;

		expect(await trigger.deliver(through(own, 'channel.followed', follow))).toMatchObject({
			started: true,
		});
		expect(await trigger.deliver(through(extra, 'channel.followed', follow))).toMatchObject({
			started: false,
		});
		// Unfollowed and followed again: the same body, through the same subscription, a new message.
		expect(await trigger.deliver(through(own, 'channel.followed', follow))).toMatchObject({
			started: true,
		});
	});

	test('a check reports the duplicates with their ids once, not on every check', async () => {
		const trigger = userTrigger(['chat.message.sent'], {
			options: { subscriptionCheckInterval: 1 },
		});
		await trigger.activate();
		const extra = madeByHand('chat.message.sent');
		const running = await trigger.startTrigger();
		const warnings: string[] = [];
		const warn = jest.spyOn(trigger.logger, 'warn').mockImplementation((line: string) => {
			warnings.push(line);
		});
		try {
			await running.tick();
			await running.tick();
		} finally {
			warn.mockRestore();
			await running.close();
		}
		expect(warnings).toEqual([
			expect.stringContaining(`Kick holds 2 subscriptions for chat.message.sent`),
		]);
		expect(warnings[0]).toContain(extra);
		expect(live().map((s) => s.id)).toContain(extra);
	});
});

describe("healing that cannot multiply (Kick's list leaving subscriptions out, KickDevDocs #419)", () => {
	test('an own subscription the list leaves out but that still delivers is not re-created', async () => {
		const trigger = userTrigger(['chat.message.sent'], {
			options: { subscriptionCheckInterval: 1 },
		});
		await trigger.activate();
		const running = await trigger.startTrigger();
		const own = subscriptionOf('chat.message.sent').id;
		const chat = () =>
			trigger.deliver(
				through(own, 'chat.message.sent', kick().samplePayload('chat.message.sent') as IDataObject),
			);
		kick().requests.length = 0;

		listLeavesOut([own], 3);
		// Between checks it keeps delivering: proof it exists, whatever the list says.
		for (let check = 0; check < 3; check++) {
			expect(await chat()).toMatchObject({ started: true });
			await running.tick();
		}
		await running.close();
		expect(requestsTo('POST')).toEqual([]);
		expect(requestsTo('DELETE')).toEqual([]);
		expect(live().map((s) => s.id)).toEqual([own]);
	});

	test('however the list behaves, Kick never holds more than one of its own per event and channel', async () => {
		const trigger = userTrigger(['chat.message.sent'], {
			options: { subscriptionCheckInterval: 1 },
		});
		await trigger.activate();
		const running = await trigger.startTrigger();
		for (let check = 0; check < 5; check++) {
			listLeavesOut(
				live().map((s) => s.id),
				1,
			);
			await running.tick();
			expect(live().filter((s) => s.event === 'chat.message.sent')).toHaveLength(1);
		}
		await running.close();
	});
});

describe('ownership without exceptions', () => {
	test('Kick drops everything, the streamer re-creates one by hand: the check uses it and deactivation leaves it at Kick', async () => {
		const trigger = userTrigger(['channel.followed', 'kicks.gifted'], {
			options: { subscriptionCheckInterval: 1 },
		});
		await trigger.activate();
		const running = await trigger.startTrigger();
		kick().state.subscriptions = [];
		const streamers = madeByHand('channel.followed');
		await running.tick();
		await running.close();
		expect(
			live()
				.filter((s) => s.event === 'channel.followed')
				.map((s) => s.id),
		).toEqual([streamers]);

		expect(await trigger.deactivate()).toBe(true);
		expect(live().map((s) => s.id)).toEqual([streamers]);
	});
});

describe('a subscribe request whose answer never came (a timeout)', () => {
	test.each([
		['the connection closed without an answer', { status: 0, noAnswer: true }],
		["Kick's edge answered 504", { status: 504 }],
	])(
		'%s: what Kick made for it meanwhile is used, never owned, never duplicated, and named in the log',
		async (_, failure) => {
			// Kick created the subscription, but its answer never reached the trigger.
			const made = madeByHand('chat.message.sent');
			kick().failNext({
				method: 'GET',
				path: SUBSCRIPTIONS,
				status: 200,
				body: { data: [], message: 'OK' },
			});
			kick().failNext({ method: 'POST', path: SUBSCRIPTIONS, ...failure });
			const trigger = userTrigger(['chat.message.sent'], {
				options: { subscriptionCheckInterval: 1 },
			});
			const warnings: string[] = [];
			const warn = jest.spyOn(trigger.logger, 'warn').mockImplementation((line: string) => {
				warnings.push(line);
			});
			try {
				await expect(trigger.activate()).rejects.toThrow();
			} finally {
				warn.mockRestore();
			}
			expect(warnings.join('\n')).toContain(`Kick now lists chat.message.sent (${made})`);

			// Activated again: it uses that one and subscribes nothing more; deactivation leaves it.
			kick().requests.length = 0;
			await trigger.activate();
			expect(requestsTo('POST')).toEqual([]);
			expect(await trigger.deactivate()).toBe(true);
			expect(live().map((s) => s.id)).toEqual([made]);
		},
	);
});

describe('never lost after a 2xx, never run twice after a retry', () => {
	test('n8n could not start the execution (it answered 500): Kick’s retry runs the workflow', async () => {
		const trigger = userTrigger(['channel.subscription.new']);
		await trigger.activate();
		const delivery = kick().signDelivery({
			type: 'channel.subscription.new',
			payload: kick().samplePayload('channel.subscription.new'),
		});
		const failed = await trigger.deliver(delivery, { executionStartFails: true });
		expect(failed).toMatchObject({ status: 500, started: false });

		const retry = await trigger.deliver(delivery);
		expect(retry).toMatchObject({ status: 200, started: true });
		expect(await runDeliveryExecution(trigger, retry.items)).toHaveLength(1);

		// It ran: a later retry (Kick did not get the answer) runs nothing, here or in the execution.
		expect(await trigger.deliver(delivery)).toMatchObject({ status: 200, started: false });
		expect(await runDeliveryExecution(trigger, retry.items)).toEqual([]);
	});
});

describe('an edit of the active trigger (n8n removes and re-adds it)', () => {
	test('options changed: the same subscriptions, no gap, and a retry of a message that ran runs nothing', async () => {
		const events = ['chat.message.sent', 'channel.followed'];
		const trigger = userTrigger(events);
		await trigger.activate();
		const ids = live().map((s) => s.id);
		const delivery = kick().signDelivery({
			type: 'chat.message.sent',
			payload: kick().samplePayload('chat.message.sent'),
		});
		const ran = await trigger.deliver(delivery);
		expect(await runDeliveryExecution(trigger, ran.items)).toHaveLength(1);
		kick().requests.length = 0;

		await trigger.republish({ events, options: { includeHeaders: true } });
		expect(requestsTo('DELETE')).toEqual([]);
		expect(requestsTo('POST')).toEqual([]);
		expect(live().map((s) => s.id)).toEqual(ids);

		expect(await trigger.deliver(delivery)).toMatchObject({ status: 200, started: false });
		expect(await runDeliveryExecution(trigger, ran.items)).toEqual([]);
		const next = await trigger.deliver(
			kick().signDelivery({
				type: 'channel.followed',
				payload: kick().samplePayload('channel.followed'),
			}),
		);
		expect(next).toMatchObject({ started: true });
		expect(next.items[0].headers).toBeDefined();
	});

	test('Max Event Age changed: the replay memory keeps what ran', async () => {
		const trigger = userTrigger(['kicks.gifted']);
		await trigger.activate();
		const delivery = kick().signDelivery({
			type: 'kicks.gifted',
			payload: kick().samplePayload('kicks.gifted'),
		});
		const ran = await trigger.deliver(delivery);
		expect(await runDeliveryExecution(trigger, ran.items)).toHaveLength(1);

		await trigger.republish({ events: ['kicks.gifted'], options: { maxEventAge: 240 } });
		expect(await trigger.deliver(delivery)).toMatchObject({ status: 200, started: false });
		expect(await runDeliveryExecution(trigger, ran.items)).toEqual([]);
	});

	test('events changed: only the difference is deleted and subscribed', async () => {
		const trigger = userTrigger(['chat.message.sent', 'channel.followed']);
		await trigger.activate();
		const chat = subscriptionOf('chat.message.sent').id;
		const followed = subscriptionOf('channel.followed').id;
		kick().requests.length = 0;

		await trigger.republish({ events: ['chat.message.sent', 'kicks.gifted'] });
		expect(requestsTo('DELETE').map((call) => call.query.id)).toEqual([[followed]]);
		expect(requestsTo('POST')).toHaveLength(1);
		expect(
			live()
				.map((s) => s.event)
				.sort(),
		).toEqual(['chat.message.sent', 'kicks.gifted']);
		expect(subscriptionOf('chat.message.sent').id).toBe(chat);
	});
});

describe('Drops claims once, for good', () => {
	const claims = { events: ['drops.reward.claimed'] };

	test('a claim sent again after the replay window, and again after a restart, runs once', async () => {
		const trigger = new TriggerHarness({
			parameters: { ...claims, options: { maxEventAge: 1 } },
			credentials: userTokenCredentials(kick()),
		});
		await trigger.activate();
		const claim = kick().signDropsClaim({ external_id: 'sword' });
		const first = await trigger.deliver(claim);
		expect(await runDeliveryExecution(trigger, first.items)).toHaveLength(1);

		// Kick sends it again ten minutes later, past the one-minute Max Event Age.
		const late = kick().signDropsClaim(JSON.parse(claim.body) as IDataObject, {
			timestamp: new Date(Date.now() + 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
		});
		const lateDelivery = await trigger.deliver(late);
		expect(await runDeliveryExecution(trigger, lateDelivery.items)).toEqual([]);

		// n8n restarted: a new process, an empty replay memory; n8n's store still knows the claim.
		const restarted = new TriggerHarness({
			parameters: trigger.node.parameters as IDataObject,
			credentials: userTokenCredentials(kick()),
			workflowId: trigger.workflow.id,
			node: trigger.node,
			nodeType: freshPackage().nodeType,
		});
		const again = await restarted.deliver(
			kick().signDropsClaim(JSON.parse(claim.body) as IDataObject),
		);
		expect(again).toMatchObject({ status: 200, started: true });
		expect(await runDeliveryExecution(restarted, again.items)).toEqual([]);
	});
});

describe('several channels, one trigger (app access token)', () => {
	const CHANNELS = [SEED.streamer, 1003, 1004];

	function teamTrigger(credentials: TestCredentialsHelper): TriggerHarness {
		return new TriggerHarness({
			parameters: {
				events: ['chat.message.sent', 'moderation.banned'],
				broadcaster: { __rl: true, mode: 'id', value: String(SEED.streamer) },
				moreBroadcasters: 'speedrunner, https://kick.com/chef',
				options: { subscriptionCheckInterval: 1 },
			},
			credentials,
		});
	}

	test('subscribes each channel, runs each channel’s events with the channel named, heals one channel, and unsubscribes all', async () => {
		const trigger = teamTrigger(appTokenCredentials(kick()));
		await trigger.activate();
		expect(
			requestsTo('POST').map((call) => (call.body as IDataObject).broadcaster_user_id),
		).toEqual(CHANNELS);
		for (const channel of CHANNELS) {
			expect(
				live()
					.filter((s) => s.broadcaster_user_id === channel)
					.map((s) => s.event)
					.sort(),
			).toEqual(['chat.message.sent', 'moderation.banned']);
		}

		const running = await trigger.startTrigger();
		kick().state.subscriptions = live().filter((s) => s.broadcaster_user_id !== 1003);
		kick().requests.length = 0;
		await running.tick();
		await running.close();
		expect(requestsTo('POST').map((call) => call.body)).toEqual([
			{
				events: [
					{ name: 'chat.message.sent', version: 1 },
					{ name: 'moderation.banned', version: 1 },
				],
				method: 'webhook',
				broadcaster_user_id: 1003,
			},
		]);
		expect(live()).toHaveLength(6);

		for (const channel of CHANNELS) {
			const payload = kick().samplePayload('chat.message.sent', { broadcasterUserId: channel });
			const outcome = await trigger.deliver(
				through(
					subscriptionOf('chat.message.sent', channel).id,
					'chat.message.sent',
					payload as IDataObject,
				),
			);
			expect(outcome).toMatchObject({ started: true });
			expect(outcome.items[0].event).toMatchObject({ broadcasterUserId: channel });
		}
		const elsewhere = kick().samplePayload('chat.message.sent', { broadcasterUserId: 1005 });
		expect(
			await trigger.deliver(kick().signDelivery({ type: 'chat.message.sent', payload: elsewhere })),
		).toMatchObject({
			started: false,
		});

		expect(await trigger.deactivate()).toBe(true);
		expect(live()).toEqual([]);
	});

	test('with a user access token, other channels are refused, naming them', async () => {
		const trigger = new TriggerHarness({
			parameters: { events: ['chat.message.sent'], moreBroadcasters: '1003' },
			credentials: userTokenCredentials(kick()),
		});
		await expect(trigger.activate()).rejects.toThrow(
			"'Broadcaster': a user access token only receives events of its own channel (user 1001), not of 1003",
		);
		expect(live()).toEqual([]);
	});
});
