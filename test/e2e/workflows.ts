/** Workflow JSON as the n8n editor would save it, for the end-to-end suite. */
import { randomUUID } from 'crypto';

import type { WorkflowDefinition, WorkflowNode } from './n8n-api';

export const KICK_NODE = 'n8n-nodes-kick.kick';
export const KICK_TRIGGER_NODE = 'n8n-nodes-kick.kickTrigger';

export interface CredentialRef {
	id: string;
	name: string;
}

/** A Webhook node named "Webhook" answering POST /webhook/<path> with the last node's items. */
export function webhookNode(path: string): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
}

/** Webhook → Kick (version 1 unless told), answering the webhook call with the Kick node's output items. */
export function webhookToKick(
	name: string,
	path: string,
	kickParameters: Record<string, unknown>,
	credential: CredentialRef,
	typeVersion = 1,
): WorkflowDefinition {
	return {
		name,
		nodes: [webhookNode(path), kickNode(kickParameters, credential, { typeVersion })],
		connections: { Webhook: { main: [[{ node: 'Kick', type: 'main', index: 0 }]] } },
	};
}

/** A Kick node named "Kick" (version 1 unless told), right of the start node. */
export function kickNode(
	parameters: Record<string, unknown>,
	credential: CredentialRef,
	overrides: Partial<WorkflowNode> = {},
): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Kick',
		type: KICK_NODE,
		typeVersion: 1,
		position: [220, 0],
		parameters,
		credentials: { kickOAuth2Api: credential },
		...overrides,
	};
}

/** A workflow holding only a Kick Trigger (version 1, as saved before version 2, unless told). */
export function kickTriggerWorkflow(
	name: string,
	parameters: Record<string, unknown>,
	credential: CredentialRef,
	typeVersion = 1,
): { workflow: WorkflowDefinition; webhookId: string } {
	const webhookId = randomUUID();
	return {
		webhookId,
		workflow: {
			name,
			nodes: [
				{
					id: randomUUID(),
					name: 'Kick Trigger',
					type: KICK_TRIGGER_NODE,
					typeVersion,
					position: [0, 0],
					webhookId,
					parameters,
					credentials: { kickOAuth2Api: credential },
				},
			],
			connections: {},
		},
	};
}

/** Kick Trigger → Kick: the Kick node runs once per event. Both nodes version 1 unless told. */
export function kickTriggerToKick(
	name: string,
	triggerParameters: Record<string, unknown>,
	kickParameters: Record<string, unknown>,
	credential: CredentialRef,
	versions: { trigger?: number; kick?: number } = {},
): { workflow: WorkflowDefinition; webhookId: string } {
	const { workflow, webhookId } = kickTriggerWorkflow(
		name,
		triggerParameters,
		credential,
		versions.trigger,
	);
	workflow.nodes.push(kickNode(kickParameters, credential, { typeVersion: versions.kick ?? 1 }));
	workflow.connections = { 'Kick Trigger': { main: [[{ node: 'Kick', type: 'main', index: 0 }]] } };
	return { workflow, webhookId };
}

/**
 * Kick Trigger (version 2) → a No Operation node named `next`: it runs only for what the trigger
 * lets through, so its runs count the events that really ran.
 */
export function kickTriggerToNoOp(
	name: string,
	triggerParameters: Record<string, unknown>,
	credential: CredentialRef,
	next: string,
): { workflow: WorkflowDefinition; webhookId: string } {
	const { workflow, webhookId } = kickTriggerWorkflow(name, triggerParameters, credential, 2);
	workflow.nodes.push({
		id: randomUUID(),
		name: next,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [220, 0],
		parameters: {},
	});
	workflow.connections = { 'Kick Trigger': { main: [[{ node: next, type: 'main', index: 0 }]] } };
	return { workflow, webhookId };
}
