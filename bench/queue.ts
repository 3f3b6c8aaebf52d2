/**
 * The package's chat bot (A: Kick Trigger → Kick › Chat Message › Send, both at the versions the
 * editor adds) in n8n's queue mode: PostgreSQL + Redis, a main process, a webhook process
 * receiving every delivery, and one worker, then two, then one and two again (interleaved). Reports deliveries/s until every chat reply
 * arrived and n8n's CPU per delivery by process role. Separate from `npm run bench`: starting the
 * services and the extra worker takes minutes. By default its figures go into `npm run bench`'s
 * bench/results.json as `queue`, so that one file holds one run of both.
 *
 *   npm run bench:queue -- [--deliveries 600] [--rounds 2] [--concurrency 20] [--out file.json]
 *
 * --out: an existing JSON file gets the figures as its `queue`; any other path is written whole.
 *
 * --deliveries: per worker count, over all rounds.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { cpus } from 'os';
import { join, resolve } from 'path';

import type { SignedDelivery } from '../test/fake-kick/events';
import { testCertificates } from '../test/fake-kick/certs';
import { waitFor } from '../test/e2e/n8n-api';
import type { N8nProcess } from '../test/e2e/n8n-process';
import {
	type QueueEnvironment,
	startQueueEnvironment,
	stopQueueEnvironment,
} from '../test/e2e/queue/environment';
import { kickTriggerToKick } from '../test/e2e/workflows';
import { cpuBetween, type CpuSnapshot, loadAverage, snapshotCpu, totalMs } from './cpu';
import {
	closeConnections,
	describeAnswers,
	percentile,
	ReplyWatcher,
	round,
	sendLoad,
} from './load';
import { OptionReader } from './options';
import { LATEST, replyContent } from './workflows';

function parseOptions(argv: string[]) {
	const read = new OptionReader(argv);
	return {
		deliveries: read.positive('deliveries', 600),
		rounds: read.positive('rounds', 2),
		concurrency: read.positive('concurrency', 20),
		out: resolve(read.text('out') ?? join(__dirname, 'results.json')),
	};
}

interface Measured {
	workers: number;
	deliveries: number;
	accepted: number;
	seconds: number;
	replyLatencies: number[];
	non2xx: number;
	cpuMsByRole: Record<string, number>;
}

function snapshots(processes: Record<string, N8nProcess[]>): Map<string, CpuSnapshot[]> {
	return new Map(
		Object.entries(processes).map(([role, list]) => [
			role,
			list.map((process) => snapshotCpu(process.pid as number)),
		]),
	);
}

function cpuByRole(
	before: Map<string, CpuSnapshot[]>,
	after: Map<string, CpuSnapshot[]>,
): Record<string, number> {
	const byRole: Record<string, number> = {};
	for (const [role, list] of after)
		byRole[role] = list.reduce(
			(sum, snapshot, index) =>
				sum + totalMs(cpuBetween((before.get(role) as CpuSnapshot[])[index], snapshot)),
			0,
		);
	return byRole;
}

async function measure(
	env: QueueEnvironment,
	url: string,
	processes: Record<string, N8nProcess[]>,
	deliveries: SignedDelivery[],
	concurrency: number,
): Promise<Measured> {
	const watcher = new ReplyWatcher(env.fake, 'A');
	const before = snapshots(processes);
	const sent = await sendLoad(url, deliveries, concurrency);
	// A delivery n8n did not accept (e.g. 503 while its database check lags) is Kick's to retry.
	const ids = sent.accepted;
	const arrived = await watcher
		.waitFor(ids, 180_000 + deliveries.length * 200, 5, `answers: ${describeAnswers(sent)}`)
		.catch((error: Error) => {
			const statuses = env.sql('SELECT status, count(*) FROM execution_entity GROUP BY status');
			throw new Error(`${error.message}; executions by status: ${statuses.replace(/\n/g, ', ')}`);
		});
	const replyLatencies = ids.map(
		(id) => (arrived.get(id) as number) - (sent.sentAt.get(id) as number),
	);
	const doneAt = Math.max(
		sent.startedAt + sent.answeredAfterMs,
		...ids.map((id) => arrived.get(id) as number),
	);
	// Executions finish (and are saved) a moment after their reply.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	return {
		workers: processes.worker.length,
		deliveries: deliveries.length,
		accepted: ids.length,
		seconds: (doneAt - sent.startedAt) / 1000,
		replyLatencies,
		non2xx: sent.non2xx,
		cpuMsByRole: cpuByRole(before, snapshots(processes)),
	};
}

function summary(runs: Measured[]) {
	const deliveries = runs.reduce((sum, run) => sum + run.deliveries, 0);
	const accepted = runs.reduce((sum, run) => sum + run.accepted, 0);
	const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
	const latencies = runs.flatMap((run) => run.replyLatencies).sort((a, b) => a - b);
	const roles = Object.keys(runs[0]?.cpuMsByRole ?? {});
	return {
		deliveries,
		accepted,
		seconds: round(seconds),
		/** Accepted deliveries (each replied to) per second. */
		perSecond: round(accepted / seconds, 1),
		replyMs: { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1) },
		non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
		cpuMsPerDelivery: Object.fromEntries(
			roles.map((role) => [
				role,
				round(runs.reduce((sum, run) => sum + run.cpuMsByRole[role], 0) / deliveries, 1),
			]),
		),
	};
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	console.log(`parameters: ${JSON.stringify(options)}`);
	const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version };
	const env = await startQueueEnvironment();
	const extraWorkers: N8nProcess[] = [];
	const results: Record<string, unknown> = {
		date: new Date().toISOString(),
		machine,
		parameters: options,
		n8n: '2.41.0',
		mode: 'queue: PostgreSQL + Redis, main, one webhook process (receives every delivery), workers',
	};
	try {
		const created = await env.api.createCredential('Kick bench', 'kickOAuth2Api', {
			clientId: env.fake.client.clientId,
			clientSecret: env.fake.client.clientSecret,
		});
		await env.api.connectOAuth2(created.id, testCertificates().caPem);
		const { workflow, webhookId } = kickTriggerToKick(
			'Bench queue A: Kick Trigger → Kick',
			{ events: ['chat.message.sent'] },
			{
				resource: 'chatMessage',
				operation: 'send',
				type: 'bot',
				content: replyContent('A', '$json.event.messageId'),
			},
			{ id: created.id, name: created.name },
			LATEST,
		);
		const { id } = await env.api.createWorkflow(workflow);
		const activation = await env.api.activate(id);
		if (activation.status >= 400) throw new Error(`activation failed: ${activation.status}`);
		const url = `${env.webhook.baseUrl}/webhook/${webhookId}/kick`;
		const sign = (count: number) =>
			Array.from({ length: count }, () =>
				env.fake.signDelivery({
					type: 'chat.message.sent',
					payload: env.fake.samplePayload('chat.message.sent'),
				}),
			);
		await waitFor(
			'the webhook on the webhook process',
			async () => ((await env.fake.deliver(url, sign(1)[0])).status === 404 ? undefined : true),
			60_000,
		);
		const base = { main: [env.main], webhook: [env.webhook] };
		const perRound = Math.ceil(options.deliveries / options.rounds);
		await measure(env, url, { ...base, worker: [env.worker] }, sign(20), options.concurrency);
		const runs: Record<number, Measured[]> = { 1: [], 2: [] };
		for (let r = 0; r < options.rounds; r++) {
			const one = await measure(
				env,
				url,
				{ ...base, worker: [env.worker] },
				sign(perRound),
				options.concurrency,
			);
			runs[1].push(one);
			const second = await env.addWorker(`worker-${r + 2}`);
			extraWorkers.push(second);
			const workers = { ...base, worker: [env.worker, second] };
			await measure(env, url, workers, sign(20), options.concurrency);
			runs[2].push(await measure(env, url, workers, sign(perRound), options.concurrency));
			await second.stop();
			console.log(
				`round ${r + 1}: 1 worker ${summary([one]).perSecond}/s, 2 workers ${summary([runs[2][r]]).perSecond}/s`,
			);
		}
		const oneWorker = summary(runs[1]);
		const twoWorkers = summary(runs[2]);
		Object.assign(results, {
			oneWorker,
			twoWorkers,
			scaling: round(twoWorkers.perSecond / oneWorker.perSecond),
			machineLoadAfter: loadAverage(),
			violations: env.fake.violations.length,
		});
		console.log(`1 worker:  ${JSON.stringify(oneWorker)}`);
		console.log(`2 workers: ${JSON.stringify(twoWorkers)}`);
		console.log(
			`scaling 2 workers / 1 worker: ${results.scaling} (2 cores: every process shares them)`,
		);
	} finally {
		await Promise.all(extraWorkers.map(async (worker) => await worker.stop()));
		await stopQueueEnvironment(env);
		closeConnections();
	}
	writeResults(options.out, results);
	console.log(`written: ${options.out} (logs in ${env.folder})`);
}

function writeResults(path: string, results: Record<string, unknown>): void {
	const existing: unknown = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
	const content =
		typeof existing === 'object' && existing !== null ? { ...existing, queue: results } : results;
	writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
}

main().catch((error: Error) => {
	console.error(`bench:queue failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
