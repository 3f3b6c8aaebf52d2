/**
 * One measured load of one workload: deliveries sent with N in flight, then the time until all
 * of them were done (every chat reply arrived, or n8n went quiet for workloads without a reply)
 * and the CPU n8n spent on them.
 */
import type { SignedDelivery } from '../test/fake-kick/events';
import type { FakeKick } from '../test/fake-kick/server';
import { cpuBetween, type CpuUsed, snapshotCpu, totalMs, waitUntilIdle } from './cpu';
import {
	describeAnswers,
	messageIdOf,
	percentile,
	post,
	ReplyWatcher,
	round,
	sendLoad,
} from './load';
import type { Workload } from './workflows';

export interface Census {
	available: boolean;
	acquiresBySite: Record<string, number>;
	newlyAcquired: number;
	releases: number;
	bridgesBuilt: number;
	bridgeBuildMs: number;
	timedBuilds: number;
	coldBuilds: number;
}

export interface MeasureContext {
	fake: FakeKick;
	baseUrl: string;
	pid: number;
	concurrency: number;
	/** The isolate census so far, when the census preload runs in n8n. */
	census?: () => Promise<Census | undefined>;
}

/** What one load (or several combined) measured. */
export interface LoadFigures {
	deliveries: number;
	/** Deliveries n8n answered with a 2xx (each must give one reply). */
	accepted: number;
	/** ms from the first send until the last delivery was done. */
	doneAfterMs: number;
	answerLatencies: number[];
	/** Send → chat reply at the fake, for workloads that reply. */
	replyLatencies: number[];
	non2xx: number;
	cpu: CpuUsed;
	census?: Census;
}

export const urlOf = (ctx: MeasureContext, workload: Workload) =>
	`${ctx.baseUrl}/webhook/${workload.path}`;

export function withHeaders(workload: Workload, deliveries: SignedDelivery[]): SignedDelivery[] {
	if (!workload.headers) return deliveries;
	return deliveries.map((d) => ({ ...d, headers: { ...d.headers, ...workload.headers } }));
}

function censusDelta(before?: Census, after?: Census): Census | undefined {
	if (!before || !after || !after.available) return undefined;
	const sites: Record<string, number> = {};
	for (const [site, count] of Object.entries(after.acquiresBySite)) {
		const delta = count - (before.acquiresBySite[site] ?? 0);
		if (delta) sites[site] = delta;
	}
	return {
		available: true,
		acquiresBySite: sites,
		newlyAcquired: after.newlyAcquired - before.newlyAcquired,
		releases: after.releases - before.releases,
		bridgesBuilt: after.bridgesBuilt - before.bridgesBuilt,
		bridgeBuildMs: after.bridgeBuildMs - before.bridgeBuildMs,
		timedBuilds: after.timedBuilds - before.timedBuilds,
		coldBuilds: after.coldBuilds - before.coldBuilds,
	};
}

