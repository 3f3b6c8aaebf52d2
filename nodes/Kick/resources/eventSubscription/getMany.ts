import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { channelLocator, resolveBroadcasterId } from '../../../shared/channel';
import { dataList, kickRequest } from '../../../shared/transport/request';
import { applyLimit, requestedLimit, returnAllAndLimit } from '../../helpers/pagination';
import { collection } from '../../helpers/properties';
import type { ExecutionCache, KickOperation } from '../../helpers/types';
import { SUBSCRIPTIONS_PATH } from '../../../shared/subscriptions';

async function broadcasterFilter(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<IDataObject | undefined> {
	const { broadcasterUserId } = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const locator = broadcasterUserId as INodeParameterResourceLocator | undefined;
	if (!String(locator?.value ?? '').trim()) return undefined;
	const id = await resolveBroadcasterId(this, locator as INodeParameterResourceLocator, {
		field: 'Channel',
		itemIndex,
		cache,
	});
	return { broadcaster_user_id: id };
}

export const getManyEventSubscriptions: KickOperation = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many event subscriptions',
	description: "Get the webhook event subscriptions of this app (the credential’s 'Client ID')",
	properties: [
		...returnAllAndLimit(),
		collection('filters', [
			channelLocator({
				name: 'broadcasterUserId',
				displayName: 'Channel',
				required: false,
				description: 'Only subscriptions for events of this channel',
			}),
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
		const limit = requestedLimit.call(this, itemIndex);
		// Kick answers with all subscriptions at once: the limit applies here.
		const response = await kickRequest.call(this, {
			method: 'GET',
			path: SUBSCRIPTIONS_PATH,
			qs: await broadcasterFilter.call(this, itemIndex, cache),
			itemIndex,
		});
		return applyLimit(dataList(response), limit);
	},
};
