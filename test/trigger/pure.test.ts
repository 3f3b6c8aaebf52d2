/**
 * The trigger's pure pieces on their own: signature verification, the public-key cache (with a
 * fake clock and fetcher), the timestamp and age policy, header and body checks, the event
 * filter and the output item. The replay memory has its own file (replay-memory.test.ts).
 */
import { createPublicKey, generateKeyPairSync, sign } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import {
	eventIdentity,
	eventItem,
	identityFromKey,
	judgeAge,
	MAX_BODY_BYTES,
	notForThisTrigger,
	parseEventBody,
	parseKickTimestamp,
	readDeliveryHeaders,
} from '../../nodes/KickTrigger/delivery';
import {
	KICK_PUBLISHED_PUBLIC_KEY_PEM,
	KickPublicKeyCache,
	verifyKickSignature,
	verifyWithKickKey,
} from '../../nodes/KickTrigger/signature';

const kick = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pemOf = (key: typeof kick.publicKey) =>
	key.export({ type: 'spki', format: 'pem' }).toString();

const messageId = '01JH6Z8K2M4N6P8Q0R2S4T6V8W';
const timestamp = '2025-01-14T16:08:06Z';
const rawBody = Buffer.from('{"message_id":"m1",  "content":"Hello [emote:4148074:HYPERCLAP] ✨"}');
const signature = sign(
	'sha256',
	Buffer.concat([Buffer.from(`${messageId}.${timestamp}.`), rawBody]),
	kick.privateKey,
).toString('base64');
const message = { messageId, timestamp, rawBody, signature };

describe('verifyKickSignature', () => {
	test('accepts Kick’s signature over id.timestamp.rawBody', () => {
		expect(verifyKickSignature(kick.publicKey, message)).toBe(true);
	});

	test.each([
		['another message id', { messageId: '01JH6Z8K2M4N6P8Q0R2S4T6V8X' }],
		['another timestamp', { timestamp: '2025-01-14T16:08:07Z' }],
		['an altered body', { rawBody: Buffer.from(rawBody.toString().replace('Hello', 'Hellp')) }],
		[
			'the re-serialised JSON instead of the raw bytes',
			{ rawBody: Buffer.from(JSON.stringify(JSON.parse(rawBody.toString()))) },
		],
		[
			'a signature by another key',
			{
				signature: sign(
					'sha256',
					Buffer.from(`${messageId}.${timestamp}.${rawBody}`),
					other.privateKey,
				).toString('base64'),
			},
		],
		['an empty signature', { signature: '' }],
		['garbage instead of base64', { signature: '%%% not base64 %%%' }],
		['a truncated signature', { signature: signature.slice(0, 40) }],
	])('rejects %s', (_label, change) => {
		expect(verifyKickSignature(kick.publicKey, { ...message, ...change })).toBe(false);
	});

	test('never throws, even for a key that cannot verify RSA', () => {
		const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
		expect(verifyKickSignature(ec, message)).toBe(false);
	});

	test('the fallback key is the PEM Kick documents: RSA, 2048 bits', () => {
		const doc = readFileSync(join(__dirname, '../fixtures/kick-events.md'), 'utf8');
		const documented =
			/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(doc)?.[0] ?? '';
		const key = createPublicKey(KICK_PUBLISHED_PUBLIC_KEY_PEM);
		expect(key.equals(createPublicKey(documented))).toBe(true);
		expect(key.asymmetricKeyType).toBe('rsa');
		expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
	});
});

