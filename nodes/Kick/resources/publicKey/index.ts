import type { KickResource } from '../../helpers/types';
import { getPublicKey } from './get';

export const publicKeyResource: KickResource = {
	value: 'publicKey',
	name: 'Public Key',
	operations: [getPublicKey],
};
