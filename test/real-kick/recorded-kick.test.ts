/**
 * The fake's recorded mode and the Kick Trigger against Kick's traffic as it was recorded from
 * live Kick (`../shared/kick/real-kick/`, read at test time, never copied here):
 * - the recorded mode produces the recorded shapes (fields, JSON types, nulls, time formats);
 * - the trigger accepts every recorded delivery body and passes it on unchanged (plus the
 *   README's fields where Kick sent a variant);
 * - the two genuinely signed deliveries verify with Kick's published key, also through the
 *   trigger with its clock at the message's time.
 * Without the folder the file says so and leaves a todo: nothing is counted as checked.
 */
import { createPublicKey } from 'crypto';

import {
	KICK_PUBLISHED_PUBLIC_KEY_PEM,
	kickPublicKeys,
	verifyKickSignature,
} from '../../nodes/KickTrigger/signature';
import type { DeliveryShape } from '../fake-kick/recorded';
import type { FakeKick } from '../fake-kick/server';
import { SEED } from '../fake-kick/state';
import { kick } from '../fake-kick/test-client';
import { kickCredentialData, newCredentials } from '../support/engine';
import { startKickForTest } from '../support/kick-network';
import type { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';
import { freshPackage, TriggerHarness } from '../trigger/harness';
import {
	ABSENT,
	type Recording,
	recordedHeader,
	recordings,
	type UsableRecording,
	usable,
} from './recordings';

const all = recordings();

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d+))?(?:Z|[+-]\d\d:\d\d)$/;

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	if (typeof value === 'string') {
		const time = RFC3339.exec(value);
		if (time) return `time with ${time[1]?.length ?? 0} fraction digits`;
	}
	return typeof value;
}

/**
 * Where `produced` (the fake) differs in shape from `recorded` (live Kick): a missing or extra
 * field, another JSON type, a value that is null on one side only, another time precision.
 * Array items are compared with the fake's first, for the fields the recorded item has.
 */
function shapeProblems(recorded: unknown, produced: unknown, path = '$', subset = false): string[] {
	if (typeName(recorded) !== typeName(produced))
		return [`${path}: Kick sent ${typeName(recorded)}, the fake ${typeName(produced)}`];
	if (Array.isArray(recorded) && Array.isArray(produced)) {
		if (!recorded.length || !produced.length) return [];
		return recorded.flatMap((item, i) => shapeProblems(item, produced[0], `${path}[${i}]`, true));
	}
	if (!isObject(recorded) || !isObject(produced)) return [];
	const problems = Object.keys(recorded).flatMap((key) =>
		key in produced
			? shapeProblems(recorded[key], produced[key], `${path}.${key}`)
			: [`${path}.${key}: Kick sent it, the fake does not`],
	);
	if (!subset)
		for (const key of Object.keys(produced))
			if (!(key in recorded)) problems.push(`${path}.${key}: the fake sends it, Kick did not`);
	return problems;
}

/** The delivery shape a recorded chat body has (recorded.ts): told by its fields, not its date. */
function shapeOfRecorded(type: string, body: Json): DeliveryShape {
	if (type !== 'chat.message.sent' || 'created_at' in body) return '2025-08';
	return isObject(body.sender) && 'identity' in body.sender ? '2025-05' : '2025-02';
}

