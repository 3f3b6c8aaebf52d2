/**
 * Replay protection across n8n processes (queue mode): deliveries reach main or a webhook
 * process, executions run on a worker. Each "process" below is a separately loaded copy of the
 * package, so it has its own memory, as separate n8n processes do; executions run through
 * n8n-core's WorkflowExecute, as on a worker. Nothing is shared between processes (see replay.ts).
 */
import type { IDataObject, WorkflowExecuteMode } from 'n8n-workflow';

import type { SignedDelivery } from '../fake-kick/events';
import type { TestCredentialsHelper } from '../support/engine';
import type { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';
import {
	freshPackage,
	type DeliveryOutcome,
	runDeliveryExecution,
	TriggerHarness,
	useFakeKick,
	userTokenCredentials,
} from './harness';

const PARAMETERS = { events: ['chat.message.sent'] };
const NODE = {
	id: 'b7f1c7a0-5d3e-4d51-9f0e-2a8c1e0d9a11',
	webhookId: '0c9e7f2b-8a64-4f7d-b1a3-6d2e5f4c3b21',
};
const WORKFLOW_ID = 'queueWorkflow1';

/** The workflow row's static data column (activation stores the subscriptions there). */
class Database {
	staticData = '{}';
}

const separateCopyOfThePackage = (): KickTrigger => freshPackage().nodeType;

/**
 * One n8n process: it serves the trigger's webhook (main or `n8n webhook`) and runs executions
 * (a worker), loading the workflow's static data each time; activation saves it.
 */
class N8nProcessSim {
	private readonly nodeType = separateCopyOfThePackage();

	constructor(
		private readonly database: Database,
		private readonly credentials: TestCredentialsHelper,
	) {}

	/** A delivery to this process (as main or a webhook process): static data loaded per request, as n8n does. */
	async deliver(delivery: SignedDelivery): Promise<DeliveryOutcome> {
		return await this.load().deliver(delivery);
	}

	/** The execution a delivery started, run here (as a worker). Answers the trigger's output. */
	async execute(
		delivered: DeliveryOutcome,
		mode: WorkflowExecuteMode = 'webhook',
	): Promise<IDataObject[]> {
		return await runDeliveryExecution(this.load(), delivered.items, mode);
	}

	/** Activation (in the main process), saving the static data as n8n does afterwards. */
	async activate(): Promise<void> {
		const harness = this.load();
		await harness.activate();
		this.save(harness);
	}

	private load(): TriggerHarness {
		const staticData = JSON.parse(this.database.staticData) as IDataObject;
		return new TriggerHarness({
			parameters: PARAMETERS,
			credentials: this.credentials,
			staticData,
			workflowId: WORKFLOW_ID,
			node: NODE,
			nodeType: this.nodeType,
		});
	}

	private save(harness: TriggerHarness): void {
		if (harness.staticDataChanged)
			this.database.staticData = JSON.stringify(harness.workflowStaticData);
	}
}

const kick = useFakeKick();
let database: Database;
let main: N8nProcessSim;
let webhook: N8nProcessSim;
let worker: N8nProcessSim;

const chat = (content: string) =>
	kick().signDelivery({
		type: 'chat.message.sent',
		payload: kick().samplePayload('chat.message.sent', { overrides: { content } }),
	});
const refused = expect.objectContaining({
	status: 200,
	started: false,
	response: { message: expect.stringContaining('already received') },
});
const idOf = (delivery: SignedDelivery) => delivery.headers['Kick-Event-Message-Id'];
const messageIdsOf = (items: IDataObject[]) =>
	items.map((item) => (item.event as IDataObject).messageId);

beforeEach(async () => {
	database = new Database();
	const credentials = userTokenCredentials(kick());
	main = new N8nProcessSim(database, credentials);
	webhook = new N8nProcessSim(database, credentials);
	worker = new N8nProcessSim(database, credentials);
	await main.activate();
});

test('a Kick retry on the same process is refused on receipt', async () => {
	const delivery = chat('hello');
	expect(await webhook.deliver(delivery)).toMatchObject({ status: 200, started: true });
	expect(await webhook.deliver(delivery)).toEqual(refused);
});

test('a retry on another process starts an execution, which the worker that ran the message stops at the trigger', async () => {
	const delivery = chat('retried elsewhere');
	const first = await webhook.deliver(delivery);
	const retry = await main.deliver(delivery);
	expect([first.started, retry.started]).toEqual([true, true]);

	expect(messageIdsOf(await worker.execute(first))).toEqual([idOf(delivery)]);
	expect(await worker.execute(retry)).toEqual([]);
	// Whichever of the two runs first goes on; the other stops.
	const other = chat('retry runs first');
	const [a, b] = [await webhook.deliver(other), await main.deliver(other)];
	expect(messageIdsOf(await worker.execute(b))).toEqual([idOf(other)]);
	expect(await worker.execute(a)).toEqual([]);
});

test('another worker does not know what the first one ran (why the README asks for one worker or routing)', async () => {
	const delivery = chat('two workers');
	const [first, retry] = [await webhook.deliver(delivery), await main.deliver(delivery)];
	expect(messageIdsOf(await worker.execute(first))).toEqual([idOf(delivery)]);
	expect(
		messageIdsOf(await new N8nProcessSim(database, userTokenCredentials(kick())).execute(retry)),
	).toEqual([idOf(delivery)]);
});

test('the same process refuses a repeat at once, while the first is still being answered', async () => {
	const delivery = chat('twice at once');
	const outcomes = await Promise.all([webhook.deliver(delivery), webhook.deliver(delivery)]);
	expect(outcomes.filter((outcome) => outcome.started)).toHaveLength(1);
	expect(outcomes.filter((outcome) => !outcome.started)).toEqual([refused]);
});

test('a test run ("Listen for test event") lets its items through every time', async () => {
	const delivered = await webhook.deliver(chat('test event'));
	expect(await worker.execute(delivered, 'manual')).toHaveLength(1);
	expect(await worker.execute(delivered, 'manual')).toHaveLength(1);
});

test('the execution step passes items without a message id (pinned or hand-made data)', async () => {
	expect(
		await worker.execute({
			status: 200,
			response: {},
			started: true,
			warnings: [],
			items: [{ hello: 'world' }, { hello: 'world' }],
		}),
	).toEqual([{ hello: 'world' }, { hello: 'world' }]);
});
