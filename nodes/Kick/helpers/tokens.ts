import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { usesAppToken } from '../../shared/subscriptions';
import type { ExecutionCache, KickTokenKind } from './types';

const NEEDS = {
	user: {
		rule: 'needs a user access token, and this credential holds an app access token (Client Credentials)',
		advice:
			"An app access token belongs to no Kick user, so it has no channel of its own. Use a Kick credential whose 'Grant Type' is Authorization Code (User Access Token), and connect the Kick account.",
	},
	app: {
		rule: 'needs an app access token, and this credential holds a user access token (Authorization Code)',
		advice:
			"Use a Kick credential whose 'Grant Type' is Client Credentials (App Access Token), of a Kick app that belongs to a Kick organization.",
	},
} as const;

/**
 * Fails before any request when the credential holds the wrong kind of token for `what`: Kick
 * would refuse the call anyway, with a less helpful answer. The credential is read once per
 * execution (the cache), not per item.
 */
export async function requireToken(
	this: IExecuteFunctions,
	kind: KickTokenKind,
	what: string,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<void> {
	const appToken = await usesAppToken(this, cache);
	if (appToken === (kind === 'app')) return;
	throw new NodeOperationError(this.getNode(), `${what} ${NEEDS[kind].rule}`, {
		itemIndex,
		description: NEEDS[kind].advice,
	});
}
