/**
 * Benchmarks the Kick nodes in one real n8n (the cached 2.41 of scripts/n8n.js) against the fake
 * Kick, next to what users would build instead: n8n's plain Webhook node and its HTTP Request
 * node with the same credential. Prints a table and writes bench/results.json. Not a test: it
 * never fails on a number, only when something it measures does not work.
 *
 *   npm run bench -- [--deliveries 2000] [--concurrency 20] [--items 500] [--verifications 20000]
 */
import { generateKeyPairSync, sign, verify, createPublicKey } from 'crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import http from 'http';
import { cpus, tmpdir } from 'os';
import { join } from 'path';

import { KICK_EVENTS } from '../nodes/shared/kick';
import { verifyKickSignature } from '../nodes/KickTrigger/signature';
import { SEED } from '../test/fake-kick/server';
import type { FakeKick } from '../test/fake-kick/server';
import type { SignedDelivery } from '../test/fake-kick/events';
import { testCertificates, writeCaBundle } from '../test/fake-kick/certs';
import { N8nApi, waitFor } from '../test/e2e/n8n-api';
import type { WorkflowDefinition } from '../test/e2e/n8n-api';
import { N8nProcess } from '../test/e2e/n8n-process';
import { type CredentialRef, kickTriggerWorkflow, webhookToKick } from '../test/e2e/workflows';
import { startKickForTest } from '../test/support/kick-network';

interface Options {
	deliveries: number;
	concurrency: number;
	items: number;
	verifications: number;
	port: number;
}

function parseOptions(argv: string[]): Options {
	const value = (name: string, fallback: number) => {
		const index = argv.indexOf(`--${name}`);
		const parsed =
			index >= 0
				? Number(argv[index + 1])
				: Number(process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
		if (!Number.isFinite(parsed) || parsed <= 0)
			throw new Error(`--${name} must be a positive number`);
		return parsed;
	};
	return {
		deliveries: value('deliveries', 2000),
		concurrency: value('concurrency', 20),
		items: value('items', 500),
		verifications: value('verifications', 20000),
		port: value('port', 5695),
	};
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function rssMiB(pid: number | undefined): number {
	if (!pid) return NaN;
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
	return round(kib / 1024, 1);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent,
				headers: {
					...headers,
					'Content-Type': 'application/json',
					'Content-Length': String(Buffer.byteLength(body)),
				},
			},
			(response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode ?? 0));
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

interface LoadResult {
	deliveries: number;
	concurrency: number;
	seconds: number;
	perSecond: number;
	p50: number;
	p95: number;
	p99: number;
	non2xx: number;
}

/** Sends every delivery to `url` with `concurrency` requests in flight; times each one. */
async function load(
	url: string,
	deliveries: SignedDelivery[],
	concurrency: number,
): Promise<LoadResult> {
	const latencies: number[] = [];
	let next = 0;
	let non2xx = 0;
	const started = process.hrtime.bigint();
	const worker = async () => {
		while (next < deliveries.length) {
			const delivery = deliveries[next++];
			const sent = process.hrtime.bigint();
			const status = await post(url, delivery.body, delivery.headers);
			latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
			if (status < 200 || status >= 300) non2xx++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	latencies.sort((a, b) => a - b);
	return {
		deliveries: deliveries.length,
		concurrency,
		seconds: round(seconds),
		perSecond: round(deliveries.length / seconds, 1),
		p50: round(percentile(latencies, 50)),
		p95: round(percentile(latencies, 95)),
		p99: round(percentile(latencies, 99)),
		non2xx,
	};
}

/** Two halves of one load as one: throughput over their total time, the slower percentiles. */
function combine(runs: LoadResult[]): LoadResult {
	const deliveries = runs.reduce((sum, run) => sum + run.deliveries, 0);
	const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
	const worst = (key: 'p50' | 'p95' | 'p99') => Math.max(...runs.map((run) => run[key]));
	return {
		deliveries,
		concurrency: runs[0].concurrency,
		seconds: round(seconds),
		perSecond: round(deliveries / seconds, 1),
		p50: worst('p50'),
		p95: worst('p95'),
		p99: worst('p99'),
		non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
	};
}

/** n8n's Webhook node; with `headerAuth` it carries a credential, as the Kick Trigger does. */
function plainWebhookWorkflow(path: string, headerAuth?: CredentialRef): WorkflowDefinition {
	return {
		name: `Bench webhook ${path}`,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: path,
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'onReceived',
					options: {},
					...(headerAuth ? { authentication: 'headerAuth' } : {}),
				},
				...(headerAuth ? { credentials: { httpHeaderAuth: headerAuth } } : {}),
			},
		],
		connections: {},
	};
}

