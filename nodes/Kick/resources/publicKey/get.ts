import type { IExecuteFunctions } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';

export const getPublicKey: KickOperation = {
	value: 'get',
	name: 'Get',
	action: 'Get Kick’s public key',
	description: 'Get the PEM public key Kick signs webhook deliveries with (the Kick Trigger checks them for you)',
	properties: [],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return dataList(await kickRequest.call(this, { method: 'GET', path: '/public/v1/public-key', itemIndex }));
	},
};
