/**
 * The nodes' versions in a real n8n 2.41: a workflow saved with the Kick node's version 1
 * (Livestream › Get Many on Kick's v1 list) keeps working unchanged next to a version 2 node
 * (Kick's v2 list) in the same workflow; a saved version 1 Kick Trigger runs signed deliveries,
 * and so does the same trigger moved to version 2 in its JSON, at the same URL. n8n offers
 * version 3 of the Kick node and version 2 of the trigger to new nodes.
 */
import type { FakeKick } from '../fake-kick/server';
import { connectKickAccount, startEnvironment, stopEnvironment } from './environment';
import type { N8nApi, WorkflowDefinition } from './n8n-api';
import { waitFor } from './n8n-api';
import type { N8nProcess } from './n8n-process';
import {
	type CredentialRef,
	KICK_NODE,
	KICK_TRIGGER_NODE,
	kickNode,
	kickTriggerWorkflow,
	webhookNode,
} from './workflows';

const PORT = Number(process.env.KICK_E2E_N8N_PORT ?? 5690);

let fake: FakeKick;
let n8n: N8nProcess;
let api: N8nApi;
let credential: CredentialRef;

beforeAll(async () => {
	({ fake, n8n, api } = await startEnvironment(PORT));
	const created = await api.createCredential('Kick app', 'kickOAuth2Api', {
		grantType: 'clientCredentials',
		clientId: fake.client.clientId,
		clientSecret: fake.client.clientSecret,
	});
	credential = { id: created.id, name: created.name };
}, 600_000);

afterAll(async () => {
	await stopEnvironment({ fake, n8n, api });
});

/** Webhook → Kick v1 (as the editor saved it before version 2) → Kick v2 (run once). */
function twoVersions(path: string): WorkflowDefinition {
	// n8n saves only parameters that differ from their defaults: operation "getMany" and
	// Return All off are defaults of version 1, so a saved version 1 node has neither.
	const v1 = kickNode(
		{ resource: 'livestream', limit: 2, filters: { sort: 'started_at' } },
		credential,
		{ name: 'Kick v1', typeVersion: 1 },
	);
	const v2 = kickNode({ resource: 'livestream', limit: 2 }, credential, {
		name: 'Kick v2',
		typeVersion: 2,
		position: [440, 0],
		executeOnce: true,
	});
	return {
		name: 'Kick node versions side by side',
		nodes: [webhookNode(path), v1, v2],
		connections: {
			Webhook: { main: [[{ node: 'Kick v1', type: 'main', index: 0 }]] },
			'Kick v1': { main: [[{ node: 'Kick v2', type: 'main', index: 0 }]] },
		},
	};
}

/** The versions n8n lists for a node type, and the one it gives new nodes. */
async function offeredVersions(type: string) {
	const response = await api.http.get('/types/nodes.json');
	const listed = (
		response.data as Array<{ name: string; version: number | number[]; defaultVersion?: number }>
	).filter((description) => description.name === type);
	return {
		versions: listed.flatMap((description) => [description.version].flat()).sort(),
		defaultVersions: [...new Set(listed.map((description) => description.defaultVersion))],
	};
}

const requestsTo = (path: string) =>
	fake.requests.filter((request) => request.host === 'api.kick.com' && request.path === path);

describe('Kick node versions in n8n', () => {
	test('n8n knows versions 1, 2 and 3, version 3 for new nodes', async () => {
		expect(await offeredVersions(KICK_NODE)).toEqual({
			versions: [1, 2, 3],
			defaultVersions: [3],
		});
	});

	test('a version 1 workflow keeps Kick’s v1 list and its answer, next to a version 2 node', async () => {
		const path = 'kick-versions';
		const { id } = await api.createWorkflow(twoVersions(path));
		expect((await api.activate(id)).status).toBeLessThan(400);
		try {
			const response = await waitFor(`webhook ${path}`, async () => {
				const answer = await api.http.post(`/webhook/${path}`, {});
				return answer.status === 404 ? undefined : answer;
			});
			expect(response.status).toBe(200);
		} finally {
			await api.deactivate(id);
		}
		const [execution] = await waitFor('the execution', async () => {
			const done = (await api.executions(id)).filter((run) => run.status === 'success');
			return done.length ? done : undefined;
		});

		// Version 1: Kick's v1 list, asked exactly as before, its objects passed on unchanged.
		const v1Requests = requestsTo('/public/v1/livestreams');
		expect(v1Requests.map((request) => request.query)).toEqual([
			{ limit: ['2'], sort: ['started_at'] },
		]);
		const v1Items = await api.nodeOutput(execution.id, 'Kick v1');
		expect(v1Items).toEqual((v1Requests[0].response as { data: unknown[] }).data);
		expect(v1Items.map((item) => item.slug)).toEqual(['chef', 'streamer']);

		// Version 2: Kick's v2 list (oldest first), simplified by default.
		expect(requestsTo('/public/v2/livestreams').map((request) => request.query)).toEqual([
			{ limit: ['2'] },
		]);
		const v2Items = await api.nodeOutput(execution.id, 'Kick v2');
		expect(v2Items.map((item) => item.channel_slug)).toEqual(['speedrunner', 'streamer']);
		expect(Object.keys(v2Items[0]).length).toBeLessThanOrEqual(10);
		expect(fake.violations).toEqual([]);
	});
});

