/**
 * Each Kick event runs the workflow once, in a real n8n 2.41 in its default configuration,
 * whatever Kick and n8n do: Kick accepting duplicate subscriptions (KickDevDocs #246) and leaving
 * live ones out of its list (#419), dropping everything while the streamer re-creates one by
 * hand, n8n failing to start an execution, an edit of the active trigger, Drops claims sent
 * again (after the replay window and after a restart), and one app-token trigger for three
 * channels. The trigger's check runs every minute here (its fastest setting).
 */
import { execFile, type ChildProcess } from 'child_process';
import { join } from 'path';

import type { SignedDelivery } from '../fake-kick/events';
import type { FakeKick } from '../fake-kick/server';
import { SEED } from '../fake-kick/server';
import type { OAuthClient } from '../fake-kick/state';
import type { E2eEnvironment } from './environment';
import { connectKickAccount, logLines, startEnvironment, stopEnvironment } from './environment';
import { waitFor } from './n8n-api';
import { N8nProcess } from './n8n-process';
import { type CredentialRef, kickNode, kickTriggerToNoOp, kickTriggerWorkflow } from './workflows';

const SUBSCRIPTIONS = '/public/v1/events/subscriptions';
/** One check interval (a minute) plus n8n's and the request's time. */
const CHECK_WITHIN_MS = 100_000;
/** How long to watch for something that must not happen. */
const QUIET_MS = 3_000;
const TEAM_APP: OAuthClient = { clientId: 'kick-team-app', clientSecret: 'kick-team-app-secret' };

let env: E2eEnvironment;
let fake: FakeKick;
let account: CredentialRef;

beforeAll(async () => {
	env = await startEnvironment();
	fake = env.fake;
	account = await connectKickAccount(env);
}, 600_000);

afterAll(async () => {
	await stopEnvironment(env);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const subscriptionsOf = (event: string, broadcaster: number = SEED.streamer) =>
	fake.state.subscriptions.filter(
		(s) => s.event === event && s.broadcaster_user_id === broadcaster,
	);
const requestsTo = (method: string, since: number) =>
	fake.requests.slice(since).filter((r) => r.method === method && r.path === SUBSCRIPTIONS);

/** A subscription made outside the trigger (by hand, another tool) on the same Kick app. */
const madeByHand = (event: string): string => fake.addSubscription({ event });

/** Delivers until n8n has registered the webhook (it may answer 404 right after a publish). */
async function deliverOnceRegistered(url: string, delivery: SignedDelivery) {
	return await waitFor('the production webhook', async () => {
		const answer = await fake.deliver(url, delivery);
		return answer.status === 404 ? undefined : answer;
	});
}

async function successfulRuns(workflowId: string, count: number) {
	return await waitFor(`${count} executions`, async () => {
		const list = await env.api.executions(workflowId);
		const done = list.filter((e) => e.status === 'success');
		return done.length >= count && done.length === list.length ? list : undefined;
	});
}

/** Holds a write lock on n8n's SQLite database, as another writer would: n8n cannot start executions. */
function lockDatabase(): Promise<{ release: () => Promise<void> }> {
	const database = join(env.n8n.options.userFolder, '.n8n', 'database.sqlite');
	const script =
		'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1],isolation_level=None)\nc.execute("BEGIN EXCLUSIVE")\nprint("locked",flush=True)\nsys.stdin.read()\nc.execute("ROLLBACK")';
	const child: ChildProcess = execFile('python3', ['-c', script, database]);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.stdout?.once('data', () =>
			resolve({
				release: async () => {
					child.stdin?.end();
					await new Promise((done) => child.once('exit', done));
				},
			}),
		);
	});
}

/** A Drops claim that ran first thing; the file's last test sends it again. */
const drops = { id: '', url: '', claim: undefined as SignedDelivery | undefined, ranAt: 0 };
const claimRuns = async () => await env.api.runsWithOutput(drops.id, 'Grant reward');

