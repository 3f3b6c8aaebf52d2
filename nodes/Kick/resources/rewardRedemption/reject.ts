import { decisionOperation } from './decide';

export const rejectRewardRedemptions = decisionOperation({
	value: 'reject',
	name: 'Reject',
	outcome: 'rejected',
});
