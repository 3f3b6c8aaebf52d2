/**
 * The time the Kick Trigger judges a delivery's age by and frees its replay memory by.
 *
 * It is the host's clock, except that it never goes backwards. The replay memory forgets an id
 * once its delivery is too old to be accepted; if the time then went back, that delivery would be
 * young enough again and could run twice. So when the host's clock jumps back, this time keeps
 * moving with the process's monotonic clock, at CATCH_UP_RATE of its speed, until the host's
 * clock has caught up with it. It then follows the host's clock again.
 *
 * Why not keep full speed (trust the monotonic clock for good)? A clock that jumps back was
 * usually wrong before (NTP corrects a clock that ran ahead): at full speed this time would keep
 * that error for the life of the process, every delivery would look that much older, and an error
 * larger than Max Event Age would stop every delivery from running. Catching up slowly costs
 * memory only while it lasts (the memory keeps freeing, more slowly), and the byte cap bounds it.
 */

/**
 * How fast this time moves while the host's clock is behind it, as a share of real time. After a
 * jump back by J it has caught up after J / (1 − CATCH_UP_RATE): two hours for a jump of one.
 */
export const CATCH_UP_RATE = 0.5;

/** A time source in milliseconds. */
export type Clock = () => number;

/** The host's clock that never goes backwards (see the file's comment). */
export class SteadyClock {
	private last = Number.NEGATIVE_INFINITY;
	private lastTick = Number.NaN;

	/**
	 * @param wallNow the host's clock (epoch ms), which may jump either way
	 * @param tickNow a monotonic clock (ms since any origin), which only moves forward at real speed
	 */
	constructor(
		private readonly wallNow: Clock = () => Date.now(),
		private readonly tickNow: Clock = () => performance.now(),
	) {}

	now(): number {
		const wall = this.wallNow();
		const tick = this.tickNow();
		const elapsed = Number.isNaN(this.lastTick) ? 0 : Math.max(0, tick - this.lastTick);
		this.lastTick = tick;
		// While the host's clock runs normally it is ahead of `last + elapsed * rate` and wins.
		this.last = Math.max(wall, this.last + elapsed * CATCH_UP_RATE);
		return this.last;
	}
}

const processClock = new SteadyClock();

/**
 * Now, in epoch ms, as the whole process sees it: the one clock for Max Event Age (judgeAge) and
 * for the replay memory's expiry, so that whatever the age check accepts the memory still covers.
 */
export function steadyNow(): number {
	return processClock.now();
}
