import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { slugFromUrl } from '../../../shared/channel';
import { KICK_SLUG_REGEX } from '../../../shared/kick';
import { dataList, kickRequest } from '../../../shared/transport/request';
import { chunk, unique } from '../../helpers/collections';
import { definedFields, nested } from '../../helpers/output';
import { requireToken } from '../../helpers/tokens';
import type { ExecutionCache, KickOperation } from '../../helpers/types';
import { LIST_RULE, validator } from '../../helpers/validate';

// Kick takes up to 50 ids or 50 slugs per request; longer lists are sent in several requests.
const MAX_PER_REQUEST = 50;
const SLUG_PATTERN = new RegExp(KICK_SLUG_REGEX);

async function fetchChannels(
	this: IExecuteFunctions,
	itemIndex: number,
	qs?: IDataObject,
): Promise<IDataObject[]> {
	const response = await kickRequest.call(this, {
		method: 'GET',
		path: '/public/v1/channels',
		qs,
		scopes: ['channel:read'],
		itemIndex,
	});
	return dataList(response);
}

/** Simplify: the channel's 10 most used fields, the stream's and category's flattened. */
function simplifyChannel(channel: IDataObject): IDataObject {
	const stream = nested(channel.stream);
	const category = nested(channel.category);
	return definedFields({
		broadcaster_user_id: channel.broadcaster_user_id,
		slug: channel.slug,
		stream_title: channel.stream_title,
		category_id: category.id,
		category_name: category.name,
		is_live: stream.is_live,
		viewer_count: stream.viewer_count,
		language: stream.language,
		custom_tags: stream.custom_tags,
		start_time: stream.start_time,
	});
}

export const getManyChannels: KickOperation = {
	value: 'getMany',
	simplify: simplifyChannel,
	name: 'Get Many',
	action: 'Get many channels',
	description: 'Get channels by broadcaster user ID or slug, or the credential’s own channel',
	properties: [
		{
			displayName: 'Look Up By',
			name: 'lookupBy',
			type: 'options',
			options: [
				{ name: 'Broadcaster User IDs', value: 'broadcasterUserId' },
				{
					name: 'My Channel',
					value: 'me',
					description: 'The channel of the user the credential belongs to',
				},
				{ name: 'Slugs or URLs', value: 'slug' },
			],
			default: 'me',
			description:
				'Which channels: the credential’s own (needs a user access token), or channels given by broadcaster user ID or by slug',
			hint: 'The stream URL and stream key are included only for your own channel and only with the streamkey:read scope',
		},
		{
			displayName: 'Broadcaster User IDs',
			name: 'broadcasterUserIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 668, 1001',
			description: `Kick broadcaster user IDs (numbers), ${LIST_RULE}; more than 50 are fetched in several requests`,
			displayOptions: { show: { lookupBy: ['broadcasterUserId'] } },
		},
		{
			displayName: 'Slugs',
			name: 'slugs',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. xqc, https://kick.com/trainwreckstv',
			description: `Channel slugs (the name in kick.com/xqc: up to 25 letters, digits, - or _) or channel URLs, ${LIST_RULE}; more than 50 are fetched in several requests`,
			displayOptions: { show: { lookupBy: ['slug'] } },
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
		const check = validator(this, itemIndex);
		const lookupBy = this.getNodeParameter('lookupBy', itemIndex) as string;
		if (lookupBy === 'me') {
			await requireToken.call(this, 'user', '"My Channel"', itemIndex, cache);
			return await fetchChannels.call(this, itemIndex);
		}

		let queries: IDataObject[];
		if (lookupBy === 'broadcasterUserId') {
			const ids = check.items(
				'Broadcaster User IDs',
				unique(
					check.integerList(
						'Broadcaster User IDs',
						this.getNodeParameter('broadcasterUserIds', itemIndex),
					),
				),
				{ min: 1 },
			);
			queries = chunk(ids, MAX_PER_REQUEST).map((part) => ({ broadcaster_user_id: part }));
		} else {
			const slugs = check.list('Slugs', this.getNodeParameter('slugs', itemIndex)).map((entry) => {
				const slug = slugFromUrl(entry) ?? entry;
				return check.pattern(
					'Slugs',
					slug,
					SLUG_PATTERN,
					'each must be a channel slug (up to 25 letters, digits, - or _) or a https://kick.com/<slug> URL',
				);
			});
			queries = chunk(check.items('Slugs', unique(slugs), { min: 1 }), MAX_PER_REQUEST).map(
				(part) => ({ slug: part }),
			);
		}
		const results: IDataObject[] = [];
		for (const qs of queries) results.push(...(await fetchChannels.call(this, itemIndex, qs)));
		return results;
	},
};
