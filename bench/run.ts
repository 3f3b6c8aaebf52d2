/**
 * Benchmarks the Kick nodes in one real n8n (the cached 2.41 of scripts/n8n.js) against the fake
 * Kick, side by side with what users would build instead, every workload in that one n8n, in
 * interleaved rounds (each round rotates the order, so none always gets the quieter moment).
 * Prints a table and writes bench/results.json. Not a test: it never fails on a number, only when
 * something it measures does not work (a missing or duplicated chat reply, a failed activation).
 *
 *   npm run bench -- [--deliveries 900] [--rounds 3] [--concurrency 20] [--quiet 30]
 *                    [--items 500] [--verifications 20000] [--replay-rate 1000]
 *                    [--port 5695] [--out file.json]
 *                    [--only A,B,B0] [--profile <folder>] [--isolate-census]
 *                    [--n8n-env KEY=VALUE]... [--n8n-node-option <node flag>]...
 *
 * --only: workload keys (A, A1, B, B0, trigger, webhook, webhookCredential) and the parts
 * requestCounts, perItem, replayMemory. --deliveries: per delivery workload, over all rounds.
 * --replay-rate: message ids per second for the replay memory (bench/replay-memory.ts, in a
 * process of its own, before n8n starts). --quiet: single
 * deliveries per chat-bot workload into an idle n8n. --profile: one more (unmeasured) round per workload under the V8
 * CPU profiler of n8n's main process; profiles and their summary go to the folder.
 * --isolate-census: preloads bench/isolate-census.js into n8n (counts expression isolates).
 * --n8n-env / --n8n-node-option: experiments (a setting, or e.g. `--require <patch.js>`).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join, resolve } from 'path';

import { KICK_EVENTS } from '../nodes/shared/kick';
import type { SignedDelivery } from '../test/fake-kick/events';
import { testCertificates, writeCaBundle } from '../test/fake-kick/certs';
import type { FakeKick } from '../test/fake-kick/server';
import type { OAuthClient } from '../test/fake-kick/state';
import { SEED } from '../test/fake-kick/server';
import { N8nApi, waitFor } from '../test/e2e/n8n-api';
import type { WorkflowDefinition } from '../test/e2e/n8n-api';
import { N8nProcess } from '../test/e2e/n8n-process';
import { type CredentialRef, kickTriggerWorkflow, webhookToKick } from '../test/e2e/workflows';
import { startKickForTest } from '../test/support/kick-network';
import { loadAverage, waitUntilIdle } from './cpu';
import { closeConnections, median, post, ReplyWatcher, round } from './load';
import {
	type Census,
	combineLoads,
	type LoadFigures,
	loadSummary,
	type MeasureContext,
	measureLoad,
	quietDelivery,
	urlOf,
	withHeaders,
} from './measure';
import { OptionReader } from './options';
import { Profiler, saveProfile, summarizeProfile } from './profiler';
import { replayMemoryInChild } from './replay-memory';
import { report } from './report';
import { signatureBenchmark } from './signature';
import { executionTimeline } from './timeline';
import {
	deliveryWorkloads,
	HEADER_AUTH,
	perItemNodes,
	perItemWorkflow,
	TRIGGER_WORKLOADS,
	type TriggerWorkload,
	type Workload,
} from './workflows';

/** Kick's default Max Event Age (10 min): the hand-built bot's Code node drops older deliveries. */
const MAX_AGE_MS = 10 * 60_000;

function parseOptions(argv: string[]) {
	const read = new OptionReader(argv);
	const deliveries = read.positive('deliveries', 900);
	return {
		deliveries,
		rounds: read.positive('rounds', 3),
		concurrency: read.positive('concurrency', 20),
		quiet: read.positive('quiet', Math.min(30, Math.max(5, Math.round(deliveries / 30)))),
		items: read.positive('items', 500),
		verifications: read.positive('verifications', 20000),
		replayRate: read.positive('replay-rate', 1000),
		port: read.positive('port', 5695),
		out: resolve(read.text('out') ?? join(__dirname, 'results.json')),
		only: read.text('only')?.split(','),
		profile: read.text('profile'),
		isolateCensus: read.flag('isolate-census'),
		n8nEnv: read.pairs('n8n-env'),
		n8nNodeOptions: read.all('n8n-node-option'),
	};
}

type Options = ReturnType<typeof parseOptions>;

/** Whether a part of the benchmark runs: all of them unless --only names some. */
const wanted = (options: Options, key: string) => !options.only || options.only.includes(key);

