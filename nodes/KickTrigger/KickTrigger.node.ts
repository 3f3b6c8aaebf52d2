import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { KICK_CREDENTIAL_TYPE, KICK_EVENTS } from '../shared/kick';

export class KickTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kick Trigger',
		name: 'kickTrigger',
		icon: { light: 'file:kick.svg', dark: 'file:kick.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Kick sends an event',
		defaults: { name: 'Kick Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: KICK_CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'kick' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: KICK_EVENTS.map((event) => ({ name: event.displayName, value: event.name, description: event.description })),
				default: [],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { webhookResponse: 'ok', workflowData: [this.helpers.returnJsonArray([this.getBodyData()])] };
	}
}