/** Webhook → Split Out (one item per id) → `node`, answering with the last node's items. */
function perItemWorkflow(
	name: string,
	path: string,
	node: WorkflowDefinition['nodes'][number],
): WorkflowDefinition {
	return {
		name,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: path,
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.users', options: {} },
			},
			{ ...node, position: [400, 0] },
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
	};
}

async function activeWorkflow(api: N8nApi, workflow: WorkflowDefinition): Promise<string> {
	const { id } = await api.createWorkflow(workflow);
	const activation = await api.activate(id);
	if (activation.status >= 400)
		throw new Error(`activating "${workflow.name}" failed: ${JSON.stringify(activation.data)}`);
	return id;
}

async function waitForWebhook(url: string): Promise<void> {
	await waitFor(`webhook ${url}`, async () =>
		(await post(url, '{}', {})) === 404 ? undefined : true,
	);
}

/** ms per item of one node, from n8n's own execution record. */
async function nodeMsPerItem(
	api: N8nApi,
	url: string,
	workflowId: string,
	nodeName: string,
	items: number,
): Promise<number> {
	const users = Array.from({ length: items }, (_, index) => ({
		id: SEED.viewers[index % SEED.viewers.length],
	}));
	const status = await post(url, JSON.stringify({ users }), {});
	if (status !== 200) throw new Error(`${nodeName} workflow answered ${status}`);
	const execution = await waitFor('execution', async () => (await api.executions(workflowId))[0]);
	const { runData } = await api.execution(execution.id);
	const run = (
		runData[nodeName] as unknown as Array<{ executionTime: number; data?: { main?: unknown[][] } }>
	)[0];
	const produced = run.data?.main?.[0]?.length ?? 0;
	if (produced !== items)
		throw new Error(`${nodeName} produced ${produced} items, expected ${items}`);
	return run.executionTime / items;
}

function signatureBenchmark(verifications: number): {
	kickVerifyMicros: number;
	rawVerifyMicros: number;
	pemParseEachMicros: number;
} {
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const body = Buffer.from(
		JSON.stringify({
			message_id: 'm',
			content: 'Hello [emote:4148074:HYPERCLAP]',
			broadcaster: { user_id: 1001 },
			sender: { user_id: 2001 },
			emotes: [],
			created_at: '2025-01-14T16:08:06Z',
		}),
	);
	const messageId = '01JGFJJZ010000000000000001';
	const timestamp = new Date().toISOString();
	const signature = sign(
		'sha256',
		Buffer.concat([Buffer.from(`${messageId}.${timestamp}.`), body]),
		privateKey,
	).toString('base64');
	const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
	const message = { messageId, timestamp, rawBody: body, signature };
	const time = (iterations: number, run: () => boolean) => {
		for (let i = 0; i < 200; i++) run();
		const started = process.hrtime.bigint();
		for (let i = 0; i < iterations; i++) if (!run()) throw new Error('verification failed');
		return round(Number(process.hrtime.bigint() - started) / 1e3 / iterations, 1);
	};
	const signed = Buffer.concat([Buffer.from(`${messageId}.${timestamp}.`), body]);
	const rawSignature = Buffer.from(signature, 'base64');
	return {
		kickVerifyMicros: time(verifications, () => verifyKickSignature(publicKey, message)),
		rawVerifyMicros: time(verifications, () => verify('sha256', signed, publicKey, rawSignature)),
		pemParseEachMicros: time(Math.ceil(verifications / 10), () =>
			verify('sha256', signed, createPublicKey(pem), rawSignature),
		),
	};
}

