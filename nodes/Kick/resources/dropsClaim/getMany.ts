import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { trimmedText } from '../../../shared/text';
import type { KickResponse } from '../../../shared/transport/request';
import { dataObject } from '../../../shared/transport/request';
import { compact } from '../../helpers/collections';
import { paginateCursor, requestedLimit, returnAllAndLimit } from '../../helpers/pagination';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import { fromVersion } from '../../helpers/versions';
import { validator } from '../../helpers/validate';
import { claimId, DROPS_CLAIMS_PATH, DROPS_FORBIDDEN_HINT } from './claims';

// Kick's docs: `limit` defaults to 10, at most 1000.
const MAX_PAGE_SIZE = 1000;

/** Kick's answer: `{data: {claims: [...], cursor}}`; the cursor is the last claim id of the page. */
const claimsOf = (response: KickResponse): IDataObject[] => {
	const { claims } = dataObject(response);
	return Array.isArray(claims) ? (claims as IDataObject[]) : [];
};
const cursorOf = (response: KickResponse): unknown => dataObject(response).cursor;

export const getManyDropsClaims: KickOperation = {
	value: 'getMany',
	name: 'Get Many',
	token: 'app',
	versions: fromVersion(2),
	action: 'Get many Drops claims',
	description:
		'List the reward claims of your Drops campaigns, optionally of one campaign, user, claim or external status',
	properties: [
		...returnAllAndLimit(),
		collection('filters', [
			{
				displayName: 'Campaign ID',
				name: 'campaignId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 01JAXK8N4QWRTY5PM7ZEBVJDS8',
				description: 'Only claims of this Drops campaign (its ID from kick.com)',
			},
			{
				displayName: 'Claim ID',
				name: 'claimId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 01KAAFHJ2PNXS48NG8XXPGWKCZ',
				description:
					"Only this claim (a ULID, e.g. 'claim_id' from the Kick Trigger’s Drops event)",
			},
			{
				displayName: 'External Status',
				name: 'externalStatus',
				type: 'string',
				default: '',
				placeholder: 'e.g. processed',
				description:
					'Only claims with this external status, the text your app set with Update (exact match)',
			},
			{
				displayName: 'User ID',
				name: 'userId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1234',
				description: 'Only claims of this Kick user (a user ID, a number)',
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const claim = trimmedText(filters.claimId);
		const user = trimmedText(filters.userId);
		const qs = compact({
			campaign_id: trimmedText(filters.campaignId),
			claim_id: claim === undefined ? undefined : claimId(check, 'Claim ID', claim),
			external_status: trimmedText(filters.externalStatus),
			user_id: user === undefined ? undefined : check.integer('User ID', user, { min: 1 }),
		});
		return await paginateCursor.call(this, {
			request: {
				method: 'GET',
				path: DROPS_CLAIMS_PATH,
				qs,
				forbiddenHint: DROPS_FORBIDDEN_HINT,
				itemIndex,
			},
			limit: requestedLimit.call(this, itemIndex),
			pageSizeParam: 'limit',
			maxPageSize: MAX_PAGE_SIZE,
			extract: claimsOf,
			nextCursor: cursorOf,
		});
	},
};
