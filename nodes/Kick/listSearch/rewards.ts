import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { dataList, kickRequest } from '../../shared/transport/request';
import { REWARD_READ_SCOPES, REWARDS_PATH } from '../resources/channelReward/fields';

/** The rewards of the credential's channel (Kick allows at most 15, so one page). */
export async function searchRewards(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const response = await kickRequest.call(this, {
		method: 'GET',
		path: REWARDS_PATH,
		scopes: REWARD_READ_SCOPES,
	});
	const needle = filter?.trim().toLowerCase();
	return {
		results: dataList(response)
			.filter((reward) => !needle || String(reward.title).toLowerCase().includes(needle))
			.map((reward) => ({ name: `${reward.title} (${reward.cost})`, value: String(reward.id) })),
	};
}
