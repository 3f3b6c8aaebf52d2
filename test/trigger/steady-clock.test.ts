/**
 * The clock the age check and the replay memory share (clock.ts), on simulated host and monotonic
 * clocks: it never goes backwards, catches up with a host clock that jumped back, and with it
 * the memory keeps freeing across the jump while no delivery runs twice.
 */
import { CATCH_UP_RATE, SteadyClock, steadyNow } from '../../nodes/KickTrigger/clock';
import { judgeAge } from '../../nodes/KickTrigger/delivery';
import { ReplayMemory } from '../../nodes/KickTrigger/replay';
import { ulidAt } from './ulids';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('SteadyClock', () => {
	let wall = 0;
	let tick = 0;
	const clockAt = () =>
		new SteadyClock(
			() => wall,
			() => tick,
		);
	/** Real time passes: both clocks move. */
	const pass = (ms: number) => {
		wall += ms;
		tick += ms;
	};

	beforeEach(() => {
		wall = 1_700_000_000_000;
		tick = 5_000;
	});

	test('is the host clock while it runs normally, and follows it when it jumps forward', () => {
		const clock = clockAt();
		expect(clock.now()).toBe(wall);
		pass(MINUTE);
		expect(clock.now()).toBe(wall);
		wall += HOUR; // e.g. the host woke up from sleep; the monotonic clock did not count it
		expect(clock.now()).toBe(wall);
		pass(SECOND);
		expect(clock.now()).toBe(wall);
	});

	test('never goes back: after a jump back it moves on at the catch-up rate until the host clock meets it', () => {
		const clock = clockAt();
		const before = clock.now();
		wall -= HOUR;
		expect(clock.now()).toBe(before);
		pass(10 * MINUTE);
		expect(clock.now()).toBe(before + 10 * MINUTE * CATCH_UP_RATE);
		const meetsAfter = HOUR / (1 - CATCH_UP_RATE);
		pass(meetsAfter - 10 * MINUTE - SECOND);
		expect(clock.now()).toBeGreaterThan(wall);
		pass(SECOND);
		expect(clock.now()).toBe(wall);
		pass(MINUTE);
		expect(clock.now()).toBe(wall);
	});

	test('a monotonic clock that went back (it cannot) moves nothing', () => {
		const clock = clockAt();
		const before = clock.now();
		wall -= MINUTE;
		tick -= MINUTE;
		expect(clock.now()).toBe(before);
	});

	test('the process clock is the host clock and never goes back', () => {
		const host = Date.now();
		const first = steadyNow();
		expect(first).toBeGreaterThanOrEqual(host);
		expect(steadyNow()).toBeGreaterThanOrEqual(first);
	});
});

