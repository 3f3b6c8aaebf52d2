import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { KICK_CREDENTIAL_TYPE } from '../shared/kick';
import { buildProperties, runOperations } from './helpers/router';
import type { KickNodeVersion } from './helpers/versions';
import { listSearch } from './listSearch';
import { resourcesFor } from './resources';

/**
 * One version of the Kick node. Its description holds only the parameters of the operations
 * that version offers: n8n resolves every parameter of a node's description on each run.
 */
export class KickVersion implements INodeType {
	description: INodeTypeDescription;

	methods = { listSearch };

	constructor(baseDescription: INodeTypeBaseDescription, version: KickNodeVersion) {
		this.description = {
			...baseDescription,
			version,
			subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
			defaults: { name: 'Kick' },
			usableAsTool: true,
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: KICK_CREDENTIAL_TYPE, required: true }],
			properties: buildProperties(resourcesFor(version), version),
		};
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations.call(this, resourcesFor(this.getNode().typeVersion));
	}
}
