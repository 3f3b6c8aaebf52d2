/**
 * The Kick Trigger over months, through n8n-core's contexts against the fake Kick: the periodic
 * check (trigger()) re-creating what Kick dropped, ownership (only its own subscriptions are
 * deleted), restarts, changed settings, dead tokens, URLs Kick cannot call and several triggers
 * on one Kick app.
 */
import type { IDataObject } from 'n8n-workflow';

import type { KickTrigger as KickTriggerClass } from '../../nodes/KickTrigger/KickTrigger.node';
import { checkCronExpression } from '../../nodes/KickTrigger/keeper';
import { EVENT_TYPES } from '../fake-kick/event-payloads';
import { DEFAULT_CLIENT, SEED } from '../fake-kick/server';
import type { TestCredentialsHelper } from '../support/engine';
import {
	freshPackage,
	appTokenCredentials,
	callsTo,
	SECOND_APP,
	TriggerHarness,
	useFakeKick,
	userTokenCredentials,
} from './harness';

const SUBSCRIPTIONS = '/public/v1/events/subscriptions';
/** Every event Kick delivers. */
const ALL_EVENTS: string[] = [...EVENT_TYPES];

const kick = useFakeKick();

/** Lines the node logged at one level while `run` ran. */
async function logged(
	harness: TriggerHarness,
	level: 'warn' | 'info',
	run: () => Promise<unknown>,
): Promise<string[]> {
	const lines: string[] = [];
	const record = (message: string) => {
		lines.push(message);
	};
	const spy = jest.spyOn(harness.logger, level).mockImplementation(record as never);
	try {
		await run();
	} finally {
		spy.mockRestore();
	}
	return lines;
}

const live = () => kick().state.subscriptions;
const liveEvents = () =>
	live()
		.map((s) => s.event)
		.sort();
const posts = () => callsTo(kick(), SUBSCRIPTIONS).filter((call) => call.method === 'POST');
const countsPerEvent = () =>
	live().reduce<Record<string, number>>((counts, s) => {
		counts[s.event] = (counts[s.event] ?? 0) + 1;
		return counts;
	}, {});

function trigger(
	events: string[] = ALL_EVENTS,
	options: { credentials?: TestCredentialsHelper; parameters?: IDataObject } = {},
): TriggerHarness {
	return new TriggerHarness({
		parameters: { events, ...options.parameters },
		credentials: options.credentials ?? userTokenCredentials(kick()),
	});
}

/** Kick drops subscriptions (a day of failed deliveries, or webhooks turned off in the app). */
function kickDrops(events: string[]): void {
	kick().state.subscriptions = live().filter((s) => !events.includes(s.event));
}

/** Another copy of the package: what a restarted n8n process loads. */
const restartedPackage = (): KickTriggerClass => freshPackage().nodeType;

/** The same workflow after an n8n restart: its saved static data, a fresh process. */
function afterRestart(before: TriggerHarness, savedStaticData: IDataObject): TriggerHarness {
	return new TriggerHarness({
		parameters: before.node.parameters as IDataObject,
		credentials: userTokenCredentials(kick()),
		staticData: savedStaticData,
		workflowId: before.workflow.id,
		node: before.node,
		nodeType: restartedPackage(),
	});
}

