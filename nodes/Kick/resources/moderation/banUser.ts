import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import { collection } from '../../helpers/properties';
import type { ExecutionCache, KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import { BAN_SCOPES, BANS_PATH, moderationTarget, moderationTargetProperties } from './target';

const MAX_TIMEOUT_MINUTES = 10080; // 7 days
const MAX_REASON_LENGTH = 100;

type BanType = 'permanent' | 'timeout';

export const banUser: KickOperation = {
	value: 'banUser',
	name: 'Ban User',
	action: 'Ban or time out user',
	description:
		'Ban a user from a channel’s chat for good, or time them out for some minutes: they cannot chat there until it ends or is lifted',
	properties: [
		...moderationTargetProperties('ban or time out'),
		{
			displayName: 'Ban Type',
			name: 'banType',
			type: 'options',
			options: [
				{ name: 'Permanent', value: 'permanent', description: 'Banned until someone unbans them' },
				{ name: 'Timeout', value: 'timeout', description: 'Kick lifts the ban after the duration' },
			],
			default: 'permanent',
			description:
				"How long the ban lasts: until someone lifts it, or a timeout that ends by itself after 'Duration (Minutes)'",
		},
		{
			displayName: 'Duration (Minutes)',
			name: 'duration',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_MINUTES },
			default: 10,
			required: true,
			description: 'How long the timeout lasts: 1 to 10080 minutes (7 days)',
			displayOptions: { show: { banType: ['timeout'] } },
		},
		collection('additionalFields', [
			{
				displayName: 'Reason',
				name: 'reason',
				type: 'string',
				default: '',
				placeholder: 'e.g. Spamming links',
				description: 'Why the user is banned, at most 100 characters',
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
		const check = validator(this, itemIndex);
		const banType = this.getNodeParameter('banType', itemIndex) as BanType;
		// Kick: no duration = permanent ban; a duration = timeout.
		const duration =
			banType === 'timeout'
				? check.integer('Duration (Minutes)', this.getNodeParameter('duration', itemIndex), {
						min: 1,
						max: MAX_TIMEOUT_MINUTES,
					})
				: undefined;
		const { reason } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const reasonText =
			reason === undefined || reason === ''
				? undefined
				: check.length('Reason', String(reason), { max: MAX_REASON_LENGTH });
		const body: IDataObject = { ...(await moderationTarget.call(this, itemIndex, cache)) };
		if (duration !== undefined) body.duration = duration;
		if (reasonText !== undefined) body.reason = reasonText;
		await kickRequest.call(this, {
			method: 'POST',
			path: BANS_PATH,
			body,
			scopes: BAN_SCOPES,
			itemIndex,
		});
		return [{ success: true, banType, ...body }];
	},
};
