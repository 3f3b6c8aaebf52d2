/**
 * The Kick Trigger over months, in a real n8n 2.41 in its default configuration (publication
 * service on): Kick dropping subscriptions while active and while n8n is down, late retries after
 * an outage, a subscription made beforehand with the Kick node, a URL Kick cannot call, and a
 * refresh token that died. The trigger's check runs every minute here (its fastest setting).
 */
import { EVENT_TYPES } from '../fake-kick/event-payloads';
import type { FakeKick } from '../fake-kick/server';
import { SEED } from '../fake-kick/server';
import type { E2eEnvironment } from './environment';
import { connectKickAccount, logLines, startEnvironment, stopEnvironment } from './environment';
import { waitFor } from './n8n-api';
import { N8nProcess } from './n8n-process';
import { type CredentialRef, kickTriggerWorkflow, webhookToKick } from './workflows';

/** Every event Kick delivers. */
const ALL_EVENTS: string[] = [...EVENT_TYPES];
/** The check runs every minute; allow one interval plus n8n's and the request's time. */
const CHECK_WITHIN_MS = 100_000;

let env: E2eEnvironment;
let fake: FakeKick;
let credential: CredentialRef;
let workflowId: string;
let webhookUrl: string;

beforeAll(async () => {
	env = await startEnvironment();
	fake = env.fake;
	credential = await connectKickAccount(env);
}, 600_000);

afterAll(async () => {
	await stopEnvironment(env);
});

const mine = () => fake.state.subscriptions.filter((s) => s.broadcaster_user_id === SEED.streamer);
const perEvent = () =>
	mine().reduce<Record<string, number>>((counts, s) => {
		counts[s.event] = (counts[s.event] ?? 0) + 1;
		return counts;
	}, {});
const oncePerEvent = (events: string[]) => Object.fromEntries(events.map((event) => [event, 1]));
const subscriptionPosts = () =>
	fake.requests.filter(
		(request) => request.method === 'POST' && request.path === '/public/v1/events/subscriptions',
	).length;
const executions = async () => await env.api.executions(workflowId);

async function allTenBack(what: string, timeoutMs = CHECK_WITHIN_MS): Promise<void> {
	await waitFor(
		what,
		async () => (Object.keys(perEvent()).length === ALL_EVENTS.length ? true : undefined),
		timeoutMs,
	);
	expect(perEvent()).toEqual(oncePerEvent(ALL_EVENTS));
}

/** Restarts n8n (same data folder); `env` overrides environment variables for this run. */
async function restartN8n(extraEnv: Record<string, string> = {}): Promise<void> {
	await env.n8n.stop();
	env.n8n = new N8nProcess({
		...env.n8n.options,
		extraEnv: { ...env.n8n.options.extraEnv, ...extraEnv },
	});
	await env.n8n.start();
	await env.api.signIn();
}

describe('a subscription made beforehand with the Kick node', () => {
	test('is used by the trigger and survives its activation and deactivation', async () => {
		// Kick › Event Subscription › Create, run once from a Webhook → Kick workflow.
		const { id } = await env.api.createWorkflow(
			webhookToKick(
				'Create a subscription',
				'create-subscription',
				{ resource: 'eventSubscription', operation: 'create', events: ['channel.followed'] },
				credential,
			),
		);
		await env.api.activate(id);
		await waitFor('the Kick node run', async () => {
			const answer = await env.api.http.post('/webhook/create-subscription', {});
			return answer.status === 404 ? undefined : answer;
		});
		await env.api.deactivate(id);
		const [existing] = mine();
		expect(existing).toMatchObject({ event: 'channel.followed' });

		const { workflow } = kickTriggerWorkflow(
			'Followers and KICKs',
			{ events: ['channel.followed', 'kicks.gifted'] },
			credential,
		);
		const trigger = await env.api.createWorkflow(workflow);
		await env.api.activate(trigger.id);
		await waitFor('kicks.gifted subscribed', async () =>
			perEvent()['kicks.gifted'] === 1 ? true : undefined,
		);
		expect(perEvent()).toEqual({ 'channel.followed': 1, 'kicks.gifted': 1 });

		await env.api.deactivate(trigger.id);
		await waitFor('kicks.gifted deleted', async () =>
			perEvent()['kicks.gifted'] === undefined ? true : undefined,
		);
		expect(mine().map((s) => s.id)).toEqual([existing.id]);
		fake.state.subscriptions = [];
	});
});

