/** The benchmark's printed table, from what results.json holds. */
import { round } from './load';
import type { loadSummary } from './measure';
import type { ReplayMemoryFigures } from './replay-memory';
import type { ProfileSummary } from './profiler';
import type { Timeline } from './timeline';

type WorkloadSummary = ReturnType<typeof loadSummary> & { label: string };

interface Results {
	workloads?: Record<string, WorkloadSummary>;
	quiet?: Record<string, { answerMsMedian: number; replyMsMedian: number; timeline: Timeline }>;
	timelinesUnderLoad?: Record<string, Timeline>;
	profiles?: Record<string, ProfileSummary>;
	perItem?: { items: number; kickMsPerItem: number; httpRequestMsPerItem: number; ratio: number };
	requestCounts?: Record<string, number>;
	signature: { kickVerifyMicros: number; rawVerifyMicros: number; pemParseEachMicros: number };
	replayMemory?: ReplayMemoryFigures;
	memory?: { rssBeforeMiB: number; rssAfterMiB: number; growthMiB: number };
	machineLoad?: { before: number; after: number };
}

function workloadRow(w: WorkloadSummary): string {
	const latency = w.replyMs ?? w.answerMs;
	const kind = w.replyMs ? 'reply' : 'answer';
	const cpu = w.cpuMsPerDelivery;
	const isolates = w.isolates ? `, isolates built ${w.isolates.builtPerDelivery}/delivery` : '';
	return (
		`${w.perSecond}/s, ${kind} p50/p95 ${latency?.p50}/${latency?.p95} ms, ` +
		`CPU ${cpu.total} ms/delivery (main thread ${cpu.n8nMainThread}, other threads ${cpu.n8nOtherThreads}, ` +
		`task runner ${cpu.taskRunner}), non-2xx ${w.non2xx}${isolates}`
	);
}

function timelineText(t: Timeline): string {
	const nodes = Object.entries(t.nodes)
		.map(([name, ms]) => `${name} ${ms}`)
		.join(', ');
	return `start→first node ${t.startedToFirstNode}, nodes: ${nodes}, between ${t.betweenNodes}, last→stop ${t.lastNodeToStopped} (ms, median of ${t.executions})`;
}

function ratio(a: WorkloadSummary | undefined, b: WorkloadSummary | undefined): string {
	return a && b ? String(round(a.perSecond / b.perSecond)) : 'n/a';
}

export function report(results: Record<string, unknown>): void {
	const r = results as unknown as Results;
	const rows: Array<[string, string]> = [];
	const w = r.workloads ?? {};
	for (const summary of Object.values(w)) rows.push([summary.label, workloadRow(summary)]);
	rows.push(['Ratio A/B (goal >= 1.0)', ratio(w.A, w.B)]);
	rows.push(['Ratio A/B0', ratio(w.A, w.B0)]);
	rows.push(['Ratio A/A1 (trigger version 2 / saved version 1)', ratio(w.A, w.A1)]);
	rows.push(['Ratio Kick Trigger / Webhook', ratio(w.trigger, w.webhook)]);
	rows.push([
		'Ratio Kick Trigger / Webhook with a credential (goal >= 0.95)',
		ratio(w.trigger, w.webhookCredential),
	]);
	for (const [key, quiet] of Object.entries(r.quiet ?? {})) {
		rows.push([
			`Quiet single delivery ${key}: answer / reply ms (median)`,
			`${quiet.answerMsMedian} / ${quiet.replyMsMedian}`,
		]);
		rows.push([`Quiet ${key} execution`, timelineText(quiet.timeline)]);
	}
	for (const [key, timeline] of Object.entries(r.timelinesUnderLoad ?? {}))
		rows.push([`Under load ${key} execution`, timelineText(timeline)]);
	if (r.perItem) {
		rows.push([
			`Kick user.getMany ms/item (${r.perItem.items} items)`,
			String(r.perItem.kickMsPerItem),
		]);
		rows.push(['HTTP Request ms/item, same call', String(r.perItem.httpRequestMsPerItem)]);
		rows.push(['Per-item ratio Kick/HTTP', String(r.perItem.ratio)]);
	}
	for (const [name, count] of Object.entries(r.requestCounts ?? {}))
		rows.push([`requests: ${name}`, String(count)]);
	rows.push([
		'signature verify µs (Kick verify / raw crypto.verify / PEM parsed each time)',
		`${r.signature.kickVerifyMicros} / ${r.signature.rawVerifyMicros} / ${r.signature.pemParseEachMicros}`,
	]);
	const replay = r.replayMemory;
	if (replay)
		rows.push([
			`replay memory at ${replay.idsPerSecond} ids/s over ${replay.windowMinutes} min (in-process)`,
			`${replay.idsRemembered} ids, ${replay.tableBytesPerId} bytes/id (heap ${replay.heapBytesPerId}), ` +
				`${replay.tableMiB} MiB, RSS ${replay.rssBeforeMiB} → ${replay.rssAfterMiB} MiB (+${replay.rssGrowthMiB}), ` +
				`repeats caught ${replay.repeatsCaught}/${replay.repeatsCaught + replay.repeatsMissed}, cap reached: ${replay.capReached}`,
		]);
	if (r.memory)
		rows.push([
			'n8n RSS MiB before → after the measured rounds',
			`${r.memory.rssBeforeMiB} → ${r.memory.rssAfterMiB}`,
		]);
	if (r.machineLoad)
		rows.push([
			'machine load average before → after the rounds',
			`${r.machineLoad.before} → ${r.machineLoad.after}`,
		]);
	for (const [key, profile] of Object.entries(r.profiles ?? {})) {
		const top = Object.entries(profile.categories)
			.slice(0, 6)
			.map(([name, ms]) => `${name} ${ms}`)
			.join(', ');
		rows.push([`Profile ${key}: main thread ms/delivery`, `${profile.busyMsPerDelivery} (${top})`]);
	}
	const width = Math.max(...rows.map(([name]) => name.length));
	for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}
