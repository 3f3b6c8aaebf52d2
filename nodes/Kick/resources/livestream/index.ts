import type { KickResource } from '../../helpers/types';
import { getManyLivestreams } from './getMany';
import { getLivestreamStats } from './getStats';

export const livestreamResource: KickResource = {
	value: 'livestream',
	name: 'Livestream',
	operations: [getManyLivestreams, getLivestreamStats],
};
