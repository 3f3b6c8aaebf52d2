import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { dataObject, kickRequest } from '../../../shared/transport/request';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import { rewardIdFrom, rewardLocator } from '../../locators/reward';
import {
	REWARD_FORBIDDEN_HINT,
	REWARD_WRITE_SCOPES,
	rewardFields,
	rewardBody,
	rewardPath,
} from './fields';

export const updateChannelReward: KickOperation = {
	value: 'update',
	token: 'user',
	name: 'Update',
	action: 'Update channel reward',
	description:
		"Change a channel reward; Kick allows it only for rewards created with this credential’s 'Client ID'",
	properties: [
		rewardLocator({
			name: 'rewardId',
			displayName: 'Reward',
			description:
				'The reward to change: pick one of the channel’s rewards or give its ID (a ULID)',
		}),
		collection(
			'updateFields',
			rewardFields([
				'backgroundColor',
				'cost',
				'description',
				'isEnabled',
				'isPaused',
				'shouldRedemptionsSkipRequestQueue',
				'title',
				'isUserInputRequired',
			]),
		),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const locator = this.getNodeParameter('rewardId', itemIndex) as INodeParameterResourceLocator;
		const rewardId = rewardIdFrom(check, 'Reward', locator, { required: true }) as string;
		const body = rewardBody(
			check,
			this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
		);
		if (!Object.keys(body).length) check.fail('Update Fields', 'add at least one field to change');
		const response = await kickRequest.call(this, {
			method: 'PATCH',
			path: rewardPath(rewardId),
			body,
			scopes: REWARD_WRITE_SCOPES,
			forbiddenHint: REWARD_FORBIDDEN_HINT,
			itemIndex,
		});
		return [dataObject(response)];
	},
};
