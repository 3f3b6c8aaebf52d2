import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { KICK_REVOKE_PATH } from '../../../shared/kick';
import { kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';

export const revokeToken: KickOperation = {
	value: 'revoke',
	name: 'Revoke',
	action: 'Revoke token',
	description:
		'Revoke an access or refresh token of this app for good: whatever uses it, a Kick credential too, stops working',
	properties: [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The access or refresh token to revoke; it stops working at once and cannot be restored',
		},
		{
			displayName: 'Token Type Hint',
			name: 'tokenTypeHint',
			type: 'options',
			options: [
				{ name: 'Access Token', value: 'access_token' },
				{ name: 'None', value: '' },
				{ name: 'Refresh Token', value: 'refresh_token' },
			],
			default: '',
			description: 'Which kind of token it is, to help Kick find it',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const token = validator(this, itemIndex).length(
			'Token',
			String(this.getNodeParameter('token', itemIndex)).trim(),
			{ min: 1 },
		);
		const tokenTypeHint = this.getNodeParameter('tokenTypeHint', itemIndex, '') as string;
		const qs: IDataObject = { token };
		if (tokenTypeHint) qs.token_type_hint = tokenTypeHint;
		await kickRequest.call(this, {
			method: 'POST',
			host: 'oauth',
			path: KICK_REVOKE_PATH,
			qs,
			itemIndex,
		});
		return [{ success: true, ...(tokenTypeHint ? { tokenTypeHint } : {}) }];
	},
};
