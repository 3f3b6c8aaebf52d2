import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { KickRequest, KickResponse } from '../../shared/transport/request';
import { dataList, kickRequest } from '../../shared/transport/request';

/** "Return All" + "Limit", as every list operation in n8n offers them. */
export function returnAllAndLimit(options: { maxLimit?: number } = {}): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(options.maxLimit ? { maxValue: options.maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The number of results the user asked for; undefined means all of them. */
export function requestedLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return this.getNodeParameter('limit', itemIndex, 50) as number;
}

export function applyLimit<T>(results: T[], limit: number | undefined): T[] {
	return limit === undefined ? results : results.slice(0, limit);
}

export interface CursorPagination {
	request: KickRequest;
	limit: number | undefined;
	/** Query parameter carrying the page size, when the endpoint has one. */
	pageSizeParam?: string;
	maxPageSize?: number;
	/** Objects of one page; defaults to the `data` list. */
	extract?: (response: KickResponse) => IDataObject[];
}

/**
 * Follows Kick's `pagination.next_cursor` until the end or until `limit` objects are in hand,
 * asking for the largest page Kick allows (never more than still needed).
 */
export async function paginateCursor(
	this: IExecuteFunctions,
	pagination: CursorPagination,
): Promise<IDataObject[]> {
	const { request, limit, pageSizeParam, maxPageSize } = pagination;
	const extract = pagination.extract ?? dataList;
	const results: IDataObject[] = [];
	let cursor: string | undefined;
	do {
		const qs: IDataObject = { ...request.qs };
		if (pageSizeParam && maxPageSize) {
			qs[pageSizeParam] =
				limit === undefined ? maxPageSize : Math.min(maxPageSize, limit - results.length);
		}
		if (cursor) qs.cursor = cursor;
		const response = await kickRequest.call(this, { ...request, qs });
		results.push(...extract(response));
		cursor = response.pagination?.next_cursor || undefined;
	} while (cursor && (limit === undefined || results.length < limit));
	return applyLimit(results, limit);
}
