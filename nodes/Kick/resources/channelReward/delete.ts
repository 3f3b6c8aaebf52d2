import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import { rewardIdFrom, rewardLocator } from '../../locators/reward';
import { REWARD_FORBIDDEN_HINT, REWARD_WRITE_SCOPES, rewardPath } from './fields';

export const deleteChannelReward: KickOperation = {
	value: 'delete',
	deletes: true,
	token: 'user',
	name: 'Delete',
	action: 'Delete channel reward',
	description:
		"Delete a channel reward for good; Kick allows it only for rewards created with this credential’s 'Client ID'",
	properties: [
		rewardLocator({
			name: 'rewardId',
			displayName: 'Reward',
			description:
				'The reward to delete, for good: pick one of the channel’s rewards or give its ID (a ULID)',
		}),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const locator = this.getNodeParameter('rewardId', itemIndex) as INodeParameterResourceLocator;
		const rewardId = rewardIdFrom(validator(this, itemIndex), 'Reward', locator, {
			required: true,
		}) as string;
		await kickRequest.call(this, {
			method: 'DELETE',
			path: rewardPath(rewardId),
			scopes: REWARD_WRITE_SCOPES,
			forbiddenHint: REWARD_FORBIDDEN_HINT,
			itemIndex,
		});
		return [{ success: true, rewardId }];
	},
};
