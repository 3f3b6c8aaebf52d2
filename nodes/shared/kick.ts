/**
 * Kick facts shared by the credential, the Kick node and the Kick Trigger.
 * Sources: Kick's public API spec (scopes, hosts) and its events documentation.
 */

export const KICK_API_BASE_URL = 'https://api.kick.com';
export const KICK_OAUTH_BASE_URL = 'https://id.kick.com';
export const KICK_WEBSITE_URL = 'https://kick.com';

export const KICK_CREDENTIAL_TYPE = 'kickOAuth2Api';

/** The credential's Grant Type values: a user access token (PKCE) or an app access token. */
export const KICK_USER_TOKEN_GRANT = 'pkce';
export const KICK_APP_TOKEN_GRANT = 'clientCredentials';

/** Where Kick serves the public key it signs webhook deliveries with (api.kick.com). */
export const KICK_WEBHOOK_SIGNER_PATH = '/public/v1/public-key';

/** Paths on id.kick.com: the credential uses the URLs, the Token operations the paths. */
export const KICK_INTROSPECT_PATH = '/oauth/token/introspect';
export const KICK_REVOKE_PATH = '/oauth/revoke';
export const KICK_AUTHORIZE_URL = `${KICK_OAUTH_BASE_URL}/oauth/authorize`;
export const KICK_TOKEN_URL = `${KICK_OAUTH_BASE_URL}/oauth/token`;
export const KICK_INTROSPECT_URL = `${KICK_OAUTH_BASE_URL}${KICK_INTROSPECT_PATH}`;

export interface KickScope {
	name: string;
	description: string;
}

/** Every scope Kick's API defines, in the order Kick documents them. */
export const KICK_SCOPES: readonly KickScope[] = [
	{
		name: 'user:read',
		description: 'View user information in Kick including username, streamer ID, etc.',
	},
	{
		name: 'channel:read',
		description: 'View channel information in Kick including channel description, category, etc.',
	},
	{
		name: 'channel:write',
		description: 'Update livestream metadata for a channel based on the channel ID',
	},
	{
		name: 'channel:rewards:read',
		description: 'Read Channel points rewards information on a channel',
	},
	{
		name: 'channel:rewards:write',
		description: 'Read, add, edit and delete Channel points rewards on a channel',
	},
	{
		name: 'chat:write',
		description: 'Send chat messages and allow chat bots to post in your chat',
	},
	{ name: 'streamkey:read', description: "Read a user's stream URL and stream key" },
	{
		name: 'events:subscribe',
		description:
			'Subscribe to all channel events on Kick e.g. chat messages, follows, subscriptions',
	},
	{ name: 'moderation:ban', description: 'Execute moderation actions for moderators' },
	{
		name: 'moderation:chat_message:manage',
		description: 'Execute moderation actions on chat messages',
	},
	{
		name: 'kicks:read',
		description: 'View KICKs related information in Kick e.g leaderboards, etc.',
	},
];

export interface KickEvent {
	name: string;
	version: number;
	displayName: string;
	description: string;
}

/** Every webhook event Kick delivers (all currently version 1). */
export const KICK_EVENTS: readonly KickEvent[] = [
	{
		name: 'chat.message.sent',
		version: 1,
		displayName: 'Chat Message Sent',
		description: 'A chat message is sent in the channel',
	},
	{
		name: 'channel.followed',
		version: 1,
		displayName: 'Channel Followed',
		description: 'A user follows the channel',
	},
	{
		name: 'channel.subscription.renewal',
		version: 1,
		displayName: 'Subscription Renewed',
		description: 'A subscription to the channel is renewed',
	},
	{
		name: 'channel.subscription.gifts',
		version: 1,
		displayName: 'Subscriptions Gifted',
		description: 'Subscriptions to the channel are gifted',
	},
	{
		name: 'channel.subscription.new',
		version: 1,
		displayName: 'New Subscription',
		description: 'A user subscribes to the channel for the first time',
	},
	{
		name: 'channel.reward.redemption.updated',
		version: 1,
		displayName: 'Reward Redemption Updated',
		description: 'A channel reward is redeemed, or its redemption is accepted or rejected',
	},
	{
		name: 'livestream.status.updated',
		version: 1,
		displayName: 'Livestream Status Updated',
		description: 'The stream went live or ended',
	},
	{
		name: 'livestream.metadata.updated',
		version: 1,
		displayName: 'Livestream Metadata Updated',
		description: 'The stream title, category or other metadata changed',
	},
	{
		name: 'moderation.banned',
		version: 1,
		displayName: 'User Banned',
		description: 'A user is banned or timed out in the channel',
	},
	{
		name: 'kicks.gifted',
		version: 1,
		displayName: 'KICKs Gifted',
		description: 'KICKs are gifted in the channel',
	},
];

/**
 * Kick Drops claims are not an event subscription: Kick POSTs each claim to the URL set on the
 * Drops campaign (apps of a Kick organization), signed with the same key, with only the
 * signature, message id and timestamp headers. Source: KickDevDocs drops/drops-guide.md and
 * ../shared/kick/drift-2026.md. The trigger offers it as one more event.
 */
export const DROPS_CLAIM_EVENT = {
	name: 'drops.reward.claimed',
	displayName: 'Drops Reward Claimed',
	description:
		'A viewer claimed a Drops reward of your organization (no subscription: paste the Production URL into the Drops campaign)',
} as const;

export function findKickEvent(name: string): KickEvent | undefined {
	return KICK_EVENTS.find((event) => event.name === name);
}

/** The events a user chose, each once, and the names that are not Kick events. */
export function findKickEvents(names: readonly string[]): {
	known: KickEvent[];
	unknown: string[];
} {
	const known = new Map<string, KickEvent>();
	const unknown: string[] = [];
	for (const name of names) {
		const event = findKickEvent(name);
		if (event) known.set(event.name, event);
		else unknown.push(name);
	}
	return { known: [...known.values()], unknown };
}

/** The events as a multi-select's options, alphabetical as n8n lists options. */
export const KICK_EVENT_OPTIONS = [...KICK_EVENTS]
	.sort((a, b) => a.displayName.localeCompare(b.displayName))
	.map((event) => ({
		name: event.displayName,
		value: event.name,
		description: `${event.description} (${event.name})`,
	}));

/** Channel slugs as Kick's channel URLs carry them: https://kick.com/<slug>. */
export const KICK_CHANNEL_URL_REGEX =
	'^https?://(?:www\\.)?kick\\.com/([A-Za-z0-9_-]+)/?(?:[?#].*)?$';
export const KICK_SLUG_REGEX = '^[A-Za-z0-9_-]{1,25}$';

/** Kick's reward and redemption ids are ULIDs: 26 characters of Crockford base32 (the spec's examples also show up to 32). */
export const KICK_ULID_REGEX = '^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26,32}$';
