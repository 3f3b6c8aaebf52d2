/**
 * n8n-nodes-kick inside a real n8n 2.41, used the way a streamer uses it: the package installed
 * like n8n's Community Nodes installer does, a credential connected through Kick's OAuth flow,
 * workflows executed over n8n's own HTTP API, the trigger activated and fed signed events.
 * Kick is the local fake (test/fake-kick), answering as Kick's docs say or as live Kick was
 * recorded answering (its two modes: this file runs once in each); n8n reaches it as
 * https://api.kick.com and https://id.kick.com through a --require preload and
 * NODE_EXTRA_CA_CERTS on its process only.
 */
import { generateKeyPairSync, sign } from 'crypto';
import { testCertificates } from '../fake-kick/certs';
import type { FakeKick } from '../fake-kick/server';
import { SEED } from '../fake-kick/server';
import { startEnvironment, stopEnvironment } from './environment';
import { type N8nApi, waitFor } from './n8n-api';
import type { N8nProcess } from './n8n-process';
import { type CredentialRef, kickTriggerWorkflow, webhookToKick } from './workflows';

const PORT = Number(process.env.KICK_E2E_N8N_PORT ?? 5690);
const CHOSEN_SCOPES = [
	'user:read',
	'channel:read',
	'channel:write',
	'channel:rewards:read',
	'channel:rewards:write',
	'chat:write',
	'events:subscribe',
	'moderation:ban',
	'moderation:chat_message:manage',
	'kicks:read',
];

let fake: FakeKick;
let n8n: N8nProcess;
let api: N8nApi;
let userCredential: CredentialRef;
let appCredential: CredentialRef;

beforeAll(async () => {
	({ fake, n8n, api } = await startEnvironment(PORT));
}, 600_000);

afterAll(async () => {
	await stopEnvironment({ fake, n8n, api });
});

