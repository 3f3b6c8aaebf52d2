import type { KickResource } from '../../helpers/types';
import { getKicksLeaderboard } from './getLeaderboard';

export const kicksResource: KickResource = {
	value: 'kicks',
	name: 'KICKs',
	operations: [getKicksLeaderboard],
};
