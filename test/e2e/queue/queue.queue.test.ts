/**
 * The Kick Trigger and node in n8n's queue mode: main (editor, activation, production webhooks
 * too), one webhook process and one worker on PostgreSQL + Redis. Kick's deliveries reach either
 * webhook-serving process, as behind a load balancer; the worker runs every execution.
 */
import { readFileSync } from 'fs';

import { testCertificates } from '../../fake-kick/certs';
import type { DeliveryResult, SignedDelivery } from '../../fake-kick/events';
import { SEED } from '../../fake-kick/server';
import { waitFor } from '../n8n-api';
import { N8nProcess } from '../n8n-process';
import { type CredentialRef, kickTriggerToKick, kickTriggerToNoOp } from '../workflows';
import { type QueueEnvironment, startQueueEnvironment, stopQueueEnvironment } from './environment';

const DELIVERIES = 1_000;
const CONCURRENCY = 20;
/** Two in every RETRY_EVERY messages (one per process) are delivered again to the same process, as a Kick retry. */
const RETRY_EVERY = 10;
/** Messages Kick retries on the other process. */
const CROSS_RETRIES = 40;

let env: QueueEnvironment;
let credential: CredentialRef;
let workflowId: string;
let webhookPath: string;

const subscriptionCalls = (method: string) =>
	env.fake.requests.filter(
		(r) => r.method === method && r.path === '/public/v1/events/subscriptions',
	);
const acks = () =>
	env.fake.state.chatMessages.filter((message) => message.content.startsWith('ack '));
const ackedIds = () => new Set(acks().map((message) => message.content.slice('ack '.length)));
const idOf = (delivery: SignedDelivery) => delivery.headers['Kick-Event-Message-Id'];
const urlOn = (process: N8nProcess) => `${process.baseUrl}/webhook/${webhookPath}`;
const workerLog = () => readFileSync(env.worker.options.logFile, 'utf8');

function chatDelivery(content: string): SignedDelivery {
	return env.fake.signDelivery({
		type: 'chat.message.sent',
		payload: env.fake.samplePayload('chat.message.sent', { overrides: { content } }),
	});
}

async function deliverWhenRegistered(
	process: N8nProcess,
	delivery: SignedDelivery,
): Promise<DeliveryResult> {
	return await waitFor(
		`the webhook on n8n ${process.command}`,
		async () => {
			const result = await env.fake.deliver(urlOn(process), delivery);
			return result.status === 404 ? undefined : result;
		},
		60_000,
	);
}

/** "200 accepted", "200 already received", or the status and body of anything else. */
function answerOf(result: DeliveryResult): string {
	if (result.status === 200 && /already received/.test(result.body)) return '200 already received';
	// n8n 2.41 answers an accepted delivery with the body "firstEntryJson"; the trigger's own answers say Ignored/Rejected.
	if (result.status === 200 && !/Ignored|Rejected/.test(result.body)) return '200 accepted';
	return `${result.status} ${result.body}`;
}

/** Runs `task` for 0..count-1 with at most `limit` at a time. */
async function pool(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const runner = async () => {
		while (next < count) await task(next++);
	};
	await Promise.all(Array.from({ length: limit }, runner));
}

/** The workflow's executions by status, from n8n's database, e.g. { success: 3 }. */
function executionsByStatus(): Record<string, number> {
	const rows = env.sql(
		`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' GROUP BY status`,
	);
	return Object.fromEntries(
		rows
			.split('\n')
			.filter(Boolean)
			.map((row) => [row.split('|')[0], Number(row.split('|')[1])]),
	);
}

const executionCount = () => Object.values(executionsByStatus()).reduce((sum, n) => sum + n, 0);

/** Waits for `expected` successful executions, lets anything extra (a duplicate) finish, then counts all. */
async function settledExecutions(expected: number): Promise<Record<string, number>> {
	await waitFor(
		`${expected} successful executions`,
		async () => ((executionsByStatus().success ?? 0) >= expected ? true : undefined),
		300_000,
	);
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	return executionsByStatus();
}

