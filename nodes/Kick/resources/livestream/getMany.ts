import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { unique } from '../../helpers/collections';
import { paginateCursor, requestedLimit, returnAllAndLimit } from '../../helpers/pagination';
import { definedFields, nested } from '../../helpers/output';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import { fromVersion } from '../../helpers/versions';
import { LIST_RULE, validator } from '../../helpers/validate';

/*
 * Kick's v2 livestream list. Source: Kick's docs (KickEngineering/KickDevDocs changelog.md,
 * 23/06/2026: "pagination supported Livestreams V2 endpoint"; apis/livestreams.md), which embed
 * their live Swagger only. The parameters below (cursor; limit 1 to 1000; category_id and
 * language_code, each repeatable up to 25; oldest streams first, no sort) come from public client
 * code and are unconfirmed by Kick's docs: values are passed as given, and the answer's objects
 * pass through whole, whatever fields Kick adds.
 */
const PATH = '/public/v2/livestreams';
const MAX_PAGE_SIZE = 1000;
const MAX_FILTER_VALUES = 25;

/** Simplify: the stream's 10 most used fields, broadcaster, channel and category flattened. */
function simplifyLivestream(stream: IDataObject): IDataObject {
	const broadcaster = nested(stream.broadcaster_user);
	const category = nested(stream.category);
	return definedFields({
		id: stream.id,
		title: stream.title,
		channel_slug: nested(stream.channel).slug,
		broadcaster_user_id: broadcaster.id,
		broadcaster_username: broadcaster.username,
		category_id: category.id,
		category_name: category.name,
		viewer_count: stream.viewer_count,
		language_code: stream.language_code,
		started_at: stream.started_at,
	});
}

export const getManyLivestreams: KickOperation = {
	value: 'getMany',
	name: 'Get Many',
	versions: fromVersion(2),
	simplify: simplifyLivestream,
	action: 'Get many livestreams',
	description:
		'List live streams, oldest first, optionally only some categories or languages (Kick’s v2 list)',
	properties: [
		...returnAllAndLimit(),
		collection('filters', [
			{
				displayName: 'Category IDs',
				name: 'categoryIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 15, 28',
				description: `Only streams in these categories: up to 25 Kick category IDs (numbers, e.g. from Category › Get Many), ${LIST_RULE}`,
			},
			{
				displayName: 'Language Codes',
				name: 'languageCodes',
				type: 'string',
				default: '',
				placeholder: 'e.g. en, es',
				description: `Only streams in these languages: up to 25 language codes such as en or es, ${LIST_RULE}`,
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const categories = check.items(
			'Category IDs',
			unique(check.integerList('Category IDs', filters.categoryIds)),
			{ max: MAX_FILTER_VALUES },
		);
		const languages = check.items(
			'Language Codes',
			unique(check.list('Language Codes', filters.languageCodes)),
			{ max: MAX_FILTER_VALUES },
		);
		const qs: IDataObject = {};
		if (categories.length) qs.category_id = categories;
		if (languages.length) qs.language_code = languages;
		return await paginateCursor.call(this, {
			request: { method: 'GET', path: PATH, qs, itemIndex },
			limit: requestedLimit.call(this, itemIndex),
			pageSizeParam: 'limit',
			maxPageSize: MAX_PAGE_SIZE,
			// Where Kick puts this list's cursor comes from client code only.
			warnOnFullPageWithoutCursor: true,
		});
	},
};
