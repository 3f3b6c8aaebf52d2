import type { KickResource } from '../helpers/types';
import { channelResource } from './channel';
import { userResource } from './user';

/** Every resource of the Kick node, in the order the resource list shows them. */
export const RESOURCES: readonly KickResource[] = [
	channelResource,
	userResource,
];
