import type { KickResource } from '../../helpers/types';
import { createChannelReward } from './create';
import { deleteChannelReward } from './delete';
import { getManyChannelRewards } from './getMany';
import { updateChannelReward } from './update';

export const channelRewardResource: KickResource = {
	value: 'channelReward',
	name: 'Channel Reward',
	operations: [
		createChannelReward,
		deleteChannelReward,
		getManyChannelRewards,
		updateChannelReward,
	],
};
