/**
 * Deliveries to an active Kick Trigger through n8n-core's WebhookContext, signed by the fake
 * Kick exactly as Kick signs them: which start the workflow with which item, and which are
 * answered with what status without starting anything.
 */
import { generateKeyPairSync } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';
import { EVENT_TYPES, type KickEventType } from '../fake-kick/event-payloads';
import { type SignedDelivery, signDelivery } from '../fake-kick/events';
import type { FakeKick } from '../fake-kick/server';
import { SEED } from '../fake-kick/server';
import type { OAuthClient } from '../fake-kick/state';
import {
	runDeliveryExecution,
	SECOND_APP,
	TRIGGER_VERSIONS,
	TriggerHarness,
	useFakeKick,
	userTokenCredentials,
} from './harness';

const ALL_EVENTS = [...EVENT_TYPES];
const OTHER_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let fake: FakeKick;
let trigger: TriggerHarness;
/** The trigger version the current block runs (every block runs once per version). */
let typeVersion: number;

/** RFC 3339 time `minutes` from now, as Kick writes it. */
const minutesFromNow = (minutes: number) =>
	new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function activeTrigger(parameters: IDataObject, app?: OAuthClient): Promise<TriggerHarness> {
	const harness = new TriggerHarness({
		parameters,
		credentials: userTokenCredentials(fake, undefined, app),
		typeVersion,
	});
	await harness.activate();
	return harness;
}

/** A second trigger next to the file's active one: it needs its own Kick app (one URL per app). */
const otherTrigger = async (parameters: IDataObject) => await activeTrigger(parameters, SECOND_APP);

function signed(
	type: KickEventType,
	overrides: { broadcasterUserId?: number; timestamp?: string } = {},
): SignedDelivery {
	const payload = fake.samplePayload(type, { broadcasterUserId: overrides.broadcasterUserId });
	return fake.signDelivery({ type, payload, timestamp: overrides.timestamp });
}

/** Signed by the fake's key over an arbitrary body (for malformed bodies that pass the signature). */
const signedBody = (body: string, type = 'chat.message.sent') =>
	fake.signDelivery({ type, payload: body });

const rejected = (status: number) => expect.objectContaining({ status, started: false, items: [] });

/**
 * What the README documents that a recorded-shape sample lacks: `emotes` (Kick sends null, the
 * sample's content holds the docs' one token) and `metadata.category` (Kick sends `Category`).
 */
function readmeFields(type: KickEventType, payload: IDataObject): IDataObject {
	if (type === 'chat.message.sent' && payload.emotes === null)
		return { emotes: [{ emote_id: '4148074', positions: [{ s: 6, e: 30 }] }] };
	const metadata = payload.metadata as IDataObject | undefined;
	if (type === 'livestream.metadata.updated' && metadata?.Category)
		return { metadata: { ...metadata, category: metadata.Category } };
	return {};
}

const kick = useFakeKick({ reset: false });

beforeAll(() => {
	fake = kick();
});

test('n8n offers versions 1 and 2 (saved workflows keep 1), version 2 for new triggers', () => {
	expect(TRIGGER_VERSIONS).toEqual([1, 2]);
	expect(new KickTrigger().description.defaultVersion).toBe(2);
});