interface Bench {
	options: Options;
	fake: FakeKick;
	n8n: N8nProcess;
	api: N8nApi;
	credential: CredentialRef;
	measure: MeasureContext;
	/** Chat replies each bot workload must have produced by the end (one per delivery). */
	expectedReplies: Map<string, number>;
}

async function activeWorkflow(api: N8nApi, workflow: WorkflowDefinition): Promise<string> {
	const { id } = await api.createWorkflow(workflow);
	const activation = await api.activate(id);
	if (activation.status >= 400)
		throw new Error(`activating "${workflow.name}" failed: ${JSON.stringify(activation.data)}`);
	return id;
}

async function waitForWebhook(url: string, headers: Record<string, string> = {}): Promise<void> {
	await waitFor(`webhook ${url}`, async () =>
		(await post(url, '{}', headers)) === 404 ? undefined : true,
	);
}

function countRequests(fake: FakeKick, method: string, path: string, from: number): number {
	return fake.requests
		.slice(from)
		.filter((request) => request.method === method && request.path === path).length;
}

/** Requests the nodes make for bulk work, counted exactly in the fake's log. */
async function requestCounts(bench: Bench): Promise<Record<string, number>> {
	const { api, fake, credential, n8n } = bench;
	const counts: Record<string, number> = {};
	let mark = fake.requests.length;
	const allEvents = kickTriggerWorkflow(
		'Bench all events',
		{ events: KICK_EVENTS.map((event) => event.name) },
		credential,
	);
	const allEventsId = await activeWorkflow(api, allEvents.workflow);
	await waitFor('10 subscriptions', async () =>
		fake.state.subscriptions.length >= 10 ? true : undefined,
	);
	counts.subscriptionPostsFor10Events = countRequests(
		fake,
		'POST',
		'/public/v1/events/subscriptions',
		mark,
	);
	await api.deactivate(allEventsId);
	await waitFor('no subscriptions', async () =>
		fake.state.subscriptions.length === 0 ? true : undefined,
	);
	const unknownIds = Array.from(
		{ length: 65 },
		(_, i) => `01JGFJJZ9${String(i).padStart(17, '0')}`,
	);
	for (const [name, parameters, method, path] of [
		[
			'categoriesReturnAll',
			{ resource: 'category', operation: 'getMany', returnAll: true },
			'GET',
			'/public/v2/categories',
		],
		[
			'accept100Redemptions',
			{
				resource: 'rewardRedemption',
				operation: 'accept',
				ids: fake.state.redemptions
					.slice(0, 35)
					.map((r) => r.id)
					.concat(unknownIds)
					.join(','),
			},
			'POST',
			'/public/v1/channels/rewards/redemptions/accept',
		],
	] as const) {
		mark = fake.requests.length;
		const webhookPath = `bench-${name.toLowerCase()}`;
		const id = await activeWorkflow(
			api,
			webhookToKick(`Bench ${name}`, webhookPath, parameters, credential),
		);
		await waitForWebhook(`${n8n.baseUrl}/webhook/${webhookPath}`);
		counts[name] = countRequests(fake, method, path, mark);
		await api.deactivate(id);
	}
	return counts;
}

/** ms per item of one node, from n8n's own execution record. */
async function nodeMsPerItem(
	bench: Bench,
	url: string,
	workflowId: string,
	nodeName: string,
	items: number,
): Promise<number> {
	const users = Array.from({ length: items }, (_, index) => ({
		id: SEED.viewers[index % SEED.viewers.length],
	}));
	const before = (await bench.api.executions(workflowId))[0]?.id;
	const status = await post(url, JSON.stringify({ users }), {});
	if (status !== 200) throw new Error(`${nodeName} workflow answered ${status}`);
	const execution = await waitFor('execution', async () => {
		const latest = (await bench.api.executions(workflowId))[0];
		return latest && latest.id !== before && latest.status !== 'running' ? latest : undefined;
	});
	const { runData } = await bench.api.execution(execution.id);
	const run = (
		runData[nodeName] as unknown as Array<{ executionTime: number; data?: { main?: unknown[][] } }>
	)[0];
	const produced = run.data?.main?.[0]?.length ?? 0;
	if (produced !== items)
		throw new Error(`${nodeName} produced ${produced} items, expected ${items}`);
	return run.executionTime / items;
}