describe('the periodic check', () => {
	test('every 15 minutes by default, or as chosen; spread over the minute by node', async () => {
		expect(checkCronExpression(15, 'a')).toMatch(/^\d{1,2} \*\/15 \* \* \* \*$/);
		expect(checkCronExpression(1, 'a')).toMatch(/^\d{1,2} \*\/1 \* \* \* \*$/);
		expect(checkCronExpression(60, 'a')).toMatch(/^\d{1,2} \d{1,2} \* \* \* \*$/);
		expect(checkCronExpression(15, 'a')).toBe(checkCronExpression(15, 'a'));
		const seconds = new Set(
			['a', 'b', 'c', 'd', 'e', 'f'].map((id) => checkCronExpression(15, id).split(' ')[0]),
		);
		expect(seconds.size).toBeGreaterThan(1);

		const harness = trigger(['channel.followed'], {
			parameters: { options: { subscriptionCheckInterval: 1 } },
		});
		await harness.activate();
		const running = await harness.startTrigger();
		expect(running.expression).toMatch(/\*\/1 \* \* \* \*$/);
	});

	test('Kick dropped 2 of 10 while active: one check re-creates exactly those 2, logs it, and later checks add nothing', async () => {
		const harness = trigger();
		await harness.activate();
		const running = await harness.startTrigger();
		const dropped = live()
			.filter((s) => ['channel.followed', 'kicks.gifted'].includes(s.event))
			.map((s) => s.id);
		kickDrops(['channel.followed', 'kicks.gifted']);
		kick().requests.length = 0;

		const warnings = await logged(harness, 'warn', async () => await running.tick());
		expect(posts().map((call) => call.body)).toEqual([
			{
				events: [
					{ name: 'channel.followed', version: 1 },
					{ name: 'kicks.gifted', version: 1 },
				],
				method: 'webhook',
			},
		]);
		expect(warnings).toEqual([
			expect.stringMatching(
				/Kick no longer had subscriptions for channel\.followed, kicks\.gifted .*re-created them: channel\.followed \(\w+\), kicks\.gifted \(\w+\)/,
			),
		]);
		for (let i = 0; i < 3; i++) await running.tick();
		expect(posts()).toHaveLength(1);
		// Its own dropped ids are deleted before anything is created (Kick ignores ids it no longer
		// knows; one it merely left out of its list would go): never two of its own per event.
		const deletes = callsTo(kick(), SUBSCRIPTIONS).filter((call) => call.method === 'DELETE');
		expect(deletes.map((call) => [...call.query.id].sort())).toEqual([[...dropped].sort()]);
		expect(countsPerEvent()).toEqual(Object.fromEntries(ALL_EVENTS.map((event) => [event, 1])));

		// Deactivation deletes the re-created ones too: they are the trigger's own.
		await running.close();
		expect(await harness.deactivate()).toBe(true);
		expect(live()).toEqual([]);
	});

	test('Kick dropped all of them (webhooks turned off in the app): all come back in one request', async () => {
		const harness = trigger();
		await harness.activate();
		const running = await harness.startTrigger();
		kick().state.subscriptions = [];
		kick().requests.length = 0;
		await running.tick();
		expect(posts()).toHaveLength(1);
		expect(liveEvents()).toEqual([...ALL_EVENTS].sort());
	});

	test('after deactivation a pending check does nothing', async () => {
		const harness = trigger(['channel.followed']);
		await harness.activate();
		const running = await harness.startTrigger();
		await harness.deactivate();
		kick().requests.length = 0;
		await running.tick();
		expect(kick().requests).toEqual([]);
		expect(live()).toEqual([]);
	});

	test('"Listen for test event" starts no periodic check', async () => {
		const harness = trigger(['channel.followed']);
		await expect(harness.startTrigger('manual')).rejects.toThrow('registered no periodic check');
	});
});

describe('n8n restarts', () => {
	test('dropped while n8n was down: the start-up check re-creates them', async () => {
		const harness = trigger();
		await harness.activate();
		const saved = harness.workflowStaticData;
		kickDrops(['channel.followed', 'kicks.gifted']);
		kick().requests.length = 0;

		const restarted = afterRestart(harness, saved);
		const warnings = await logged(restarted, 'warn', async () => {
			expect(await restarted.activate('init')).toEqual({ created: true });
		});
		expect(posts()).toHaveLength(1);
		expect(countsPerEvent()).toEqual(Object.fromEntries(ALL_EVENTS.map((event) => [event, 1])));
		expect(warnings.join('\n')).toContain('re-created them');
		// What n8n saves after start-up lists the new ids.
		const ids = (restarted.staticData.subscriptions as Array<{ id: string }>).map((s) => s.id);
		expect(ids.sort()).toEqual(
			live()
				.map((s) => s.id)
				.sort(),
		);
	});

	test('re-created while active, then n8n restarted before saving them: used, never claimed, not duplicated, left at Kick with their ids logged', async () => {
		const harness = trigger();
		await harness.activate();
		const saved = harness.workflowStaticData; // what n8n saved at activation
		const running = await harness.startTrigger();
		kickDrops(['channel.followed', 'kicks.gifted']);
		await running.tick();
		expect(posts()).toHaveLength(2);
		const recreated = live()
			.filter((s) => ['channel.followed', 'kicks.gifted'].includes(s.event))
			.map((s) => s.id);

		const restarted = afterRestart(harness, saved);
		const info = await logged(restarted, 'info', async () => await restarted.activate('init'));
		expect(posts()).toHaveLength(2);
		// The saved record does not name them: the trigger cannot prove they are its own.
		for (const id of recreated) expect(info.join('\n')).toContain(id);
		expect(info.join('\n')).toContain('uses existing Kick subscriptions it did not create');
		expect(countsPerEvent()).toEqual(Object.fromEntries(ALL_EVENTS.map((event) => [event, 1])));

		const left = await logged(restarted, 'info', async () => {
			expect(await restarted.deactivate()).toBe(true);
		});
		expect(
			live()
				.map((s) => s.id)
				.sort(),
		).toEqual([...recreated].sort());
		expect(left.join('\n')).toContain('left the Kick subscriptions it did not create in place');
	});

	test('Kick unreachable at start-up: the workflow stays active, its recorded subscriptions are kept, and a line says so', async () => {
		const harness = trigger(['channel.followed']);
		await harness.activate();
		const saved = harness.workflowStaticData;
		kick().failNext({ method: 'GET', path: SUBSCRIPTIONS, status: 503, times: 2 });

		const restarted = afterRestart(harness, saved);
		const warnings = await logged(restarted, 'warn', async () => {
			expect(await restarted.activate('init')).toEqual({ created: true });
		});
		expect(warnings.join('\n')).toContain('could not check its Kick subscriptions at start-up');
		expect(restarted.staticData.subscriptions).toEqual(
			(saved[`node:${harness.node.name}`] as IDataObject).subscriptions,
		);
	});
});