describe('subscriptions Kick drops come back', () => {
	test('activation subscribes all ten', async () => {
		const { workflow, webhookId } = kickTriggerWorkflow(
			'All Kick events',
			{ events: ALL_EVENTS, options: { subscriptionCheckInterval: 1 } },
			credential,
		);
		({ id: workflowId } = await env.api.createWorkflow(workflow));
		webhookUrl = `${env.n8n.baseUrl}/webhook/${webhookId}/kick`;
		expect((await env.api.activate(workflowId)).status).toBe(200);
		await allTenBack('the ten subscriptions', 30_000);
	});

	test('2 of 10 dropped while active: back within a check interval, once each, with a log line', async () => {
		const posts = subscriptionPosts();
		const ids = new Set(mine().map((s) => s.id));
		fake.state.subscriptions = mine().filter(
			(s) => !['channel.followed', 'kicks.gifted'].includes(s.event),
		);
		await allTenBack('the 2 dropped subscriptions');
		expect(subscriptionPosts()).toBe(posts + 1);
		expect(
			mine()
				.filter((s) => !ids.has(s.id))
				.map((s) => s.event)
				.sort(),
		).toEqual(['channel.followed', 'kicks.gifted']);
		const repairs = await waitFor('the repair in the log', async () => {
			const lines = logLines(
				env.n8n,
				'Kick no longer had subscriptions for channel.followed, kicks.gifted',
			);
			return lines.length ? lines : undefined;
		});
		expect(repairs).toHaveLength(1);
	});

	test('all dropped (webhooks turned off in the Kick app): all back within a check interval', async () => {
		const posts = subscriptionPosts();
		fake.state.subscriptions = [];
		await allTenBack('all ten subscriptions');
		expect(subscriptionPosts()).toBe(posts + 1);
	});

	test('2 of 10 dropped while n8n was down: back at start-up, once each', async () => {
		await env.n8n.stop();
		fake.state.subscriptions = mine().filter(
			(s) => !['chat.message.sent', 'moderation.banned'].includes(s.event),
		);
		const posts = subscriptionPosts();
		await restartN8n();
		await allTenBack('the subscriptions after the restart', 60_000);
		expect(subscriptionPosts()).toBe(posts + 1);
		// Later checks keep exactly one per event.
		await new Promise((resolve) => setTimeout(resolve, 65_000));
		expect(perEvent()).toEqual(oncePerEvent(ALL_EVENTS));
		expect(subscriptionPosts()).toBe(posts + 1);
	});
});

