import type { IExecuteFunctions } from 'n8n-workflow';

import { KICK_INTROSPECT_PATH } from '../../../shared/kick';
import type { KickRequest } from '../../../shared/transport/request';
import { dataList, kickRequest } from '../../../shared/transport/request';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';

const CURRENT: KickRequest = { method: 'POST', host: 'oauth', path: KICK_INTROSPECT_PATH };
const DEPRECATED: KickRequest = { method: 'POST', path: '/public/v1/token/introspect' };

export const introspectToken: KickOperation = {
	value: 'introspect',
	name: 'Introspect',
	action: 'Introspect token',
	description:
		'Check whether the credential’s access token is active, and its scopes, kind (user or app) and expiry',
	properties: [
		collection('options', [
			{
				displayName: 'Use Deprecated Endpoint',
				name: 'useDeprecatedEndpoint',
				type: 'boolean',
				default: false,
				description:
					'Whether to call the endpoint Kick has deprecated (POST /public/v1/token/introspect on the API host) instead of the current one on the OAuth host',
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { useDeprecatedEndpoint } = this.getNodeParameter('options', itemIndex, {}) as {
			useDeprecatedEndpoint?: boolean;
		};
		return dataList(
			await kickRequest.call(this, {
				...(useDeprecatedEndpoint ? DEPRECATED : CURRENT),
				itemIndex,
			}),
		);
	},
};
