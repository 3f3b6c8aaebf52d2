/**
 * Kick's public key as the trigger gets it: fetched once from GET /public/v1/public-key for
 * many deliveries, fetched again once after a signature fails (Kick rotated its key), the
 * previous key kept for Kick's retries of what it signed before, and replaced by the key Kick
 * publishes in its docs when the endpoint cannot be reached. (Rotation terms in detail:
 * key-rotation.test.ts.)
 */
import { createPublicKey, generateKeyPairSync } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import { kickPublicKeys } from '../../nodes/KickTrigger/signature';
import { signDelivery } from '../fake-kick/events';
import type { FakeKick } from '../fake-kick/server';
import { TriggerHarness, useFakeKick, userTokenCredentials } from './harness';

const PUBLIC_KEY_PATH = '/public/v1/public-key';

/** The PEM in Kick's documentation, as copied into the test fixtures (not from the node's code). */
function documentedKickKey(): string {
	const doc = readFileSync(join(__dirname, '../fixtures/kick-events.md'), 'utf8');
	const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(doc)?.[0];
	if (!pem) throw new Error('no public key in test/fixtures/kick-events.md');
	return pem;
}

let fake: FakeKick;
let trigger: TriggerHarness;

const keyFetches = () => fake.requests.filter((request) => request.path === PUBLIC_KEY_PATH);
const genuine = () =>
	fake.signDelivery({ type: 'channel.followed', payload: fake.samplePayload('channel.followed') });

const kick = useFakeKick({ reset: false });

beforeAll(async () => {
	fake = kick();
	trigger = new TriggerHarness({
		parameters: { events: ['channel.followed'] },
		credentials: userTokenCredentials(fake),
	});
	await trigger.activate();
});

beforeEach(() => {
	kickPublicKeys.clear();
	fake.requests.length = 0;
	fake.setPublicKeyFailure(false);
});

test('fetched once, without a token, for many deliveries (concurrent first deliveries included)', async () => {
	const first = await Promise.all(
		Array.from({ length: 5 }, async () => await trigger.deliver(genuine())),
	);
	const later: boolean[] = [];
	for (let i = 0; i < 10; i++) later.push((await trigger.deliver(genuine())).started);

	expect(first.map((outcome) => outcome.started)).toEqual(Array(5).fill(true));
	expect(later).toEqual(Array(10).fill(true));
	expect(keyFetches()).toHaveLength(1);
	expect(keyFetches()[0].headers.authorization).toBeUndefined();
	expect(kickPublicKeys.current?.source).toBe('kick');
	expect(kickPublicKeys.current?.key.equals(createPublicKey(fake.publicKeyPem))).toBe(true);
	expect(fake.violations).toEqual([]);
});

test('a failed signature fetches the key again once; more forgeries right after do not', async () => {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const forged = () =>
		signDelivery(privateKey, {
			type: 'channel.followed',
			payload: fake.samplePayload('channel.followed'),
		});

	expect((await trigger.deliver(genuine())).started).toBe(true);
	expect(keyFetches()).toHaveLength(1);
	expect((await trigger.deliver(forged())).status).toBe(401);
	expect(keyFetches()).toHaveLength(2);
	for (let i = 0; i < 5; i++) expect((await trigger.deliver(forged())).status).toBe(401);
	expect(keyFetches()).toHaveLength(2);
	expect((await trigger.deliver(genuine())).started).toBe(true);
});

test('after a key rotation, the re-fetched key verifies the delivery the old key could not', async () => {
	// The cached key is one Kick no longer signs with (here: the documented key; the fake signs with its own).
	await kickPublicKeys.get(async () => await Promise.reject(new Error('offline')));
	expect(kickPublicKeys.current?.source).toBe('published');

	const outcome = await trigger.deliver(genuine());
	expect(outcome).toMatchObject({ status: 200, started: true, warnings: [] });
	expect(keyFetches()).toHaveLength(1);
	expect(kickPublicKeys.current?.source).toBe('kick');
});

test('after a rotation, retries Kick signed with the previous key still run, without a fetch; newer ones with it do not', async () => {
	// The trigger verified with a key Kick has since replaced by the fake's.
	const previous = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const previousPem = previous.publicKey.export({ type: 'spki', format: 'pem' }).toString();
	await kickPublicKeys.get(async () => await Promise.resolve(previousPem));
	expect((await trigger.deliver(genuine())).started).toBe(true); // signed with the new key
	expect(keyFetches()).toHaveLength(1);

	// Kick's retries come through the trigger's own subscription, as every delivery does.
	const subscriptionId = fake.state.subscriptions.find((s) => s.event === 'channel.followed')?.id;
	const signedWithPrevious = (timestamp: string) =>
		signDelivery(previous.privateKey, {
			type: 'channel.followed',
			payload: fake.samplePayload('channel.followed'),
			timestamp,
			subscriptionId,
		});
	const minutesAgo = (minutes: number) =>
		new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const retry = await trigger.deliver(signedWithPrevious(minutesAgo(3)));
	expect(retry).toMatchObject({ status: 200, started: true, warnings: [] });
	expect(keyFetches()).toHaveLength(1);

	const afterRotation = await trigger.deliver(signedWithPrevious(minutesAgo(-10)));
	expect(afterRotation).toMatchObject({ status: 401, started: false });
});

test('when the key endpoint fails, the key from Kick’s documentation is used (so the fake’s signature fails)', async () => {
	fake.setPublicKeyFailure(true);
	const outcome = await trigger.deliver(genuine());

	expect(outcome).toMatchObject({ status: 401, started: false, items: [] });
	expect(outcome.warnings).toEqual([
		expect.stringMatching(
			/fetching Kick's public key failed .*using the key from Kick's documentation/,
		),
		expect.stringMatching(/fetching Kick's public key failed/),
		expect.stringMatching(/rejected a delivery \(401\): Kick-Event-Signature does not match/),
	]);
	expect(kickPublicKeys.current?.source).toBe('published');
	expect(kickPublicKeys.current?.key.equals(createPublicKey(documentedKickKey()))).toBe(true);
	expect(keyFetches().map((request) => request.status)).toEqual([500, 500]);
});
