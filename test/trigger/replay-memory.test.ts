/**
 * The replay memory on its own, with a fake clock: exact repeats per stage, memory bounded by
 * time (ids leave once too old to be accepted) and in bytes per id (whatever the timestamps),
 * the byte cap that fails safe (but never drops an accepted execution), taking a stage back, and
 * freeing. How it keeps time across clock jumps: steady-clock.test.ts.
 */
import {
	forgetReplayMemory,
	messageIdKey,
	REPLAY_BYTES_PER_ID,
	ReplayMemory,
	replayMemoryCount,
	replayMemoryFor,
} from '../../nodes/KickTrigger/replay';
import { ulidAt } from './ulids';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('messageIdKey', () => {
	test('a ULID becomes its 128 bits (the ULID spec example: time 1469922850259)', () => {
		const key = messageIdKey('01ARZ3NDEKTSV4RRFFQ69G5FAV');
		const time = 1469922850259;
		expect(key[0]).toBe(Math.floor(time / 0x10000));
		expect(key[1] >>> 16).toBe(time % 0x10000);
	});

	test('every ULID has its own key, other ids are hashed, and case matters', () => {
		const keys = new Set<string>();
		for (let n = 0; n < 5_000; n++) keys.add(messageIdKey(ulidAt(1_700_000_000_000, n)).join(','));
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
			Array.from({ length: 3 }, (_, i) => ulidAt(second * 1000, second * 3 + i));
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
		memory.tidy(now);
		expect(memory.size).toBe(0);
		expect(memory.isEmpty).toBe(true);
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

	test('past the cap, an execution still runs (its delivery was answered 200) and is remembered', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 10 * MINUTE, maxBytes: 200_000 });
		for (let minute = 0; minute < 10; minute++) {
			for (let i = 0; i < 2_000; i++) memory.check(`m${minute}-${i}`, minute * MINUTE, 'received');
		}
		const forgotten = memory.check('m0-0', 0, 'received');
		expect(forgotten.kind).toBe('forgotten');

		// Accepted at receipt before the cap forgot its minute; its execution comes after.
		expect(memory.check('m0-0', 0, 'executed')).toEqual({ kind: 'first' });
		expect(memory.check('m0-0', 0, 'executed')).toEqual({ kind: 'repeat' });
		// Known now, so a retry at receipt is a plain repeat... of the execution stage only.
		expect(memory.check('m0-1', 0, 'executed')).toEqual({ kind: 'first' });
		expect(memory.check('m0-1', 5 * MINUTE, 'executed')).toEqual({ kind: 'repeat' });
		// An id the memory still holds is judged by what it holds, whatever its timestamp says.
		expect(memory.check('m9-0', 0, 'received')).toEqual({ kind: 'repeat' });
		expect(memory.check('m9-0', 0, 'executed')).toEqual({ kind: 'first' });
	});

	test('the execution stage never answers forgotten, whatever the timestamp', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 10 * MINUTE, maxBytes: 50_000 });
		const kinds = new Set<string>();
		for (let i = 0; i < 20_000; i++) {
			const sentAt = (i % 600) * 1000; // the first ten minutes, over and over
			if (memory.check(`r${i}`, sentAt, 'received').kind === 'forgotten') kinds.add('dropped');
			kinds.add(memory.check(`r${i}`, sentAt, 'executed').kind);
			kinds.add(memory.check(`e${i}`, sentAt, 'executed').kind);
		}
		expect(kinds).toEqual(new Set(['dropped', 'first']));
	});
});