describe('KickPublicKeyCache', () => {
	let now = 1_000_000;
	const clock = () => now;
	let fetches = 0;
	const serving = (pem: string) => async () => {
		fetches++;
		return pem;
	};
	const failing = async (): Promise<string> => {
		fetches++;
		throw new Error('Kick is down');
	};

	beforeEach(() => {
		fetches = 0;
	});

	test('concurrent first calls share one fetch; later calls fetch nothing', async () => {
		const cache = new KickPublicKeyCache(60_000, clock);
		const keys = await Promise.all(
			[1, 2, 3].map(async () => await cache.get(serving(pemOf(kick.publicKey)))),
		);
		await cache.get(serving(pemOf(kick.publicKey)));
		expect(fetches).toBe(1);
		expect(keys.every((key) => key === keys[0])).toBe(true);
		expect(cache.current).toEqual({ key: keys[0], source: 'kick' });
	});

	test('a failing fetch falls back to the documented key and reports it', async () => {
		const cache = new KickPublicKeyCache(60_000, clock);
		const failures: Array<[string, boolean]> = [];
		const key = await cache.get(failing, {
			onFetchFailed: (error, fallback) => failures.push([error.message, fallback]),
		});
		expect(key.equals(createPublicKey(KICK_PUBLISHED_PUBLIC_KEY_PEM))).toBe(true);
		expect(cache.current?.source).toBe('published');
		expect(failures).toEqual([['Kick is down', true]]);
	});

	test('an answer that is not a key also falls back', async () => {
		const cache = new KickPublicKeyCache(60_000, clock);
		await cache.get(serving('not a pem'));
		expect(cache.current?.source).toBe('published');
	});

	test('refresh: at most once per interval, and only a different key counts', async () => {
		const cache = new KickPublicKeyCache(60_000, clock);
		await cache.get(serving(pemOf(kick.publicKey)));
		expect(await cache.refresh(serving(pemOf(kick.publicKey)))).toBeUndefined(); // same key: nothing new
		expect(fetches).toBe(2);
		now += 30_000;
		expect(await cache.refresh(serving(pemOf(other.publicKey)))).toBeUndefined(); // too soon: not even fetched
		expect(fetches).toBe(2);
		now += 30_000;
		const rotated = await cache.refresh(serving(pemOf(other.publicKey)));
		expect(rotated?.equals(other.publicKey)).toBe(true);
		expect(cache.current?.key).toBe(rotated);
		expect(fetches).toBe(3);
	});

	test('a failed refresh keeps the key it had', async () => {
		const cache = new KickPublicKeyCache(60_000, clock);
		const key = await cache.get(serving(pemOf(kick.publicKey)));
		expect(await cache.refresh(failing)).toBeUndefined();
		expect(cache.current?.key).toBe(key);
	});

	test('verifyWithKickKey: a stale cached key is replaced once, then verifies', async () => {
		const cache = new KickPublicKeyCache(60_000, clock);
		await cache.get(serving(pemOf(other.publicKey)));
		expect(await verifyWithKickKey(message, serving(pemOf(kick.publicKey)), {}, cache)).toBe(true);
		expect(
			await verifyWithKickKey(
				{ ...message, signature: '' },
				serving(pemOf(kick.publicKey)),
				{},
				cache,
			),
		).toBe(false);
		expect(fetches).toBe(2);
	});
});

describe('parseKickTimestamp', () => {
	test.each([
		['the same second', '2025-01-14T16:08:06Z'],
		['with fractional seconds', '2025-01-14T16:08:05.123456Z'],
		['with an offset', '2025-01-14T17:08:06+01:00'],
	])('reads %s', (_label, timestamp) => {
		expect(parseKickTimestamp(timestamp)).toEqual({ ok: true, sentAt: Date.parse(timestamp) });
	});

	test.each([
		['no time zone', '2025-01-14T16:08:06'],
		['a date only', '2025-01-14'],
		['words', 'now'],
		['an impossible date', '2025-13-45T16:08:06Z'],
	])('refuses %s, naming the header', (_label, timestamp) => {
		const result = parseKickTimestamp(timestamp);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.reason).toContain(
			`Kick-Event-Message-Timestamp "${timestamp}" is not an RFC 3339 time`,
		);
	});
});