/** Runs a Webhook → Kick workflow once through its production URL; returns the Kick node's items. */
async function runKick(
	path: string,
	parameters: Record<string, unknown>,
	credential = userCredential,
	kickVersion = 1,
): Promise<{ status: number; items: Array<Record<string, unknown>>; workflowId: string }> {
	const { id } = await api.createWorkflow(
		webhookToKick(`Kick ${path}`, path, parameters, credential, kickVersion),
	);
	const activation = await api.activate(id);
	expect(activation.status).toBeLessThan(400);
	try {
		const response = await waitFor(`webhook ${path}`, async () => {
			const answer = await api.http.post(`/webhook/${path}`, {});
			return answer.status === 404 ? undefined : answer;
		});
		const body = response.data as unknown;
		return {
			status: response.status,
			items: (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown>>,
			workflowId: id,
		};
	} finally {
		await api.deactivate(id);
	}
}

interface KickNodeError {
	message: string;
	description?: string | null;
	httpCode: string;
}

/** The error the Kick node's run ended with, as n8n stored it (what the user sees in the editor). */
async function kickError(workflowId: string): Promise<KickNodeError> {
	const execution = await waitFor(
		'the failed execution',
		async () => (await api.executions(workflowId))[0],
	);
	const { runData } = await api.execution(execution.id);
	return runData.Kick[0].error as unknown as KickNodeError;
}

const apiRequests = (method: string, path: string) =>
	fake.requests.filter(
		(request) =>
			request.method === method && request.path === path && request.host === 'api.kick.com',
	);

describe('installing', () => {
	test('n8n loads the packed package as a community package', async () => {
		const names = await api.nodeTypeNames();
		expect(names).toEqual(
			expect.arrayContaining(['n8n-nodes-kick.kick', 'n8n-nodes-kick.kickTrigger']),
		);
	});
});

describe('credential', () => {
	test('connects a user access token through Kick OAuth with PKCE and the secret in the body', async () => {
		const client = fake.client;
		const created = await api.createCredential('Kick streamer', 'kickOAuth2Api', {
			clientId: client.clientId,
			clientSecret: client.clientSecret,
			scopes: CHOSEN_SCOPES,
		});
		userCredential = { id: created.id, name: created.name };
		const { authorizeUrl, callbackStatus, callbackBody } = await api.connectOAuth2(
			created.id,
			testCertificates().caPem,
		);

		expect(authorizeUrl.host).toBe('id.kick.com');
		expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
		expect(authorizeUrl.searchParams.get('scope')).toBe(CHOSEN_SCOPES.join(' '));
		expect(callbackStatus).toBe(200);
		expect(callbackBody).not.toMatch(/error/i);
		const exchange = fake.tokenRequests.find(
			(request) => request.grantType === 'authorization_code',
		);
		expect(exchange).toMatchObject({
			status: 200,
			clientIdInBody: true,
			clientSecretInBody: true,
			basicAuthHeader: false,
		});
		expect(exchange?.bodyFields).toEqual(
			expect.arrayContaining([
				'code',
				'code_verifier',
				'redirect_uri',
				'client_id',
				'client_secret',
			]),
		);
	});

	test('uses an app access token from the client credentials grant', async () => {
		const created = await api.createCredential('Kick app', 'kickOAuth2Api', {
			grantType: 'clientCredentials',
			clientId: fake.client.clientId,
			clientSecret: fake.client.clientSecret,
		});
		appCredential = { id: created.id, name: created.name };
		const { items } = await runKick(
			'kick-app-users',
			{ resource: 'user', operation: 'getMany', userIds: `${SEED.streamer}` },
			appCredential,
		);
		expect(items).toEqual([expect.objectContaining({ user_id: SEED.streamer, name: 'streamer' })]);
		const grant = fake.tokenRequests.find((request) => request.grantType === 'client_credentials');
		expect(grant).toMatchObject({ status: 200, clientIdInBody: true, clientSecretInBody: true });
	});
});

describe('Kick node workflows', () => {
	test('user › get many: the connected user', async () => {
		const { items } = await runKick('kick-me', { resource: 'user', operation: 'getMany' });
		expect(items).toEqual([expect.objectContaining({ user_id: SEED.streamer, name: 'streamer' })]);
		expect(apiRequests('GET', '/public/v1/users').at(-1)?.query).toEqual({});
	});

	test('channel › update: retitles the stream', async () => {
		const { items } = await runKick('kick-retitle', {
			resource: 'channel',
			operation: 'update',
			updateFields: { streamTitle: 'Speedrun night from n8n' },
		});
		expect(items).toEqual([
			expect.objectContaining({ success: true, stream_title: 'Speedrun night from n8n' }),
		]);
		expect(fake.state.channel(SEED.streamer)?.stream_title).toBe('Speedrun night from n8n');
	});

	test('an expired access token is refreshed by n8n with the client secret in the body', async () => {
		const lastUse = apiRequests('GET', '/public/v1/users').at(-1);
		const token = String(lastUse?.headers.authorization).replace(/^Bearer /, '');
		fake.expireAccessToken(token);
		const { items } = await runKick('kick-after-expiry', {
			resource: 'user',
			operation: 'getMany',
		});
		expect(items).toEqual([expect.objectContaining({ user_id: SEED.streamer })]);
		const refresh = fake.tokenRequests.find((request) => request.grantType === 'refresh_token');
		expect(refresh).toMatchObject({
			status: 200,
			clientIdInBody: true,
			clientSecretInBody: true,
			basicAuthHeader: false,
		});
		const calls = apiRequests('GET', '/public/v1/users').slice(-2);
		expect(calls.map((call) => call.status)).toEqual([401, 200]);
	});

	test("Kick errors reach the user with Kick's message and a hint", async () => {
		fake.failNext({
			method: 'PATCH',
			path: '/public/v1/channels',
			status: 403,
			body: { message: 'missing scope channel:write', data: null },
		});
		const { status, workflowId } = await runKick('kick-forbidden', {
			resource: 'channel',
			operation: 'update',
			updateFields: { streamTitle: 'nope' },
		});
		expect(status).toBe(500);
		const error = await kickError(workflowId);
		expect(error.message).toBe('Kick refused the request (403): missing scope channel:write');
		expect(error.description).toMatch(/needs a user access token with the scope channel:write/);
		expect(error.httpCode).toBe('403');
	});
});

describe("Kick as it really answers: Kick's words reach the user", () => {
	const retitle = {
		resource: 'channel',
		operation: 'update',
		updateFields: { streamTitle: 'Blocked at the edge?' },
	};

	test("a 400: Kick's detail, once (the recorded {data, message: 'Bad request'} body in recorded mode)", async () => {
		const { status, workflowId } = await runKick('kick-bad-category', {
			resource: 'channel',
			operation: 'update',
			updateFields: { categoryId: { __rl: true, mode: 'id', value: '99999' } },
		});
		expect(status).toBe(500);
		const answer = apiRequests('PATCH', '/public/v1/channels').at(-1)?.response;
		expect(answer).toEqual(
			fake.mode === 'recorded'
				? { data: 'category_id 99999 does not exist', message: 'Bad request' }
				: { message: 'category_id 99999 does not exist', data: null },
		);
		const error = await kickError(workflowId);
		expect(error.message).toBe('Kick answered 400: category_id 99999 does not exist');
		expect(error.httpCode).toBe('400');
	});

	test('a 401 Kick keeps answering after the refresh: the credential is rejected, with what Kick said', async () => {
		fake.failNext({
			method: 'PATCH',
			path: '/public/v1/channels',
			status: 401,
			times: 2,
			body: { data: {}, message: 'Unauthorized' },
		});
		const { workflowId } = await runKick('kick-unauthorized', retitle);
		const error = await kickError(workflowId);
		expect(error.message).toBe('Kick rejected the credential (401): Unauthorized');
		expect(error.description).toMatch(/reconnect it/);
	});

	test("id.kick.com's error: its description and code", async () => {
		fake.failNext({
			method: 'POST',
			path: '/oauth/revoke',
			status: 400,
			body: { error: 'invalid_request', error_description: 'token is malformed' },
		});
		const { workflowId } = await runKick('kick-oauth-error', {
			resource: 'token',
			operation: 'revoke',
			token: 'not-a-token',
			tokenTypeHint: 'access_token',
		});
		expect((await kickError(workflowId)).message).toBe(
			'Kick answered 400: token is malformed (invalid_request)',
		);
	});

	test("Kick's edge block: blocked by Kick's edge, the reference to quote, try later; no scope hint", async () => {
		fake.blockAtEdge({ method: 'PATCH', path: '/public/v1/channels', reference: 'c0ffee42' });
		const { workflowId } = await runKick('kick-edge-block', retitle);
		const error = await kickError(workflowId);
		expect(error.message).toBe(
			"Kick's edge network blocked the request (403): Request blocked by security policy. (reference c0ffee42)",
		);
		expect(error.httpCode).toBe('403');
		expect(error.description).toContain('not about the credential, its token or its scopes');
		expect(error.description).toContain('Try again later');
		expect(error.description).toContain('quote the reference c0ffee42');
		expect(error.description).not.toMatch(/scope channel:write/);
	});

	test('Chat Message › Send as the bot: sent (documented); Kick’s 500 with the known issue and the fix (recorded)', async () => {
		const { status, items, workflowId } = await runKick(
			'kick-chat-bot',
			{ resource: 'chatMessage', operation: 'send', type: 'bot', content: 'beep' },
			userCredential,
			3,
		);
		if (fake.mode === 'documented') {
			expect(status).toBe(200);
			expect(items).toEqual([expect.objectContaining({ is_sent: true })]);
			return;
		}
		expect(status).toBe(500);
		const error = await kickError(workflowId);
		expect(error.message).toBe(
			'Kick failed to post the message as the bot, a known Kick issue (500): Internal server error',
		);
		expect(error.description).toContain('KickDevDocs issue #343');
		expect(error.description).toContain("Set 'Send As' to 'User'");
	});

	test('Chat Message › Send as a new node adds it (version 3): the user writes in its own channel', async () => {
		const { status, items } = await runKick(
			'kick-chat-default',
			{ resource: 'chatMessage', operation: 'send', content: 'hello from a new node' },
			userCredential,
			3,
		);
		expect(status).toBe(200);
		expect(items).toEqual([expect.objectContaining({ is_sent: true })]);
		expect(fake.state.chatMessages.at(-1)).toMatchObject({
			type: 'user',
			content: 'hello from a new node',
			sender_user_id: SEED.streamer,
			broadcaster_user_id: SEED.streamer,
		});
	});
});

describe('Kick Trigger', () => {
	let workflowId: string;
	let webhookUrl: string;
	const CHOSEN_EVENTS = ['chat.message.sent', 'channel.followed'];
	const appSubscriptions = () =>
		fake.state.subscriptions.filter(
			(subscription) => subscription.broadcaster_user_id === SEED.streamer,
		);
	const executionCount = async () => (await api.executions(workflowId)).length;

	async function expectExecutions(count: number): Promise<void> {
		// Rejected deliveries must start nothing: give n8n time to (wrongly) start one, then count.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await executionCount()).toBe(count);
	}

	test('activation subscribes the chosen events on Kick', async () => {
		const { workflow, webhookId } = kickTriggerWorkflow(
			'Kick events',
			{ events: CHOSEN_EVENTS },
			userCredential,
		);
		({ id: workflowId } = await api.createWorkflow(workflow));
		webhookUrl = `${n8n.baseUrl}/webhook/${webhookId}/kick`;
		const activation = await api.activate(workflowId);
		expect(activation.status).toBe(200);
		const subscribed = await waitFor('the subscriptions', async () =>
			appSubscriptions().length === 2 ? appSubscriptions() : undefined,
		);
		expect(subscribed.map((subscription) => subscription.event).sort()).toEqual(
			[...CHOSEN_EVENTS].sort(),
		);
	});

	test('a signed event starts one execution with the documented item', async () => {
		const payload = fake.samplePayload('chat.message.sent', { overrides: { content: '!uptime' } });
		const { delivery, result } = await waitFor('the production webhook', async () => {
			const sent = await fake.deliverEvent(webhookUrl, { type: 'chat.message.sent', payload });
			return sent.result.status === 404 ? undefined : sent;
		});
		expect(result.status).toBe(200);
		const [execution] = await waitFor('the execution', async () => {
			const executions = await api.executions(workflowId);
			return executions.length === 1 && executions[0].status === 'success' ? executions : undefined;
		});
		const [item] = await api.nodeOutput(execution.id, 'Kick Trigger');
		expect(item).toMatchObject({
			content: '!uptime',
			broadcaster: expect.objectContaining({ user_id: SEED.streamer }),
			event: {
				type: 'chat.message.sent',
				version: 1,
				messageId: delivery.headers['Kick-Event-Message-Id'],
				subscriptionId: appSubscriptions().find(
					(subscription) => subscription.event === 'chat.message.sent',
				)?.id,
				timestamp: delivery.headers['Kick-Event-Message-Timestamp'],
			},
		});
	});

	test('forged, tampered, unsigned, too old and replayed deliveries start nothing', async () => {
		const before = await executionCount();
		const genuine = fake.signDelivery({
			type: 'chat.message.sent',
			payload: fake.samplePayload('chat.message.sent'),
		});

		const tampered = await fake.deliver(webhookUrl, {
			...genuine,
			body: genuine.body.replace('"content":"', '"content":"pwned '),
		});
		const forgedSignature = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
		const forged = fake.signDelivery({
			type: 'chat.message.sent',
			payload: fake.samplePayload('chat.message.sent'),
		});
		const forgedHeaders = {
			...forged.headers,
			'Kick-Event-Signature': sign(
				'sha256',
				Buffer.from(
					`${forged.headers['Kick-Event-Message-Id']}.${forged.headers['Kick-Event-Message-Timestamp']}.${forged.body}`,
				),
				forgedSignature,
			).toString('base64'),
		};
		const forgedResult = await fake.deliver(webhookUrl, { ...forged, headers: forgedHeaders });
		const { 'Kick-Event-Signature': _dropped, ...unsignedHeaders } = genuine.headers;
		const unsigned = await fake.deliver(webhookUrl, { ...genuine, headers: unsignedHeaders });
		const stale = await fake.deliver(
			webhookUrl,
			fake.signDelivery({
				type: 'chat.message.sent',
				payload: fake.samplePayload('chat.message.sent'),
				timestamp: new Date(Date.now() - 2 * 3_600_000).toISOString(),
			}),
		);
		expect([tampered.status, forgedResult.status, unsigned.status]).toEqual([401, 401, 401]);
		// Genuine but older than Max Event Age: acknowledged (so Kick stops retrying), not run.
		expect(stale.status).toBe(200);

		expect((await fake.deliver(webhookUrl, genuine)).status).toBe(200);
		await waitFor('the genuine execution', async () =>
			(await executionCount()) === before + 1 ? true : undefined,
		);
		const replayed = await fake.deliver(webhookUrl, genuine);
		expect(replayed.status).toBe(200);
		const unchosen = await fake.deliverEvent(webhookUrl, { type: 'kicks.gifted' });
		expect(unchosen.result.status).toBe(200);
		await expectExecutions(before + 1);
	});

	test('after an n8n restart the subscriptions are still there and events still arrive', async () => {
		const before = await executionCount();
		await n8n.stop();
		await n8n.start();
		await api.signIn();
		expect(
			appSubscriptions()
				.map((subscription) => subscription.event)
				.sort(),
		).toEqual([...CHOSEN_EVENTS].sort());
		const sent = await waitFor('the webhook after restart', async () => {
			const attempt = await fake.deliverEvent(webhookUrl, { type: 'channel.followed' });
			return attempt.result.status === 404 ? undefined : attempt;
		});
		expect(sent.result.status).toBe(200);
		await waitFor('the execution after restart', async () =>
			(await executionCount()) === before + 1 ? true : undefined,
		);
	});

	test('deactivation removes the subscriptions from Kick', async () => {
		expect((await api.deactivate(workflowId)).status).toBe(200);
		await waitFor('no subscriptions left', async () =>
			appSubscriptions().length === 0 ? true : undefined,
		);
		const lastDelete = fake.requests
			.filter(
				(request) =>
					request.method === 'DELETE' && request.path === '/public/v1/events/subscriptions',
			)
			.at(-1);
		expect(lastDelete?.query.id).toHaveLength(2);
	});

	// After the user-token trigger is gone: both credentials use the same Kick app.
	test('with an app access token and a Broadcaster: subscribes that channel, runs its signed event, removes the subscription', async () => {
		const SPEEDRUNNER = 1003;
		const channelSubscriptions = () =>
			fake.state.subscriptions.filter(
				(subscription) => subscription.broadcaster_user_id === SPEEDRUNNER,
			);
		const { workflow, webhookId } = kickTriggerWorkflow(
			'Kick events (app token)',
			{
				events: ['chat.message.sent'],
				broadcaster: { __rl: true, mode: 'id', value: `${SPEEDRUNNER}` },
			},
			appCredential,
			2,
		);
		const { id } = await api.createWorkflow(workflow);
		expect((await api.activate(id)).status).toBe(200);
		const [subscription] = await waitFor('the subscription', async () =>
			channelSubscriptions().length === 1 ? channelSubscriptions() : undefined,
		);
		expect(subscription.event).toBe('chat.message.sent');

		const payload = fake.samplePayload('chat.message.sent', {
			broadcasterUserId: SPEEDRUNNER,
			overrides: { content: 'app token' },
		});
		await waitFor('the production webhook', async () => {
			const sent = await fake.deliverEvent(`${n8n.baseUrl}/webhook/${webhookId}/kick`, {
				type: 'chat.message.sent',
				payload,
			});
			return sent.result.status === 404 ? undefined : sent;
		});
		const [execution] = await waitFor('the execution', async () => {
			const runs = await api.executions(id);
			return runs.length === 1 && runs[0].status === 'success' ? runs : undefined;
		});
		expect(await api.nodeOutput(execution.id, 'Kick Trigger')).toEqual([
			expect.objectContaining({
				content: 'app token',
				broadcaster: expect.objectContaining({ user_id: SPEEDRUNNER }),
				event: expect.objectContaining({ subscriptionId: subscription.id }),
			}),
		]);

		expect((await api.deactivate(id)).status).toBe(200);
		await waitFor('no subscription left', async () =>
			channelSubscriptions().length === 0 ? true : undefined,
		);
	});
});
