import type { IExecuteFunctions } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import { applyLimit, requestedLimit, returnAllAndLimit } from '../../helpers/pagination';
import type { KickOperation } from '../../helpers/types';
import { REWARD_READ_SCOPES, REWARDS_PATH } from './fields';

export const getManyChannelRewards: KickOperation = {
	value: 'getMany',
	token: 'user',
	name: 'Get Many',
	action: 'Get many channel rewards',
	description:
		'Get the channel points rewards of the credential’s channel, enabled and disabled (Kick allows at most 15)',
	properties: returnAllAndLimit(),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const limit = requestedLimit.call(this, itemIndex);
		// Kick answers with every reward at once (never more than 15): the limit applies here.
		const response = await kickRequest.call(this, {
			method: 'GET',
			path: REWARDS_PATH,
			scopes: REWARD_READ_SCOPES,
			itemIndex,
		});
		return applyLimit(dataList(response), limit);
	},
};