describe('a Drops claim', () => {
	test('runs its workflow once', async () => {
		const { workflow, webhookId } = kickTriggerToNoOp(
			'Drops rewards',
			{ events: ['drops.reward.claimed'], options: { maxEventAge: 1 } },
			account,
			'Grant reward',
		);
		drops.id = (await env.api.createWorkflow(workflow)).id;
		drops.url = `${env.n8n.baseUrl}/webhook/${webhookId}/kick`;
		expect((await env.api.activate(drops.id)).status).toBe(200);
		drops.claim = fake.signDropsClaim({ external_id: 'kick-sword' });
		expect((await deliverOnceRegistered(drops.url, drops.claim)).status).toBe(200);
		await successfulRuns(drops.id, 1);
		drops.ranAt = Date.now();
		expect(await claimRuns()).toBe(1);
	});
});

describe('a chat bot (Kick Trigger → Kick › Chat Message › Send)', () => {
	let workflowId: string;
	let url: string;
	let answered: SignedDelivery;
	const replies = () => fake.state.chatMessages.filter((m) => m.content.startsWith('Hello '));

	beforeAll(async () => {
		const { workflow, webhookId } = kickTriggerWorkflow(
			'Chat bot',
			{ events: ['chat.message.sent', 'channel.followed'] },
			account,
			2,
		);
		workflow.nodes.push(
			kickNode(
				{
					resource: 'chatMessage',
					operation: 'send',
					type: 'user',
					broadcasterUserId: { __rl: true, mode: 'id', value: '={{ $json.broadcaster.user_id }}' },
					content: '=Hello {{ $json.sender.username }}',
				},
				account,
				{ typeVersion: 2 },
			),
		);
		workflow.connections = {
			'Kick Trigger': { main: [[{ node: 'Kick', type: 'main', index: 0 }]] },
		};
		({ id: workflowId } = await env.api.createWorkflow(workflow));
		url = `${env.n8n.baseUrl}/webhook/${webhookId}/kick`;
		expect((await env.api.activate(workflowId)).status).toBe(200);
		await waitFor('the subscriptions', async () =>
			subscriptionsOf('channel.followed').length === 1 ? true : undefined,
		);
	});

	test('one chat message through two subscriptions runs the workflow once, and the log names the extra one', async () => {
		const [own] = subscriptionsOf('chat.message.sent');
		const extra = madeByHand('chat.message.sent');
		const message = fake.samplePayload('chat.message.sent');
		answered = fake.signDelivery({
			type: 'chat.message.sent',
			payload: message,
			subscriptionId: own.id,
		});
		const copy = fake.signDelivery({
			type: 'chat.message.sent',
			payload: message,
			subscriptionId: extra,
		});

		expect((await deliverOnceRegistered(url, answered)).status).toBe(200);
		expect((await fake.deliver(url, copy)).status).toBe(200);
		await successfulRuns(workflowId, 1);
		await sleep(QUIET_MS);
		expect(await env.api.executions(workflowId)).toHaveLength(1);
		expect(replies()).toHaveLength(1);
		const advice = await waitFor('the duplicate in the log', async () => {
			const lines = logLines(env.n8n, `Delete ${extra}`);
			return lines.length ? lines : undefined;
		});
		expect(advice[0]).toContain(`this trigger uses ${own.id}`);
		fake.state.subscriptions = fake.state.subscriptions.filter((s) => s.id !== extra);
	});

	test('n8n could not start the execution (its database locked): it answered 500, and Kick’s retry runs the workflow', async () => {
		const before = (await env.api.executions(workflowId)).length;
		const delivery = fake.signDelivery({
			type: 'chat.message.sent',
			payload: fake.samplePayload('chat.message.sent'),
		});
		const lock = await lockDatabase();
		let failed;
		try {
			failed = await fake.deliver(url, delivery);
		} finally {
			await lock.release();
		}
		expect(failed.status).toBe(500);
		await waitFor('the take-back in the log', async () =>
			logLines(
				env.n8n,
				`n8n answered Kick 500 for message ${delivery.headers['Kick-Event-Message-Id']}`,
			).length
				? true
				: undefined,
		);

		expect((await fake.deliver(url, delivery)).status).toBe(200);
		await successfulRuns(workflowId, before + 1);
		// Once it ran, Kick's next retry runs nothing.
		expect((await fake.deliver(url, delivery)).status).toBe(200);
		await sleep(QUIET_MS);
		expect(await env.api.executions(workflowId)).toHaveLength(before + 1);
	});

	test('an edit published while active keeps the subscriptions, and a retry of a message that already ran runs nothing', async () => {
		const since = fake.requests.length;
		const ids = fake.state.subscriptions.map((s) => s.id).sort();
		const before = (await env.api.executions(workflowId)).length;
		const saved = await env.api.getWorkflow(workflowId);
		await env.api.updateWorkflow(workflowId, {
			nodes: saved.nodes.map((node) =>
				node.name === 'Kick Trigger'
					? {
							...node,
							parameters: {
								...node.parameters,
								options: { includeHeaders: true, subscriptionCheckInterval: 1 },
							},
						}
					: node,
			),
		});
		expect((await env.api.activate(workflowId)).status).toBe(200);
		await waitFor('the edit taken over', async () =>
			logLines(env.n8n, 'kept its Kick subscriptions and replay memory across the edit').length
				? true
				: undefined,
		);

		expect((await deliverOnceRegistered(url, answered)).status).toBe(200);
		const next = fake.signDelivery({
			type: 'channel.followed',
			payload: fake.samplePayload('channel.followed'),
		});
		expect((await fake.deliver(url, next)).status).toBe(200);
		const [latest] = await successfulRuns(workflowId, before + 1);
		const [item] = await env.api.nodeOutput(latest.id, 'Kick Trigger');
		expect(item.headers).toBeDefined();
		await sleep(QUIET_MS + 5_000); // past the removal grace: nothing was removed
		expect(await env.api.executions(workflowId)).toHaveLength(before + 1);
		expect(requestsTo('DELETE', since)).toEqual([]);
		expect(requestsTo('POST', since)).toEqual([]);
		expect(fake.state.subscriptions.map((s) => s.id).sort()).toEqual(ids);
	});

	test("a subscription Kick's list leaves out (KickDevDocs #419) but that delivers is not re-created on each check", async () => {
		const [own] = subscriptionsOf('chat.message.sent');
		const since = fake.requests.length;
		const listed = fake.state.subscriptions.filter((s) => s.id !== own.id);
		fake.failNext({
			method: 'GET',
			path: SUBSCRIPTIONS,
			status: 200,
			body: { data: listed.map((s) => ({ ...s })), message: 'OK' },
			times: 1_000,
		});
		// It keeps delivering chat while the list leaves it out.
		const chatter = setInterval(() => {
			void fake.deliverEvent(url, { type: 'chat.message.sent', subscriptionId: own.id });
		}, 10_000);
		try {
			await waitFor(
				'two checks',
				async () => (requestsTo('GET', since).length >= 2 ? true : undefined),
				2 * CHECK_WITHIN_MS,
			);
		} finally {
			clearInterval(chatter);
			fake.clearFailRules();
		}
		expect(requestsTo('POST', since)).toEqual([]);
		expect(subscriptionsOf('chat.message.sent').map((s) => s.id)).toEqual([own.id]);
		expect(logLines(env.n8n, "Kick's list leaves out").length).toBeGreaterThan(0);
	});

	test('Kick drops everything and the streamer re-creates one by hand: the trigger uses it, and deactivation leaves it at Kick', async () => {
		fake.state.subscriptions = [];
		const streamers = madeByHand('channel.followed');
		// Its chat subscription delivered until just now: it counts as alive for one more check.
		await waitFor(
			'chat re-created',
			async () => (subscriptionsOf('chat.message.sent').length === 1 ? true : undefined),
			2 * CHECK_WITHIN_MS,
		);
		expect(subscriptionsOf('channel.followed').map((s) => s.id)).toEqual([streamers]);

		await env.api.deactivate(workflowId);
		await waitFor('its own deleted', async () =>
			subscriptionsOf('chat.message.sent').length === 0 ? true : undefined,
		);
		expect(fake.state.subscriptions.map((s) => s.id)).toEqual([streamers]);
		fake.state.subscriptions = [];
	});
});