describe('Kick Trigger versions in n8n', () => {
	test('n8n knows versions 1 and 2, version 2 for new triggers', async () => {
		expect(await offeredVersions(KICK_TRIGGER_NODE)).toEqual({
			versions: [1, 2],
			defaultVersions: [2],
		});
	});

	test('a saved version 1 trigger runs a signed delivery; moved to version 2 in its JSON, the same URL runs the next', async () => {
		const account = await connectKickAccount({ fake, n8n, api }, 'Kick account (trigger)');
		const { workflow, webhookId } = kickTriggerWorkflow(
			'Kick Trigger versions',
			{ events: ['chat.message.sent'] },
			account,
			1,
		);
		const { id } = await api.createWorkflow(workflow);
		const url = `${n8n.baseUrl}/webhook/${webhookId}/kick`;
		const chatSubscriptions = () =>
			fake.state.subscriptions.filter((subscription) => subscription.event === 'chat.message.sent');
		const seen = new Set<string>();

		/** Signed chat deliveries until one runs the trigger at `version`; its delivery and output. */
		async function deliveryRunBy(version: number) {
			return await waitFor(
				`a delivery run by trigger version ${version}`,
				async () => {
					const content = `version ${version}, delivery ${seen.size}`;
					const payload = fake.samplePayload('chat.message.sent', { overrides: { content } });
					const sent = await fake.deliverEvent(url, { type: 'chat.message.sent', payload });
					if (sent.result.status !== 200) return undefined;
					const execution = await waitFor('its execution', async () =>
						(await api.executions(id)).find((run) => !seen.has(run.id) && run.status === 'success'),
					);
					seen.add(execution.id);
					const { nodes } = await api.execution(execution.id);
					const trigger = nodes.find((node) => node.type === KICK_TRIGGER_NODE);
					if (trigger?.typeVersion !== version) return undefined;
					const items = await api.nodeOutput(execution.id, 'Kick Trigger');
					return { content, delivery: sent.delivery, items };
				},
				60_000,
			);
		}

		const expectItemOf = (run: Awaited<ReturnType<typeof deliveryRunBy>>) =>
			expect(run.items).toEqual([
				expect.objectContaining({
					content: run.content,
					event: expect.objectContaining({
						type: 'chat.message.sent',
						messageId: run.delivery.headers['Kick-Event-Message-Id'],
						late: false,
					}),
				}),
			]);

		try {
			expect((await api.activate(id)).status).toBe(200);
			expectItemOf(await deliveryRunBy(1));

			// The move: typeVersion 2 in the saved JSON, the rest (its webhookId) kept; save, publish.
			const saved = await api.getWorkflow(id);
			await api.updateWorkflow(id, {
				nodes: saved.nodes.map((node) =>
					node.type === KICK_TRIGGER_NODE ? { ...node, typeVersion: 2 } : node,
				),
			});
			expect((await api.activate(id)).status).toBe(200);
			expectItemOf(await deliveryRunBy(2));
			// Publishing the new version re-subscribes: one subscription, none left behind.
			await waitFor('one chat subscription', async () =>
				chatSubscriptions().length === 1 ? true : undefined,
			);
		} finally {
			await api.deactivate(id);
		}
		await waitFor('no subscription left', async () =>
			chatSubscriptions().length === 0 ? true : undefined,
		);
		expect(fake.violations).toEqual([]);
	});
});