/** Kick node vs HTTP Request node, same call and credential, alternating, median per node. */
async function perItemCost(bench: Bench) {
	const { api, credential, n8n, options } = bench;
	const nodes = perItemNodes(credential);
	const kickUrl = `${n8n.baseUrl}/webhook/bench-kick-items`;
	const httpUrl = `${n8n.baseUrl}/webhook/bench-http-items`;
	const kickId = await activeWorkflow(
		api,
		perItemWorkflow('Bench Kick items', 'bench-kick-items', nodes.kick),
	);
	const httpId = await activeWorkflow(
		api,
		perItemWorkflow('Bench HTTP items', 'bench-http-items', nodes.http),
	);
	await waitForWebhook(kickUrl);
	await waitForWebhook(httpUrl);
	// Warm both paths once, then measure.
	await nodeMsPerItem(bench, kickUrl, kickId, 'Kick', 5).catch(() => undefined);
	await nodeMsPerItem(bench, httpUrl, httpId, 'HTTP Request', 5).catch(() => undefined);
	const kick: number[] = [];
	const http: number[] = [];
	for (let r = 0; r < options.rounds; r++) {
		kick.push(await nodeMsPerItem(bench, kickUrl, kickId, 'Kick', options.items));
		http.push(await nodeMsPerItem(bench, httpUrl, httpId, 'HTTP Request', options.items));
	}
	await api.deactivate(kickId);
	await api.deactivate(httpId);
	return {
		items: options.items,
		rounds: options.rounds,
		kickMsPerItem: round(median(kick), 3),
		httpRequestMsPerItem: round(median(http), 3),
		ratio: round(median(kick) / median(http)),
	};
}

function signBatch(fake: FakeKick, count: number): SignedDelivery[] {
	return Array.from({ length: count }, () =>
		fake.signDelivery({
			type: 'chat.message.sent',
			payload: fake.samplePayload('chat.message.sent'),
		}),
	);
}

function expectReplies(bench: Bench, workload: Workload, count: number): void {
	if (!workload.replyPrefix) return;
	bench.expectedReplies.set(
		workload.replyPrefix,
		(bench.expectedReplies.get(workload.replyPrefix) ?? 0) + count,
	);
}

async function runLoad(
	bench: Bench,
	workload: Workload,
	deliveries: SignedDelivery[],
): Promise<LoadFigures> {
	const figures = await measureLoad(bench.measure, workload, deliveries);
	expectReplies(bench, workload, figures.accepted);
	return figures;
}

/** Single deliveries into an idle n8n, the bots taking turns; then their execution timelines. */
async function quietDeliveries(bench: Bench, bots: Workload[], ids: Map<string, string>) {
	const times = new Map(
		bots.map((w) => [w.key, { answer: [] as number[], reply: [] as number[] }]),
	);
	for (let i = 0; i < bench.options.quiet; i++) {
		for (const workload of bots) {
			const [delivery] = signBatch(bench.fake, 1);
			expectReplies(bench, workload, 1);
			const { answerMs, replyMs } = await quietDelivery(bench.measure, workload, delivery);
			times.get(workload.key)?.answer.push(answerMs);
			times.get(workload.key)?.reply.push(replyMs);
		}
	}
	await waitUntilIdle(bench.n8n.pid as number);
	const result: Record<string, unknown> = {};
	for (const workload of bots) {
		const { answer, reply } = times.get(workload.key) as { answer: number[]; reply: number[] };
		result[workload.key] = {
			deliveries: answer.length,
			answerMsMedian: round(median(answer), 1),
			replyMsMedian: round(median(reply), 1),
			timeline: await executionTimeline(
				bench.api,
				ids.get(workload.key) as string,
				bench.options.quiet,
			),
		};
	}
	return result;
}

/** One more round per workload under the CPU profiler; not part of the measured figures. */
async function profileRound(bench: Bench, workloads: Workload[], perRound: number) {
	const folder = resolve(bench.options.profile as string);
	mkdirSync(folder, { recursive: true });
	const profiler = await Profiler.attach(bench.options.port + 2);
	const summaries: Record<string, unknown> = {};
	try {
		for (const workload of workloads) {
			await waitUntilIdle(bench.n8n.pid as number);
			await profiler.start();
			const load = await runLoad(bench, workload, signBatch(bench.fake, perRound));
			const profile = await profiler.stop();
			const file = saveProfile(folder, `n8n-${workload.key}`, profile);
			summaries[workload.key] = {
				file,
				cpuMsPerDelivery: loadSummary(load).cpuMsPerDelivery,
				...summarizeProfile(profile, load.deliveries),
			};
		}
	} finally {
		profiler.close();
	}
	writeFileSync(join(folder, 'summary.json'), `${JSON.stringify(summaries, null, 2)}\n`);
	return summaries;
}