describe('judgeAge (Max Event Age 60 min)', () => {
	const now = Date.parse('2025-01-14T16:08:06Z');
	const hour = 60 * 60_000;

	test.each([
		['the same second', 0, false],
		['59 seconds old', 59_000, false],
		['two minutes old (a retry)', 120_000, true],
		['30 minutes old (after an outage)', 30 * 60_000, true],
		['exactly 60 minutes old', hour, true],
		['10 minutes ahead (clock drift)', -10 * 60_000, false],
	])('runs a delivery %s, late: %s', (_label, ageMs, late) => {
		expect(judgeAge(now - ageMs, now, hour)).toEqual({ run: true, late, ageMs });
	});

	test.each([
		[
			'a second past the window',
			hour + 1_000,
			"60 min old, beyond 'Max Event Age (Minutes)' (60 min)",
		],
		['a day old', 24 * hour, '1440 min old'],
		['61 minutes ahead', -(hour + 60_000), '61 min in the future (check the clock'],
	])('does not run one %s, and says why and what to change', (_label, ageMs, reason) => {
		const verdict = judgeAge(now - ageMs, now, hour);
		expect(verdict.run).toBe(false);
		expect(verdict.run ? '' : verdict.reason).toContain(reason);
		expect(verdict.run ? '' : verdict.reason).toContain("raise 'Max Event Age (Minutes)'");
	});
});

describe('readDeliveryHeaders', () => {
	const all = {
		'kick-event-message-id': 'm',
		'kick-event-subscription-id': 's',
		'kick-event-signature': 'sig',
		'kick-event-message-timestamp': 't',
		'kick-event-type': 'chat.message.sent',
		'kick-event-version': '1',
	};

	test('reads all six', () => {
		expect(readDeliveryHeaders(all, true)).toEqual({
			ok: true,
			headers: {
				messageId: 'm',
				subscriptionId: 's',
				signature: 'sig',
				timestamp: 't',
				type: 'chat.message.sent',
				version: '1',
			},
		});
	});

	test('names every missing or blank required header', () => {
		expect(
			readDeliveryHeaders({ 'kick-event-type': ' ', 'kick-event-message-id': ' ' }, true),
		).toEqual({
			ok: false,
			missing: ['Kick-Event-Message-Id', 'Kick-Event-Message-Timestamp', 'Kick-Event-Signature'],
		});
	});

	test('without Kick-Event-Type it is read as a Drops claim, whose timestamp is Kick-Event-Timestamp', () => {
		expect(
			readDeliveryHeaders(
				{
					'kick-event-message-id': 'm',
					'kick-event-signature': 'sig',
					'kick-event-timestamp': 't',
				},
				true,
			),
		).toEqual({
			ok: true,
			headers: { messageId: 'm', signature: 'sig', timestamp: 't', type: 'drops.reward.claimed' },
		});
	});

	test('the signature is optional when not verifying; repeated headers use the first value', () => {
		const result = readDeliveryHeaders(
			{ ...all, 'kick-event-signature': undefined, 'kick-event-type': ['a', 'b'] },
			false,
		);
		expect(result).toMatchObject({ ok: true, headers: { type: 'a', signature: undefined } });
	});
});

describe('parseEventBody', () => {
	test('a JSON object', () => {
		expect(parseEventBody(Buffer.from('{"a":1}'))).toEqual({ ok: true, payload: { a: 1 } });
	});

	test.each([
		{ label: 'empty', body: Buffer.alloc(0), status: 400 },
		{ label: 'not JSON', body: Buffer.from('{"a":'), status: 400 },
		{ label: 'an array', body: Buffer.from('[]'), status: 400 },
		{ label: 'a string', body: Buffer.from('"x"'), status: 400 },
		{ label: 'over the limit', body: Buffer.alloc(MAX_BODY_BYTES + 1, 32), status: 413 },
	])('$label → $status', ({ body, status }) => {
		expect(parseEventBody(body)).toMatchObject({ ok: false, status });
	});
});

