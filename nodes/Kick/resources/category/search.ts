import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import { applyLimit, requestedLimit, returnAllAndLimit } from '../../helpers/pagination';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';

// Kick's v1 search answers 100 categories per page.
const PAGE_SIZE = 100;

export const searchCategories: KickOperation = {
	value: 'search',
	name: 'Search (Deprecated)',
	action: 'Search categories (deprecated by Kick)',
	description: 'Search categories by a word (deprecated by Kick: prefer Get Many with names)',
	properties: [
		{
			displayName:
				"Kick has deprecated this endpoint; Get Many with the 'Names' filter replaces it",
			name: 'deprecatedNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Search Query',
			name: 'q',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. rust',
			description: 'Text to look for in category names, at least 1 character',
		},
		...returnAllAndLimit(),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const q = validator(this, itemIndex).length(
			'Search Query',
			String(this.getNodeParameter('q', itemIndex)).trim(),
			{ min: 1 },
		);
		const limit = requestedLimit.call(this, itemIndex);
		const results: IDataObject[] = [];
		for (let page = 1; ; page++) {
			const response = await kickRequest.call(this, {
				method: 'GET',
				path: '/public/v1/categories',
				qs: { q, page },
				itemIndex,
			});
			const categories = dataList(response);
			results.push(...categories);
			if (categories.length < PAGE_SIZE || (limit !== undefined && results.length >= limit)) break;
		}
		return applyLimit(results, limit);
	},
};