/** Lets n8n settle first, so each load starts from a quiet n8n and owns all the work it causes. */
export async function measureLoad(
	ctx: MeasureContext,
	workload: Workload,
	deliveries: SignedDelivery[],
): Promise<LoadFigures> {
	await waitUntilIdle(ctx.pid);
	const censusBefore = await ctx.census?.();
	const watcher = workload.replyPrefix
		? new ReplyWatcher(ctx.fake, workload.replyPrefix)
		: undefined;
	const before = snapshotCpu(ctx.pid);
	const sent = await sendLoad(
		urlOf(ctx, workload),
		withHeaders(workload, deliveries),
		ctx.concurrency,
	);
	let doneAt = sent.startedAt + sent.answeredAfterMs;
	const replyLatencies: number[] = [];
	if (watcher) {
		const ids = sent.accepted;
		const arrived = await watcher.waitFor(
			ids,
			120_000 + deliveries.length * 200,
			5,
			`answers: ${describeAnswers(sent)}`,
		);
		for (const id of ids) {
			const at = arrived.get(id) as number;
			replyLatencies.push(at - (sent.sentAt.get(id) as number));
			doneAt = Math.max(doneAt, at);
		}
	}
	const idle = await waitUntilIdle(ctx.pid);
	if (!watcher) doneAt = Math.max(doneAt, idle.quietSince);
	// Let the census preload write its latest counts (it flushes every 200 ms).
	const censusAfter = ctx.census ? await delay(250).then(ctx.census) : undefined;
	return {
		deliveries: deliveries.length,
		accepted: sent.accepted.length,
		doneAfterMs: doneAt - sent.startedAt,
		answerLatencies: sent.answerLatencies,
		replyLatencies: replyLatencies.sort((a, b) => a - b),
		non2xx: sent.non2xx,
		cpu: cpuBetween(before, idle.snapshot),
		census: censusDelta(censusBefore, censusAfter),
	};
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sumCensus(list: Array<Census | undefined>): Census | undefined {
	if (list.some((c) => !c)) return undefined;
	const sites: Record<string, number> = {};
	for (const census of list as Census[])
		for (const [site, count] of Object.entries(census.acquiresBySite))
			sites[site] = (sites[site] ?? 0) + count;
	const sum = (
		key:
			| 'newlyAcquired'
			| 'releases'
			| 'bridgesBuilt'
			| 'bridgeBuildMs'
			| 'timedBuilds'
			| 'coldBuilds',
	) => (list as Census[]).reduce((total, census) => total + census[key], 0);
	return {
		available: true,
		acquiresBySite: sites,
		newlyAcquired: sum('newlyAcquired'),
		releases: sum('releases'),
		bridgesBuilt: sum('bridgesBuilt'),
		bridgeBuildMs: sum('bridgeBuildMs'),
		timedBuilds: sum('timedBuilds'),
		coldBuilds: sum('coldBuilds'),
	};
}

export function combineLoads(loads: LoadFigures[]): LoadFigures {
	const add = (pick: (load: LoadFigures) => number) =>
		loads.reduce((total, load) => total + pick(load), 0);
	return {
		deliveries: add((l) => l.deliveries),
		accepted: add((l) => l.accepted),
		doneAfterMs: add((l) => l.doneAfterMs),
		answerLatencies: loads.flatMap((l) => l.answerLatencies).sort((a, b) => a - b),
		replyLatencies: loads.flatMap((l) => l.replyLatencies).sort((a, b) => a - b),
		non2xx: add((l) => l.non2xx),
		cpu: {
			processMs: add((l) => l.cpu.processMs),
			mainThreadMs: add((l) => l.cpu.mainThreadMs),
			otherThreadsMs: add((l) => l.cpu.otherThreadsMs),
			runnerMs: add((l) => l.cpu.runnerMs),
		},
		census: sumCensus(loads.map((l) => l.census)),
	};
}

/** The figures results.json keeps for a load: rates, percentiles and CPU per delivery. */
export function loadSummary(load: LoadFigures) {
	const per = (ms: number) => round(ms / load.deliveries, 2);
	const latency = (sorted: number[]) =>
		sorted.length
			? {
					p50: round(percentile(sorted, 50), 1),
					p95: round(percentile(sorted, 95), 1),
					p99: round(percentile(sorted, 99), 1),
				}
			: undefined;
	return {
		deliveries: load.deliveries,
		accepted: load.accepted,
		seconds: round(load.doneAfterMs / 1000, 2),
		/** Accepted (2xx) deliveries per second, until the last was done. */
		perSecond: round((load.accepted * 1000) / load.doneAfterMs, 1),
		answerMs: latency(load.answerLatencies),
		replyMs: latency(load.replyLatencies),
		non2xx: load.non2xx,
		cpuMsPerDelivery: {
			total: per(totalMs(load.cpu)),
			n8nMainThread: per(load.cpu.mainThreadMs),
			n8nOtherThreads: per(load.cpu.otherThreadsMs),
			taskRunner: per(load.cpu.runnerMs),
		},
		isolates: load.census
			? {
					builtPerDelivery: round(load.census.bridgesBuilt / load.deliveries, 2),
					coldBuiltPerDelivery: round(load.census.coldBuilds / load.deliveries, 2),
					buildWallMsEach: round(
						load.census.bridgeBuildMs / Math.max(1, load.census.timedBuilds),
						1,
					),
					acquiresPerDelivery: Object.fromEntries(
						Object.entries(load.census.acquiresBySite).map(([site, count]) => [
							site,
							round(count / load.deliveries, 2),
						]),
					),
				}
			: undefined,
	};
}

/** One delivery into a quiet n8n: its HTTP answer and its chat reply, in ms. */
export async function quietDelivery(
	ctx: MeasureContext,
	workload: Workload,
	delivery: SignedDelivery,
): Promise<{ answerMs: number; replyMs: number }> {
	await waitUntilIdle(ctx.pid, { windowMs: 100, busyMs: 5 });
	const watcher = new ReplyWatcher(ctx.fake, workload.replyPrefix as string);
	const [sendable] = withHeaders(workload, [delivery]);
	const sent = performance.now();
	const status = await post(urlOf(ctx, workload), sendable.body, sendable.headers);
	const answerMs = performance.now() - sent;
	if (status !== 200) throw new Error(`${workload.key} answered ${status} to a quiet delivery`);
	const arrived = await watcher.waitFor([messageIdOf(delivery)], 30_000, 1);
	return { answerMs, replyMs: (arrived.get(messageIdOf(delivery)) as number) - sent };
}
