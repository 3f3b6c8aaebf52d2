import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

// Each marked line breaks one rule that n8n's checks apply; test/tooling/n8n-lint.test.ts
// asserts that `npm run lint` and `npm run scan` both report it.
// prefer-const (n8n-node lint's ESLint recommended rules):
let subtitle = '={{$parameter["title"]}}';

export class Bad implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bad',
		name: 'bad',
		// @n8n/community-nodes/icon-validation: the files do not exist
		icon: { light: 'file:bad.svg', dark: 'file:bad.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description: 'Lint fixture for the rules of n8n-node lint and the community package scanner',
		defaults: { name: 'Bad' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				// n8n-nodes-base/node-param-display-name-miscased: not Title Case
				displayName: 'stream title',
				name: 'title',
				type: 'string',
				default: '',
				// n8n-nodes-base/node-param-description-excess-final-period
				description: 'The new title of the stream.',
			},
			{
				displayName: 'Notify Followers',
				name: 'notifyFollowers',
				type: 'boolean',
				default: false,
				// n8n-nodes-base/node-param-description-boolean-without-whether
				description: 'Sends a notification to followers',
			},
		],
	};
}
