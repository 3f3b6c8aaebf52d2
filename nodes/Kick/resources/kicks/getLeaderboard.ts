import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dataObject, kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';

const PERIODS = ['lifetime', 'month', 'week'] as const;

export const getKicksLeaderboard: KickOperation = {
	value: 'getLeaderboard',
	token: 'user',
	name: 'Get Leaderboard',
	action: 'Get KICKs leaderboard',
	description: 'Get the top KICKs gifters of the credential’s channel, one item per entry',
	properties: [
		{
			displayName: 'Top',
			name: 'top',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 10,
			description: 'How many entries from the top of each leaderboard (1 to 100)',
		},
		{
			displayName: 'Period',
			name: 'period',
			type: 'options',
			options: [
				{ name: 'All Periods', value: 'all', description: 'Lifetime, this month and this week' },
				{ name: 'Lifetime', value: 'lifetime' },
				{ name: 'This Month', value: 'month' },
				{ name: 'This Week', value: 'week' },
			],
			default: 'all',
			description:
				"Which leaderboard to return: lifetime, this month, this week, or all three; each item’s 'period' field says which",
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const top = validator(this, itemIndex).integer(
			'Top',
			this.getNodeParameter('top', itemIndex, 10),
			{ min: 1, max: 100 },
		);
		const period = this.getNodeParameter('period', itemIndex, 'all') as string;
		const leaderboard = dataObject(
			await kickRequest.call(this, {
				method: 'GET',
				path: '/public/v1/kicks/leaderboard',
				qs: { top },
				scopes: ['kicks:read'],
				itemIndex,
			}),
		);
		return PERIODS.filter((name) => period === 'all' || period === name).flatMap((name) =>
			((leaderboard[name] as IDataObject[] | undefined) ?? []).map((entry) => ({
				period: name,
				...entry,
			})),
		);
	},
};