// Versions 1 and 2 have the same parameters and behaviour; n8n reads the request apart for them.
describe.each(TRIGGER_VERSIONS)('Kick Trigger version %i', (version) => {
	beforeAll(async () => {
		typeVersion = version;
		trigger = await activeTrigger({ events: ALL_EVENTS });
		expect(trigger.node.typeVersion).toBe(version);
	});

	afterAll(async () => {
		await trigger.deactivate();
	});

	describe('genuine deliveries', () => {
		test.each(ALL_EVENTS)(
			'%s starts the workflow with the payload at the top and the event details',
			async (type) => {
				const delivery = signed(type);
				const outcome = await trigger.deliver(delivery);

				expect(outcome).toMatchObject({ status: 200, started: true, warnings: [] });
				const subscriptionId = fake.state.subscriptions.find((s) => s.event === type)?.id;
				expect(subscriptionId).toBeDefined();
				const sent = JSON.parse(delivery.body) as IDataObject;
				expect(outcome.items).toEqual([
					{
						...sent,
						...readmeFields(type, sent),
						event: {
							type,
							version: 1,
							messageId: delivery.headers['Kick-Event-Message-Id'],
							subscriptionId,
							broadcasterUserId: SEED.streamer,
							key: expect.stringMatching(/^(chat|body):/),
							timestamp: delivery.headers['Kick-Event-Message-Timestamp'],
							late: false,
							ageSeconds: expect.any(Number),
						},
					},
				]);
			},
		);

		test('the raw bytes are verified, not re-serialised JSON (whitespace and key order as Kick sent them)', async () => {
			const payload = fake.samplePayload('channel.followed');
			const body = `{\n  "follower": ${JSON.stringify(payload.follower)},\n  "broadcaster":   ${JSON.stringify(payload.broadcaster)}\n}`;
			const subscriptionId = fake.state.subscriptions.find(
				(s) => s.event === 'channel.followed',
			)?.id;
			const outcome = await trigger.deliver(
				fake.signDelivery({ type: 'channel.followed', payload: body, subscriptionId }),
			);
			expect(outcome).toMatchObject({ status: 200, started: true });
			expect(outcome.items[0]).toMatchObject({
				follower: payload.follower,
				broadcaster: payload.broadcaster,
			});
		});

		test('when n8n left the raw body unread, the node reads it (readRawBody)', async () => {
			const outcome = await trigger.deliver(signed('kicks.gifted'), {
				rawBodyOnRequest: true,
				contentType: 'application/octet-stream',
			});
			expect(outcome).toMatchObject({ status: 200, started: true });
		});

		test('Include Delivery Headers adds the request headers to the item', async () => {
			const withHeaders = await otherTrigger({
				events: ['channel.followed'],
				options: { includeHeaders: true },
			});
			const delivery = signed('channel.followed');
			const { items } = await withHeaders.deliver(delivery);
			expect(items[0].headers).toMatchObject({
				'kick-event-type': 'channel.followed',
				'kick-event-message-id': delivery.headers['Kick-Event-Message-Id'],
				'content-type': 'application/json',
			});
			expect((await trigger.deliver(signed('channel.followed'))).items[0]).not.toHaveProperty(
				'headers',
			);
			await withHeaders.deactivate();
		});
	});

	describe('deliveries that are not genuine start nothing', () => {
		test('signed with another key: 401 and one warning', async () => {
			const delivery = signDelivery(OTHER_KEY, {
				type: 'chat.message.sent',
				payload: fake.samplePayload('chat.message.sent'),
			});
			const outcome = await trigger.deliver(delivery);
			expect(outcome).toEqual(rejected(401));
			expect(outcome.warnings).toEqual([
				expect.stringMatching(/rejected a delivery \(401\): Kick-Event-Signature does not match/),
			]);
		});

		test('body altered after signing: 401', async () => {
			const delivery = signed('chat.message.sent');
			const tampered = { ...delivery, body: delivery.body.replace('Hello', 'Hellp') };
			const outcome = await trigger.deliver(tampered);
			expect(outcome).toEqual(rejected(401));
			expect(outcome.warnings).toHaveLength(1);
		});

		test('message id or timestamp header altered after signing: 401', async () => {
			const delivery = signed('channel.followed');
			const otherId = {
				...delivery,
				headers: { ...delivery.headers, 'Kick-Event-Message-Id': '01JZZZZZZZZZZZZZZZZZZZZZZZ' },
			};
			expect(await trigger.deliver(otherId)).toEqual(rejected(401));
			const otherTime = {
				...delivery,
				headers: { ...delivery.headers, 'Kick-Event-Message-Timestamp': minutesFromNow(-1) },
			};
			expect(await trigger.deliver(otherTime)).toEqual(rejected(401));
		});

		test.each([
			['Kick-Event-Signature'],
			['Kick-Event-Message-Id'],
			['Kick-Event-Message-Timestamp'],
		])('without the %s header: 401, and the warning names it', async (header) => {
			const delivery = signed('channel.followed');
			const headers = { ...delivery.headers };
			delete headers[header];
			const outcome = await trigger.deliver({ ...delivery, headers });
			expect(outcome).toEqual(rejected(401));
			expect(outcome.warnings).toEqual([expect.stringContaining(`missing header ${header}`)]);
		});

		test('without Kick-Event-Type (and not a Drops claim): 400, and the warning says why', async () => {
			const delivery = signed('channel.followed');
			const headers = { ...delivery.headers };
			delete headers['Kick-Event-Type'];
			const outcome = await trigger.deliver({ ...delivery, headers });
			expect(outcome).toEqual(rejected(400));
			expect(outcome.warnings).toEqual([
				expect.stringContaining('Kick-Event-Type is missing and the body is not a Drops claim'),
			]);
		});

		test('a timestamp that is not RFC 3339: 400, naming the header', async () => {
			const outcome = await trigger.deliver(signed('channel.followed', { timestamp: 'yesterday' }));
			expect(outcome).toEqual(rejected(400));
			expect(outcome.warnings).toEqual([
				expect.stringContaining('Kick-Event-Message-Timestamp "yesterday" is not an RFC 3339 time'),
			]);
		});

		test('an old timestamp does not make a forgery pass: 401 before the age is looked at', async () => {
			const forged = signDelivery(OTHER_KEY, {
				type: 'channel.followed',
				payload: fake.samplePayload('channel.followed'),
				timestamp: minutesFromNow(-90),
			});
			expect(await trigger.deliver(forged)).toEqual(rejected(401));
		});
	});

	describe('late deliveries (Kick retrying after an outage)', () => {
		test('30 minutes old: runs once, marked late; a second copy does not run again', async () => {
			const delivery = signed('channel.subscription.new', { timestamp: minutesFromNow(-30) });
			const first = await trigger.deliver(delivery);
			expect(first).toMatchObject({ status: 200, started: true, warnings: [] });
			expect(first.items[0].event).toMatchObject({ late: true, ageSeconds: expect.any(Number) });
			expect((first.items[0].event as IDataObject).ageSeconds).toBeGreaterThanOrEqual(1799);
			expect(await trigger.deliver(delivery)).toMatchObject({
				status: 200,
				started: false,
				response: { message: expect.stringContaining('already received') },
			});
		});

		test('older than Max Event Age (60 min by default): 200 so Kick stops retrying, not run, and a warning says why', async () => {
			const outcome = await trigger.deliver(
				signed('channel.followed', { timestamp: minutesFromNow(-61) }),
			);
			expect(outcome).toMatchObject({ status: 200, started: false, items: [] });
			expect(outcome.warnings).toEqual([
				expect.stringMatching(
					/did not run the workflow for a genuine Kick delivery: message \S+: the message was sent 61 min old, beyond 'Max Event Age \(Minutes\)' \(60 min\); raise 'Max Event Age \(Minutes\)'/,
				),
			]);
		});

		test('far in the future (this host’s clock is wrong): 200, not run, and the warning says to check the clock', async () => {
			const outcome = await trigger.deliver(
				signed('channel.followed', { timestamp: minutesFromNow(61) }),
			);
			expect(outcome).toMatchObject({ status: 200, started: false });
			expect(outcome.warnings).toEqual([
				expect.stringContaining('check the clock of this n8n host'),
			]);
		});

		test('a larger Max Event Age runs an older delivery', async () => {
			const patient = await otherTrigger({
				events: ['moderation.banned'],
				options: { maxEventAge: 180 },
			});
			const outcome = await patient.deliver(
				signed('moderation.banned', { timestamp: minutesFromNow(-150) }),
			);
			expect(outcome).toMatchObject({ status: 200, started: true });
			expect(outcome.items[0].event).toMatchObject({ late: true });
			await patient.deactivate();
		});
	});

	describe('genuine deliveries this trigger does not want: 200, nothing started, no warning', () => {
		test('a replayed message id', async () => {
			const delivery = signed('livestream.status.updated');
			expect(await trigger.deliver(delivery)).toMatchObject({ status: 200, started: true });
			const again = await trigger.deliver(delivery);
			expect(again).toEqual({
				status: 200,
				response: { message: expect.stringContaining('already received') },
				items: [],
				started: false,
				warnings: [],
			});
		});

		test('the same message id for another trigger still starts that one', async () => {
			const other = await otherTrigger({ events: ['livestream.metadata.updated'] });
			const delivery = signed('livestream.metadata.updated');
			expect(await trigger.deliver(delivery)).toMatchObject({ started: true });
			expect(await other.deliver(delivery)).toMatchObject({ started: true });
			await other.deactivate();
		});

		test('an event type the trigger did not choose', async () => {
			const followsOnly = await otherTrigger({ events: ['channel.followed'] });
			const outcome = await followsOnly.deliver(signed('chat.message.sent'));
			expect(outcome).toEqual({
				status: 200,
				response: { message: expect.stringContaining('chat.message.sent was not chosen') },
				items: [],
				started: false,
				warnings: [],
			});
			await followsOnly.deactivate();
		});

		test('another broadcaster', async () => {
			const outcome = await trigger.deliver(
				signed('channel.followed', { broadcasterUserId: 1003 }),
			);
			expect(outcome).toEqual({
				status: 200,
				response: { message: expect.stringContaining(`broadcaster 1003, not ${SEED.streamer}`) },
				items: [],
				started: false,
				warnings: [],
			});
		});
	});

	describe('malformed bodies get a 4xx, never an execution', () => {
		test.each([
			{ label: 'empty', body: '', status: 400, reason: 'the body is empty' },
			{ label: 'not JSON', body: 'hello kick', status: 400, reason: 'not JSON' },
			{ label: 'a JSON array', body: '[1,2,3]', status: 400, reason: 'not a JSON object' },
			{ label: 'JSON null', body: 'null', status: 400, reason: 'not a JSON object' },
		])('$label (signed by Kick’s key): $status', async ({ body, status, reason }) => {
			const outcome = await trigger.deliver(signedBody(body), { contentType: 'text/plain' });
			expect(outcome).toEqual(rejected(status));
			expect(outcome.warnings).toEqual([expect.stringContaining(reason)]);
		});

		test('over 1 MiB: 413', async () => {
			const huge = JSON.stringify({
				broadcaster: { user_id: SEED.streamer },
				content: 'x'.repeat(1024 * 1024),
			});
			const delivery = signedBody(huge);
			const outcome = await trigger.deliver(delivery);
			expect(outcome).toEqual(rejected(413));
		});

		test('unsigned garbage: 401', async () => {
			expect(
				await trigger.deliver(
					{ headers: {}, body: '\u0000\u0001' },
					{ contentType: 'application/octet-stream' },
				),
			).toEqual(rejected(401));
		});
	});

	describe('Verify Signature off', () => {
		test('accepts a delivery signed with any key, and the editor shows a warning notice', async () => {
			const parameters = { events: ['kicks.gifted'], options: { verifySignature: false } };
			const open = await otherTrigger(parameters);
			const forged = signDelivery(OTHER_KEY, {
				type: 'kicks.gifted',
				payload: fake.samplePayload('kicks.gifted'),
			});
			expect(await open.deliver(forged)).toMatchObject({ status: 200, started: true });
			// Still needs Kick's headers.
			expect(await open.deliver({ ...forged, headers: {} })).toEqual(rejected(401));
			await open.deactivate();

			const notice = open.nodeType.description.properties.find(
				(property) => property.name === 'unverifiedNotice',
			);
			expect(notice).toBeDefined();
			expect(
				NodeHelpers.displayParameter(parameters, notice!, open.node, open.nodeType.description),
			).toBe(true);
			expect(
				NodeHelpers.displayParameter(
					{ events: [], options: {} },
					notice!,
					open.node,
					open.nodeType.description,
				),
			).toBe(false);
		});
	});

	describe('Drops Reward Claimed (Kick POSTs claims to the Drops campaign URL)', () => {
		const claimsOnly = { events: ['drops.reward.claimed'] };

		test('activation subscribes nothing and asks Kick for nothing; the editor shows where to paste the URL', async () => {
			const before = fake.requests.length;
			const drops = await activeTrigger(claimsOnly);
			expect(fake.requests.length).toBe(before);
			expect(drops.staticData).toEqual({});
			const notice = drops.nodeType.description.properties.find((p) => p.name === 'dropsNotice');
			expect(
				NodeHelpers.displayParameter(claimsOnly, notice!, drops.node, drops.nodeType.description),
			).toBe(true);
			expect(
				NodeHelpers.displayParameter(
					{ events: ['channel.followed'] },
					notice!,
					drops.node,
					drops.nodeType.description,
				),
			).toBe(false);
			expect(await drops.deactivate()).toBe(true);
			expect(fake.requests.length).toBe(before);
		});

		test('a signed claim runs the workflow once; the same claim_id again (another message id) gets 200 and runs nothing', async () => {
			const drops = await activeTrigger(claimsOnly);
			const claim = fake.signDropsClaim({ external_id: 'sword-of-kick' });
			const first = await drops.deliver(claim);
			expect(first).toMatchObject({ status: 200, started: true, warnings: [] });
			expect(first.items).toEqual([
				{
					...JSON.parse(claim.body),
					event: {
						type: 'drops.reward.claimed',
						version: null,
						messageId: claim.headers['Kick-Event-Message-ID'],
						subscriptionId: null,
						broadcasterUserId: null,
						key: `claim:${JSON.parse(claim.body).claim_id}`,
						timestamp: claim.headers['Kick-Event-Timestamp'],
						late: false,
						ageSeconds: expect.any(Number),
					},
				},
			]);
			const again = fake.signDropsClaim(JSON.parse(claim.body));
			expect(await drops.deliver(again)).toMatchObject({
				status: 200,
				started: false,
				response: { message: expect.stringContaining('Drops claim') },
			});
			// Where the execution runs (a worker in queue mode), the claim id counts too.
			expect(await runDeliveryExecution(drops, first.items)).toHaveLength(1);
			expect(await runDeliveryExecution(drops, first.items)).toEqual([]);
			await drops.deactivate();
		});

		test('a forged claim: 401, nothing runs', async () => {
			const drops = await activeTrigger(claimsOnly);
			const claim = fake.signDropsClaim();
			const forged = { ...claim, body: claim.body.replace('"user_id":', '"user_id":9') };
			expect(await drops.deliver(forged)).toEqual(rejected(401));
			await drops.deactivate();
		});

		test('a claim reaching a trigger that did not choose Drops: 200, nothing runs', async () => {
			expect(await trigger.deliver(fake.signDropsClaim())).toMatchObject({
				status: 200,
				started: false,
				response: { message: expect.stringContaining('drops.reward.claimed was not chosen') },
				// Never dropped quietly: someone set this URL on a Drops campaign.
				warnings: [expect.stringContaining('did not run the workflow for a genuine Kick delivery')],
			});
		});
	});
});
