import type { IExecuteFunctions } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';

export const getLivestreamStats: KickOperation = {
	value: 'getStats',
	name: 'Get Stats',
	action: 'Get livestream stats',
	description: 'Get how many streams are live on Kick right now',
	properties: [],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return dataList(
			await kickRequest.call(this, {
				method: 'GET',
				path: '/public/v1/livestreams/stats',
				itemIndex,
			}),
		);
	},
};
