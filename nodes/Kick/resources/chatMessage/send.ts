import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { channelLocator, resolveBroadcasterId } from '../../../shared/channel';
import { dataObject, kickRequest } from '../../../shared/transport/request';
import { collection } from '../../helpers/properties';
import type { ExecutionCache, KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';

const MAX_CONTENT_LENGTH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function targetChannel(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<number> {
	const locator = this.getNodeParameter(
		'broadcasterUserId',
		itemIndex,
	) as INodeParameterResourceLocator;
	return await resolveBroadcasterId(this, locator, { field: 'Channel', itemIndex, cache });
}

export const sendChatMessage: KickOperation = {
	value: 'send',
	name: 'Send',
	action: 'Send chat message',
	description: 'Post a message in a channel’s chat, as the credential’s user or as its bot',
	properties: [
		{
			displayName: 'Send As',
			name: 'type',
			type: 'options',
			description:
				'Who writes the message: the app’s bot, in the credential’s own channel, or the credential’s user, in the channel you choose',
			options: [
				{
					name: 'Bot',
					value: 'bot',
					description: 'The message goes to the chat of the channel the credential belongs to',
				},
				{
					name: 'User',
					value: 'user',
					description: 'The credential’s user writes in the chat of the channel you choose',
				},
			],
			default: 'bot',
		},
		{
			...channelLocator({
				name: 'broadcasterUserId',
				displayName: 'Channel',
				description: 'The channel whose chat gets the message',
			}),
			displayOptions: { show: { type: ['user'] } },
		},
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			required: true,
			placeholder: 'e.g. Thanks for the follow!',
			description:
				'The text to post, 1 to 500 characters (an emoji counts as one); it is sent as written',
		},
		collection('additionalFields', [
			{
				displayName: 'Reply To Message ID',
				name: 'replyToMessageId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 828f83bb-e391-4c78-9e91-af35a172840e',
				description:
					'ID of the chat message this one answers (a UUID, e.g. from the Kick Trigger’s chat event)',
			},
		]),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
		const check = validator(this, itemIndex);
		const type = this.getNodeParameter('type', itemIndex) as 'bot' | 'user';
		const content = check.length('Content', String(this.getNodeParameter('content', itemIndex)), {
			min: 1,
			max: MAX_CONTENT_LENGTH,
		});
		const { replyToMessageId } = this.getNodeParameter(
			'additionalFields',
			itemIndex,
			{},
		) as IDataObject;
		const replyTo = String(replyToMessageId ?? '').trim();
		if (replyTo)
			check.pattern('Reply To Message ID', replyTo, UUID, 'must be a chat message ID (a UUID)');
		const body: IDataObject = { type, content };
		// A bot always writes in its own channel: Kick ignores broadcaster_user_id then.
		if (type === 'user')
			body.broadcaster_user_id = await targetChannel.call(this, itemIndex, cache);
		if (replyTo) body.reply_to_message_id = replyTo;
		const response = await kickRequest.call(this, {
			method: 'POST',
			path: '/public/v1/chat',
			body,
			scopes: ['chat:write'],
			itemIndex,
		});
		return [dataObject(response)];
	},
};
