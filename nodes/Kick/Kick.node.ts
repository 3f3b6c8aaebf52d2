import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { KICK_CREDENTIAL_TYPE } from '../shared/kick';
import { buildProperties, runOperations } from './helpers/router';
import { listSearch } from './listSearch';
import { RESOURCES } from './resources';

export class Kick implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kick',
		name: 'kick',
		icon: { light: 'file:kick.svg', dark: 'file:kick.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Chat, channels, rewards, moderation, livestreams and events on Kick.com',
		defaults: { name: 'Kick' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: KICK_CREDENTIAL_TYPE, required: true }],
		properties: buildProperties(RESOURCES),
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations.call(this, RESOURCES);
	}
}
