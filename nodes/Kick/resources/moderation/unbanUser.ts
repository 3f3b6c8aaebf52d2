import type { IExecuteFunctions } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import type { ExecutionCache, KickOperation } from '../../helpers/types';
import { BAN_SCOPES, BANS_PATH, moderationTarget, moderationTargetProperties } from './target';

export const unbanUser: KickOperation = {
	value: 'unbanUser',
	name: 'Unban User',
	action: 'Unban user',
	description: 'Lift a ban or a timeout of a user in a channel’s chat',
	properties: moderationTargetProperties('unban'),
	async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
		const body = await moderationTarget.call(this, itemIndex, cache);
		await kickRequest.call(this, {
			method: 'DELETE',
			path: BANS_PATH,
			body: { ...body },
			scopes: BAN_SCOPES,
			itemIndex,
		});
		return [{ success: true, ...body }];
	},
};
