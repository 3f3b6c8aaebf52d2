import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { channelLocator, resolveBroadcasterId, tokenUserId } from '../../../shared/channel';
import { quoted } from '../../../shared/copy';
import type { KnownServerFailure } from '../../../shared/transport/errors';
import { dataObject, kickRequest } from '../../../shared/transport/request';
import { collection } from '../../helpers/properties';
import { requireToken } from '../../helpers/tokens';
import type { ExecutionCache, KickOperation } from '../../helpers/types';
import { validator } from '../../helpers/validate';
import { beforeVersion, fromVersion, type KickNodeVersion } from '../../helpers/versions';

const MAX_CONTENT_LENGTH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Sender = 'bot' | 'user';

/**
 * Kick's API answers 500 to chat messages sent as the bot (KickDevDocs #343, open, still so on
 * 2026-09-01), while the same message as the user goes through.
 */
export const BOT_CHAT_FAILURE: KnownServerFailure = {
	message: 'Kick failed to post the message as the bot, a known Kick issue',
	hint: `Kick's API fails chat messages sent as the bot (KickDevDocs issue #343: https://github.com/KickEngineering/KickDevDocs/issues/343). Set ${quoted('Send As')} to ${quoted('User')}: the credential's user then writes the message, in the channel you choose or its own.`,
};

/** How one node version offers Send: who writes by default, and what an empty Channel means. */
interface SendVersion {
	versions: readonly KickNodeVersion[];
	defaultSender: Sender;
	/** Whether an empty Channel means the credential's own channel (else Channel is required). */
	ownChannelWhenEmpty: boolean;
}

// Two literal properties, options written out in each: n8n's lint checks a default against the
// options it can read in the same object.

/** Versions 1 and 2: the bot by default, the user in a channel to choose. */
const SEND_AS_BOT_BY_DEFAULT: INodeProperties = {
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
};

/** Version 3: the user by default, in the channel chosen or its own. */
const SEND_AS_USER_BY_DEFAULT: INodeProperties = {
	displayName: 'Send As',
	name: 'type',
	type: 'options',
	description:
		'Who writes the message: the credential’s user, in the channel you choose or its own, or the app’s bot, in the credential’s own channel. Kick currently answers 500 to messages sent as the bot.',
	options: [
		{
			name: 'Bot',
			value: 'bot',
			description: 'The message goes to the chat of the channel the credential belongs to',
		},
		{
			name: 'User',
			value: 'user',
			description: 'The credential’s user writes in the chat of the channel you choose, or its own',
		},
	],
	default: 'user',
};

const senderProperty = (version: SendVersion): INodeProperties =>
	version.defaultSender === 'user' ? SEND_AS_USER_BY_DEFAULT : SEND_AS_BOT_BY_DEFAULT;

function channelProperty(version: SendVersion): INodeProperties {
	const locator = version.ownChannelWhenEmpty
		? channelLocator({
				name: 'broadcasterUserId',
				displayName: 'Channel',
				description:
					'The channel whose chat gets the message. Leave empty for the credential’s own channel.',
				required: false,
			})
		: channelLocator({
				name: 'broadcasterUserId',
				displayName: 'Channel',
				description: 'The channel whose chat gets the message',
			});
	return { ...locator, displayOptions: { show: { type: ['user'] } } };
}

const CONTENT: INodeProperties = {
	displayName: 'Content',
	name: 'content',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	required: true,
	placeholder: 'e.g. Thanks for the follow!',
	description:
		'The text to post, 1 to 500 characters (an emoji counts as one); it is sent as written',
};

const ADDITIONAL_FIELDS = collection('additionalFields', [
	{
		displayName: 'Reply To Message ID',
		name: 'replyToMessageId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 828f83bb-e391-4c78-9e91-af35a172840e',
		description:
			'ID of the chat message this one answers (a UUID, e.g. from the Kick Trigger’s chat event)',
	},
]);

/** The broadcaster the user writes to: the Channel chosen, or (when allowed) the token's own. */
async function targetChannel(
	this: IExecuteFunctions,
	version: SendVersion,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<number> {
	const locator = this.getNodeParameter('broadcasterUserId', itemIndex, {
		mode: 'list',
		value: '',
	}) as INodeParameterResourceLocator;
	if (version.ownChannelWhenEmpty && !String(locator?.value ?? '').trim()) {
		await requireToken.call(
			this,
			'user',
			'Channel left empty (your own channel)',
			itemIndex,
			cache,
		);
		return await tokenUserId(this, { itemIndex, cache });
	}
	return await resolveBroadcasterId(this, locator, { field: 'Channel', itemIndex, cache });
}

function sendChatMessage(version: SendVersion): KickOperation {
	return {
		value: 'send',
		name: 'Send',
		versions: version.versions,
		action: 'Send chat message',
		description: 'Post a message in a channel’s chat, as the credential’s user or as its bot',
		properties: [senderProperty(version), channelProperty(version), CONTENT, ADDITIONAL_FIELDS],
		async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
			const check = validator(this, itemIndex);
			const type = this.getNodeParameter('type', itemIndex) as Sender;
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
				body.broadcaster_user_id = await targetChannel.call(this, version, itemIndex, cache);
			if (replyTo) body.reply_to_message_id = replyTo;
			const response = await kickRequest.call(this, {
				method: 'POST',
				path: '/public/v1/chat',
				body,
				scopes: ['chat:write'],
				knownServerFailure: type === 'bot' ? BOT_CHAT_FAILURE : undefined,
				itemIndex,
			});
			return [dataObject(response)];
		},
	};
}

/** Versions 1 and 2: the bot by default, and a Channel to choose for the user (as saved workflows expect). */
export const sendChatMessageAsBotByDefault = sendChatMessage({
	versions: beforeVersion(3),
	defaultSender: 'bot',
	ownChannelWhenEmpty: false,
});

/**
 * Version 3 on: the user by default, since Kick fails chat as the bot; an empty Channel is the
 * credential's own, so a first reply needs no choice at all.
 */
export const sendChatMessageAsUserByDefault = sendChatMessage({
	versions: fromVersion(3),
	defaultSender: 'user',
	ownChannelWhenEmpty: true,
});
