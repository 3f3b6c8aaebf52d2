import type { KickResource } from '../../helpers/types';
import { createEventSubscription } from './create';
import { deleteEventSubscriptions } from './delete';
import { getManyEventSubscriptions } from './getMany';

export const eventSubscriptionResource: KickResource = {
	value: 'eventSubscription',
	name: 'Event Subscription',
	operations: [createEventSubscription, deleteEventSubscriptions, getManyEventSubscriptions],
};
