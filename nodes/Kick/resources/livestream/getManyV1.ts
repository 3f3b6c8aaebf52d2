import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { dataList, kickRequest } from '../../../shared/transport/request';
import { unique } from '../../helpers/collections';
import { returnAllAndLimit } from '../../helpers/pagination';
import { definedFields, nested } from '../../helpers/output';
import { collection, sortCollection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import { fromVersion, type KickNodeVersion } from '../../helpers/versions';
import { LIST_RULE, validator } from '../../helpers/validate';
import { categoryIdFrom, categoryLocator } from '../../locators/category';

// Kick's v1 livestream list has no cursor: one request returns at most 100 streams.
const MAX_LIMIT = 100;
const MAX_BROADCASTERS = 50;

const returnAllAndTop100 = returnAllAndLimit({ maxLimit: MAX_LIMIT }).map((property) =>
	property.name === 'returnAll'
		? {
				...property,
				hint: "Kick returns at most 100 livestreams per request, so 'Return All' means the top 100",
			}
		: property,
);

const filterFields: INodeProperties[] = [
	{
		displayName: 'Broadcaster User IDs',
		name: 'broadcasterUserIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 668, 1001',
		description: `Only these channels: up to 50 Kick broadcaster user IDs (numbers), ${LIST_RULE}`,
	},
	categoryLocator({
		name: 'categoryId',
		displayName: 'Category',
		description: 'Only streams in this category: pick one or give its ID, a number',
	}),
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description: 'Only streams in this language: a language code such as en or es',
	},
];

/** What Kick's v1 list sorts by (its `sort` query parameter). */
const sortBy = (field: { displayName: string; name: string }): INodeProperties => ({
	...field,
	type: 'options',
	options: [
		{ name: 'Started At', value: 'started_at' },
		{ name: 'Viewer Count', value: 'viewer_count' },
	],
	default: 'viewer_count',
	description: 'What Kick sorts the streams by: viewer count, or the time they started',
});

interface SortPlace {
	properties: INodeProperties[];
	sortOf(context: IExecuteFunctions, itemIndex: number, filters: IDataObject): unknown;
}

/** Version 1 keeps the sort among the Filters, as its saved workflows have it (`filters.sort`). */
const SORT_IN_FILTERS: SortPlace = {
	properties: [
		...returnAllAndTop100,
		collection('filters', [...filterFields, sortBy({ displayName: 'Sort', name: 'sort' })]),
	],
	sortOf: (_context, _itemIndex, filters) => filters.sort,
};

/** Version 2 gives it its own Sort collection below the Filters, as n8n's UX guidelines ask. */
const SORT_COLLECTION: SortPlace = {
	properties: [
		...returnAllAndTop100,
		collection('filters', filterFields),
		sortCollection([sortBy({ displayName: 'Sort By', name: 'by' })]),
	],
	sortOf: (context, itemIndex) =>
		(context.getNodeParameter('sort', itemIndex, {}) as IDataObject).by,
};

/** Simplify: the stream's 10 most used fields, its category's flattened. */
function simplifyLivestream(stream: IDataObject): IDataObject {
	const category = nested(stream.category);
	return definedFields({
		broadcaster_user_id: stream.broadcaster_user_id,
		slug: stream.slug,
		stream_title: stream.stream_title,
		category_id: category.id,
		category_name: category.name,
		viewer_count: stream.viewer_count,
		language: stream.language,
		custom_tags: stream.custom_tags,
		started_at: stream.started_at,
		has_mature_content: stream.has_mature_content,
	});
}

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	sortPlace: SortPlace,
): Promise<IDataObject[]> {
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
	const sort = sortPlace.sortOf(this, itemIndex, filters);
	if (sort) qs.sort = sort;
	const response = await kickRequest.call(this, {
		method: 'GET',
		path: '/public/v1/livestreams',
		qs,
		itemIndex,
	});
	return dataList(response);
}

interface Placement {
	value: string;
	name: string;
	notice: string;
	versions: readonly KickNodeVersion[];
	sort: SortPlace;
}

/**
 * Kick's v1 livestream list, deprecated by Kick on 23/06/2026 (its changelog). Node version 1
 * keeps it as its Get Many, as it was; version 2 keeps it reachable beside the v2 list, because
 * only v1 sorts (by viewers or start time) and filters by broadcaster.
 */
function livestreamsV1(placement: Placement): KickOperation {
	return {
		value: placement.value,
		name: placement.name,
		versions: placement.versions,
		simplify: simplifyLivestream,
		action: 'Get many livestreams with Kick’s v1 list (deprecated by Kick)',
		description:
			'List live streams by viewers or start time, optionally of some channels, a category or a language (deprecated by Kick)',
		properties: [
			{ displayName: placement.notice, name: 'deprecatedNotice', type: 'notice', default: '' },
			...placement.sort.properties,
		],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			return await execute.call(this, itemIndex, placement.sort);
		},
	};
}

export const getManyLivestreamsV1 = livestreamsV1({
	value: 'getMany',
	name: 'Get Many (Deprecated)',
	notice:
		'Kick deprecated this list on 23/06/2026. A new Kick node (version 2 or later) uses its replacement, with cursor pagination and up to 1000 livestreams per request.',
	versions: [1],
	sort: SORT_IN_FILTERS,
});

export const getManyLivestreamsV1Deprecated = livestreamsV1({
	value: 'getManyV1',
	name: 'Get Many V1 (Deprecated)',
	notice:
		'Kick deprecated this list on 23/06/2026 and Get Many uses its replacement. Only this one sorts by viewers or start time and filters by broadcaster.',
	versions: fromVersion(2),
	sort: SORT_COLLECTION,
});