describe('several channels, one trigger (an app access token)', () => {
	test('subscribes each of three channels, heals a dropped one, and runs each channel’s events naming the channel', async () => {
		fake.registerClient(TEAM_APP);
		const created = await env.api.createCredential('Kick team app', 'kickOAuth2Api', {
			grantType: 'clientCredentials',
			clientId: TEAM_APP.clientId,
			clientSecret: TEAM_APP.clientSecret,
		});
		const team = { id: created.id, name: created.name };
		const channels = [SEED.streamer, 1003, 1004];
		const { workflow, webhookId } = kickTriggerWorkflow(
			'Team moderation',
			{
				events: ['chat.message.sent', 'moderation.banned'],
				broadcaster: { __rl: true, mode: 'id', value: String(SEED.streamer) },
				moreBroadcasters: 'speedrunner\nhttps://kick.com/chef',
				options: { subscriptionCheckInterval: 1 },
			},
			team,
			2,
		);
		const { id } = await env.api.createWorkflow(workflow);
		const url = `${env.n8n.baseUrl}/webhook/${webhookId}/kick`;
		const ofTeam = () => fake.state.subscriptions.filter((s) => s.app_id === TEAM_APP.clientId);
		expect((await env.api.activate(id)).status).toBe(200);
		await waitFor('six subscriptions', async () => (ofTeam().length === 6 ? true : undefined));
		for (const channel of channels)
			expect(ofTeam().filter((s) => s.broadcaster_user_id === channel)).toHaveLength(2);

		fake.state.subscriptions = fake.state.subscriptions.filter(
			(s) => !(s.app_id === TEAM_APP.clientId && s.broadcaster_user_id === 1003),
		);
		await waitFor(
			'channel 1003 healed',
			async () => (ofTeam().length === 6 ? true : undefined),
			CHECK_WITHIN_MS,
		);

		for (const channel of channels) {
			const payload = fake.samplePayload('moderation.banned', { broadcasterUserId: channel });
			expect(
				(
					await deliverOnceRegistered(
						url,
						fake.signDelivery({ type: 'moderation.banned', payload }),
					)
				).status,
			).toBe(200);
		}
		const runs = await successfulRuns(id, 3);
		const named = [];
		for (const run of runs) named.push((await env.api.nodeOutput(run.id, 'Kick Trigger'))[0].event);
		expect(
			named.map((event) => (event as { broadcasterUserId: number }).broadcasterUserId).sort(),
		).toEqual([...channels].sort());

		await env.api.deactivate(id);
		await waitFor('all unsubscribed', async () => (ofTeam().length === 0 ? true : undefined));
	});
});

describe('the same Drops claim again', () => {
	test('after the replay window (its one-minute Max Event Age), and again after a restart, it runs nothing', async () => {
		const again = () => fake.signDropsClaim(JSON.parse(String(drops.claim?.body)));
		// The tests above took longer than the window and its slice; wait for the rest, if any.
		await sleep(Math.max(0, drops.ranAt + 150_000 - Date.now()));
		expect((await fake.deliver(drops.url, again())).status).toBe(200);
		await sleep(QUIET_MS);
		expect(await claimRuns()).toBe(1);

		await env.n8n.stop();
		env.n8n = new N8nProcess(env.n8n.options);
		await env.n8n.start();
		await env.api.signIn();
		expect((await deliverOnceRegistered(drops.url, again())).status).toBe(200);
		await sleep(QUIET_MS);
		expect(await claimRuns()).toBe(1);
		await env.api.deactivate(drops.id);
	}, 600_000);
});
