import type { IExecuteFunctions } from 'n8n-workflow';

import { KICK_WEBHOOK_SIGNER_PATH } from '../../../shared/kick';
import { dataList, kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';

export const getPublicKey: KickOperation = {
	value: 'get',
	name: 'Get',
	action: 'Get Kick’s public key',
	description:
		'Get the PEM public key Kick signs webhook deliveries with (the Kick Trigger checks them for you)',
	properties: [],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return dataList(
			await kickRequest.call(this, { method: 'GET', path: KICK_WEBHOOK_SIGNER_PATH, itemIndex }),
		);
	},
};
