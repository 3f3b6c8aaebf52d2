import type { KickResource } from '../../helpers/types';
import { banUser } from './banUser';
import { unbanUser } from './unbanUser';

export const moderationResource: KickResource = {
	value: 'moderation',
	name: 'Moderation',
	operations: [banUser, unbanUser],
};
