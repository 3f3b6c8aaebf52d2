/**
 * Runs the Kick Trigger the way n8n's server does, through n8n-core's own contexts:
 * activation/deactivation through `HookContext` (checkExists → create, delete) and each delivery
 * through `WebhookContext` with an express-like request (lower-cased headers, parsed `body`, the
 * raw bytes in `rawBody`) and a response stub, answering as n8n's webhook helper would.
 */
import { randomUUID } from 'crypto';
import { EventEmitter } from 'events';

import {
	ExecutionLifecycleHooks,
	HookContext,
	TriggerContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';
import { REMOVAL_GRACE_MS } from '../../nodes/KickTrigger/removal';
import type { FakeKick } from '../fake-kick/server';
import type { OAuthClient } from '../fake-kick/state';
import { deduplicationStore } from '../support/deduplication';
import type { TestCredentialsHelper } from '../support/engine';
import {
	createAdditionalData,
	CREDENTIAL_ID,
	CREDENTIAL_NAME,
	kickCredentialData,
	newCredentials,
	TestNodeTypes,
} from '../support/engine';
import { startKickForTest } from '../support/kick-network';

export const TRIGGER_NODE_NAME = 'Kick Trigger';

/** Every timer but setTimeout stays real while a removal's grace is made to pass. */
const REAL_TIMERS: Array<
	| 'Date'
	| 'hrtime'
	| 'nextTick'
	| 'performance'
	| 'queueMicrotask'
	| 'setImmediate'
	| 'clearImmediate'
	| 'setInterval'
	| 'clearInterval'
> = [
	'Date',
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
];

/** The line a trigger's removal ends with, whatever happened. */
const REMOVAL_OUTCOME =
	/deleted its Kick subscriptions|had no Kick subscriptions of its own|could not delete its Kick event subscriptions|could not remove its Kick subscriptions/;

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** What Kick's delivery looked like on the wire: headers as sent (any case) and the body bytes. */
export interface WireDelivery {
	headers: Record<string, string>;
	body: string | Buffer;
}

export interface DeliverOptions {
	/** Default application/json (what Kick sends); n8n parses the body only for types it knows. */
	contentType?: string;
	/**
	 * Leave `rawBody` unset and offer it through `readRawBody()` only. Unset: as n8n 2.41 does
	 * for the trigger's version (see `n8nReadsRawBody`).
	 */
	rawBodyOnRequest?: boolean;
	/**
	 * n8n fails to start the execution the node asked for (queue down, database locked): it
	 * answers Kick 500 instead of 200, and nothing runs.
	 */
	executionStartFails?: boolean;
}

const triggerDescription = new KickTrigger().description;
/** The Kick Trigger's versions (same parameters and behaviour; n8n treats version 1 start nodes apart). */
export const TRIGGER_VERSIONS = [triggerDescription.version].flat();
/** The version n8n gives a Kick Trigger added now. */
export const LATEST_TRIGGER_VERSION =
	triggerDescription.defaultVersion ?? Math.max(...TRIGGER_VERSIONS);

/**
 * Whether n8n 2.41 reads the raw body before the node runs (webhook-helpers parseRequestBody):
 * always for a version 1 start node; from version 2 on only for the types it parses (JSON, text,
 * form, XML), the node calling `readRawBody()` for the others.
 */
export function n8nReadsRawBody(typeVersion: number, contentType: string): boolean {
	if (contentType.startsWith('multipart/')) return false;
	if (typeVersion === 1) return true;
	return (
		contentType.startsWith('application/json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('application/x-www-form-urlencoded') ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

export interface DeliveryOutcome {
	/** The HTTP status Kick would get. */
	status: number;
	/** The response body Kick would get. */
	response: unknown;
	/** Items handed to the workflow; [] when no execution started. */
	items: IDataObject[];
	/** Whether n8n would start an execution. */
	started: boolean;
	/** Lines the node logged at warn level during this delivery. */
	warnings: string[];
}

/** n8n's HTTP response as the node sees it: express-like, and an emitter of 'close' once answered. */
class ResponseStub extends EventEmitter {
	statusCode = 200;
	body: unknown;
	headersSent = false;
	writableFinished = false;
	readonly headers: Record<string, string> = {};

	/** What n8n's webhook helper does last: the answer reaches Kick, the response closes. */
	finish(status: number): void {
		this.statusCode = status;
		this.headersSent = true;
		this.writableFinished = true;
		this.emit('close');
	}

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		return this.send(body);
	}

	send(body?: unknown): this {
		this.body = body;
		this.headersSent = true;
		return this;
	}

	end(): this {
		this.headersSent = true;
		return this;
	}

	setHeader(name: string, value: string): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}
}

function requestFor(
	delivery: WireDelivery,
	path: string,
	options: DeliverOptions,
	typeVersion: number,
): IDataObject {
	const rawBody = Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body);
	const contentType = options.contentType ?? 'application/json';
	const rawBodyOnRequest = options.rawBodyOnRequest ?? !n8nReadsRawBody(typeVersion, contentType);
	const headers: Record<string, string> = {
		'content-type': contentType,
		'content-length': String(rawBody.length),
		host: 'n8n.example.com',
	};
	for (const [name, value] of Object.entries(delivery.headers)) headers[name.toLowerCase()] = value;
	// n8n's body parser: JSON for application/json, the text for text/plain, else nothing.
	let body: IDataObject | string = {};
	if (contentType === 'application/json' && rawBody.length)
		body = JSON.parse(rawBody.toString('utf8')) as IDataObject;
	else if (contentType === 'text/plain' && rawBody.length) body = rawBody.toString('utf8');
	const request: IDataObject = {
		method: 'POST',
		url: `/webhook/${path}`,
		path: `/webhook/${path}`,
		headers,
		body,
		query: {},
		params: {},
		contentType,
	};
	if (rawBodyOnRequest) {
		request.readRawBody = async () => {
			request.rawBody = rawBody;
		};
	} else {
		request.rawBody = rawBody;
		request.readRawBody = async () => undefined;
	}
	return request;
}

/** The answer n8n's webhook helper sends for the node's result (responseMode onReceived). */
function outcomeOf(
	result: IWebhookResponseData,
	response: ResponseStub,
	warnings: string[],
): DeliveryOutcome {
	const items = (result.workflowData?.[0] ?? []).map((item: INodeExecutionData) => item.json);
	if (result.noWebhookResponse)
		return {
			status: response.statusCode,
			response: response.body,
			items,
			started: false,
			warnings,
		};
	if (result.workflowData === undefined) {
		return {
			status: 200,
			response: result.webhookResponse ?? { message: 'Webhook call received' },
			items: [],
			started: false,
			warnings,
		};
	}
	return {
		status: 200,
		response: { message: 'Workflow was started' },
		items,
		started: true,
		warnings,
	};
}

/** The test node types, with this harness's trigger class (which may come from another copy of the package). */
class HarnessNodeTypes implements INodeTypes {
	private readonly others = new TestNodeTypes();

	constructor(private readonly trigger: INodeType) {}

	getByName(type: string): INodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		return type === 'n8n-nodes-kick.kickTrigger'
			? this.trigger
			: this.others.getByNameAndVersion(type);
	}

	getKnownTypes() {
		return {};
	}
}

