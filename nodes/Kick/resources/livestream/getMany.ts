import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import { unique } from '../../helpers/collections';
import { returnAllAndLimit } from '../../helpers/pagination';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import { categoryIdFrom, categoryLocator } from '../../locators/category';

// Kick's v1 livestream list has no cursor: one request returns at most 100 streams.
const MAX_LIMIT = 100;
const MAX_BROADCASTERS = 50;

export const getManyLivestreams: KickOperation = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many livestreams',
	description:
		'List live streams, by viewers or start time, optionally of some channels, a category or a language',
	properties: [
		...returnAllAndLimit({ maxLimit: MAX_LIMIT }).map((property) =>
			property.name === 'returnAll'
				? {
						...property,
						hint: 'Kick returns at most 100 livestreams per request, so All means the top 100',
					}
				: property,
		),
		collection('filters', [
			{
				displayName: 'Broadcaster User IDs',
				name: 'broadcasterUserIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 668, 1001',
				description: 'Only these channels (up to 50 broadcaster user IDs, separated by commas)',
			},
			categoryLocator({ name: 'categoryId', displayName: 'Category' }),
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. en',
				description: 'Language code of the stream',
			},
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'options',
				options: [
					{ name: 'Started At', value: 'started_at' },
					{ name: 'Viewer Count', value: 'viewer_count' },
				],
				default: 'viewer_count',
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll
			? MAX_LIMIT
			: check.integer('Limit', this.getNodeParameter('limit', itemIndex, 50), {
					min: 1,
					max: MAX_LIMIT,
				});
		const broadcasters = check.items(
			'Broadcaster User IDs',
			unique(check.integerList('Broadcaster User IDs', filters.broadcasterUserIds)),
			{ max: MAX_BROADCASTERS },
		);
		const qs: IDataObject = { limit };
		if (broadcasters.length) qs.broadcaster_user_id = broadcasters;
		const categoryId = categoryIdFrom(
			check,
			'Category',
			filters.categoryId as INodeParameterResourceLocator | undefined,
		);
		if (categoryId !== undefined) qs.category_id = categoryId;
		if (typeof filters.language === 'string' && filters.language.trim())
			qs.language = filters.language.trim();
		if (filters.sort) qs.sort = filters.sort;
		const response = await kickRequest.call(this, {
			method: 'GET',
			path: '/public/v1/livestreams',
			qs,
			itemIndex,
		});
		return dataList(response);
	},
};
