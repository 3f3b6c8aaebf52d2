import type { ICredentialType, INodeProperties } from 'n8n-workflow';

// @n8n/community-nodes/credential-test-required: no test property and no node tests it
export class BadApi implements ICredentialType {
	name = 'badApi';

	// n8n-nodes-base/cred-class-field-display-name-miscased: not Title Case
	displayName = 'bad API';

	icon = { light: 'file:bad.svg', dark: 'file:bad.dark.svg' } as const;

	documentationUrl = 'https://example.com/docs';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];
}
