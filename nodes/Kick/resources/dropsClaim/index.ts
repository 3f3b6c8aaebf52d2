import type { KickResource } from '../../helpers/types';
import { getManyDropsClaims } from './getMany';
import { updateDropsClaims } from './update';

export const dropsClaimResource: KickResource = {
	value: 'dropsClaim',
	name: 'Drops Claim',
	description: 'Reward claims of your Drops campaigns (Kick organization apps only)',
	operations: [getManyDropsClaims, updateDropsClaims],
};
