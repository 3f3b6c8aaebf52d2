/**
 * CPU profiles of n8n's main thread, one per workload, taken through the V8 inspector of the n8n
 * process (started with --inspect; the same sampling profiler as `node --cpu-prof`, but it can
 * start and stop around one workload), and their summary in ms per delivery.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';

import { round } from './load';

export interface CpuProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

export interface CpuProfile {
	nodes: CpuProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
export class Inspector {
	private nextId = 1;
	private readonly pending = new Map<
		number,
		{ resolve: (value: unknown) => void; reject: (error: Error) => void }
	>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as {
				id?: number;
				result?: unknown;
				error?: { message: string };
			};
			const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
			if (!waiter || message.id === undefined) return;
			this.pending.delete(message.id);
			if (message.error) waiter.reject(new Error(message.error.message));
			else waiter.resolve(message.result);
		});
	}

	static async connect(port: number): Promise<Inspector> {
		const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
			webSocketDebuggerUrl: string;
		}>;
		const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error('inspector connection failed')), {
				once: true,
			});
		});
		return new Inspector(socket);
	}

	async send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.nextId++;
		const result = new Promise<unknown>((resolve, reject) =>
			this.pending.set(id, { resolve, reject }),
		);
		this.socket.send(JSON.stringify({ id, method, params }));
		return (await result) as T;
	}

	close(): void {
		this.socket.close();
	}
}

/** The profiler's sampling interval, µs. */
export const SAMPLING_MICROS = 200;

export class Profiler {
	private constructor(private readonly inspector: Inspector) {}

	static async attach(port: number, samplingMicros = SAMPLING_MICROS): Promise<Profiler> {
		const inspector = await Inspector.connect(port);
		await inspector.send('Profiler.enable');
		await inspector.send('Profiler.setSamplingInterval', { interval: samplingMicros });
		return new Profiler(inspector);
	}

	async start(): Promise<void> {
		await this.inspector.send('Profiler.start');
	}

	async stop(): Promise<CpuProfile> {
		return (await this.inspector.send<{ profile: CpuProfile }>('Profiler.stop')).profile;
	}

	close(): void {
		this.inspector.close();
	}
}

const PSEUDO_FRAMES = ['(garbage collector)', '(program)', '(idle)', '(root)'];