/** A Kick credential (user token, connected through Kick's OAuth flow) of the app `client`. */
async function connectKickApp(
	api: N8nApi,
	name: string,
	client: OAuthClient,
): Promise<CredentialRef> {
	const created = await api.createCredential(name, 'kickOAuth2Api', {
		clientId: client.clientId,
		clientSecret: client.clientSecret,
	});
	await api.connectOAuth2(created.id, testCertificates().caPem);
	return { id: created.id, name: created.name };
}

/** A's app is the bench's credential; every other trigger workload gets an app of its own. */
async function kickAppsOfTriggers(bench: Bench): Promise<Record<TriggerWorkload, CredentialRef>> {
	const apps = { A: bench.credential } as Record<TriggerWorkload, CredentialRef>;
	for (const key of TRIGGER_WORKLOADS.filter((k) => k !== 'A')) {
		const client = { clientId: `kick-bench-${key}`, clientSecret: `kick-bench-${key}-secret` };
		bench.fake.registerClient(client);
		apps[key] = await connectKickApp(bench.api, `Kick bench ${key}`, client);
	}
	return apps;
}

async function deliveryBenchmarks(bench: Bench) {
	const { api, fake, n8n, options, credential } = bench;
	const headerAuth = await api.createCredential('Bench header auth', 'httpHeaderAuth', HEADER_AUTH);
	const workloads = deliveryWorkloads({
		credential,
		kickApps: await kickAppsOfTriggers(bench),
		headerAuth: { id: headerAuth.id, name: headerAuth.name },
		publicKeyPem: fake.publicKeyPem,
		maxAgeMs: MAX_AGE_MS,
	}).filter((w) => wanted(options, w.key));
	if (!workloads.length) return {};
	const ids = new Map<string, string>();
	for (const workload of workloads)
		ids.set(workload.key, await activeWorkflow(api, workload.workflow));
	for (const workload of workloads) {
		const url = urlOf(bench.measure, workload);
		const [probe] = withHeaders(workload, signBatch(fake, 1));
		await waitFor(`${workload.key} webhook`, async () =>
			(await fake.deliver(url, probe)).status === 404 ? undefined : true,
		);
	}
	// The probes may have produced replies: count the replies expected from here on.
	await waitUntilIdle(n8n.pid as number);
	for (const workload of workloads)
		if (workload.replyPrefix)
			bench.expectedReplies.set(
				workload.replyPrefix,
				new ReplyWatcher(fake, workload.replyPrefix).count(),
			);
	const perRound = Math.max(1, Math.ceil(options.deliveries / options.rounds));
	const warmUp = Math.min(100, Math.max(5, Math.ceil(perRound / 5)));
	for (const workload of workloads) await runLoad(bench, workload, signBatch(fake, warmUp));

	const bots = workloads.filter((w) => w.replyPrefix);
	const quiet = bots.length ? await quietDeliveries(bench, bots, ids) : {};

	const loadBefore = loadAverage();
	const rssBefore = rssMiB(n8n.pid);
	const mark = fake.requests.length;
	const runs = new Map<string, LoadFigures[]>(workloads.map((w) => [w.key, []]));
	for (let r = 0; r < options.rounds; r++) {
		const order = workloads.map((_, i) => workloads[(i + r) % workloads.length]);
		for (const workload of order) {
			const figures = await runLoad(bench, workload, signBatch(fake, perRound));
			runs.get(workload.key)?.push(figures);
			process.stdout.write(
				`round ${r + 1}/${options.rounds} ${workload.key}: ${loadSummary(figures).perSecond}/s\n`,
			);
		}
	}
	const publicKeyFetches = countRequests(fake, 'GET', '/public/v1/public-key', mark);
	const rssAfter = rssMiB(n8n.pid);
	const loadAfter = loadAverage();
	const underLoad: Record<string, unknown> = {};
	for (const workload of bots)
		underLoad[workload.key] = await executionTimeline(
			api,
			ids.get(workload.key) as string,
			Math.min(20, perRound),
		);
	const summaries = Object.fromEntries(
		workloads.map((w) => [
			w.key,
			{ label: w.label, ...loadSummary(combineLoads(runs.get(w.key) ?? [])) },
		]),
	);
	const profiles = options.profile ? await profileRound(bench, workloads, perRound) : undefined;
	return {
		workloads: summaries,
		quiet,
		timelinesUnderLoad: underLoad,
		profiles,
		machineLoad: { before: loadBefore, after: loadAfter },
		publicKeyFetches,
		memory: {
			rssBeforeMiB: rssBefore,
			rssAfterMiB: rssAfter,
			growthMiB: round(rssAfter - rssBefore, 1),
		},
	};
}

