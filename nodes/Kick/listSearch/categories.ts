import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { dataList, kickRequest } from '../../shared/transport/request';
import { characterCount, firstCharacters } from '../helpers/validate';

const PAGE_SIZE = 100;

/** Kick's v2 category list, filtered by name once the user typed the 3 letters Kick needs. */
export async function searchCategories(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const name = filter?.trim();
	const response = await kickRequest.call(this, {
		method: 'GET',
		path: '/public/v2/categories',
		qs: {
			limit: PAGE_SIZE,
			...(name && characterCount(name) >= 3 ? { name: firstCharacters(name, 100) } : {}),
			...(paginationToken ? { cursor: paginationToken } : {}),
		},
	});
	return {
		results: dataList(response).map((category) => ({
			name: String(category.name),
			value: String(category.id),
		})),
		paginationToken: response.pagination?.next_cursor || undefined,
	};
}