beforeAll(async () => {
	env = await startQueueEnvironment();
	const created = await env.api.createCredential('Kick streamer', 'kickOAuth2Api', {
		clientId: env.fake.client.clientId,
		clientSecret: env.fake.client.clientSecret,
		scopes: ['user:read', 'channel:read', 'chat:write', 'events:subscribe'],
	});
	credential = { id: created.id, name: created.name };
	const connect = await env.api.connectOAuth2(created.id, testCertificates().caPem);
	expect(connect.callbackStatus).toBe(200);
}, 900_000);

afterAll(async () => {
	await stopQueueEnvironment(env);
});

test('activation on main subscribes once, not once per process', async () => {
	const { workflow, webhookId } = kickTriggerToKick(
		'Kick queue mode: ack every chat message',
		{ events: ['chat.message.sent'], options: { subscriptionCheckInterval: 1 } },
		{
			resource: 'chatMessage',
			operation: 'send',
			// As the user, in the channel the message came from: Kick answers 500 to the bot (#343).
			type: 'user',
			broadcasterUserId: { __rl: true, mode: 'id', value: '={{ $json.broadcaster.user_id }}' },
			content: '={{ "ack " + $json.event.messageId }}',
		},
		credential,
	);
	({ id: workflowId } = await env.api.createWorkflow(workflow));
	webhookPath = `${webhookId}/kick`;
	expect((await env.api.activate(workflowId)).status).toBe(200);
	await waitFor('the subscription', async () =>
		subscriptionCalls('POST').length > 0 ? true : undefined,
	);
	// The webhook process and the worker learn about the workflow too; none of them may subscribe.
	await deliverWhenRegistered(env.webhook, chatDelivery('warm-up'));
	expect(await settledExecutions(1)).toEqual({ success: 1 });
	expect(subscriptionCalls('POST')).toHaveLength(1);
	expect(
		env.fake.state.subscriptions.filter(
			(s) => s.event === 'chat.message.sent' && s.broadcaster_user_id === SEED.streamer,
		),
	).toHaveLength(1);
});

test('a delivery to the webhook process is verified there and executed by the worker', async () => {
	const before = executionCount();
	const forged = chatDelivery('forged');
	const tampered = {
		...forged,
		body: forged.body.replace('"content":"forged"', '"content":"tampered"'),
	};
	expect((await env.fake.deliver(urlOn(env.webhook), tampered)).status).toBe(401);

	const genuine = chatDelivery('hello from the webhook process');
	expect(answerOf(await env.fake.deliver(urlOn(env.webhook), genuine))).toBe('200 accepted');
	expect(await settledExecutions(before + 1)).toEqual({ success: before + 1 });
	const [latest] = await env.api.executions(workflowId);
	expect(workerLog()).toContain(`Worker started execution ${latest.id} `);
	const [item] = await env.api.nodeOutput(latest.id, 'Kick Trigger');
	expect(item).toMatchObject({
		content: 'hello from the webhook process',
		event: { messageId: genuine.headers['Kick-Event-Message-Id'] },
	});
});

