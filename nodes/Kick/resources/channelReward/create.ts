import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dataObject, kickRequest } from '../../../shared/transport/request';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import {
	REWARD_WRITE_SCOPES,
	REWARDS_PATH,
	requiredRewardField,
	rewardBody,
	rewardFields,
} from './fields';

export const createChannelReward: KickOperation = {
	value: 'create',
	token: 'user',
	name: 'Create',
	action: 'Create channel reward',
	description:
		'Create a channel points reward on the credential’s channel (at most 15 per channel)',
	properties: [
		requiredRewardField('title', 'e.g. Song Request'),
		requiredRewardField('cost', 'e.g. 100'),
		collection(
			'additionalFields',
			rewardFields([
				'backgroundColor',
				'description',
				'isEnabled',
				'shouldRedemptionsSkipRequestQueue',
				'isUserInputRequired',
			]),
		),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const fields: IDataObject = {
			...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
			title: this.getNodeParameter('title', itemIndex),
			cost: this.getNodeParameter('cost', itemIndex),
		};
		const body = rewardBody(validator(this, itemIndex), fields);
		const response = await kickRequest.call(this, {
			method: 'POST',
			path: REWARDS_PATH,
			body,
			scopes: REWARD_WRITE_SCOPES,
			itemIndex,
		});
		return [dataObject(response)];
	},
};
