import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { returnAllAndLimit, paginateCursor, requestedLimit } from '../../helpers/pagination';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import type { InputValidator } from '../../helpers/validate';
import { LIST_RULE, validator } from '../../helpers/validate';

const MAX_PAGE_SIZE = 1000;

/** Kick's csv filters: one comma-joined value, each name or tag 3 to 100 characters. */
function csvFilter(check: InputValidator, field: string, value: unknown): string | undefined {
	const entries = check
		.list(field, value)
		.map((entry) => check.length(field, entry, { min: 3, max: 100 }));
	return entries.length ? entries.join(',') : undefined;
}

export const getManyCategories: KickOperation = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many categories',
	description: 'List Kick categories, optionally only some names, tags or IDs',
	properties: [
		...returnAllAndLimit(),
		collection('filters', [
			{
				displayName: 'IDs',
				name: 'ids',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1, 15',
				description: `Kick category IDs (numbers), ${LIST_RULE}; cannot be combined with 'Names' or 'Tags'`,
			},
			{
				displayName: 'Names',
				name: 'names',
				type: 'string',
				default: '',
				placeholder: 'e.g. Just Chatting, Rust',
				description: `Category names or parts of them, each 3 to 100 characters, ${LIST_RULE}`,
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'e.g. FPS, Shooter',
				description: `Category tags, each 3 to 100 characters, ${LIST_RULE}`,
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const ids = check.integerList('IDs', filters.ids);
		const qs: IDataObject = {
			name: csvFilter(check, 'Names', filters.names),
			tag: csvFilter(check, 'Tags', filters.tags),
			id: ids.length ? ids.join(',') : undefined,
		};
		if (qs.id && (qs.name || qs.tag))
			check.fail(
				'IDs',
				"cannot be combined with 'Names' or 'Tags' (Kick filters by IDs or by names and tags)",
			);
		for (const key of Object.keys(qs)) if (qs[key] === undefined) delete qs[key];
		return await paginateCursor.call(this, {
			request: { method: 'GET', path: '/public/v2/categories', qs, itemIndex },
			limit: requestedLimit.call(this, itemIndex),
			pageSizeParam: 'limit',
			maxPageSize: MAX_PAGE_SIZE,
		});
	},
};