test(`${DELIVERIES} signed deliveries at concurrency ${CONCURRENCY} over both processes, ${(2 * DELIVERIES) / RETRY_EVERY} repeated on the same process: exactly ${DELIVERIES} executions`, async () => {
	const before = executionCount();
	const acksBefore = acks().length;
	const deliveries = Array.from({ length: DELIVERIES }, (_, index) =>
		chatDelivery(`message ${index}`),
	);
	const answers: Record<string, number> = {};
	const tally = (key: string) => (answers[key] = (answers[key] ?? 0) + 1);

	const started = Date.now();
	await pool(DELIVERIES, CONCURRENCY, async (index) => {
		const target = index % 2 ? env.main : env.webhook;
		tally(
			`${target.command} ${answerOf(await env.fake.deliver(urlOn(target), deliveries[index]))}`,
		);
		if (index % RETRY_EVERY < 2)
			tally(
				`${target.command} repeat ${answerOf(await env.fake.deliver(urlOn(target), deliveries[index]))}`,
			);
	});
	const seconds = (Date.now() - started) / 1000;
	process.stdout.write(
		`queue mode: ${DELIVERIES} deliveries in ${seconds.toFixed(1)} s (${(DELIVERIES / seconds).toFixed(1)}/s)\n`,
	);

	const half = DELIVERIES / 2;
	const repeats = DELIVERIES / RETRY_EVERY;
	expect(answers).toEqual({
		'start 200 accepted': half,
		'webhook 200 accepted': half,
		'start repeat 200 already received': repeats,
		'webhook repeat 200 already received': repeats,
	});
	expect(await settledExecutions(before + DELIVERIES)).toEqual({ success: before + DELIVERIES });
	// Each message answered in chat exactly once: none lost, none twice.
	const acked = acks()
		.slice(acksBefore)
		.map((message) => message.content.slice('ack '.length));
	expect(acked.sort()).toEqual(deliveries.map(idOf).sort());
	expect(workerLog().match(/Worker started execution/g)?.length).toBe(before + DELIVERIES);
});

test('Kick retrying on the other process after the message ran: an execution that stops at the trigger, still one reply', async () => {
	const before = executionCount();
	const deliveries = Array.from({ length: CROSS_RETRIES }, (_, index) =>
		chatDelivery(`retried ${index}`),
	);
	const retryAnswers: string[] = [];
	await pool(CROSS_RETRIES, CONCURRENCY, async (index) => {
		const [first, other] = index % 2 ? [env.main, env.webhook] : [env.webhook, env.main];
		expect(answerOf(await env.fake.deliver(urlOn(first), deliveries[index]))).toBe('200 accepted');
		await waitFor(
			`the reply to ${idOf(deliveries[index])}`,
			async () => (ackedIds().has(idOf(deliveries[index])) ? true : undefined),
			120_000,
		);
		retryAnswers.push(answerOf(await env.fake.deliver(urlOn(other), deliveries[index])));
	});
	// The other process cannot know the id: n8n 2.41 offers no store shared by processes that works here.
	expect(retryAnswers).toEqual(Array(CROSS_RETRIES).fill('200 accepted'));
	expect(await settledExecutions(before + 2 * CROSS_RETRIES)).toEqual({
		success: before + 2 * CROSS_RETRIES,
	});

	const recent = (await env.api.executions(workflowId)).slice(0, 2 * CROSS_RETRIES);
	const triggerItems = await Promise.all(
		recent.map(
			async (execution) => (await env.api.nodeOutput(execution.id, 'Kick Trigger')).length,
		),
	);
	expect(triggerItems.filter((count) => count === 1)).toHaveLength(CROSS_RETRIES);
	expect(triggerItems.filter((count) => count === 0)).toHaveLength(CROSS_RETRIES);
	const ids = new Set(deliveries.map(idOf));
	expect(acks().filter((message) => ids.has(message.content.slice('ack '.length)))).toHaveLength(
		CROSS_RETRIES,
	);
});

test('a subscription Kick dropped comes back once, repaired by main only', async () => {
	const posts = subscriptionCalls('POST').length;
	env.fake.state.subscriptions = [];
	// Two check intervals of a minute and slack: the subscription delivered during the previous
	// test, so the first check keeps it as one Kick's list may leave out (#419); the second repairs.
	await waitFor(
		'the repaired subscription',
		async () => (env.fake.state.subscriptions.length === 1 ? true : undefined),
		200_000,
	);
	// Two more check intervals: still one subscription, one request.
	await new Promise((resolve) => setTimeout(resolve, 125_000));
	expect(env.fake.state.subscriptions).toHaveLength(1);
	expect(subscriptionCalls('POST')).toHaveLength(posts + 1);
	const repairs = (process: N8nProcess) =>
		readFileSync(process.options.logFile, 'utf8')
			.split('\n')
			.filter((line) => line.includes('Kick no longer had subscriptions for chat.message.sent'));
	expect(repairs(env.main)).toHaveLength(1);
	expect([...repairs(env.webhook), ...repairs(env.worker)]).toEqual([]);
});

