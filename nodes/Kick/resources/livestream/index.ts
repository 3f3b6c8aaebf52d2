import type { KickResource } from '../../helpers/types';
import { getManyLivestreams } from './getMany';
import { getManyLivestreamsV1, getManyLivestreamsV1Deprecated } from './getManyV1';
import { getLivestreamStats } from './getStats';

export const livestreamResource: KickResource = {
	value: 'livestream',
	name: 'Livestream',
	// Get Many first in each version: it is the default operation.
	operations: [
		getManyLivestreams,
		getManyLivestreamsV1,
		getManyLivestreamsV1Deprecated,
		getLivestreamStats,
	],
};
