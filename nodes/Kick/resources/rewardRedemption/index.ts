import type { KickResource } from '../../helpers/types';
import { acceptRewardRedemptions } from './accept';
import { getManyRewardRedemptions } from './getMany';
import { rejectRewardRedemptions } from './reject';

export const rewardRedemptionResource: KickResource = {
	value: 'rewardRedemption',
	name: 'Reward Redemption',
	operations: [acceptRewardRedemptions, getManyRewardRedemptions, rejectRewardRedemptions],
};
