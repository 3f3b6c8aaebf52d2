/**
 * The Kick Trigger's replay memory, measured in-process without n8n: a sustained stream of
 * message ids (ULIDs, as Kick sends them) at `idsPerSecond`, on a simulated clock, across the
 * default 60-minute window (Max Event Age) plus a few minutes, so old slices get freed while new
 * ones fill; optionally with a few deliveries dated 50 minutes ahead mixed in (a skewed clock:
 * the age check accepts them). Reports bytes per remembered id (the tables' own count and the
 * process's heap) and resident memory. `npm run bench` runs it in a child process of its own
 * (`--replay-rate`); alone (`--help` says the same):
 *   node --expose-gc -r ./test/support/register-ts.js bench/replay-memory.ts [idsPerSecond] [--future-dated <per hour>]
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

import { DEFAULT_MAX_EVENT_AGE_MINUTES } from '../nodes/KickTrigger/delivery';
import {
	REPLAY_BYTES_PER_ID,
	REPLAY_MEMORY_MAX_BYTES,
	ReplayMemory,
} from '../nodes/KickTrigger/replay';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID for time `ms`: 10 characters of time, 16 random. */
function ulid(ms: number): string {
	let time = '';
	for (let t = ms, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time;
	let tail = '';
	for (let i = 0; i < 16; i++) tail += ALPHABET[Math.floor(Math.random() * 32)];
	return time + tail;
}

export interface ReplayMemoryFigures {
	idsPerSecond: number;
	/** Deliveries dated 50 minutes ahead, mixed in per hour. */
	futureDatedPerHour: number;
	windowMinutes: number;
	/** Ids held at the end (every id younger than the window, plus the slice being freed). */
	idsRemembered: number;
	/** The tables' bytes / ids (what the 128 MiB cap counts). */
	tableBytesPerId: number;
	/** What an id costs in a slice that stopped filling (REPLAY_BYTES_PER_ID). */
	statedBytesPerId: number;
	tableMiB: number;
	/** Growth of V8's heap (used) and of array buffers over the run, per id remembered. */
	heapBytesPerId: number;
	rssBeforeMiB: number;
	rssAfterMiB: number;
	/** Resident memory the run added to the process (the tables, the heap around them). */
	rssGrowthMiB: number;
	capMiB: number;
	capReached: boolean;
	/** Ids retried 59 minutes after they were sent, recognised as repeats (or not). */
	repeatsCaught: number;
	repeatsMissed: number;
	/** Per check-and-record, including making the id. */
	microsecondsPerCheck: number;
}

const MIB = 1024 * 1024;

function heapInUse(): number {
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.arrayBuffers;
}

const FUTURE_DATED_AHEAD_MS = 50 * 60_000;

export interface ReplayMemoryRun {
	/** Minutes past the window, so that old slices are freed while new ones fill. */
	extraMinutes?: number;
	futureDatedPerHour?: number;
}

export function replayMemoryBenchmark(
	idsPerSecond: number,
	{ extraMinutes = 5, futureDatedPerHour = 0 }: ReplayMemoryRun = {},
): ReplayMemoryFigures {
	const windowMs = DEFAULT_MAX_EVENT_AGE_MINUTES * 60_000;
	const futureDatedEvery = futureDatedPerHour > 0 ? Math.round(3600 / futureDatedPerHour) : 0;
	let now = Date.parse('2026-01-01T00:00:00Z');
	let capReached = false;
	const memory = new ReplayMemory(windowMs, {
		now: () => now,
		onCapReached: () => {
			capReached = true;
		},
	});
	(globalThis as { gc?: () => void }).gc?.();
	const rssBefore = process.memoryUsage().rss;
	const heapBefore = heapInUse();
	const seconds = DEFAULT_MAX_EVENT_AGE_MINUTES * 60 + extraMinutes * 60;
	let repeatsCaught = 0;
	let repeatsMissed = 0;
	let checks = 0;
	const started = process.hrtime.bigint();
	const retries: Array<{ id: string; at: number }> = [];
	for (let second = 0; second < seconds; second++) {
		now += 1000;
		for (let i = 0; i < idsPerSecond; i++) {
			const id = ulid(now);
			memory.check(id, now, 'received');
			checks++;
			// Once a minute, retry the first id of 59 minutes ago (still inside the window).
			if (i === 0 && second % 60 === 0) retries.push({ id, at: now });
		}
		if (futureDatedEvery && second % futureDatedEvery === 0) {
			memory.check(ulid(now + FUTURE_DATED_AHEAD_MS), now + FUTURE_DATED_AHEAD_MS, 'received');
			checks++;
		}
		while (retries.length && now - retries[0].at >= 59 * 60_000) {
			const retry = retries.shift() as { id: string; at: number };
			if (memory.check(retry.id, retry.at, 'received').kind === 'repeat') repeatsCaught++;
			else repeatsMissed++;
			checks++;
		}
	}
	const elapsedNs = Number(process.hrtime.bigint() - started);
	(globalThis as { gc?: () => void }).gc?.();
	const ids = memory.size;
	const rssAfter = process.memoryUsage().rss;
	return {
		idsPerSecond,
		futureDatedPerHour,
		windowMinutes: DEFAULT_MAX_EVENT_AGE_MINUTES,
		idsRemembered: ids,
		tableBytesPerId: Math.round((memory.bytes / ids) * 10) / 10,
		statedBytesPerId: REPLAY_BYTES_PER_ID,
		tableMiB: Math.round((memory.bytes / MIB) * 10) / 10,
		heapBytesPerId: Math.round(((heapInUse() - heapBefore) / ids) * 10) / 10,
		rssBeforeMiB: Math.round(rssBefore / MIB),
		rssAfterMiB: Math.round(rssAfter / MIB),
		rssGrowthMiB: Math.round((rssAfter - rssBefore) / MIB),
		capMiB: REPLAY_MEMORY_MAX_BYTES / MIB,
		capReached,
		repeatsCaught,
		repeatsMissed,
		microsecondsPerCheck: Math.round((elapsedNs / checks / 1000) * 100) / 100,
	};
}

/**
 * The figures from a process of their own (with --expose-gc), so its resident memory holds the
 * replay memory and nothing of the benchmark's fake Kick or HTTP clients.
 */
export function replayMemoryInChild(
	idsPerSecond: number,
	futureDatedPerHour = 0,
): ReplayMemoryFigures {
	const run = spawnSync(
		process.execPath,
		[
			'--expose-gc',
			'-r',
			join(__dirname, '..', 'test', 'support', 'register-ts.js'),
			__filename,
			String(idsPerSecond),
			'--future-dated',
			String(futureDatedPerHour),
		],
		{ encoding: 'utf8', maxBuffer: 1024 * 1024 },
	);
	if (run.status !== 0)
		throw new Error(`the replay memory benchmark failed (${run.status}): ${run.stderr}`);
	return JSON.parse(run.stdout) as ReplayMemoryFigures;
}

const USAGE = `usage: node --expose-gc -r ./test/support/register-ts.js bench/replay-memory.ts [idsPerSecond] [--future-dated <per hour>]
  idsPerSecond    message ids a second, sustained over the default Max Event Age and 5 minutes (default 1000)
  --future-dated  how many deliveries dated 50 minutes ahead to mix in per hour (default 0)
Prints the figures as JSON.`;

function main(args: string[]): void {
	if (args.includes('--help')) {
		console.log(USAGE);
		return;
	}
	const flag = args.indexOf('--future-dated');
	const futureDatedPerHour = flag >= 0 ? Number(args[flag + 1]) : 0;
	const positional = args.filter(
		(arg, index) => !arg.startsWith('--') && args[index - 1] !== '--future-dated',
	);
	const rate = Number(positional[0] ?? 1000);
	if (!(rate > 0) || !(futureDatedPerHour >= 0)) {
		console.error(USAGE);
		process.exitCode = 2;
		return;
	}
	console.log(JSON.stringify(replayMemoryBenchmark(rate, { futureDatedPerHour }), null, 2));
}

if (require.main === module) main(process.argv.slice(2));
