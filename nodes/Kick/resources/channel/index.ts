import type { KickResource } from '../../helpers/types';
import { getManyChannels } from './getMany';
import { updateChannel } from './update';

export const channelResource: KickResource = {
	value: 'channel',
	name: 'Channel',
	operations: [getManyChannels, updateChannel],
};
