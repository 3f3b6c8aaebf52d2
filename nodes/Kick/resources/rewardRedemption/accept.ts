import { decisionOperation } from './decide';

export const acceptRewardRedemptions = decisionOperation({
	value: 'accept',
	name: 'Accept',
	outcome: 'accepted',
});