if (!all) {
	test.todo(ABSENT);
	process.stdout.write(`${ABSENT}\n`);
} else {
	const replayable = usable(all);
	const deliveries = replayable.filter((recording) => recording.kind === 'delivery');
	const answers = replayable.filter((recording) => recording.kind === 'response');
	const evidenceOnly = all.filter((recording) => recording.body_is_json_text === false);
	const genuine = deliveries.filter((recording) => recording.signature_verified === true);
	process.stdout.write(
		`recorded Kick traffic: ${deliveries.length} deliveries and ${answers.length} answers replayed, ${genuine.length} genuinely signed; evidence only (truncated or annotated): ${evidenceOnly.map((r) => r.file).join(', ')}\n`,
	);

	let fake: FakeKick;

	beforeAll(async () => {
		fake = await startKickForTest({ mode: 'recorded' });
	});

	afterAll(async () => {
		await fake.stop();
	});

	beforeEach(() => {
		fake.reset();
		kickPublicKeys.clear();
	});

	test('the folder holds what its README lists: deliveries, answers and two genuine signatures', () => {
		expect(deliveries.length).toBeGreaterThanOrEqual(7);
		expect(answers.length).toBeGreaterThanOrEqual(8);
		expect(genuine).toHaveLength(2);
	});

	describe('the recorded mode produces the recorded delivery shapes', () => {
		test.each(deliveries.map((recording) => [recording.file, recording] as const))(
			'%s',
			(_file, recording) => {
				const type = recording.endpoint_or_event;
				const sample = fake.samplePayload(type as never, {
					shape: shapeOfRecorded(type, recording.parsed),
					reply: isObject(recording.parsed.replies_to),
				});
				expect(shapeProblems(recording.parsed, sample)).toEqual([]);
			},
		);
	});

	describe('the recorded mode produces the recorded answer shapes', () => {
		/** The fake's answer to the request the recording answered, told by the recorded body. */
		async function fakeAnswerLike(recording: UsableRecording): Promise<unknown> {
			const body = recording.parsed;
			const token = fake.issueUserToken().accessToken;
			if ('reference' in body) {
				fake.blockAtEdge({ method: 'POST', path: '/public/v1/chat' });
				const json = { type: 'user', content: 'hi', broadcaster_user_id: SEED.streamer };
				return (await kick({ method: 'POST', path: '/public/v1/chat', token, json })).body;
			}
			if ('error_description' in body) {
				const form = {
					grant_type: 'refresh_token',
					refresh_token: 'revoked-long-ago',
					client_id: fake.client.clientId,
					client_secret: fake.client.clientSecret,
				};
				return (await kick({ host: 'id.kick.com', method: 'POST', path: '/oauth/token', form }))
					.body;
			}
			if (body.message === 'Unauthorized')
				return (await kick({ path: '/public/v1/users', token: 'expired' })).body;
			if (body.message === 'Bad request') {
				const json = { category_id: 999_999 };
				return (await kick({ method: 'PATCH', path: '/public/v1/channels', token, json })).body;
			}
			const [method, path] = recording.endpoint_or_event.split(/\s+/);
			if (method === 'GET' && path.startsWith('/public/v1/'))
				return (await kick({ path, token: fake.issueAppToken().accessToken })).body;
			throw new Error(`${recording.file}: no fake answer to compare it with`);
		}

		test.each(answers.map((recording) => [recording.file, recording] as const))(
			'%s',
			async (_file, recording) => {
				if (recording.endpoint_or_event.startsWith('GET /public/v1/users')) {
					// The token's own user: with a user token, as recorded.
					const token = fake.issueUserToken().accessToken;
					const own = (await kick({ path: '/public/v1/users', token })).body;
					expect(shapeProblems(recording.parsed, own)).toEqual([]);
					return;
				}
				expect(shapeProblems(recording.parsed, await fakeAnswerLike(recording))).toEqual([]);
			},
		);
	});

	/** An active trigger for the recorded broadcaster: a user token of that user, the event chosen. */

	async function triggerFor(
		recording: Recording & { parsed: Json },
		nodeType?: KickTrigger,
	): Promise<TriggerHarness> {
		const broadcaster = recording.parsed.broadcaster as { user_id: number; username: string };
		if (!fake.state.user(broadcaster.user_id))
			fake.state.users.push({
				user_id: broadcaster.user_id,
				name: broadcaster.username,
				email: '',
				profile_picture: '',
				is_verified: false,
			});
		const scopes = ['events:subscribe', 'user:read'];
		const { accessToken, refreshToken } = fake.issueUserToken({
			userId: broadcaster.user_id,
			scopes,
		});
		const harness = new TriggerHarness({
			nodeType,
			parameters: { events: [recording.endpoint_or_event] },
			credentials: newCredentials(
				kickCredentialData({ accessToken, refreshToken, scope: scopes.join(' ') }),
			),
		});
		await harness.activate();
		return harness;
	}

	/** The README's fields a recorded body lacks (its variant of them kept too). */
	function readmeAdditions(type: string, body: Json): Json {
		if (type === 'chat.message.sent' && body.emotes === null) return { emotes: expect.any(Array) };
		if (type === 'livestream.metadata.updated' && isObject(body.metadata) && body.metadata.Category)
			return { metadata: { ...body.metadata, category: body.metadata.Category } };
		return {};
	}

	describe('the Kick Trigger accepts every recorded delivery body and passes it on unchanged', () => {
		test.each(deliveries.map((recording) => [recording.file, recording] as const))(
			'%s',
			async (_file, recording) => {
				const type = recording.endpoint_or_event;
				const trigger = await triggerFor(recording);
				try {
					const subscriptionId = recordedHeader(recording, 'Kick-Event-Subscription-Id');
					// Kick's bytes as recorded, signed with the fake's key at a fresh time.
					const delivery = fake.signDelivery({
						type,
						payload: recording.rawBody,
						subscriptionId: subscriptionId === undefined ? null : undefined,
					});
					const outcome = await trigger.deliver(delivery);

					expect(outcome).toMatchObject({ status: 200, started: true, warnings: [] });
					expect(outcome.items).toEqual([
						{
							...recording.parsed,
							...readmeAdditions(type, recording.parsed),
							event: {
								type,
								version: 1,
								messageId: delivery.headers['Kick-Event-Message-Id'],
								subscriptionId: delivery.headers['Kick-Event-Subscription-Id'] ?? null,
								broadcasterUserId: (recording.parsed.broadcaster as { user_id: number }).user_id,
								key:
									type === 'chat.message.sent'
										? `chat:${String(recording.parsed.message_id)}`
										: expect.stringMatching(/^body:[0-9a-f]{32}$/),
								timestamp: delivery.headers['Kick-Event-Message-Timestamp'],
								late: false,
								ageSeconds: expect.any(Number),
							},
						},
					]);
					const [item] = outcome.items;
					const content = String(item.content ?? '');
					for (const emote of (item.emotes ?? []) as Array<{
						positions: Array<{ s: number; e: number }>;
					}>)
						for (const { s, e } of emote.positions)
							expect(content.slice(s, e + 1)).toMatch(/^\[emote:\d+:/);
				} finally {
					await trigger.deactivate();
				}
			},
		);
	});

	describe("the genuinely signed deliveries verify with Kick's published key", () => {
		const message = (recording: Recording & { rawBody: string }) => ({
			messageId: String(recordedHeader(recording, 'Kick-Event-Message-Id')),
			timestamp: String(recordedHeader(recording, 'Kick-Event-Message-Timestamp')),
			rawBody: Buffer.from(recording.rawBody),
			signature: String(recordedHeader(recording, 'Kick-Event-Signature')),
		});
		const kickKey = createPublicKey(KICK_PUBLISHED_PUBLIC_KEY_PEM);

		test.each(genuine.map((recording) => [recording.file, recording] as const))(
			'%s: verifies, and a changed byte does not',
			(_file, recording) => {
				const signed = message(recording);
				expect(verifyKickSignature(kickKey, signed)).toBe(true);
				const tampered = Buffer.from(signed.rawBody);
				tampered[tampered.length - 2] ^= 1;
				expect(verifyKickSignature(kickKey, { ...signed, rawBody: tampered })).toBe(false);
			},
		);

		test.each(genuine.map((recording) => [recording.file, recording] as const))(
			"%s: the trigger runs it as Kick sent it (its clock at the message's time, Kick's key from its docs)",
			async (_file, recording) => {
				const type = recording.endpoint_or_event;
				const signed = message(recording);
				// A freshly loaded copy, as a newly started n8n has: its clock (never backwards, clock.ts)
				// has not seen today yet, so it can stand at the message's time.
				const { nodeType, publicKeys: keys } = freshPackage();
				const trigger = await triggerFor(recording, nodeType);
				// The fake's key endpoint fails, so the trigger uses the key Kick publishes in its docs.
				fake.setPublicKeyFailure(true);
				jest.useFakeTimers({
					now: Date.parse(signed.timestamp),
					doNotFake: [
						'hrtime',
						'nextTick',
						'performance',
						'queueMicrotask',
						'setImmediate',
						'clearImmediate',
						'setInterval',
						'clearInterval',
						'setTimeout',
						'clearTimeout',
					],
				});
				try {
					const subscriptionId = recordedHeader(recording, 'Kick-Event-Subscription-Id');
					const outcome = await trigger.deliver({
						headers: {
							'Kick-Event-Message-Id': signed.messageId,
							'Kick-Event-Message-Timestamp': signed.timestamp,
							'Kick-Event-Signature': signed.signature,
							'Kick-Event-Type': type,
							'Kick-Event-Version': '1',
							...(subscriptionId ? { 'Kick-Event-Subscription-Id': subscriptionId } : {}),
						},
						body: recording.rawBody,
					});
					expect(outcome).toMatchObject({ status: 200, started: true });
					expect(outcome.items).toEqual([
						expect.objectContaining({
							...recording.parsed,
							...readmeAdditions(type, recording.parsed),
							event: expect.objectContaining({ messageId: signed.messageId, late: false }),
						}),
					]);
					expect(keys.current?.source).toBe('published');
				} finally {
					jest.useRealTimers();
					await trigger.deactivate();
				}
			},
		);
	});
}