function countRequests(fake: FakeKick, method: string, path: string, from: number): number {
	return fake.requests
		.slice(from)
		.filter((request) => request.method === method && request.path === path).length;
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const machine = {
		cores: cpus().length,
		cpu: cpus()[0]?.model,
		node: process.version,
		platform: `${process.platform}-${process.arch}`,
	};
	console.log(`machine: ${JSON.stringify(machine)}`);
	console.log(`parameters: ${JSON.stringify(options)}`);

	const signature = signatureBenchmark(options.verifications);

	const fake = await startKickForTest();
	const folder = mkdtempSync(join(tmpdir(), 'kick-bench-n8n-'));
	N8nProcess.installPackage(folder);
	const n8n = new N8nProcess({
		userFolder: folder,
		port: options.port,
		kickAddress: fake.address.host,
		caBundle: writeCaBundle(join(folder, 'ca.pem')),
		logFile: join(folder, 'n8n.log'),
	});
	const results: Record<string, unknown> = {
		date: new Date().toISOString(),
		machine,
		parameters: options,
		n8n: '2.41.0',
		signature,
	};
	try {
		await n8n.start();
		const api = new N8nApi(n8n.baseUrl);
		await api.signIn();
		const created = await api.createCredential('Kick bench', 'kickOAuth2Api', {
			clientId: fake.client.clientId,
			clientSecret: fake.client.clientSecret,
		});
		await api.connectOAuth2(created.id, testCertificates().caPem);
		const credential: CredentialRef = { id: created.id, name: created.name };

		// Request counts, exact, from the fake's log.
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
						.concat(Array.from({ length: 65 }, (_, i) => `01JGFJJZ9${String(i).padStart(17, '0')}`))
						.join(','),
				},
				'POST',
				'/public/v1/channels/rewards/redemptions/accept',
			],
		] as const) {
			mark = fake.requests.length;
			const path2 = `bench-${name.toLowerCase()}`;
			const id = await activeWorkflow(
				api,
				webhookToKick(`Bench ${name}`, path2, parameters, credential),
			);
			await waitForWebhook(`${n8n.baseUrl}/webhook/${path2}`);
			counts[name] = countRequests(fake, method, path, mark);
			await api.deactivate(id);
		}

		// Node per-item cost: Kick node vs HTTP Request node, same call, same credential.
		const kickPath = 'bench-kick-items';
		const kickId = await activeWorkflow(
			api,
			perItemWorkflow('Bench Kick items', kickPath, {
				name: 'Kick',
				type: 'n8n-nodes-kick.kick',
				typeVersion: 1,
				position: [0, 0],
				parameters: { resource: 'user', operation: 'getMany', userIds: '={{ $json.id }}' },
				credentials: { kickOAuth2Api: credential },
			}),
		);
		const httpPath = 'bench-http-items';
		const httpId = await activeWorkflow(
			api,
			perItemWorkflow('Bench HTTP items', httpPath, {
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [0, 0],
				parameters: {
					method: 'GET',
					url: 'https://api.kick.com/public/v1/users',
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'kickOAuth2Api',
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'id', value: '={{ $json.id }}' }] },
					options: {},
				},
				credentials: { kickOAuth2Api: credential },
			}),
		);
		await waitForWebhook(`${n8n.baseUrl}/webhook/${kickPath}`);
		await waitForWebhook(`${n8n.baseUrl}/webhook/${httpPath}`);
		// Warm both paths once, then measure.
		await nodeMsPerItem(api, `${n8n.baseUrl}/webhook/${kickPath}`, kickId, 'Kick', 5).catch(
			() => undefined,
		);
		const kickMs = await nodeMsPerItem(
			api,
			`${n8n.baseUrl}/webhook/${kickPath}`,
			kickId,
			'Kick',
			options.items,
		);
		const httpMs = await nodeMsPerItem(
			api,
			`${n8n.baseUrl}/webhook/${httpPath}`,
			httpId,
			'HTTP Request',
			options.items,
		);
		results.perItem = {
			items: options.items,
			kickMsPerItem: round(kickMs, 3),
			httpRequestMsPerItem: round(httpMs, 3),
			ratio: round(kickMs / httpMs),
		};

		// Trigger throughput: the same signed bodies to a Kick Trigger and to a plain Webhook node.
		const trigger = kickTriggerWorkflow(
			'Bench trigger',
			{ events: ['chat.message.sent'] },
			credential,
		);
		await activeWorkflow(api, trigger.workflow);
		await activeWorkflow(api, plainWebhookWorkflow('bench-plain'));
		const triggerUrl = `${n8n.baseUrl}/webhook/${trigger.webhookId}/kick`;
		const plainUrl = `${n8n.baseUrl}/webhook/bench-plain`;
		await waitForWebhook(plainUrl);
		const headerAuth = await api.createCredential('Bench header auth', 'httpHeaderAuth', {
			name: 'X-Bench-Secret',
			value: 'bench-secret',
		});
		await activeWorkflow(
			api,
			plainWebhookWorkflow('bench-credentialed', { id: headerAuth.id, name: headerAuth.name }),
		);
		const credentialedUrl = `${n8n.baseUrl}/webhook/bench-credentialed`;
		const withSecret = (deliveries: SignedDelivery[]) =>
			deliveries.map((delivery) => ({
				...delivery,
				headers: { ...delivery.headers, 'X-Bench-Secret': 'bench-secret' },
			}));
		await waitForWebhook(credentialedUrl);
		await waitFor('trigger webhook', async () =>
			(await fake.deliverEvent(triggerUrl, { type: 'chat.message.sent' })).result.status === 404
				? undefined
				: true,
		);
		const signBatch = (count: number) =>
			Array.from({ length: count }, () =>
				fake.signDelivery({
					type: 'chat.message.sent',
					payload: fake.samplePayload('chat.message.sent'),
				}),
			);
		// Warm both paths, then alternate them so neither gets the quieter moment of the run.
		const warmUp = signBatch(Math.min(100, Math.ceil(options.deliveries / 10)));
		await load(triggerUrl, warmUp, options.concurrency);
		await load(plainUrl, warmUp, options.concurrency);
		await load(credentialedUrl, withSecret(warmUp), options.concurrency);
		const rssBefore = rssMiB(n8n.pid);
		mark = fake.requests.length;
		const half = Math.ceil(options.deliveries / 2);
		const kickRuns: LoadResult[] = [];
		const plainRuns: LoadResult[] = [];
		const credentialedRuns: LoadResult[] = [];
		for (let round = 0; round < 2; round++) {
			const deliveries = signBatch(half);
			kickRuns.push(await load(triggerUrl, deliveries, options.concurrency));
			plainRuns.push(await load(plainUrl, deliveries, options.concurrency));
			credentialedRuns.push(
				await load(credentialedUrl, withSecret(deliveries), options.concurrency),
			);
		}
		counts.publicKeyFetchesDuringLoad = countRequests(fake, 'GET', '/public/v1/public-key', mark);
		const rssAfter = rssMiB(n8n.pid);
		const kickLoad = combine(kickRuns);
		const plainLoad = combine(plainRuns);
		const credentialedLoad = combine(credentialedRuns);
		results.trigger = {
			kick: kickLoad,
			plainWebhook: plainLoad,
			webhookWithCredential: credentialedLoad,
			ratio: round(kickLoad.perSecond / plainLoad.perSecond),
			ratioToWebhookWithCredential: round(kickLoad.perSecond / credentialedLoad.perSecond),
		};
		results.memory = {
			rssBeforeMiB: rssBefore,
			rssAfterMiB: rssAfter,
			growthMiB: round(rssAfter - rssBefore, 1),
		};
		results.requestCounts = counts;
		results.violations = fake.violations.length;
	} finally {
		await n8n.stop();
		await fake.stop();
		agent.destroy();
	}
	report(results);
	writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	console.log(`written: bench/results.json (n8n log: ${join(folder, 'n8n.log')})`);
}