describe('age check and replay memory on one clock, across a jump of the host clock', () => {
	const RATE = 1; // ids a second
	/** Kick retries every message at these delays (it did not see our answer). */
	const RETRY_DELAYS = [10 * MINUTE, 59 * MINUTE, 75 * MINUTE, 90 * MINUTE];
	const JUMP_AT = 2 * HOUR;
	const END = 5 * HOUR;

	/**
	 * Kick sends RATE messages a second (its clock is right: real time) and retries each at
	 * RETRY_DELAYS; the host's clock is `hostOffset` off real time, changing at JUMP_AT. Each
	 * delivery goes through the age check (Max Event Age 60 minutes) and the memory, both on
	 * `clockOf(host, monotonic)`. Returns how often each message ran and the memory's size over time.
	 */
	function simulate(
		hostOffset: (real: number) => number,
		clockOf: (host: () => number, monotonic: () => number) => () => number,
	) {
		let real = 0;
		const now = clockOf(
			() => real + hostOffset(real),
			() => real,
		);
		const memory = new ReplayMemory(HOUR, { now });
		const runs = new Map<string, number>();
		const sizes = new Map<number, number>();
		const deliver = (sentAt: number, n: number) => {
			if (!judgeAge(sentAt, now(), HOUR).run) return;
			const id = ulidAt(sentAt, n);
			if (memory.check(id, sentAt, 'received').kind === 'first')
				runs.set(id, (runs.get(id) ?? 0) + 1);
		};
		for (real = 0; real <= END; real += SECOND) {
			for (let i = 0; i < RATE; i++) deliver(real, real + i);
			for (const delay of RETRY_DELAYS) {
				const sentAt = real - delay;
				if (sentAt >= 0) for (let i = 0; i < RATE; i++) deliver(sentAt, sentAt + i);
			}
			sizes.set(real, memory.size);
		}
		return { runs, sizes };
	}

	const steady = (host: () => number, monotonic: () => number) => {
		const clock = new SteadyClock(host, monotonic);
		return () => clock.now();
	};
	const hostOnly = (host: () => number) => host;
	const messages = (END / SECOND + 1) * RATE;

	/** The host clock is right, then jumps back 45 minutes (wrongly). */
	const jumpsBack = (real: number) => (real < JUMP_AT ? 0 : -45 * MINUTE);
	let onSteadyClock: ReturnType<typeof simulate>;
	let onHostClock: ReturnType<typeof simulate>;

	beforeAll(() => {
		onSteadyClock = simulate(jumpsBack, steady);
		onHostClock = simulate(jumpsBack, hostOnly);
	});

	test('a host clock that jumps back: every message runs once (with the host clock alone, some ran twice)', () => {
		expect(onSteadyClock.runs.size).toBe(messages);
		expect([...onSteadyClock.runs.values()].every((count) => count === 1)).toBe(true);

		expect([...onHostClock.runs.values()].some((count) => count > 1)).toBe(true);
	});

	test('a host clock that jumps back: the memory keeps freeing (with the host clock alone it froze)', () => {
		const after = 30 * MINUTE;
		const arrived = (after / SECOND) * RATE; // new ids; every retry is a repeat or too old
		const freed = (sizes: Map<number, number>) =>
			(sizes.get(JUMP_AT) ?? 0) + arrived - (sizes.get(JUMP_AT + after) ?? 0);

		// The shared clock moved 15 minutes in those 30: about 15 minutes of ids left (± a slice).
		const { sizes } = onSteadyClock;
		expect(freed(sizes)).toBeGreaterThan(14 * MINUTE * (RATE / SECOND));
		expect(freed(sizes)).toBeLessThan(16 * MINUTE * (RATE / SECOND));
		// Once the host clock has caught up, the memory holds a window of ids, plus what the host
		// clock's new error (45 minutes behind Kick's) adds: Kick's messages look that much younger.
		const caughtUp = JUMP_AT + (45 * MINUTE) / (1 - CATCH_UP_RATE) + 10 * MINUTE;
		expect(sizes.get(caughtUp)).toBeLessThanOrEqual(
			(HOUR + 45 * MINUTE + 2 * MINUTE) * (RATE / SECOND),
		);

		// Froze, and took back ids it had freed before the jump (which then ran twice).
		expect(freed(onHostClock.sizes)).toBeLessThan(0);
	});

	test('a host clock 30 minutes ahead, corrected: every message runs once, and ages are right again after an hour', () => {
		const correctedAt = (real: number) => (real < JUMP_AT ? 30 * MINUTE : 0);
		const { runs } = simulate(correctedAt, steady);
		expect(runs.size).toBe(messages);
		expect([...runs.values()].every((count) => count === 1)).toBe(true);

		let real = 0;
		const clock = new SteadyClock(
			() => real + correctedAt(real),
			() => real,
		);
		for (; real < JUMP_AT + HOUR; real += SECOND) clock.now();
		expect(clock.now()).toBe(real);
		expect(judgeAge(real - SECOND, clock.now(), HOUR)).toEqual({
			run: true,
			late: false,
			ageMs: SECOND,
		});
	});
});