describe('notForThisTrigger and eventItem', () => {
	const payload = { broadcaster: { user_id: 1001 }, follower: { user_id: 2002 } };

	test('only chosen types of the watched broadcasters pass', () => {
		expect(
			notForThisTrigger('channel.followed', payload, {
				events: ['channel.followed'],
				broadcasterUserIds: [1001],
			}),
		).toBeUndefined();
		expect(
			notForThisTrigger('channel.followed', payload, {
				events: ['channel.followed'],
				broadcasterUserIds: [1003, 1001, 1002],
			}),
		).toBeUndefined();
		expect(
			notForThisTrigger('channel.followed', payload, { events: ['channel.followed'] }),
		).toBeUndefined();
		expect(notForThisTrigger('kicks.gifted', payload, { events: ['channel.followed'] })).toContain(
			'kicks.gifted was not chosen',
		);
		expect(
			notForThisTrigger('channel.followed', payload, {
				events: ['channel.followed'],
				broadcasterUserIds: [1003, 1004],
			}),
		).toContain('broadcaster 1001, not 1003, 1004');
	});

	test('the item: payload fields at the top, event details, headers only when given', () => {
		const identity = eventIdentity('channel.followed', payload);
		const headers = {
			messageId: 'm',
			subscriptionId: 's',
			timestamp: 't',
			type: 'channel.followed',
			version: '1',
		};
		expect(eventItem(payload, headers, { late: false, ageMs: 400 }, identity)).toEqual({
			...payload,
			event: {
				type: 'channel.followed',
				version: 1,
				messageId: 'm',
				subscriptionId: 's',
				broadcasterUserId: 1001,
				key: identity.key,
				timestamp: 't',
				late: false,
				ageSeconds: 0,
			},
		});
		expect(
			eventItem(
				payload,
				{ ...headers, version: undefined, subscriptionId: undefined },
				{ late: true, ageMs: 1_800_400 },
				identity,
				{ host: 'x' },
			),
		).toEqual({
			...payload,
			event: {
				type: 'channel.followed',
				version: null,
				messageId: 'm',
				subscriptionId: null,
				broadcasterUserId: 1001,
				key: identity.key,
				timestamp: 't',
				late: true,
				ageSeconds: 1800,
			},
			headers: { host: 'x' },
		});
	});
});

describe('eventIdentity: what counts as the same Kick event', () => {
	const follow = { broadcaster: { user_id: 1001 }, follower: { user_id: 2002, username: 'v' } };

	test('a chat message by its message_id, a Drops claim by its claim_id: the key names the event', () => {
		expect(eventIdentity('chat.message.sent', { message_id: 'uuid-1', content: 'hi' })).toEqual({
			key: 'chat:uuid-1',
			intrinsic: true,
		});
		expect(eventIdentity('drops.reward.claimed', { claim_id: 'C1' })).toEqual({
			key: 'claim:C1',
			intrinsic: true,
		});
	});

	test('other events by a digest of type and body, whatever the order of its keys', () => {
		const reordered = {
			follower: { username: 'v', user_id: 2002 },
			broadcaster: { user_id: 1001 },
		};
		const identity = eventIdentity('channel.followed', follow);
		expect(identity.intrinsic).toBe(false);
		expect(identity.key).toMatch(/^body:[0-9a-f]{32}$/);
		expect(eventIdentity('channel.followed', reordered)).toEqual(identity);
		expect(eventIdentity('kicks.gifted', follow).key).not.toBe(identity.key);
		expect(
			eventIdentity('channel.followed', { ...follow, follower: { user_id: 2003, username: 'w' } })
				.key,
		).not.toBe(identity.key);
	});

	test('an item carries its key, and the execution step reads it back', () => {
		for (const identity of [
			eventIdentity('chat.message.sent', { message_id: 'uuid-1' }),
			eventIdentity('drops.reward.claimed', { claim_id: 'C1' }),
			eventIdentity('channel.followed', follow),
		])
			expect(identityFromKey(identity.key)).toEqual(identity);
	});
});