/** Where a function's code lives, by its script URL; undefined for native code. */
function categoryOf(frame: CpuProfileNode['callFrame']): string | undefined {
	const { url, functionName } = frame;
	if (PSEUDO_FRAMES.includes(functionName)) return functionName;
	if (!url) return undefined;
	if (url.startsWith('node:')) return 'Node.js internals';
	const rules: Array<[RegExp, string]> = [
		[/node_modules\/n8n-nodes-kick\//, 'n8n-nodes-kick (this package)'],
		[/node_modules\/n8n-core\//, 'n8n-core'],
		[/node_modules\/n8n-workflow\//, 'n8n-workflow'],
		[
			/node_modules\/(@n8n\/expression-runtime|isolated-vm|@n8n\/tournament)\//,
			'expression engine',
		],
		[/node_modules\/(@n8n\/typeorm|@n8n\/db|sqlite3|pg)\//, 'database (TypeORM, sqlite)'],
		[/node_modules\/n8n-nodes-base\//, 'n8n-nodes-base'],
		[/node_modules\/n8n\/dist\//, 'n8n (cli)'],
	];
	for (const [pattern, name] of rules) if (pattern.test(url)) return name;
	const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
	return packageName ? `other: ${packageName}` : url.replace(/^.*\//, '');
}

/** n8n functions whose inclusive time explains a delivery (name, and a URL fragment to match). */
export const KEY_FUNCTIONS: Array<{ label: string; name: string; url: string }> = [
	{ label: 'LiveWebhooks.executeWebhook', name: 'executeWebhook', url: 'live-webhooks.js' },
	{ label: 'webhook-helpers executeWebhook', name: 'executeWebhook', url: 'webhook-helpers.js' },
	{ label: 'parseRequestBody', name: 'parseRequestBody', url: 'webhook-helpers.js' },
	{ label: 'WebhookService.runWebhook', name: 'runWebhook', url: 'webhook.service.js' },
	{ label: 'WorkflowRunner.run', name: 'run', url: 'workflow-runner.js' },
	{ label: 'credentials permission check', name: 'check', url: 'credentials-permission-checker' },
	{ label: 'WorkflowRunner.runMainProcess', name: 'runMainProcess', url: 'workflow-runner.js' },
	{ label: 'new Workflow()', name: 'Workflow', url: 'n8n-workflow/dist/cjs/workflow.js' },
	{ label: 'NodeHelpers.getNodeParameters', name: 'getNodeParameters', url: 'node-helpers.js' },
	{ label: 'checkReadyForExecution', name: 'checkReadyForExecution', url: 'workflow-execute.js' },
	{ label: 'WorkflowExecute.runNode', name: 'runNode', url: 'workflow-execute.js' },
	{
		label: 'getNodeParameter (n8n-core)',
		name: '_getNodeParameter',
		url: 'node_modules/n8n-core/',
	},
	{ label: 'Expression.getParameterValue', name: 'getParameterValue', url: 'expression.js' },
	{ label: 'isolate bridge: initialize', name: 'initialize', url: 'isolated-vm-bridge.js' },
	{ label: 'isolate bridge: execute', name: 'execute', url: 'isolated-vm-bridge.js' },
	{ label: 'isolate bridge: dispose', name: 'dispose', url: 'isolated-vm-bridge.js' },
	{
		label: 'httpRequestWithAuthentication',
		name: 'httpRequestWithAuthentication',
		url: 'node_modules/n8n-core/',
	},
	{ label: 'CredentialsHelper.getDecrypted', name: 'getDecrypted', url: 'credentials-helper.js' },
	{ label: 'lifecycle hooks (runHook)', name: 'runHook', url: 'node_modules/n8n-core/' },
	{ label: 'ExecutionRepository (all)', name: '', url: 'execution.repository.js' },
	{ label: 'Kick Trigger webhook()', name: 'receiveDelivery', url: 'node_modules/n8n-nodes-kick/' },
	{
		label: 'Kick Trigger execute()',
		name: 'passFirstDeliveries',
		url: 'node_modules/n8n-nodes-kick/',
	},
	{ label: 'Kick node execute()', name: 'runOperations', url: 'node_modules/n8n-nodes-kick/' },
];

const matches = (frame: CpuProfileNode['callFrame'], key: (typeof KEY_FUNCTIONS)[number]) =>
	frame.url.includes(key.url) && (key.name === '' || frame.functionName === key.name);

export interface ProfileSummary {
	deliveries: number;
	sampledMs: number;
	/** Main-thread CPU (everything but idle), ms per delivery. */
	busyMsPerDelivery: number;
	categories: Record<string, number>;
	/** Functions by self time, ms per delivery. */
	topSelf: Array<{ fn: string; ms: number }>;
	/** Inclusive main-thread time of n8n's key functions, ms per delivery. */
	keyFunctions: Record<string, number>;
}

/**
 * Self time by function and category, inclusive time of the key functions. Each sample counts
 * for the time until the next one, capped at twice the sampling interval: on a busy machine the
 * gap after a descheduled stretch is not time n8n ran.
 */
export function summarizeProfile(
	profile: CpuProfile,
	deliveries: number,
	{ top = 15, samplingMicros = SAMPLING_MICROS } = {},
): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const keysOf = new Map<number, Set<number>>();
	const keysFor = (id: number): Set<number> => {
		const known = keysOf.get(id);
		if (known) return known;
		const up = parent.get(id);
		const keys = new Set(up === undefined ? [] : keysFor(up));
		const frame = byId.get(id)?.callFrame;
		KEY_FUNCTIONS.forEach((key, index) => frame && matches(frame, key) && keys.add(index));
		keysOf.set(id, keys);
		return keys;
	};
	const selfUs = new Map<number, number>();
	const keyUs = new Array<number>(KEY_FUNCTIONS.length).fill(0);
	let totalUs = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		// timeDeltas[i] is the gap before sample i: sample i lasts until sample i + 1.
		const us = Math.min(profile.timeDeltas[i + 1] ?? 0, 2 * samplingMicros);
		const id = profile.samples[i];
		selfUs.set(id, (selfUs.get(id) ?? 0) + us);
		totalUs += us;
		for (const key of keysFor(id)) keyUs[key] += us;
	}
	const perDelivery = (us: number) => round(us / 1000 / deliveries, 3);
	// Native code (isolated-vm's synchronous calls, crypto, JSON) counts for the code that called it.
	const categoryCache = new Map<number, string>();
	const categoryFor = (id: number): string => {
		const known = categoryCache.get(id);
		if (known) return known;
		const frame = byId.get(id)?.callFrame;
		const up = parent.get(id);
		const own = frame && categoryOf(frame);
		const category = own ?? (up === undefined ? 'native' : categoryFor(up));
		categoryCache.set(id, category);
		return category;
	};
	const categories = new Map<string, number>();
	const functions = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const frame = byId.get(id)?.callFrame;
		if (!frame) continue;
		const category = categoryFor(id);
		categories.set(category, (categories.get(category) ?? 0) + us);
		const file = frame.url.replace(/^.*node_modules\//, '');
		const name = `${frame.functionName || '(anonymous)'} ${file || `(native, in ${category})`}:${frame.lineNumber + 1}`;
		functions.set(name, (functions.get(name) ?? 0) + us);
	}
	const idleUs = categories.get('(idle)') ?? 0;
	return {
		deliveries,
		sampledMs: round(totalUs / 1000, 1),
		busyMsPerDelivery: perDelivery(totalUs - idleUs),
		categories: Object.fromEntries(
			[...categories]
				.filter(([name]) => name !== '(idle)')
				.sort((a, b) => b[1] - a[1])
				.map(([name, us]) => [name, perDelivery(us)]),
		),
		topSelf: [...functions]
			.filter(([name]) => !name.startsWith('(idle)'))
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([fn, us]) => ({ fn, ms: perDelivery(us) })),
		keyFunctions: Object.fromEntries(
			KEY_FUNCTIONS.map((key, index) => [key.label, perDelivery(keyUs[index])]),
		),
	};
}

export function saveProfile(folder: string, name: string, profile: CpuProfile): string {
	const file = join(folder, `${name}.cpuprofile`);
	writeFileSync(file, JSON.stringify(profile));
	return file;
}
