import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { quoted } from '../../../shared/copy';
import type { KickResponse } from '../../../shared/transport/request';
import { dataList } from '../../../shared/transport/request';
import { paginateCursor, requestedLimit, returnAllAndLimit } from '../../helpers/pagination';
import { definedFields, nested } from '../../helpers/output';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import type { InputValidator } from '../../helpers/validate';
import { LIST_RULE, validator } from '../../helpers/validate';
import { rewardIdFrom, rewardLocator } from '../../locators/reward';
import { REDEMPTIONS_PATH, redemptionIds } from './ids';

const IDS_FIELD = 'Redemption IDs';

/** Kick groups redemptions by reward; n8n gets one item per redemption with its reward attached. */
function redemptionsWithReward(response: KickResponse): IDataObject[] {
	return dataList(response).flatMap((group) => {
		const redemptions = Array.isArray(group.redemptions)
			? (group.redemptions as IDataObject[])
			: [];
		return redemptions.map((redemption) => ({ ...redemption, reward: group.reward }));
	});
}

/** Kick's query: ids exclude every other filter, so mixing them is refused before any request. */
function redemptionQuery(check: InputValidator, filters: IDataObject): IDataObject {
	const ids = redemptionIds(check, IDS_FIELD, filters.ids);
	const rewardId = rewardIdFrom(
		check,
		'Reward',
		filters.rewardId as INodeParameterResourceLocator | undefined,
		{ required: false },
	);
	const status = filters.status as string | undefined;
	if (ids.length && (rewardId || status)) {
		check.fail(
			IDS_FIELD,
			`cannot be combined with ${quoted(rewardId ? 'Reward' : 'Status')}: Kick allows no other filter when filtering by redemption IDs`,
		);
	}
	if (ids.length) return { id: ids };
	return { ...(rewardId ? { reward_id: rewardId } : {}), ...(status ? { status } : {}) };
}

/** Simplify: the redemption's most used fields, its redeemer's and reward's flattened. */
function simplifyRedemption(redemption: IDataObject): IDataObject {
	const reward = nested(redemption.reward);
	return definedFields({
		id: redemption.id,
		status: redemption.status,
		user_input: redemption.user_input,
		redeemed_at: redemption.redeemed_at,
		redeemer_user_id: nested(redemption.redeemer).user_id,
		reward_id: reward.id,
		reward_title: reward.title,
		reward_cost: reward.cost,
	});
}

export const getManyRewardRedemptions: KickOperation = {
	value: 'getMany',
	simplify: simplifyRedemption,
	token: 'user',
	name: 'Get Many',
	action: 'Get many reward redemptions',
	description:
		'Get the reward redemptions of the credential’s channel, one item per redemption with its reward',
	properties: [
		...returnAllAndLimit(),
		collection('filters', [
			{
				displayName: 'Redemption IDs',
				name: 'ids',
				type: 'string',
				default: '',
				placeholder: 'e.g. 01KEWZ2RKYZZFGD154K50Y3F8D, 01KEWZ2YC27070XWMHKFJR6C87',
				description: `Get these redemptions (any status): redemption IDs (ULIDs), ${LIST_RULE}. Kick allows no other filter together with ${quoted(IDS_FIELD)}.`,
			},
			rewardLocator({
				name: 'rewardId',
				displayName: 'Reward',
				required: false,
				description: 'Only redemptions of this reward',
			}),
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Accepted', value: 'accepted' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Rejected', value: 'rejected' },
				],
				default: 'pending',
				description: `Without this filter (and without ${quoted(IDS_FIELD)}) Kick returns only pending redemptions`,
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const qs = redemptionQuery(
			validator(this, itemIndex),
			this.getNodeParameter('filters', itemIndex, {}) as IDataObject,
		);
		return await paginateCursor.call(this, {
			request: {
				method: 'GET',
				path: REDEMPTIONS_PATH,
				qs,
				scopes: ['channel:rewards:read', 'channel:rewards:write'],
				itemIndex,
			},
			limit: requestedLimit.call(this, itemIndex),
			extract: redemptionsWithReward,
		});
	},
};
