/**
 * Kick rotates its signing key: the retries it signed before the rotation still verify with the
 * previous key for a bounded grace, and only if Kick timestamped them before the rotation was
 * noticed. Pure: the key cache with a fake clock and a counting fetcher.
 */
import type { KeyObject } from 'crypto';
import { generateKeyPairSync, sign } from 'crypto';

import { MAX_EVENT_AGE_LIMIT_MINUTES } from '../../nodes/KickTrigger/delivery';
import type { PreviousKeyTerms } from '../../nodes/KickTrigger/signature';
import {
	KickPublicKeyCache,
	PREVIOUS_KEY_CLOCK_MARGIN_MS,
	PREVIOUS_KEY_GRACE_MS,
	verifyWithKickKey,
} from '../../nodes/KickTrigger/signature';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const oldKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const newKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const newerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pemOf = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

/** A message as Kick signs it, with its Kick timestamp `sentAt`. */
function signedMessage(privateKey: KeyObject, sentAt: number, n = 0) {
	const messageId = `01JH6Z8K2M4N6P8Q0R2S4T6V${String(n).padStart(2, '0')}`;
	const timestamp = new Date(sentAt).toISOString();
	const rawBody = Buffer.from(`{"n":${n}}`);
	const signature = sign(
		'sha256',
		Buffer.concat([Buffer.from(`${messageId}.${timestamp}.`), rawBody]),
		privateKey,
	).toString('base64');
	return { messageId, timestamp, rawBody, signature };
}

let now: number;
let fetches: number;
let served: KeyObject;
let rotations: PreviousKeyTerms[];
let cache: KickPublicKeyCache;
const fetchPem = async () => {
	fetches++;
	return pemOf(served);
};
const verify = async (message: ReturnType<typeof signedMessage>) =>
	await verifyWithKickKey(
		message,
		fetchPem,
		{ onKeyRotated: (terms) => rotations.push(terms) },
		cache,
	);

/** When the test's rotation is noticed: the first message signed with the new key. */
let rotationNoticedAt: number;

beforeEach(async () => {
	now = Date.parse('2026-06-01T12:00:00Z');
	fetches = 0;
	rotations = [];
	cache = new KickPublicKeyCache(MINUTE, () => now);
	served = oldKey.publicKey;
	expect(await verify(signedMessage(oldKey.privateKey, now))).toBe(true);
	// Kick rotates; its next delivery is signed with the new key.
	now += 10 * MINUTE;
	served = newKey.publicKey;
	rotationNoticedAt = now;
	expect(await verify(signedMessage(newKey.privateKey, now))).toBe(true);
	expect(fetches).toBe(2);
});

test('the rotation is reported with its terms', () => {
	expect(rotations).toEqual([
		{
			sentBefore: rotationNoticedAt + PREVIOUS_KEY_CLOCK_MARGIN_MS,
			until: rotationNoticedAt + PREVIOUS_KEY_GRACE_MS,
		},
	]);
	expect(cache.current?.key.equals(newKey.publicKey)).toBe(true);
	expect(cache.previous?.key.equals(oldKey.publicKey)).toBe(true);
});

test('a retry Kick signed with the previous key before the rotation verifies, without a fetch', async () => {
	now += MINUTE;
	expect(await verify(signedMessage(oldKey.privateKey, rotationNoticedAt - 5 * MINUTE, 1))).toBe(
		true,
	);
	now = rotationNoticedAt + 20 * HOUR; // Kick still retrying the next day
	expect(await verify(signedMessage(oldKey.privateKey, rotationNoticedAt - 2 * MINUTE, 2))).toBe(
		true,
	);
	expect(fetches).toBe(2);
});

test('the previous key verifies nothing Kick timestamped after the rotation (past the margin)', async () => {
	now += 2 * MINUTE;
	const justBefore = rotationNoticedAt + PREVIOUS_KEY_CLOCK_MARGIN_MS - 1_000;
	const justAfter = rotationNoticedAt + PREVIOUS_KEY_CLOCK_MARGIN_MS;
	expect(await verify(signedMessage(oldKey.privateKey, justBefore, 1))).toBe(true);
	expect(await verify(signedMessage(oldKey.privateKey, justAfter, 2))).toBe(false);
	expect(await verify(signedMessage(oldKey.privateKey, rotationNoticedAt + HOUR, 3))).toBe(false);
});

test('the previous key verifies nothing once the grace is over', async () => {
	const retry = signedMessage(oldKey.privateKey, rotationNoticedAt - MINUTE, 1);
	now = rotationNoticedAt + PREVIOUS_KEY_GRACE_MS - 1_000;
	expect(await verify(retry)).toBe(true);
	now = rotationNoticedAt + PREVIOUS_KEY_GRACE_MS;
	expect(await verify(retry)).toBe(false);
	expect(cache.previous).toBeUndefined();
});

test('a forgery stays a forgery, whatever its timestamp, and refreshes the key at most once a minute', async () => {
	now += 2 * MINUTE;
	for (const sentAt of [rotationNoticedAt - HOUR, rotationNoticedAt, rotationNoticedAt + MINUTE]) {
		expect(await verify(signedMessage(attacker.privateKey, sentAt, 1))).toBe(false);
	}
	expect(
		await verify({
			...signedMessage(oldKey.privateKey, rotationNoticedAt - MINUTE, 2),
			rawBody: Buffer.from('{"n":3}'),
		}),
	).toBe(false);
	expect(fetches).toBe(3);
});

test('a message whose timestamp cannot be read never gets the previous key', async () => {
	now += 2 * MINUTE;
	const retry = signedMessage(oldKey.privateKey, rotationNoticedAt - MINUTE, 1);
	const unreadable = { ...retry, timestamp: 'yesterday' };
	expect(await verify(unreadable)).toBe(false);
});

test('the new key verifies as before; another rotation retires it and drops the oldest key', async () => {
	now += 2 * MINUTE;
	expect(await verify(signedMessage(newKey.privateKey, now, 1))).toBe(true);
	expect(fetches).toBe(2);

	now += HOUR;
	served = newerKey.publicKey;
	const secondRotation = now;
	expect(await verify(signedMessage(newerKey.privateKey, now, 2))).toBe(true);
	expect(rotations).toHaveLength(2);
	expect(await verify(signedMessage(newKey.privateKey, secondRotation - MINUTE, 3))).toBe(true);
	expect(await verify(signedMessage(oldKey.privateKey, rotationNoticedAt - MINUTE, 4))).toBe(false);
});

test('clear() forgets the previous key too', async () => {
	cache.clear();
	expect(cache.previous).toBeUndefined();
	expect(await verify(signedMessage(oldKey.privateKey, rotationNoticedAt - MINUTE, 1))).toBe(false);
});

test('the grace outlasts the oldest delivery any Max Event Age runs, and Kick’s day of retries', () => {
	expect(PREVIOUS_KEY_GRACE_MS).toBeGreaterThan(MAX_EVENT_AGE_LIMIT_MINUTES * MINUTE);
	expect(PREVIOUS_KEY_GRACE_MS).toBeLessThanOrEqual(26 * HOUR);
});
