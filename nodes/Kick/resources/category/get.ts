import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import { categoryIdFrom, categoryLocator } from '../../locators/category';

export const getCategory: KickOperation = {
	value: 'get',
	name: 'Get (Deprecated)',
	action: 'Get category (deprecated by Kick)',
	description: 'Get one category with its tags and viewer count (deprecated by Kick)',
	properties: [
		{
			displayName: "Kick has deprecated this endpoint; Get Many with the 'IDs' filter replaces it",
			name: 'deprecatedNotice',
			type: 'notice',
			default: '',
		},
		categoryLocator({
			name: 'categoryId',
			displayName: 'Category',
			required: true,
			description:
				'The category: pick one (type at least 3 letters to search) or give its ID, a number',
		}),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const id = categoryIdFrom(
			check,
			'Category',
			this.getNodeParameter('categoryId', itemIndex) as INodeParameterResourceLocator,
		);
		if (id === undefined) check.fail('Category', 'choose a category');
		const response = await kickRequest.call(this, {
			method: 'GET',
			path: `/public/v1/categories/${id}`,
			itemIndex,
		});
		return dataList(response);
	},
};
