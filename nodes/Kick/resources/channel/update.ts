import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import { compact, unique } from '../../helpers/collections';
import { collection } from '../../helpers/properties';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import { categoryIdFrom, categoryLocator } from '../../locators/category';

const MAX_CUSTOM_TAGS = 10;

export const updateChannel: KickOperation = {
	value: 'update',
	name: 'Update',
	action: 'Update my channel',
	description: 'Change the stream title, category or custom tags of the credential’s channel',
	properties: [
		collection('updateFields', [
			categoryLocator({ name: 'categoryId', displayName: 'Category' }),
			{
				displayName: 'Custom Tags',
				name: 'customTags',
				type: 'string',
				default: '',
				placeholder: 'e.g. english, chill',
				description: 'Up to 10 tags separated by commas; they replace the current tags',
			},
			{
				displayName: 'Stream Title',
				name: 'streamTitle',
				type: 'string',
				default: '',
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const check = validator(this, itemIndex);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body = compact({
			category_id: categoryIdFrom(check, 'Category', fields.categoryId as string),
			custom_tags:
				fields.customTags === undefined
					? undefined
					: check.items('Custom Tags', unique(check.list('Custom Tags', fields.customTags)), {
							max: MAX_CUSTOM_TAGS,
						}),
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
