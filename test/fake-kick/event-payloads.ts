/**
 * Sample webhook payloads for Kick's 10 event types (all version 1), shaped as in
 * test/fixtures/kick-events.md, or as live Kick was recorded sending them (`shape`, recorded.ts).
 * The broadcaster is the seeded streamer unless told otherwise.
 */
import { ulid, uuid } from './ids';
import { type DeliveryShape, reshapePayload } from './recorded';
import { SEED, seedUsers, type User } from './state';

export const EVENT_TYPES = [
	'chat.message.sent',
	'channel.followed',
	'channel.subscription.renewal',
	'channel.subscription.gifts',
	'channel.subscription.new',
	'channel.reward.redemption.updated',
	'livestream.status.updated',
	'livestream.metadata.updated',
	'moderation.banned',
	'kicks.gifted',
] as const;

export type KickEventType = (typeof EVENT_TYPES)[number];
export type EventPayload = Record<string, unknown>;

export interface PayloadOptions {
	broadcasterUserId?: number;
	/** Default `documented`; the fake passes its own (recorded mode: the newest recorded shape). */
	shape?: DeliveryShape;
	/** chat.message.sent only: the message answers an earlier one (`replies_to`). */
	reply?: boolean;
	/** Finds users by id; defaults to the seeded users. */
	users?: (id: number) => User | undefined;
	/** Shallow-merged over the built payload. */
	overrides?: EventPayload;
}

interface Built {
	user: (id: number, identity?: unknown) => EventPayload;
	broadcaster: EventPayload;
	now: string;
	inDays: (days: number) => string;
	reply: boolean;
}

const SEEDED = new Map(seedUsers().map((u) => [u.user_id, u]));
const [VIEWER_1, VIEWER_2, VIEWER_3] = SEED.viewers;

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function context(o: PayloadOptions): Built {
	const find = o.users ?? ((id: number) => SEEDED.get(id));
	const user = (id: number, identity: unknown = null): EventPayload => {
		const u = find(id);
		const username = u?.name ?? `user${id}`;
		return {
			is_anonymous: false,
			user_id: id,
			username,
			is_verified: u?.is_verified ?? false,
			profile_picture: u?.profile_picture ?? '',
			channel_slug: username,
			identity,
		};
	};
	const now = new Date();
	return {
		user,
		broadcaster: user(o.broadcasterUserId ?? SEED.streamer),
		now: iso(now),
		inDays: (days) => iso(new Date(now.getTime() + days * 86_400_000)),
		reply: o.reply ?? false,
	};
}

const ANONYMOUS = {
	is_anonymous: true,
	user_id: null,
	username: null,
	is_verified: null,
	profile_picture: null,
	channel_slug: null,
	identity: null,
};

const BUILDERS: Record<KickEventType, (b: Built) => EventPayload> = {
	'chat.message.sent': (b) => ({
		message_id: uuid(),
		...(b.reply
			? {
					replies_to: {
						message_id: uuid(),
						content: 'an earlier message',
						sender: b.user(VIEWER_2),
					},
				}
			: {}),
		broadcaster: b.broadcaster,
		sender: b.user(VIEWER_1, {
			username_color: '#FF5733',
			badges: [{ text: 'Subscriber', type: 'subscriber', count: 3 }],
		}),
		content: 'Hello [emote:4148074:HYPERCLAP]',
		emotes: [{ emote_id: '4148074', positions: [{ s: 6, e: 30 }] }],
		created_at: b.now,
	}),
	'channel.followed': (b) => ({ broadcaster: b.broadcaster, follower: b.user(VIEWER_2) }),
	'channel.subscription.renewal': (b) => ({
		broadcaster: b.broadcaster,
		subscriber: b.user(VIEWER_1),
		duration: 3,
		created_at: b.now,
		expires_at: b.inDays(30),
	}),
	'channel.subscription.gifts': (b) => ({
		broadcaster: b.broadcaster,
		gifter: b.user(VIEWER_3),
		giftees: [b.user(VIEWER_1), b.user(VIEWER_2)],
		created_at: b.now,
		expires_at: b.inDays(30),
	}),
	'channel.subscription.new': (b) => ({
		broadcaster: b.broadcaster,
		subscriber: b.user(VIEWER_2),
		duration: 1,
		created_at: b.now,
		expires_at: b.inDays(30),
	}),
	'channel.reward.redemption.updated': (b) => ({
		id: ulid(),
		user_input: 'https://youtu.be/dQw4w9WgXcQ',
		status: 'pending',
		redeemed_at: b.now,
		reward: {
			id: SEED.rewards.songRequest,
			title: 'Song Request',
			cost: 100,
			description: 'Request a song by providing a URL',
		},
		redeemer: b.user(VIEWER_1),
		broadcaster: b.broadcaster,
	}),
	'livestream.status.updated': (b) => ({
		broadcaster: b.broadcaster,
		is_live: true,
		title: 'Chill stream, chatting with you',
		started_at: b.now,
		ended_at: null,
	}),
	'livestream.metadata.updated': (b) => ({
		broadcaster: b.broadcaster,
		metadata: {
			title: 'New title',
			language: 'en',
			has_mature_content: false,
			category: {
				id: 1,
				name: 'Just Chatting',
				thumbnail: 'https://files.kick.com/images/subcategories/1/banner/just-chatting.webp',
			},
		},
	}),
	'moderation.banned': (b) => ({
		broadcaster: b.broadcaster,
		moderator: b.user(SEED.moderator),
		banned_user: b.user(VIEWER_3),
		metadata: { reason: 'Not vibing', created_at: b.now, expires_at: b.inDays(1 / 144) },
	}),
	'kicks.gifted': (b) => ({
		broadcaster: b.broadcaster,
		sender: b.user(VIEWER_2),
		gift: {
			amount: 100,
			name: 'Full Send',
			type: 'BASIC',
			tier: 'BASIC',
			message: 'GG!',
			pinned_time_seconds: 0,
		},
		created_at: b.now,
	}),
};

/** A fresh sample payload (new ids/timestamps each call). */
export function buildEventPayload(type: KickEventType, options: PayloadOptions = {}): EventPayload {
	if (!isKickEventType(type))
		throw new Error(`no sample payload for event type ${JSON.stringify(type)}: pass a payload`);
	const built = BUILDERS[type](context(options));
	return { ...reshapePayload(type, built, options.shape ?? 'documented'), ...options.overrides };
}

/** An anonymous gifter, as Kick sends it when `is_anonymous` is true. */
export const anonymousUser = (): EventPayload => ({ ...ANONYMOUS });

export const isKickEventType = (value: string): value is KickEventType =>
	(EVENT_TYPES as readonly string[]).includes(value);