function report(results: Record<string, unknown>): void {
	const r = results as {
		trigger?: {
			kick: LoadResult;
			plainWebhook: LoadResult;
			webhookWithCredential: LoadResult;
			ratio: number;
			ratioToWebhookWithCredential: number;
		};
		perItem?: { items: number; kickMsPerItem: number; httpRequestMsPerItem: number; ratio: number };
		requestCounts?: Record<string, number>;
		signature: { kickVerifyMicros: number; rawVerifyMicros: number; pemParseEachMicros: number };
		memory?: { rssBeforeMiB: number; rssAfterMiB: number; growthMiB: number };
	};
	const rows: Array<[string, string]> = [];
	if (r.trigger) {
		const { kick, plainWebhook } = r.trigger;
		rows.push([
			'Kick Trigger deliveries/s (p50/p95/p99 ms)',
			`${kick.perSecond} (${kick.p50}/${kick.p95}/${kick.p99}), non-2xx ${kick.non2xx}`,
		]);
		rows.push([
			'Plain Webhook deliveries/s (p50/p95/p99 ms)',
			`${plainWebhook.perSecond} (${plainWebhook.p50}/${plainWebhook.p95}/${plainWebhook.p99}), non-2xx ${plainWebhook.non2xx}`,
		]);
		const credentialed = r.trigger.webhookWithCredential;
		rows.push([
			'Webhook + Header Auth credential deliveries/s (p50/p95/p99 ms)',
			`${credentialed.perSecond} (${credentialed.p50}/${credentialed.p95}/${credentialed.p99}), non-2xx ${credentialed.non2xx}`,
		]);
		rows.push(['Throughput ratio Kick/Webhook (goal >= 0.9)', String(r.trigger.ratio)]);
		rows.push([
			'Throughput ratio Kick/Webhook with a credential',
			String(r.trigger.ratioToWebhookWithCredential),
		]);
	}
	if (r.perItem) {
		rows.push([
			`Kick user.getMany ms/item (${r.perItem.items} items)`,
			String(r.perItem.kickMsPerItem),
		]);
		rows.push(['HTTP Request ms/item, same call', String(r.perItem.httpRequestMsPerItem)]);
		rows.push(['Per-item ratio Kick/HTTP (goal <= 1.1)', String(r.perItem.ratio)]);
	}
	for (const [name, count] of Object.entries(r.requestCounts ?? {}))
		rows.push([`requests: ${name}`, String(count)]);
	rows.push([
		'signature verify µs (Kick verify / raw crypto.verify / PEM parsed each time)',
		`${r.signature.kickVerifyMicros} / ${r.signature.rawVerifyMicros} / ${r.signature.pemParseEachMicros}`,
	]);
	if (r.memory)
		rows.push([
			'n8n RSS MiB before → after trigger load',
			`${r.memory.rssBeforeMiB} → ${r.memory.rssAfterMiB} (${r.memory.growthMiB >= 0 ? '+' : ''}${r.memory.growthMiB})`,
		]);
	const width = Math.max(...rows.map(([name]) => name.length));
	for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}

main().catch((error: Error) => {
	console.error(`bench failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