describe('ownership', () => {
	test('a subscription made beforehand with the Kick node survives activation, checks and deactivation', async () => {
		// Kick › Event Subscription › Create, run earlier with the same app.
		const existingId = kick().addSubscription({
			event: 'channel.followed',
			id: '01JKICKNODESUBSCRIPTION000',
		});

		const harness = trigger(['channel.followed', 'kicks.gifted']);
		const info = await logged(harness, 'info', async () => await harness.activate());
		expect(info.join('\n')).toContain(
			`uses existing Kick subscriptions it did not create: channel.followed (${existingId})`,
		);
		const running = await harness.startTrigger();
		await running.tick();
		expect(countsPerEvent()).toEqual({ 'channel.followed': 1, 'kicks.gifted': 1 });

		expect(await harness.deactivate()).toBe(true);
		expect(live().map((s) => s.id)).toEqual([existingId]);
	});
});

describe('changes follow', () => {
	test('another Broadcaster: checkExists says no, and create moves the subscriptions, deleting only its own', async () => {
		const credentials = appTokenCredentials(kick());
		const first = new TriggerHarness({
			parameters: {
				events: ['livestream.status.updated'],
				broadcaster: { __rl: true, mode: 'id', value: String(SEED.streamer) },
			},
			credentials,
		});
		await first.activate();
		const moved = new TriggerHarness({
			parameters: {
				events: ['livestream.status.updated'],
				broadcaster: { __rl: true, mode: 'id', value: '1003' },
			},
			credentials,
			staticData: { [`node:${first.node.name}`]: first.staticData },
			workflowId: first.workflow.id,
			node: first.node,
		});
		expect(await moved.checkExists()).toBe(false);
		await moved.create();
		expect(live().map((s) => s.broadcaster_user_id)).toEqual([1003]);
		expect(moved.staticData.broadcasterUserIds).toEqual([1003]);
	});

	test('a credential of another Kick app: new subscriptions there, and the old ones named for manual removal', async () => {
		const first = trigger(['channel.followed']);
		await first.activate();
		const oldId = live()[0].id;
		const switched = new TriggerHarness({
			parameters: { events: ['channel.followed'] },
			credentials: userTokenCredentials(kick(), undefined, SECOND_APP),
			staticData: { [`node:${first.node.name}`]: first.staticData },
			workflowId: first.workflow.id,
			node: first.node,
		});
		expect(await switched.checkExists()).toBe(false);
		const warnings = await logged(switched, 'warn', async () => await switched.create());
		expect(warnings.join('\n')).toContain(`could not be deleted: channel.followed (${oldId})`);
		expect(
			live()
				.map((s) => s.app_id)
				.sort(),
		).toEqual([DEFAULT_CLIENT.clientId, SECOND_APP.clientId].sort());
		expect(switched.staticData.appClientId).toBe(SECOND_APP.clientId);
	});
});

