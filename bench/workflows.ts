/**
 * The workflows the benchmark runs side by side: the package's chat bot (A; A1 with a trigger
 * saved at version 1), the same bot built by hand from n8n's own nodes (B, and B0 without the
 * signature check), the trigger alone and n8n's Webhook node (with and without a credential), and
 * the per-item node comparison. Every node is at the version the 2.41 editor adds today.
 */
import { randomUUID } from 'crypto';

import type { WorkflowDefinition, WorkflowNode } from '../test/e2e/n8n-api';
import { type CredentialRef, kickTriggerToKick, kickTriggerWorkflow } from '../test/e2e/workflows';

const WEBHOOK = { type: 'n8n-nodes-base.webhook', typeVersion: 2.1 };
const HTTP_REQUEST = { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5 };
const CODE = { type: 'n8n-nodes-base.code', typeVersion: 2 };
const SPLIT_OUT = { type: 'n8n-nodes-base.splitOut', typeVersion: 1 };
/** The package’s nodes as the editor adds them now (the bot workloads still set Send As to Bot: the fake runs documented). */
export const LATEST = { trigger: 2, kick: 3 };

/** The chat reply of every bot workload: "<prefix> <Kick message id>", so each reply is countable. */
export const replyContent = (prefix: string, messageIdExpression: string) =>
	`={{ ${JSON.stringify(`${prefix} `)} + ${messageIdExpression} }}`;

function webhookNode(path: string, options: Record<string, unknown> = {}): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Webhook',
		...WEBHOOK,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options },
	};
}

function chain(name: string, nodes: WorkflowNode[]): WorkflowDefinition {
	const connections: Record<string, unknown> = {};
	nodes.forEach((node, index) => {
		node.position = [index * 220, 0];
		const next = nodes[index + 1];
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections };
}

/** HTTP Request node posting a bot chat message with the Kick credential, as a user sets it up. */
function sendChatWithHttpRequest(content: string, credential: CredentialRef): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'HTTP Request',
		...HTTP_REQUEST,
		position: [0, 0],
		parameters: {
			method: 'POST',
			url: 'https://api.kick.com/public/v1/chat',
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'kickOAuth2Api',
			sendBody: true,
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: [
					{ name: 'type', value: 'bot' },
					{ name: 'content', value: content },
				],
			},
			options: {},
		},
		credentials: { kickOAuth2Api: credential },
	};
}

/**
 * What a user writes in a Code node to check Kick's signature: Kick's public key pasted in,
 * `crypto.verify` over `<message id>.<timestamp>.<raw body>`, stale timestamps dropped (n8n
 * needs NODE_FUNCTION_ALLOW_BUILTIN=crypto for the require). Forged or stale deliveries give no
 * item, so nothing is sent; the webhook has already answered 200.
 */
export function verifyKickSignatureCode(publicKeyPem: string, maxAgeMs: number): string {
	return `const crypto = require('crypto');
const KICK_PUBLIC_KEY = ${JSON.stringify(publicKeyPem)};
const MAX_AGE_MS = ${maxAgeMs};
const verified = [];
for (const [index, item] of $input.all().entries()) {
	const headers = item.json.headers;
	const id = headers['kick-event-message-id'];
	const timestamp = headers['kick-event-message-timestamp'];
	const signature = headers['kick-event-signature'];
	if (!id || !timestamp || !signature) continue;
	if (!(Math.abs(Date.now() - Date.parse(timestamp)) <= MAX_AGE_MS)) continue;
	const rawBody = await this.helpers.getBinaryDataBuffer(index, 'data');
	const signed = Buffer.concat([Buffer.from(id + '.' + timestamp + '.'), rawBody]);
	if (!crypto.verify('sha256', signed, KICK_PUBLIC_KEY, Buffer.from(signature, 'base64'))) continue;
	verified.push({ json: { messageId: id, event: item.json.body } });
}
return verified;`;
}

export interface Workload {
	/** Short key (results.json, --only). */
	key: string;
	label: string;
	workflow: WorkflowDefinition;
	/** Path under /webhook/. */
	path: string;
	/** Prefix of the chat reply each delivery produces; none for workloads that do not reply. */
	replyPrefix?: string;
	/** Extra headers every delivery carries (a Header Auth secret). */
	headers?: Record<string, string>;
}

/** The workloads with a Kick Trigger: each needs a Kick app of its own (one active trigger per app). */
export const TRIGGER_WORKLOADS = ['A', 'A1', 'trigger'] as const;
export type TriggerWorkload = (typeof TRIGGER_WORKLOADS)[number];

export interface WorkloadContext {
	/** The Kick credential of the hand-built bots (A's app). */
	credential: CredentialRef;
	/** The Kick credential of each trigger workload, each of another Kick app. */
	kickApps: Record<TriggerWorkload, CredentialRef>;
	headerAuth: CredentialRef;
	publicKeyPem: string;
	maxAgeMs: number;
}

export const HEADER_AUTH = { name: 'X-Bench-Secret', value: 'bench-secret' };

