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
	/** The next page's cursor; defaults to `pagination.next_cursor`. */
	nextCursor?: (response: KickResponse) => unknown;
	/**
	 * For lists whose cursor location is not confirmed by Kick: a full page without a cursor may
	 * mean the cursor is elsewhere, so the run warns that Kick may hold more.
	 */
	warnOnFullPageWithoutCursor?: boolean;
}

const paginationCursor = (response: KickResponse): unknown => response.pagination?.next_cursor;

/**
 * Follows Kick's cursor until the end or until `limit` objects are in hand, asking for the
 * largest page Kick allows (never more than still needed). It ends when Kick gives no cursor,
 * an empty page, or a cursor it gave before: a repeated cursor would loop forever, so the list
 * stops there and the run shows a warning that Kick may hold more.
 */
export async function paginateCursor(
	this: IExecuteFunctions,
	pagination: CursorPagination,
): Promise<IDataObject[]> {
	const { request, limit, pageSizeParam, maxPageSize } = pagination;
	const extract = pagination.extract ?? dataList;
	const nextCursor = pagination.nextCursor ?? paginationCursor;
	const results: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const qs: IDataObject = { ...request.qs };
		const pageSize =
			pageSizeParam && maxPageSize
				? Math.min(maxPageSize, limit === undefined ? maxPageSize : limit - results.length)
				: undefined;
		if (pageSizeParam && pageSize !== undefined) qs[pageSizeParam] = pageSize;
		if (cursor) {
			qs.cursor = cursor;
			seen.add(cursor);
		}
		const response = await kickRequest.call(this, { ...request, qs });
		const page = extract(response);
		results.push(...page);
		const next = nextCursor(response);
		cursor = typeof next === 'string' && next ? next : undefined;
		const wantMore = limit === undefined || results.length < limit;
		const fullPage = pageSize !== undefined && page.length >= pageSize;
		if (!cursor && wantMore && fullPage && pagination.warnOnFullPageWithoutCursor) {
			this.addExecutionHints({
				type: 'warning',
				message: `Kick answered a full page of ${page.length} without a cursor to the next one, so the list stopped after ${results.length} results; Kick may hold more than the node could read`,
			});
		}
		if (!cursor || !page.length || !wantMore) break;
		if (seen.has(cursor)) {
			this.addExecutionHints({
				type: 'warning',
				message: `Kick answered a page cursor it had given before, so the list stopped after ${results.length} results to avoid asking for the same pages forever; Kick may hold more`,
			});
			break;
		}
	}
	return applyLimit(results, limit);
}
