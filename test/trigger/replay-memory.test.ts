/**
 * The replay memory on its own, with a fake clock: exact repeats per stage, memory bounded by
 * time (ids leave once too old to be accepted), the byte cap that fails safe, and freeing.
 */
import {
	forgetReplayMemory,
	messageIdKey,
	ReplayMemory,
	replayMemoryCount,
	replayMemoryFor,
} from '../../nodes/KickTrigger/replay';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** ULIDs as Kick makes them: 10 characters of time, 16 random (here: a counter). */
function ulid(time: number, n: number): string {
	const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	let head = '';
	for (let t = time, i = 0; i < 10; i++, t = Math.floor(t / 32)) head = alphabet[t % 32] + head;
	let tail = '';
	for (let r = n, i = 0; i < 16; i++, r = Math.floor(r / 32)) tail = alphabet[r % 32] + tail;
	return head + tail;
}

describe('messageIdKey', () => {
	test('a ULID becomes its 128 bits (the ULID spec example: time 1469922850259)', () => {
		const key = messageIdKey('01ARZ3NDEKTSV4RRFFQ69G5FAV');
		const time = 1469922850259;
		expect(key[0]).toBe(Math.floor(time / 0x10000));
		expect(key[1] >>> 16).toBe(time % 0x10000);
	});

	test('every ULID has its own key, other ids are hashed, and case matters', () => {
		const keys = new Set<string>();
		for (let n = 0; n < 5_000; n++) keys.add(messageIdKey(ulid(1_700_000_000_000, n)).join(','));
		expect(keys.size).toBe(5_000);
		expect(messageIdKey('not-a-ulid').join()).toBe(messageIdKey('not-a-ulid').join());
		expect(messageIdKey('not-a-ulid').join()).not.toBe(messageIdKey('not-a-ulid2').join());
		const upper = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
		expect(messageIdKey(upper.toLowerCase()).join()).not.toBe(messageIdKey(upper).join());
	});
});

describe('ReplayMemory', () => {
	test('each stage takes an id once; the stages are independent', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 0 });
		expect(memory.check('A', 0, 'received')).toEqual({ kind: 'first' });
		expect(memory.check('A', 0, 'received')).toEqual({ kind: 'repeat' });
		expect(memory.check('A', 0, 'executed')).toEqual({ kind: 'first' });
		expect(memory.check('A', 0, 'executed')).toEqual({ kind: 'repeat' });
		expect(memory.check('B', 0, 'executed')).toEqual({ kind: 'first' });
		expect(memory.check('B', 0, 'received')).toEqual({ kind: 'first' });
		expect(memory.size).toBe(2);
	});

	test('a retry with another timestamp is still a repeat', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 30 * MINUTE });
		expect(memory.check('A', 0, 'received').kind).toBe('first');
		expect(memory.check('A', 29 * MINUTE, 'received').kind).toBe('repeat');
	});

	test('remembers every id of a sustained stream for the whole window, then frees it', () => {
		let now = 0;
		const memory = new ReplayMemory(HOUR, { now: () => now });
		// 3 ids a second for 70 minutes, each retried 59 minutes after it was sent.
		const ids = (second: number) =>
			Array.from({ length: 3 }, (_, i) => ulid(second * 1000, second * 3 + i));
		const verdicts = { first: 0, repeat: 0, forgotten: 0 };
		for (let second = 0; second < 70 * 60; second++) {
			now = second * 1000;
			for (const id of ids(second)) verdicts[memory.check(id, now, 'received').kind]++;
			const retried = second - 59 * 60;
			if (retried < 0) continue;
			for (const id of ids(retried)) {
				const verdict = memory.check(id, retried * 1000, 'received').kind;
				if (verdict !== 'repeat') throw new Error(`retry of ${id} was ${verdict}`);
			}
		}
		expect(verdicts).toEqual({ first: 70 * 60 * 3, repeat: 0, forgotten: 0 });
		// Ids sent more than an hour (and a slice) ago are gone.
		expect(memory.size).toBeLessThan(62 * 60 * 3);
		expect(memory.size).toBeGreaterThanOrEqual(60 * 60 * 3);
		now = 3 * HOUR;
		memory.forgetExpired(now);
		expect(memory.size).toBe(0);
		expect(memory.isEmpty).toBe(true);
	});

	test('about 21 to 30 bytes per id', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 0 });
		for (let i = 0; i < 200_000; i++)
			memory.check(ulid(i, i), Math.floor(i / 1000) * 1000, 'received');
		memory.check(ulid(0, 1e9), 10 * MINUTE, 'received'); // a newer slice: the others are fitted
		const bytesPerId = memory.bytes / memory.size;
		expect(bytesPerId).toBeGreaterThan(17);
		expect(bytesPerId).toBeLessThan(30);
	});

	test('the byte cap forgets the oldest slice, reports it, and stops older deliveries from running', () => {
		const reports: Array<{ coveredSince: number; bytes: number }> = [];
		const maxBytes = 200_000;
		const memory = new ReplayMemory(HOUR, {
			now: () => 10 * MINUTE,
			maxBytes,
			onCapReached: (coveredSince, bytes) => reports.push({ coveredSince, bytes }),
		});
		for (let minute = 0; minute < 10; minute++) {
			for (let i = 0; i < 2_000; i++) memory.check(`m${minute}-${i}`, minute * MINUTE, 'received');
		}
		expect(reports.length).toBeGreaterThan(0);
		expect(memory.bytes).toBeLessThanOrEqual(maxBytes);
		const { coveredSince } = reports[reports.length - 1];
		expect(coveredSince).toBeGreaterThan(0);
		expect(memory.check('m0-0', 0, 'received')).toEqual({ kind: 'forgotten', coveredSince });
		expect(memory.check('m9-0', 9 * MINUTE, 'received')).toEqual({ kind: 'repeat' });
	});
});

describe('memories per trigger', () => {
	const trigger = (workflowId: string, nodeId = 'node') => ({
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: nodeId }),
	});

	test('one per trigger; freed on deactivation; a new Max Event Age starts afresh', () => {
		const before = replayMemoryCount();
		const a = replayMemoryFor(trigger('wf-a'), HOUR);
		expect(replayMemoryFor(trigger('wf-a'), HOUR)).toBe(a);
		expect(replayMemoryFor(trigger('wf-b'), HOUR)).not.toBe(a);
		expect(replayMemoryCount()).toBe(before + 2);
		a.check('A', Date.now(), 'received');
		expect(replayMemoryFor(trigger('wf-a'), 2 * HOUR).check('A', Date.now(), 'received').kind).toBe(
			'first',
		);
		forgetReplayMemory(trigger('wf-a'));
		forgetReplayMemory(trigger('wf-b'));
		expect(replayMemoryCount()).toBe(before);
	});
});
