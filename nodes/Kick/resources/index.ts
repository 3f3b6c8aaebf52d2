import type { KickResource } from '../helpers/types';
import { KICK_NODE_VERSIONS, offeredIn } from '../helpers/versions';
import { categoryResource } from './category';
import { channelResource } from './channel';
import { channelRewardResource } from './channelReward';
import { chatMessageResource } from './chatMessage';
import { dropsClaimResource } from './dropsClaim';
import { eventSubscriptionResource } from './eventSubscription';
import { kicksResource } from './kicks';
import { livestreamResource } from './livestream';
import { moderationResource } from './moderation';
import { publicKeyResource } from './publicKey';
import { rewardRedemptionResource } from './rewardRedemption';
import { tokenResource } from './token';
import { userResource } from './user';

/**
 * Every resource of the Kick node, in the order it declares them: the first resource and each
 * resource's first operation are the defaults (saved workflows rely on them: keep them first).
 */
const ALL_RESOURCES: readonly KickResource[] = [
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
	dropsClaimResource,
];

function offeredBy(version: number): readonly KickResource[] {
	return ALL_RESOURCES.map((resource) => ({
		...resource,
		operations: resource.operations.filter((operation) => offeredIn(operation.versions, version)),
	})).filter((resource) => resource.operations.length > 0);
}

const BY_VERSION = new Map<number, readonly KickResource[]>(
	KICK_NODE_VERSIONS.map((version) => [version, offeredBy(version)]),
);

/** The resources and operations one version of the node offers. */
export function resourcesFor(version: number): readonly KickResource[] {
	const resources = BY_VERSION.get(version);
	if (!resources) throw new Error(`The Kick node has no version ${version}`);
	return resources;
}