describe('late deliveries (Kick retrying after an outage)', () => {
	test('a delivery signed 30 minutes ago runs the workflow once, marked late; a second copy does not', async () => {
		const before = (await executions()).length;
		const delivery = fake.signDelivery({
			type: 'channel.subscription.new',
			payload: fake.samplePayload('channel.subscription.new'),
			timestamp: new Date(Date.now() - 30 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
		});
		const first = await waitFor('the production webhook', async () => {
			const answer = await fake.deliver(webhookUrl, delivery);
			return answer.status === 404 ? undefined : answer;
		});
		expect(first.status).toBe(200);
		const [execution] = await waitFor('the finished execution', async () => {
			const list = await executions();
			return list.length === before + 1 && list[0].status === 'success' ? list : undefined;
		});
		const [item] = await env.api.nodeOutput(execution.id, 'Kick Trigger');
		expect(item.event).toMatchObject({
			late: true,
			messageId: delivery.headers['Kick-Event-Message-Id'],
		});

		expect((await fake.deliver(webhookUrl, delivery)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect(await executions()).toHaveLength(before + 1);
	});
});

describe('a Drops claim', () => {
	test('a trigger for Drops Reward Claimed subscribes nothing; a signed claim runs once, the same claim_id again does not', async () => {
		const posts = subscriptionPosts();
		const { workflow, webhookId } = kickTriggerWorkflow(
			'Drops claims',
			{ events: ['drops.reward.claimed'] },
			credential,
		);
		const { id } = await env.api.createWorkflow(workflow);
		expect((await env.api.activate(id)).status).toBe(200);
		const url = `${env.n8n.baseUrl}/webhook/${webhookId}/kick`;
		const claim = fake.signDropsClaim({ external_id: 'kick-sword' });
		const answer = await waitFor('the Drops webhook', async () => {
			const attempt = await fake.deliver(url, claim);
			return attempt.status === 404 ? undefined : attempt;
		});
		expect(answer.status).toBe(200);
		const [execution] = await waitFor('the claim execution', async () => {
			const list = await env.api.executions(id);
			return list.length === 1 && list[0].status === 'success' ? list : undefined;
		});
		const [item] = await env.api.nodeOutput(execution.id, 'Kick Trigger');
		expect(item).toMatchObject({
			...JSON.parse(claim.body),
			event: { type: 'drops.reward.claimed' },
		});
		const repeat = fake.signDropsClaim(JSON.parse(claim.body));
		expect((await fake.deliver(url, repeat)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect(await env.api.executions(id)).toHaveLength(1);
		expect(subscriptionPosts()).toBe(posts);
		await env.api.deactivate(id);
	});
});

describe('a refresh token that died (revoked, or past its 30 days)', () => {
	test('deliveries still run, a restart keeps the workflow active, and deactivation logs the ids left at Kick', async () => {
		const ids = mine().map((s) => s.id);
		expect(fake.revokeUserTokens()).toBeGreaterThan(0);
		const before = (await executions()).length;
		const sent = await fake.deliverEvent(webhookUrl, { type: 'channel.followed' });
		expect(sent.result.status).toBe(200);
		await waitFor('the execution', async () =>
			(await executions()).length === before + 1 ? true : undefined,
		);

		await restartN8n();
		expect((await env.api.getWorkflow(workflowId)).active).toBe(true);
		const again = await waitFor('the webhook after the restart', async () => {
			const attempt = await fake.deliverEvent(webhookUrl, { type: 'kicks.gifted' });
			return attempt.result.status === 404 ? undefined : attempt;
		});
		expect(again.result.status).toBe(200);
		await waitFor('the execution after the restart', async () =>
			(await executions()).length === before + 2 ? true : undefined,
		);
		await waitFor(
			'the reconnect advice in the log',
			async () =>
				logLines(env.n8n, 'could not check its Kick subscriptions').length ? true : undefined,
			CHECK_WITHIN_MS,
		);

		await env.api.deactivate(workflowId);
		const undeleted = await waitFor(
			'the ids it could not delete, in the log',
			async () => {
				const lines = logLines(env.n8n, 'could not delete its Kick event subscriptions');
				return lines.length ? lines.join('\n') : undefined;
			},
			60_000,
		);
		expect(undeleted).toContain('Event Subscription › Delete');
		// Every id left at Kick is in the log: those it could not delete, and those it cannot prove
		// are its own (re-created by a check before a restart, which n8n did not save).
		const left = [
			undeleted,
			...logLines(env.n8n, 'left the Kick subscriptions it did not create in place'),
		].join('\n');
		for (const id of ids) expect(left).toContain(id);
		expect(
			mine()
				.map((s) => s.id)
				.sort(),
		).toEqual([...ids].sort());
	});
});

describe('a URL Kick cannot call', () => {
	test('with WEBHOOK_URL=http://localhost:… activation is refused with the message', async () => {
		await restartN8n({ WEBHOOK_URL: `http://localhost:${env.n8n.options.port}/` });
		const before = mine().length;
		const fresh = await connectKickAccount(env, 'Kick account (fresh)');
		const { workflow } = kickTriggerWorkflow('Local URL', { events: ['channel.followed'] }, fresh);
		const { id } = await env.api.createWorkflow(workflow);
		await env.api.activate(id);
		const status = await waitFor(
			'the failed publication',
			async () => {
				const publication = await env.api.publicationStatus(id);
				const failed = publication.triggers.find((trigger) => trigger.status === 'failed');
				return failed?.errorMessage ? failed : undefined;
			},
			60_000,
		);
		expect(status.errorMessage).toContain(
			`Kick cannot deliver events to this trigger's URL http://localhost:${env.n8n.options.port}/webhook/`,
		);
		expect(mine()).toHaveLength(before);
	});
});
