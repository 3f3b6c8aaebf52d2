import type { IExecuteFunctions } from 'n8n-workflow';

import { kickRequest } from '../../../shared/transport/request';
import type { KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';

export const deleteChatMessage: KickOperation = {
	value: 'delete',
	deletes: true,
	name: 'Delete',
	action: 'Delete chat message',
	description:
		'Remove a message from a channel’s chat for everyone, for good (as its broadcaster or a moderator)',
	properties: [
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 828f83bb-e391-4c78-9e91-af35a172840e',
			description:
				"ID of the chat message to remove (a UUID), e.g. 'message_id' from the Kick Trigger’s chat event",
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const messageId = String(this.getNodeParameter('messageId', itemIndex)).trim();
		validator(this, itemIndex).length('Message ID', messageId, { min: 1 });
		await kickRequest.call(this, {
			method: 'DELETE',
			path: `/public/v1/chat/${encodeURIComponent(messageId)}`,
			scopes: ['moderation:chat_message:manage'],
			itemIndex,
		});
		return [{ success: true, messageId }];
	},
};
