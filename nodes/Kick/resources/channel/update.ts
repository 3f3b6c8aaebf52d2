import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import { compact, unique } from '../../helpers/collections';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import type { InputValidator } from '../../helpers/validate';
import { LIST_RULE, validator } from '../../helpers/validate';
import { categoryIdFrom, categoryLocator } from '../../locators/category';

const MAX_CUSTOM_TAGS = 10;

/**
 * Kick replaces the channel's tags with what it is sent, so an empty list would remove them all:
 * only Remove All Custom Tags does that, an empty Custom Tags field changes nothing.
 */
function customTags(check: InputValidator, fields: IDataObject): string[] | undefined {
	const tags = unique(check.list('Custom Tags', fields.customTags));
	if (fields.removeAllCustomTags === true) {
		if (tags.length) check.fail('Custom Tags', "must be empty when 'Remove All Custom Tags' is on");
		return [];
	}
	return tags.length ? check.items('Custom Tags', tags, { max: MAX_CUSTOM_TAGS }) : undefined;
}

export const updateChannel: KickOperation = {
	value: 'update',
	token: 'user',
	name: 'Update',
	action: 'Update my channel',
	description: 'Change the stream title, category or custom tags of the credential’s channel',
	properties: [
		collection('updateFields', [
			categoryLocator({
				name: 'categoryId',
				displayName: 'Category',
				description:
					'The new category of the stream: pick one (type at least 3 letters to search) or give its ID, a number',
			}),
			{
				displayName: 'Custom Tags',
				name: 'customTags',
				type: 'string',
				default: '',
				placeholder: 'e.g. english, chill vibes',
				description: `Up to 10 tags, ${LIST_RULE}; spaces inside a tag are kept. They replace the current tags; left empty, the tags stay as they are.`,
			},
			{
				displayName: 'Remove All Custom Tags',
				name: 'removeAllCustomTags',
				type: 'boolean',
				default: false,
				description:
					"Whether to remove every custom tag of the channel ('Custom Tags' must be empty)",
			},
			{
				displayName: 'Stream Title',
				name: 'streamTitle',
				type: 'string',
				default: '',
				placeholder: 'e.g. Chill stream, chatting with you',
				description: 'The new title of the stream shown on the channel, at least 1 character',
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body = compact({
			category_id: categoryIdFrom(check, 'Category', fields.categoryId as string),
			custom_tags: customTags(check, fields),
			stream_title:
				fields.streamTitle === undefined
					? undefined
					: check.length('Stream Title', String(fields.streamTitle), { min: 1 }),
		});
		check.atLeastOne({
			Category: body.category_id,
			'Custom Tags': body.custom_tags,
			'Stream Title': body.stream_title,
		});
		await kickRequest.call(this, {
			method: 'PATCH',
			path: '/public/v1/channels',
			body,
			scopes: ['channel:write'],
			itemIndex,
		});
		return [{ success: true, ...body }];
	},
};
