/**
 * Replay protection across n8n processes (queue mode), with n8n's own static-data behaviour:
 * every request loads the workflow's static data from the database, and n8n saves the whole of
 * it after the webhook answered, if it changed. Each "process" below is a separately loaded copy
 * of the package, so it has its own memory, as separate n8n processes do.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SignedDelivery } from '../fake-kick/events';
import type { TestCredentialsHelper } from '../support/engine';
import type { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';
import { type DeliveryOutcome, TriggerHarness, useFakeKick, userTokenCredentials } from './harness';

const PARAMETERS = { events: ['chat.message.sent'] };
const NODE = { id: 'b7f1c7a0-5d3e-4d51-9f0e-2a8c1e0d9a11', webhookId: '0c9e7f2b-8a64-4f7d-b1a3-6d2e5f4c3b21' };
const WORKFLOW_ID = 'queueWorkflow1';

/** The workflow row's static data column. */
class Database {
	staticData = '{}';

	get nodeData(): IDataObject {
		return ((JSON.parse(this.staticData) as IDataObject)['node:Kick Trigger'] ?? {}) as IDataObject;
	}
}

function separateCopyOfThePackage(): KickTrigger {
	let nodeType: KickTrigger | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require('../../nodes/KickTrigger/KickTrigger.node') as { KickTrigger: new () => KickTrigger };
		nodeType = new module.KickTrigger();
	});
	return nodeType as KickTrigger;
}

/** One n8n process serving the trigger's webhook (main or `n8n webhook`). */
class N8nProcessSim {
	private readonly nodeType = separateCopyOfThePackage();

	constructor(
		private readonly database: Database,
		private readonly credentials: TestCredentialsHelper,
	) {}

	/** A request n8n has started: it loaded the static data now; `answer()` runs the webhook and saves. */
	receive(delivery: SignedDelivery): { answer: () => Promise<DeliveryOutcome> } {
		const harness = this.load();
		return {
			answer: async () => {
				const outcome = await harness.deliver(delivery);
				this.save(harness);
				return outcome;
			},
		};
	}

	async deliver(delivery: SignedDelivery): Promise<DeliveryOutcome> {
		return await this.receive(delivery).answer();
	}

	/** Activation (in the main process), saving the static data as n8n does afterwards. */
	async activate(): Promise<void> {
		const harness = this.load();
		await harness.activate();
		this.save(harness);
	}

	private load(): TriggerHarness {
		const staticData = JSON.parse(this.database.staticData) as IDataObject;
		return new TriggerHarness({ parameters: PARAMETERS, credentials: this.credentials, staticData, workflowId: WORKFLOW_ID, node: NODE, nodeType: this.nodeType });
	}

	private save(harness: TriggerHarness): void {
		if (harness.staticDataChanged) this.database.staticData = JSON.stringify(harness.workflowStaticData);
	}
}

const kick = useFakeKick();
let database: Database;
let main: N8nProcessSim;
let webhook: N8nProcessSim;

const chat = (content: string) => kick().signDelivery({ type: 'chat.message.sent', payload: kick().samplePayload('chat.message.sent', { overrides: { content } }) });
const refused = expect.objectContaining({ status: 200, started: false, response: { message: expect.stringContaining('already received') } });
const idOf = (delivery: SignedDelivery) => delivery.headers['Kick-Event-Message-Id'];
const shared = () => Object.keys((database.nodeData.replay ?? {}) as IDataObject);

beforeEach(async () => {
	database = new Database();
	const credentials = userTokenCredentials(kick());
	main = new N8nProcessSim(database, credentials);
	webhook = new N8nProcessSim(database, credentials);
	await main.activate();
});

test('a message answered by one process is refused by another (a Kick retry elsewhere)', async () => {
	const first = chat('hello');
	expect(await webhook.deliver(first)).toMatchObject({ status: 200, started: true });
	expect(await main.deliver(first)).toEqual(refused);

	const second = chat('again');
	expect(await main.deliver(second)).toMatchObject({ started: true });
	expect(await webhook.deliver(second)).toEqual(refused);
	expect(shared().sort()).toEqual([idOf(first), idOf(second)].sort());
});

test('an id lost to a concurrent whole save comes back with the next delivery of a process that knew it', async () => {
	const x = chat('x');
	const y = chat('y');
	const slow = webhook.receive(y); // loads the static data before x is saved
	expect(await main.deliver(x)).toMatchObject({ started: true });
	expect(shared()).toEqual([idOf(x)]);
	expect(await slow.answer()).toMatchObject({ started: true });
	expect(shared()).toEqual([idOf(y)]); // n8n saved the webhook process's copy whole: x is gone

	expect(await main.deliver(chat('z'))).toMatchObject({ started: true });
	expect(shared()).toContain(idOf(x));
	expect(await webhook.deliver(x)).toEqual(refused);
});

test('a restarted process refuses what the others shared', async () => {
	const delivered = chat('before the restart');
	expect(await main.deliver(delivered)).toMatchObject({ started: true });
	const restarted = new N8nProcessSim(database, userTokenCredentials(kick()));
	expect(await restarted.deliver(delivered)).toEqual(refused);
});

test('a delivery that loaded the static data before activation saved it does not write it back', async () => {
	database.staticData = '{}';
	const early = webhook.receive(chat('during activation'));
	await main.activate();
	const subscriptions = database.nodeData.subscriptions;
	expect(subscriptions).toEqual([expect.objectContaining({ event: 'chat.message.sent' })]);
	expect(await early.answer()).toMatchObject({ started: true });
	expect(database.nodeData.subscriptions).toEqual(subscriptions);
});

test('the same process refuses a retry at once, before anything is saved', async () => {
	const delivery = chat('twice at once');
	const first = webhook.receive(delivery);
	const second = webhook.receive(delivery);
	const outcomes = await Promise.all([first.answer(), second.answer()]);
	expect(outcomes.filter((outcome) => outcome.started)).toHaveLength(1);
	expect(outcomes.filter((outcome) => !outcome.started)).toEqual([refused]);
});
