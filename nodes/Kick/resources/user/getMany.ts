import type { IExecuteFunctions } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import { LIST_RULE, validator } from '../../helpers/validate';
import { requireToken } from '../../helpers/tokens';
import type { ExecutionCache, KickOperation } from '../../helpers/types';

export const getManyUsers: KickOperation = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many users',
	description: 'Get Kick users by ID, or the user the credential belongs to',
	properties: [
		{
			displayName: 'User IDs',
			name: 'userIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1001, 2002',
			description: `Kick user IDs (numbers), ${LIST_RULE}. Leave empty to get the user the credential belongs to (needs a user access token with user:read).`,
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
		const ids = validator(this, itemIndex).integerList(
			'User IDs',
			this.getNodeParameter('userIds', itemIndex, ''),
		);
		if (!ids.length)
			await requireToken.call(
				this,
				'user',
				'User IDs left empty (your own user)',
				itemIndex,
				cache,
			);
		const response = await kickRequest.call(this, {
			method: 'GET',
			path: '/public/v1/users',
			qs: ids.length ? { id: [...new Set(ids)] } : undefined,
			scopes: ['user:read'],
			itemIndex,
		});
		return dataList(response);
	},
};