describe('a dead token (refresh token revoked or past its 30 days)', () => {
	test('deliveries still run; checks log "reconnect" and keep the ids; deactivation logs the ids left at Kick and how to remove them', async () => {
		const harness = trigger(['channel.followed']);
		await harness.activate();
		const running = await harness.startTrigger();
		const ids = live().map((s) => s.id);
		expect(kick().revokeUserTokens()).toBeGreaterThan(0);

		const delivery = kick().signDelivery({
			type: 'channel.followed',
			payload: kick().samplePayload('channel.followed'),
		});
		expect(await harness.deliver(delivery)).toMatchObject({ status: 200, started: true });

		const checkWarnings = await logged(harness, 'warn', async () => await running.tick());
		expect(checkWarnings.join('\n')).toMatch(
			/could not check its Kick subscriptions: .*reconnect/i,
		);
		expect((harness.staticData.subscriptions as Array<{ id: string }>).map((s) => s.id)).toEqual(
			ids,
		);

		const deactivationWarnings = await logged(harness, 'warn', async () => {
			expect(await harness.deactivate()).toBe(true);
		});
		const line = deactivationWarnings.join('\n');
		expect(line).toContain(
			`could not delete its Kick event subscriptions channel.followed (${ids[0]})`,
		);
		expect(line).toContain('Event Subscription › Delete');
		expect(line).toContain('app access token (Client Credentials)');
		expect(live().map((s) => s.id)).toEqual(ids);
	});
});

describe('URLs Kick cannot call', () => {
	test.each([
		['http://localhost:5678/', 'Kick only delivers to https:// URLs'],
		['https://localhost:5678/', 'localhost is a local name'],
		['https://192.168.1.20/', '192.168.1.20 is a loopback, private or link-local address'],
		['https://[::1]:5678/', '::1 is a loopback, private or link-local address'],
		['https://n8n.local/', 'n8n.local is a local name'],
	])('WEBHOOK_URL=%s: activation is refused, naming the URL and the fix', async (base, reason) => {
		const harness = new TriggerHarness({
			parameters: { events: ['channel.followed'] },
			credentials: userTokenCredentials(kick()),
			publicBaseUrl: base,
		});
		const error = (await harness.activate().catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toContain(
			`Kick cannot deliver events to this trigger's URL ${base.replace(/\/$/, '')}/webhook/${harness.node.webhookId}/kick`,
		);
		expect(error.message).toContain(reason);
		expect(error.description).toContain('WEBHOOK_URL');
		expect(error.description).toContain('tunnel');
		expect(live()).toEqual([]);
	});
});

describe('several workflows, one Kick app', () => {
	test('a second trigger on the same app is refused, naming the first; after it is deactivated the second activates', async () => {
		const first = trigger(['chat.message.sent']);
		await first.activate();
		const second = trigger(['channel.followed']);
		const error = (await second.activate().catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toContain(
			`already sends its events to the Kick Trigger "Kick Trigger" in the active workflow "Kick Trigger test" (ID ${first.workflow.id})`,
		);
		expect(error.description).toContain('Switch on {{ $json.event.type }}');
		expect(liveEvents()).toEqual(['chat.message.sent']);

		await first.deactivate();
		await second.activate();
		expect(liveEvents()).toEqual(['channel.followed']);
	});

	test('at start-up both stay active and a warning names the other; a test session is allowed too', async () => {
		const first = trigger(['chat.message.sent']);
		await first.activate();
		const second = trigger(['channel.followed']);
		const warnings = await logged(second, 'warn', async () => await second.activate('init'));
		expect(warnings.join('\n')).toContain('already sends its events to the Kick Trigger');
		const test = trigger(['kicks.gifted']);
		await test.activate('manual');
		expect(liveEvents()).toEqual(['channel.followed', 'chat.message.sent', 'kicks.gifted']);
		await test.deactivate();
		await second.deactivate();
	});

	test('another app is fine', async () => {
		await trigger(['chat.message.sent']).activate();
		await trigger(['channel.followed'], {
			credentials: userTokenCredentials(kick(), undefined, SECOND_APP),
		}).activate();
		expect(liveEvents()).toEqual(['channel.followed', 'chat.message.sent']);
	});
});
