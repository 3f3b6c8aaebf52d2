import type { IExecuteFunctions } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import { chunk, unique } from '../../helpers/collections';
import type { KickOperation } from '../../helpers/types';
import { LIST_RULE, validator } from '../../helpers/validate';
import { SUBSCRIBE_SCOPES, SUBSCRIPTIONS_PATH } from '../../../shared/subscriptions';

// Kick sets no limit; batches keep each URL (about 30 characters per id) well under 4 KB.
const MAX_IDS_PER_REQUEST = 100;

export const deleteEventSubscriptions: KickOperation = {
	value: 'delete',
	deletes: true,
	name: 'Delete',
	action: 'Delete event subscriptions',
	description:
		'Delete webhook event subscriptions of this app for good: Kick stops delivering those events, a Kick Trigger using them too',
	properties: [
		{
			displayName: 'Subscription IDs',
			name: 'ids',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 01HZ8X9K2M4N6P8Q0R2S4T6V8W, 01HZ8X9K2M4N6P8Q0R2S4T6V8X',
			description: `IDs of the subscriptions to delete (from Event Subscription › Get Many or Create), ${LIST_RULE}`,
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const ids = check.items(
			'Subscription IDs',
			unique(check.list('Subscription IDs', this.getNodeParameter('ids', itemIndex))),
			{ min: 1 },
		);
		for (const part of chunk(ids, MAX_IDS_PER_REQUEST)) {
			await kickRequest.call(this, {
				method: 'DELETE',
				path: SUBSCRIPTIONS_PATH,
				qs: { id: part },
				scopes: SUBSCRIBE_SCOPES,
				itemIndex,
			});
		}
		return ids.map((subscriptionId) => ({ success: true, subscriptionId }));
	},
};