export interface TriggerHarnessOptions {
	parameters: IDataObject;
	credentials: TestCredentialsHelper;
	/** Static data to start from (as n8n loads it from its database). */
	staticData?: IDataObject;
	workflowId?: string;
	/** The node's identity, to run the same trigger again (as n8n does on every request). */
	node?: Pick<INode, 'id' | 'webhookId'>;
	/** The node class, e.g. from a separately loaded copy of the package (another n8n process). */
	nodeType?: KickTrigger;
	/** n8n's public base URL (WEBHOOK_URL); default a public HTTPS address, as Kick needs. */
	publicBaseUrl?: string;
	/** The node's typeVersion as saved in the workflow; default the version n8n gives new nodes. */
	typeVersion?: number;
}

/** What WEBHOOK_URL gives n8n behind a reverse proxy: a public HTTPS address. */
export const PUBLIC_BASE_URL = 'https://n8n.example.com/';

/** The trigger's periodic check as n8n's scheduler holds it (trigger() registered it). */
export interface RunningTrigger {
	/** The cron expression the trigger registered. */
	expression: string;
	/** Runs one check, as n8n's scheduler would when the cron fires. */
	tick(): Promise<void>;
	/** What n8n calls when the workflow is deactivated. */
	close(): Promise<void>;
}