/** A: Kick Trigger (chat) → Kick › Chat Message › Send; A1: the same, trigger saved at version 1. */
function packageBot(ctx: WorkloadContext, key: 'A' | 'A1', triggerVersion: number): Workload {
	const credential = ctx.kickApps[key];
	const { workflow, webhookId } = kickTriggerToKick(
		`Bench ${key}: Kick Trigger v${triggerVersion} → Kick`,
		{ events: ['chat.message.sent'] },
		{
			resource: 'chatMessage',
			operation: 'send',
			type: 'bot',
			content: replyContent(key, '$json.event.messageId'),
		},
		credential,
		{ ...LATEST, trigger: triggerVersion },
	);
	const label =
		key === 'A'
			? 'A: Kick Trigger (chat) → Kick › Chat Message › Send'
			: 'A1: A with the trigger saved at version 1';
	return { key, label, workflow, path: `${webhookId}/kick`, replyPrefix: key };
}

/** B: Webhook (Raw Body) → Code (signature + age) → HTTP Request (Kick credential). */
function handBuiltBot(ctx: WorkloadContext): Workload {
	const path = 'bench-b';
	const code: WorkflowNode = {
		id: randomUUID(),
		name: 'Verify Kick Signature',
		...CODE,
		position: [0, 0],
		parameters: { jsCode: verifyKickSignatureCode(ctx.publicKeyPem, ctx.maxAgeMs) },
	};
	return {
		key: 'B',
		label: 'B: Webhook (Raw Body) → Code (RSA signature, age) → HTTP Request',
		workflow: chain('Bench B: Webhook → Code → HTTP Request', [
			webhookNode(path, { rawBody: true }),
			code,
			sendChatWithHttpRequest(replyContent('B', '$json.messageId'), ctx.credential),
		]),
		path,
		replyPrefix: 'B',
	};
}

/** B0: Webhook → HTTP Request, nothing verified. */
function uncheckedBot(ctx: WorkloadContext): Workload {
	const path = 'bench-b0';
	return {
		key: 'B0',
		label: 'B0: Webhook → HTTP Request (no verification)',
		workflow: chain('Bench B0: Webhook → HTTP Request', [
			webhookNode(path),
			sendChatWithHttpRequest(
				replyContent('B0', '$json.headers["kick-event-message-id"]'),
				ctx.credential,
			),
		]),
		path,
		replyPrefix: 'B0',
	};
}

function triggerAlone(ctx: WorkloadContext): Workload {
	const { workflow, webhookId } = kickTriggerWorkflow(
		'Bench trigger alone',
		{ events: ['chat.message.sent'] },
		ctx.kickApps.trigger,
		LATEST.trigger,
	);
	return { key: 'trigger', label: 'Kick Trigger alone', workflow, path: `${webhookId}/kick` };
}

function plainWebhook(): Workload {
	const path = 'bench-webhook';
	return {
		key: 'webhook',
		label: 'n8n Webhook node alone',
		workflow: chain('Bench Webhook alone', [webhookNode(path)]),
		path,
	};
}

/** The Webhook node holding a credential (Header Auth), as the Kick Trigger holds one. */
function credentialedWebhook(ctx: WorkloadContext): Workload {
	const path = 'bench-webhook-credential';
	const node = webhookNode(path);
	node.parameters.authentication = 'headerAuth';
	node.credentials = { httpHeaderAuth: ctx.headerAuth };
	return {
		key: 'webhookCredential',
		label: 'n8n Webhook node with a Header Auth credential',
		workflow: chain('Bench Webhook with a credential', [node]),
		path,
		headers: { [HEADER_AUTH.name]: HEADER_AUTH.value },
	};
}

/** Every delivery workload, in the order a round runs them (rotated each round). */
export function deliveryWorkloads(ctx: WorkloadContext): Workload[] {
	return [
		packageBot(ctx, 'A', LATEST.trigger),
		packageBot(ctx, 'A1', 1),
		handBuiltBot(ctx),
		uncheckedBot(ctx),
		triggerAlone(ctx),
		plainWebhook(),
		credentialedWebhook(ctx),
	];
}

/** Webhook (answers with the last node's items) → Split Out (one item per id) → `node`. */
export function perItemWorkflow(
	name: string,
	path: string,
	node: WorkflowNode,
): WorkflowDefinition {
	const webhook = webhookNode(path);
	webhook.parameters = {
		...webhook.parameters,
		responseMode: 'lastNode',
		responseData: 'allEntries',
	};
	const split: WorkflowNode = {
		id: randomUUID(),
		name: 'Split Out',
		...SPLIT_OUT,
		position: [0, 0],
		parameters: { fieldToSplitOut: 'body.users', options: {} },
	};
	return chain(name, [webhook, split, node]);
}

/** The per-item pair: Kick › User › Get Many and the same call with HTTP Request. */
export function perItemNodes(credential: CredentialRef): {
	kick: WorkflowNode;
	http: WorkflowNode;
} {
	return {
		kick: {
			id: randomUUID(),
			name: 'Kick',
			type: 'n8n-nodes-kick.kick',
			typeVersion: LATEST.kick,
			position: [0, 0],
			parameters: { resource: 'user', operation: 'getMany', userIds: '={{ $json.id }}' },
			credentials: { kickOAuth2Api: credential },
		},
		http: {
			id: randomUUID(),
			name: 'HTTP Request',
			...HTTP_REQUEST,
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
		},
	};
}
