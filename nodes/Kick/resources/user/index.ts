import type { KickResource } from '../../helpers/types';
import { getManyUsers } from './getMany';

export const userResource: KickResource = {
	value: 'user',
	name: 'User',
	operations: [getManyUsers],
};