/** Harnesses a test activated and did not deactivate (those of beforeAll hooks stay active). */
const activeHarnesses = new Set<TriggerHarness>();
let insideTest = false;

/** One trigger node in one workflow; its static data survives across calls, as in n8n's database. */
export class TriggerHarness {
	readonly node: INode;
	readonly workflow: Workflow;
	readonly nodeType: KickTrigger;
	private readonly additionalData: IWorkflowExecuteAdditionalData;

	constructor(options: TriggerHarnessOptions) {
		this.nodeType = options.nodeType ?? new KickTrigger();
		this.node = {
			id: options.node?.id ?? randomUUID(),
			name: TRIGGER_NODE_NAME,
			type: 'n8n-nodes-kick.kickTrigger',
			typeVersion: options.typeVersion ?? LATEST_TRIGGER_VERSION,
			position: [0, 0],
			webhookId: options.node?.webhookId ?? randomUUID(),
			parameters: options.parameters as INode['parameters'],
			credentials: { kickOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
		};
		this.workflow = new Workflow({
			id: options.workflowId ?? randomUUID(),
			name: 'Kick Trigger test',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new HarnessNodeTypes(this.nodeType),
			staticData: options.staticData ?? {},
			settings: { executionOrder: 'v1' },
		});
		const base = (options.publicBaseUrl ?? PUBLIC_BASE_URL).replace(/\/$/, '');
		this.additionalData = {
			...createAdditionalData(options.credentials),
			webhookBaseUrl: `${base}/webhook`,
			webhookTestBaseUrl: `${base}/webhook-test`,
		};
	}

	/** Whether anything changed the workflow's static data (n8n saves it only then). */
	get staticDataChanged(): boolean {
		return (this.workflow.staticData as IDataObject).__dataChanged === true;
	}

	/** The workflow's whole static data as n8n saves it. */
	get workflowStaticData(): IDataObject {
		const data = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
		delete data.__dataChanged;
		return data;
	}

	/** The node's static data as n8n would save it. */
	get staticData(): IDataObject {
		return JSON.parse(
			JSON.stringify(this.workflow.getStaticData('node', this.node)),
		) as IDataObject;
	}

	private webhookData(): IWebhookData {
		const description = this.nodeType.description.webhooks?.[0] as IWebhookDescription;
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/${String(description.path)}`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: this.additionalData,
			webhookId: this.node.webhookId,
		};
	}

	private hook(mode: WorkflowExecuteMode, activation: WorkflowActivateMode): HookContext {
		return new HookContext(
			this.workflow,
			this.node,
			this.additionalData,
			mode,
			activation,
			this.webhookData(),
		);
	}

	/** n8n's logger, as the node's contexts see it (spy on it to read log lines). */
	get logger(): HookContext['logger'] {
		return this.hook('internal', 'update').logger;
	}

	async checkExists(activation: WorkflowActivateMode = 'activate'): Promise<boolean> {
		const mode = activation === 'manual' ? 'manual' : 'trigger';
		return await this.nodeType.webhookMethods.default.checkExists.call(this.hook(mode, activation));
	}

	async create(activation: WorkflowActivateMode = 'activate'): Promise<boolean> {
		const mode = activation === 'manual' ? 'manual' : 'trigger';
		if (activation !== 'manual' && insideTest) activeHarnesses.add(this);
		return await this.nodeType.webhookMethods.default.create.call(this.hook(mode, activation));
	}

	/**
	 * n8n's trigger phase: runs the node's trigger() through n8n-core's TriggerContext, with a
	 * scheduler that keeps the registered cron for the test to fire.
	 */
	async startTrigger(activation: WorkflowActivateMode = 'activate'): Promise<RunningTrigger> {
		const crons: Array<{ expression: string; onTick: (at: Date) => unknown }> = [];
		const context = new TriggerContext(
			this.workflow,
			this.node,
			this.additionalData,
			activation === 'manual' ? 'manual' : 'trigger',
			activation,
			() => {
				throw new Error('the Kick Trigger must not emit from trigger()');
			},
			(error: Error) => {
				throw error;
			},
			() => undefined,
			{
				registerCron: ({ expression }, onTick) => {
					crons.push({ expression, onTick });
				},
			},
		);
		const response = await this.nodeType.trigger.call(context);
		const cron = crons[0];
		if (!cron) throw new Error('trigger() registered no periodic check');
		return {
			expression: cron.expression,
			tick: async () => {
				await cron.onTick(new Date());
			},
			close: async () => {
				await response.closeFunction?.();
			},
		};
	}

	/** n8n's WebhookService.createWebhookIfNotExists: checkExists, then create when false. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<{ created: boolean }> {
		if (activation !== 'manual' && insideTest) activeHarnesses.add(this);
		if (await this.checkExists(activation)) return { created: false };
		await this.create(activation);
		return { created: true };
	}

	/** n8n deactivates with mode 'internal' and activation 'update' (test sessions too). */
	private async remove(): Promise<boolean> {
		activeHarnesses.delete(this);
		return await this.nodeType.webhookMethods.default.delete.call(this.hook('internal', 'update'));
	}

	/**
	 * A deactivation: n8n removes the trigger and nothing adds it back, so once the trigger's
	 * removal grace (removal.ts) has passed its removal runs. Only that one timer is made to pass
	 * at once; the removal itself runs on real time, and this returns once it logged its outcome.
	 */
	async deactivate(): Promise<boolean> {
		const outcomes: string[] = [];
		// Wrapped by hand, not spied on: a test may be spying on the same logger around this call.
		const logger = this.logger;
		const wrapped = (['info', 'warn'] as const).map((level) => {
			const previous = logger[level];
			logger[level] = (...args: Parameters<typeof previous>) => {
				if (REMOVAL_OUTCOME.test(args[0])) outcomes.push(args[0]);
				previous.apply(logger, args);
			};
			return () => {
				logger[level] = previous;
			};
		});
		jest.useFakeTimers({ doNotFake: REAL_TIMERS });
		try {
			let removed: boolean;
			try {
				removed = await this.remove();
				jest.advanceTimersByTime(REMOVAL_GRACE_MS);
			} finally {
				jest.useRealTimers();
			}
			await until(() => outcomes.length > 0, 10_000);
			return removed;
		} finally {
			for (const restore of wrapped) restore();
		}
	}

	/** What n8n 2.41 does when an active trigger's parameters change: remove it, add it again at once. */
	async republish(parameters: IDataObject): Promise<{ created: boolean }> {
		await this.remove();
		this.node.parameters = parameters as INode['parameters'];
		return await this.activate('update');
	}

	async deliver(delivery: WireDelivery, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
		const webhookData = this.webhookData();
		const response = new ResponseStub();
		const additionalData = {
			...this.additionalData,
			httpRequest: requestFor(delivery, webhookData.path, options, this.node.typeVersion),
			httpResponse: response,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const warnings: string[] = [];
		const warn = jest.spyOn(context.logger, 'warn').mockImplementation((message: string) => {
			warnings.push(message);
		});
		try {
			const result = await this.nodeType.webhook.call(context);
			let outcome = outcomeOf(result, response, warnings);
			if (outcome.started && options.executionStartFails) {
				outcome = {
					...outcome,
					status: 500,
					response: { message: 'Error in workflow' },
					items: [],
					started: false,
				};
			}
			response.finish(outcome.status);
			return outcome;
		} finally {
			warn.mockRestore();
		}
	}
}

/**
 * Runs the execution a delivery started, as n8n does (a worker in queue mode): WorkflowExecute
 * with the trigger on the stack holding the webhook's items. Answers the trigger's output.
 */
export async function runDeliveryExecution(
	harness: TriggerHarness,
	items: IDataObject[],
	mode: WorkflowExecuteMode = 'webhook',
): Promise<IDataObject[]> {
	await deduplicationStore();
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: harness.node, data: { main: [items.map((json) => ({ json }))] }, source: null },
			],
		},
	});
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', harness.workflow as never);
	const additionalData = createAdditionalData(newCredentials({}), hooks);
	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(harness.workflow);
	const triggerRuns = run.data.resultData.runData[TRIGGER_NODE_NAME] ?? [];
	const error = run.data.resultData.error;
	if (error) throw error;
	return (triggerRuns[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** The Kick Trigger module graph as another n8n process (or a restarted one) loads it. */
export interface PackageCopy {
	nodeType: KickTrigger;
	/** That copy's public-key cache (every copy keeps its own). */
	publicKeys: typeof import('../../nodes/KickTrigger/signature').kickPublicKeys;
}

/** A separately loaded copy of the package: its own memory, clock, key cache and records. */
export function freshPackage(): PackageCopy {
	let copy: PackageCopy | undefined;
	jest.isolateModules(() => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const node = require('../../nodes/KickTrigger/KickTrigger.node') as {
			KickTrigger: new () => KickTrigger;
		};
		const signature =
			require('../../nodes/KickTrigger/signature') as typeof import('../../nodes/KickTrigger/signature');
		/* eslint-enable @typescript-eslint/no-require-imports */
		copy = { nodeType: new node.KickTrigger(), publicKeys: signature.kickPublicKeys };
	});
	return copy as PackageCopy;
}

export const USER_TOKEN_SCOPES = ['events:subscribe', 'user:read', 'channel:read'];

/** A second Kick app, for a trigger that must not share the first app's one Webhook URL. */
export const SECOND_APP: OAuthClient = {
	clientId: 'kick-second-app',
	clientSecret: 'kick-second-app-secret',
};

/** A user access token's credential (the streamer's own channel), of the default app or `app`. */
export function userTokenCredentials(
	fake: FakeKick,
	scopes: string[] = USER_TOKEN_SCOPES,
	app?: OAuthClient,
): TestCredentialsHelper {
	if (app) fake.registerClient(app);
	const { accessToken, refreshToken } = fake.issueUserToken({ scopes, clientId: app?.clientId });
	return newCredentials(
		kickCredentialData({
			accessToken,
			refreshToken,
			scope: scopes.join(' '),
			clientId: app?.clientId,
			clientSecret: app?.clientSecret,
		}),
	);
}

/** An app access token's credential (client credentials), of the default app or `app`. */
export function appTokenCredentials(fake: FakeKick, app?: OAuthClient): TestCredentialsHelper {
	if (app) fake.registerClient(app);
	const { accessToken } = fake.issueAppToken({ clientId: app?.clientId });
	return newCredentials(
		kickCredentialData({
			grantType: 'clientCredentials',
			accessToken,
			clientId: app?.clientId,
			clientSecret: app?.clientSecret,
		}),
	);
}

/** The requests the node sent to one Kick path. */
export function callsTo(
	fake: FakeKick,
	path: string,
): Array<{ method: string; query: Record<string, string[]>; body: unknown; status: number }> {
	return fake.requests
		.filter((request) => request.path === path)
		.map(({ method, query, body, status }) => ({ method, query, body, status }));
}

/**
 * One fake Kick for the test file: started before the first test, stopped after the last,
 * reset to its seeded state before each test unless `reset` is false. Call the result for it.
 */
export function useFakeKick(options: { reset?: boolean } = {}): () => FakeKick {
	let fake: FakeKick | undefined;
	beforeAll(async () => {
		fake = await startKickForTest();
	});
	afterAll(async () => {
		await fake?.stop();
	});
	if (options.reset !== false) beforeEach(() => fake?.reset());
	beforeEach(() => {
		insideTest = true;
	});
	// Workflows a test left active are deactivated, so the next test's triggers may use the app.
	afterEach(async () => {
		insideTest = false;
		for (const harness of [...activeHarnesses]) await harness.deactivate().catch(() => false);
	});
	return () => {
		if (!fake) throw new Error('the fake Kick is not running (use it inside tests or hooks)');
		return fake;
	};
}