test('the same chat message through two subscriptions, one copy to each process: the workflow runs once', async () => {
	const before = executionCount();
	const [own] = env.fake.state.subscriptions.filter((s) => s.event === 'chat.message.sent');
	const extra = { ...own, id: `${own.id.slice(0, 20)}EXTRA1` };
	env.fake.state.subscriptions.push(extra); // made by hand or by another tool (KickDevDocs #246)
	const payload = env.fake.samplePayload('chat.message.sent', { overrides: { content: 'twice?' } });
	const copies = [own.id, extra.id].map((subscriptionId) =>
		env.fake.signDelivery({ type: 'chat.message.sent', payload, subscriptionId }),
	);
	expect(answerOf(await env.fake.deliver(urlOn(env.main), copies[0]))).toBe('200 accepted');
	expect(answerOf(await env.fake.deliver(urlOn(env.webhook), copies[1]))).toBe('200 accepted');
	expect(await settledExecutions(before + 2)).toEqual({ success: before + 2 });
	// Each process let its copy in; the worker ran the event once.
	const replies = acks().filter((message) =>
		copies.some((copy) => message.content === `ack ${idOf(copy)}`),
	);
	expect(replies).toHaveLength(1);
	env.fake.state.subscriptions = env.fake.state.subscriptions.filter((s) => s.id !== extra.id);
});

test('a Drops claim through both processes, and again after the worker restarted: it runs once', async () => {
	const { workflow, webhookId } = kickTriggerToNoOp(
		'Kick queue mode: Drops rewards',
		{ events: ['drops.reward.claimed'] },
		credential,
		'Grant reward',
	);
	const { id } = await env.api.createWorkflow(workflow);
	expect((await env.api.activate(id)).status).toBe(200);
	const url = (process: N8nProcess) => `${process.baseUrl}/webhook/${webhookId}/kick`;
	const claim = env.fake.signDropsClaim({ external_id: 'queue-sword' });
	const again = () => env.fake.signDropsClaim(JSON.parse(claim.body));
	const granted = async () => await env.api.runsWithOutput(id, 'Grant reward');
	const settled = async (count: number) =>
		await waitFor(`${count} claim executions`, async () => {
			const list = await env.api.executions(id);
			return list.length >= count && list.every((e) => e.status === 'success') ? list : undefined;
		});

	await waitFor('the claim webhook on main', async () => {
		const answer = await env.fake.deliver(url(env.main), claim);
		return answer.status === 404 ? undefined : answer;
	});
	await waitFor('the claim webhook on the webhook process', async () => {
		const answer = await env.fake.deliver(url(env.webhook), again());
		return answer.status === 404 ? undefined : answer;
	});
	await settled(2);
	expect(await granted()).toBe(1);

	// The worker restarts: its replay memory is empty; n8n's database still holds the claim id.
	await env.worker.stop();
	env.worker = new N8nProcess(env.worker.options);
	await env.worker.start();
	expect((await env.fake.deliver(url(env.webhook), again())).status).toBe(200);
	await new Promise((resolve) => setTimeout(resolve, 5_000));
	expect(await granted()).toBe(1);
	await env.api.deactivate(id);
});

test('deactivation on main deletes the subscription once', async () => {
	const deletesBefore = subscriptionCalls('DELETE').length;
	expect((await env.api.deactivate(workflowId)).status).toBe(200);
	await waitFor('the unsubscription', async () =>
		subscriptionCalls('DELETE').length > deletesBefore ? true : undefined,
	);
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	expect(subscriptionCalls('DELETE')).toHaveLength(deletesBefore + 1);
	expect(
		env.fake.state.subscriptions.filter((s) => s.broadcaster_user_id === SEED.streamer),
	).toEqual([]);
	expect(
		(await env.fake.deliver(urlOn(env.webhook), chatDelivery('after deactivation'))).status,
	).toBe(404);
});
