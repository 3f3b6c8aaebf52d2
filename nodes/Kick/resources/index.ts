import type { KickResource } from '../helpers/types';
import { categoryResource } from './category';
import { channelResource } from './channel';
import { channelRewardResource } from './channelReward';
import { chatMessageResource } from './chatMessage';
import { eventSubscriptionResource } from './eventSubscription';
import { kicksResource } from './kicks';
import { livestreamResource } from './livestream';
import { moderationResource } from './moderation';
import { publicKeyResource } from './publicKey';
import { rewardRedemptionResource } from './rewardRedemption';
import { tokenResource } from './token';
import { userResource } from './user';

/** Every resource of the Kick node, in the order the resource list shows them (most used first). */
export const RESOURCES: readonly KickResource[] = [
	chatMessageResource,
	channelResource,
	channelRewardResource,
	rewardRedemptionResource,
	moderationResource,
	livestreamResource,
	categoryResource,
	userResource,
	kicksResource,
	eventSubscriptionResource,
	publicKeyResource,
	tokenResource,
].filter((resource) => resource.operations.length > 0);