describe('bytes per id', () => {
	/** Ids at `rate` a second for 70 minutes (the default 60-minute window and 10 more). */
	function sustained(rate: number, sentAtOf: (now: number, second: number) => number) {
		let now = 0;
		const memory = new ReplayMemory(HOUR, { now: () => now });
		for (let second = 0; second < 70 * 60; second++) {
			now = second * 1000;
			for (let i = 0; i < rate; i++) {
				const sentAt = sentAtOf(now, second);
				memory.check(ulidAt(sentAt, second * rate + i), sentAt, 'received');
			}
		}
		return memory;
	}

	/** One delivery dated 50 minutes ahead every 17 minutes (judgeAge accepts up to 60). */
	const aFewFutureDated = (now: number, second: number) =>
		second % (17 * 60) === 0 ? now + 50 * MINUTE : now;

	test.each([
		['Kick and this host in step', (now: number) => now],
		['a few future-dated deliveries mixed in', aFewFutureDated],
		["Kick's clock 10 minutes ahead of this host's", (now: number) => now + 10 * MINUTE],
		["Kick's clock 10 minutes behind this host's", (now: number) => now - 10 * MINUTE],
	])('stays at the stated figure: %s', (_label, sentAtOf) => {
		const memory = sustained(20, sentAtOf);
		expect(memory.size).toBeGreaterThan(45 * 60 * 20);
		// Fitted slices cost REPLAY_BYTES_PER_ID; the one still filling (a 60th) up to twice that.
		expect(memory.bytes / memory.size).toBeGreaterThanOrEqual(REPLAY_BYTES_PER_ID);
		expect(memory.bytes / memory.size).toBeLessThan(REPLAY_BYTES_PER_ID * 1.05);
	});

	test('the stated figure is about 21 bytes: 16 of id, 1 of flags, at most 80% of slots used', () => {
		expect(REPLAY_BYTES_PER_ID).toBeCloseTo(21.25, 2);
	});
});

describe('release', () => {
	test('takes one stage back; the other stays, and the id is still known', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 0 });
		memory.check('A', 0, 'received');
		memory.check('A', 0, 'executed');
		expect(memory.release('A', 'received')).toBe(true);
		expect(memory.release('A', 'received')).toBe(false);
		expect(memory.check('A', 0, 'executed')).toEqual({ kind: 'repeat' });
		expect(memory.check('A', 0, 'received')).toEqual({ kind: 'first' });
		expect(memory.check('A', 0, 'received')).toEqual({ kind: 'repeat' });
		expect(memory.size).toBe(1);
	});

	test('an id never seen has nothing to release', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 0 });
		expect(memory.release('never-seen', 'received')).toBe(false);
		expect(memory.size).toBe(0);
	});

	test('releasing ids leaves every other id findable (the probe chains stay whole)', () => {
		const memory = new ReplayMemory(HOUR, { now: () => 0 });
		// Many ids in one slice: its table is 80% full, so most ids sit in a chain behind others.
		const ids = Array.from({ length: 5_000 }, (_, n) => ulidAt(1_000, n));
		for (const id of ids) memory.check(id, 1_000, 'received');
		const released = ids.filter((_, n) => n % 3 === 0);
		for (const id of released) expect(memory.release(id, 'received')).toBe(true);

		const verdicts = ids.map((id) => memory.check(id, 1_000, 'received').kind);
		expect(verdicts).toEqual(ids.map((_, n) => (n % 3 === 0 ? 'first' : 'repeat')));
		expect(memory.size).toBe(5_000);
		// New ids still go in (and the table still grows) with released ids among them.
		for (let n = 5_000; n < 10_000; n++) {
			expect(memory.check(ulidAt(1_000, n), 1_000, 'received').kind).toBe('first');
		}
		for (const id of ids) expect(memory.check(id, 1_000, 'received').kind).toBe('repeat');
	});
});

describe('memories per trigger', () => {
	const trigger = (workflowId: string, nodeId = 'node') => ({
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: nodeId }),
	});

	test('one per trigger; freed on deactivation; a new Max Event Age (an edit) keeps what it held', () => {
		const before = replayMemoryCount();
		const a = replayMemoryFor(trigger('wf-a'), HOUR);
		expect(replayMemoryFor(trigger('wf-a'), HOUR)).toBe(a);
		expect(replayMemoryFor(trigger('wf-b'), HOUR)).not.toBe(a);
		expect(replayMemoryCount()).toBe(before + 2);
		a.check('A', Date.now(), 'received');
		a.check('B', Date.now(), 'executed');
		const widened = replayMemoryFor(trigger('wf-a'), 2 * HOUR);
		expect(widened).not.toBe(a);
		expect(widened.check('A', Date.now(), 'received').kind).toBe('repeat');
		expect(widened.check('B', Date.now(), 'received').kind).toBe('first');
		expect(widened.check('B', Date.now(), 'executed').kind).toBe('repeat');
		expect(widened.check('C', Date.now(), 'received').kind).toBe('first');
		forgetReplayMemory(trigger('wf-a'));
		forgetReplayMemory(trigger('wf-b'));
		expect(replayMemoryCount()).toBe(before);
	});
});
