/**
 * The trigger's pure pieces on their own: signature verification, the public-key cache (with a
 * fake clock and fetcher), the replay cache's bounds, the freshness window, header and body
 * checks, the event filter and the output item.
 */
import { createPublicKey, generateKeyPairSync, sign } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import {
	checkFreshness,
	eventItem,
	MAX_BODY_BYTES,
	notForThisTrigger,
	parseEventBody,
	readDeliveryHeaders,
	ReplayCache,
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

describe('ReplayCache', () => {
	test('remembers an id until it expires', () => {
		let now = 0;
		const cache = new ReplayCache(10, () => now);
		expect(cache.seen('a', 1_000)).toBe(false);
		expect(cache.seen('a', 1_000)).toBe(true);
		now = 999;
		expect(cache.seen('a', 1_000)).toBe(true);
		now = 1_000;
		expect(cache.seen('a', 2_000)).toBe(false);
		expect(cache.seen('a', 2_000)).toBe(true);
	});

	test('never holds more than its maximum; the oldest ids go first', () => {
		const cache = new ReplayCache(3, () => 0);
		for (const id of ['a', 'b', 'c', 'd']) expect(cache.seen(id, 1_000)).toBe(false);
		expect(cache.size).toBe(3);
		expect(cache.seen('d', 1_000)).toBe(true);
		expect(cache.seen('b', 1_000)).toBe(true);
		expect(cache.seen('a', 1_000)).toBe(false); // evicted, so recorded anew (evicting b, now the oldest)
		expect(cache.size).toBe(3);
		expect(cache.seen('c', 1_000)).toBe(true);
	});

	test('when full, expired ids make room before live ones are evicted', () => {
		let now = 0;
		const cache = new ReplayCache(100, () => now);
		for (let i = 0; i < 99; i++) cache.seen(`old${i}`, 1_000);
		cache.seen('live', 5_000);
		now = 2_000;
		cache.seen('new', 3_000);
		expect(cache.size).toBe(2);
		expect(cache.seen('live', 5_000)).toBe(true);
	});

	test('stays bounded under a flood of 50,000 ids', () => {
		const cache = new ReplayCache(10_000, () => 0);
		for (let i = 0; i < 50_000; i++) cache.seen(`id${i}`, 1_000);
		expect(cache.size).toBeLessThanOrEqual(10_000);
		expect(cache.size).toBeGreaterThan(9_000);
		expect(cache.seen('id49999', 1_000)).toBe(true);
	});
});

describe('checkFreshness', () => {
	const now = Date.parse('2025-01-14T16:08:06Z');
	const tenMinutes = 10 * 60_000;

	test.each([
		['the same second', '2025-01-14T16:08:06Z'],
		['exactly 10 minutes old', '2025-01-14T15:58:06Z'],
		['10 minutes ahead (clock drift)', '2025-01-14T16:18:06Z'],
		['with fractional seconds', '2025-01-14T16:08:05.123456Z'],
		['with an offset', '2025-01-14T17:08:06+01:00'],
	])('accepts %s', (_label, timestamp) => {
		expect(checkFreshness(timestamp, now, tenMinutes)).toEqual({
			ok: true,
			sentAt: Date.parse(timestamp),
		});
	});

	test.each([
		['a second past the window', '2025-01-14T15:58:05Z', '10 min old'],
		['a day old', '2025-01-13T16:08:06Z', '1440 min old'],
		['11 minutes ahead', '2025-01-14T16:19:06Z', '11 min in the future'],
		['no time zone', '2025-01-14T16:08:06', 'not an RFC 3339 time'],
		['a date only', '2025-01-14', 'not an RFC 3339 time'],
		['words', 'now', 'not an RFC 3339 time'],
		['an impossible date', '2025-13-45T16:08:06Z', 'not an RFC 3339 time'],
	])('rejects %s', (_label, timestamp, reason) => {
		const result = checkFreshness(timestamp, now, tenMinutes);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.reason).toContain(reason);
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
			readDeliveryHeaders({ 'kick-event-type': ' ', 'kick-event-message-id': 'm' }, true),
		).toEqual({
			ok: false,
			missing: ['Kick-Event-Message-Timestamp', 'Kick-Event-Type', 'Kick-Event-Signature'],
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

	test('only chosen types of the stored broadcaster pass', () => {
		expect(
			notForThisTrigger('channel.followed', payload, {
				events: ['channel.followed'],
				broadcasterUserId: 1001,
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
				broadcasterUserId: 1003,
			}),
		).toContain('broadcaster 1001, not 1003');
	});

	test('the item: payload fields at the top, event details, headers only when given', () => {
		const headers = {
			messageId: 'm',
			subscriptionId: 's',
			timestamp: 't',
			type: 'channel.followed',
			version: '1',
		};
		expect(eventItem(payload, headers)).toEqual({
			...payload,
			event: {
				type: 'channel.followed',
				version: 1,
				messageId: 'm',
				subscriptionId: 's',
				timestamp: 't',
			},
		});
		expect(
			eventItem(
				payload,
				{ ...headers, version: undefined, subscriptionId: undefined },
				{ host: 'x' },
			),
		).toEqual({
			...payload,
			event: {
				type: 'channel.followed',
				version: null,
				messageId: 'm',
				subscriptionId: null,
				timestamp: 't',
			},
			headers: { host: 'x' },
		});
	});
});
