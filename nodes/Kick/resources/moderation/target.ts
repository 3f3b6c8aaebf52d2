import type {
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { channelLocator, resolveBroadcasterId } from '../../../shared/channel';
import type { ExecutionCache } from '../../helpers/types';
import { validator } from '../../helpers/validate';

export const BANS_PATH = '/public/v1/moderation/bans';
export const BAN_SCOPES = ['moderation:ban'];

/** Who is (un)banned where: the channel and the user, as both ban endpoints take them. */
export function moderationTargetProperties(action: string): INodeProperties[] {
	return [
		channelLocator({
			name: 'broadcasterUserId',
			displayName: 'Channel',
			description:
				'The channel whose chat this applies to, one you are the broadcaster or a moderator of: pick it, or give its slug, URL or broadcaster user ID',
		}),
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 333',
			description: `Kick user ID (a number) of the user to ${action}, e.g. the sender's 'user_id' from the Kick Trigger's chat event`,
		},
	];
}

export interface ModerationTarget {
	broadcaster_user_id: number;
	user_id: number;
}

export async function moderationTarget(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<ModerationTarget> {
	const userId = validator(this, itemIndex).integer(
		'User ID',
		this.getNodeParameter('userId', itemIndex),
		{ min: 1 },
	);
	const channel = this.getNodeParameter(
		'broadcasterUserId',
		itemIndex,
	) as INodeParameterResourceLocator;
	const broadcasterUserId = await resolveBroadcasterId(this, channel, {
		field: 'Channel',
		itemIndex,
		cache,
	});
	return { broadcaster_user_id: broadcasterUserId, user_id: userId };
}