function rssMiB(pid: number | undefined): number {
	if (!pid) return NaN;
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
	return round(kib / 1024, 1);
}

/** Each bot workload must have replied exactly once per delivery it got. */
function checkReplies(bench: Bench): Record<string, { expected: number; got: number }> {
	const replies: Record<string, { expected: number; got: number }> = {};
	for (const [prefix, expected] of bench.expectedReplies) {
		const got = new ReplyWatcher(bench.fake, prefix).count();
		replies[prefix] = { expected, got };
	}
	const wrong = Object.entries(replies).filter(([, r]) => r.got !== r.expected);
	if (wrong.length)
		throw new Error(
			`chat replies do not match deliveries: ${JSON.stringify(Object.fromEntries(wrong))}`,
		);
	return replies;
}

function startN8n(options: Options, fake: FakeKick, folder: string): N8nProcess {
	N8nProcess.installPackage(folder);
	const census = join(folder, 'isolate-census.json');
	const nodeArgs = [...options.n8nNodeOptions];
	if (options.profile) nodeArgs.push(`--inspect=127.0.0.1:${options.port + 2}`);
	if (options.isolateCensus) nodeArgs.push('--require', join(__dirname, 'isolate-census.js'));
	return new N8nProcess({
		userFolder: folder,
		port: options.port,
		kickAddress: fake.address.host,
		caBundle: writeCaBundle(join(folder, 'ca.pem')),
		logFile: join(folder, 'n8n.log'),
		nodeArgs,
		extraEnv: {
			// n8n's default SQLite pool (scripts/n8n.js sets 2 for the dev instance).
			DB_SQLITE_POOL_SIZE: '3',
			// B's Code node requires `crypto`; n8n only allows built-in modules listed here.
			NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
			BENCH_ISOLATE_CENSUS_FILE: census,
			...options.n8nEnv,
		},
	});
}

function readCensus(folder: string): () => Promise<Census | undefined> {
	return async () => {
		try {
			return JSON.parse(readFileSync(join(folder, 'isolate-census.json'), 'utf8')) as Census;
		} catch {
			return undefined;
		}
	};
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const machine = {
		cores: cpus().length,
		cpu: cpus()[0]?.model,
		node: process.version,
		platform: `${process.platform}-${process.arch}`,
		loadAverageAtStart: loadAverage(),
	};
	console.log(`machine: ${JSON.stringify(machine)}`);
	console.log(`parameters: ${JSON.stringify(options)}`);
	const signature = signatureBenchmark(options.verifications);
	const replayMemory = wanted(options, 'replayMemory')
		? replayMemoryInChild(options.replayRate)
		: undefined;

	// Kick as documented: the bot workloads post as the bot, which live Kick answers with 500.
	const fake = await startKickForTest({ mode: 'documented' });
	const folder = mkdtempSync(join(tmpdir(), 'kick-bench-n8n-'));
	const n8n = startN8n(options, fake, folder);
	const results: Record<string, unknown> = {
		date: new Date().toISOString(),
		machine,
		parameters: options,
		n8n: '2.41.0',
		signature,
		replayMemory,
	};
	try {
		await n8n.start();
		const api = new N8nApi(n8n.baseUrl);
		await api.signIn();
		const bench: Bench = {
			options,
			fake,
			n8n,
			api,
			credential: await connectKickApp(api, 'Kick bench', fake.client),
			measure: {
				fake,
				baseUrl: n8n.baseUrl,
				pid: n8n.pid as number,
				concurrency: options.concurrency,
				census: options.isolateCensus ? readCensus(folder) : undefined,
			},
			expectedReplies: new Map(),
		};
		if (wanted(options, 'requestCounts')) results.requestCounts = await requestCounts(bench);
		if (wanted(options, 'perItem')) results.perItem = await perItemCost(bench);
		Object.assign(results, await deliveryBenchmarks(bench));
		results.replies = checkReplies(bench);
		results.violations = fake.violations.length;
	} finally {
		await n8n.stop();
		await fake.stop();
		closeConnections();
	}
	report(results);
	writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
	console.log(`written: ${options.out} (n8n log: ${join(folder, 'n8n.log')})`);
}

main().catch((error: Error) => {
	console.error(`bench failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
