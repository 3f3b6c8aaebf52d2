import type { KickResource } from '../../helpers/types';
import { introspectToken } from './introspect';
import { revokeToken } from './revoke';

export const tokenResource: KickResource = {
	value: 'token',
	name: 'Token',
	operations: [introspectToken, revokeToken],
};
