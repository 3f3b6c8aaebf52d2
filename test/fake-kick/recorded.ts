/**
 * Kick as it really answers: how live Kick differs from its docs, as other projects recorded it
 * (`../shared/kick/real-kick/README.md`; the numbers below are that README's). Written from those
 * facts: no recorded id, body or signature is copied here. The fake's `recorded` mode uses these;
 * its `documented` mode answers as Kick's docs say.
 */
import { randomBytes } from 'crypto';

import type { HandlerResult } from './handler';

export const FAKE_MODES = ['documented', 'recorded'] as const;
export type FakeMode = (typeof FAKE_MODES)[number];

export function isFakeMode(value: unknown): value is FakeMode {
	return (FAKE_MODES as readonly unknown[]).includes(value);
}

/**
 * The shape of a webhook body. `documented` as in Kick's docs; the others as recorded at that
 * date (2, 5, 6, 7, 13): `2025-02` without `identity`, `created_at`, `replies_to` and without
 * the Kick-Event-Subscription-Id header; `2025-05` with `identity`, still without `created_at`
 * and `replies_to`; `2025-08` (the newest, recorded mode's default) with all of them.
 */
export const DELIVERY_SHAPES = ['documented', '2025-02', '2025-05', '2025-08'] as const;
export type DeliveryShape = (typeof DELIVERY_SHAPES)[number];

export const NEWEST_RECORDED_SHAPE: DeliveryShape = '2025-08';

export const defaultDeliveryShape = (mode: FakeMode): DeliveryShape =>
	mode === 'recorded' ? NEWEST_RECORDED_SHAPE : 'documented';

/** Whether deliveries of this shape carry Kick-Event-Subscription-Id (13: not before Feb 2025's change). */
export const shapeHasSubscriptionId = (shape: DeliveryShape): boolean => shape !== '2025-02';

// ---------------------------------------------------------------------------------------------
// Error envelopes (14)

/** The `message` Kick's API gives with an error status: 400 and 401 recorded, the rest in their style. */
const STATUS_MESSAGES: Record<number, string> = {
	400: 'Bad request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not found',
	409: 'Conflict',
	422: 'Unprocessable entity',
	429: 'Too many requests',
	500: 'Internal server error',
};

export interface ErrorBodyInput {
	status: number;
	/** What went wrong, in the fake's words. */
	detail: string;
	/** id.kick.com (OAuth) or api.kick.com. */
	host: string;
	/** RFC 6749 fields of an OAuth error (`error`, `error_description`), when there are any. */
	oauth?: Record<string, unknown>;
}

/**
 * An error answer's body. Documented: the spec's `{message, data}` (plus the OAuth fields).
 * Recorded: the API puts the detail in `data` as a string under a generic `message` ("Bad
 * request"); a 401 is `{data: {}, message: "Unauthorized"}`; id.kick.com answers RFC 6749's
 * `{error, error_description}` only. Statuses no recording shows (403, 404, 5xx…) follow the 400.
 */
export function errorBody(mode: FakeMode, input: ErrorBodyInput): Record<string, unknown> {
	if (mode === 'documented') return { message: input.detail, data: null, ...input.oauth };
	if (input.host === 'id.kick.com') {
		return {
			error: input.oauth?.error ?? (input.status === 401 ? 'invalid_token' : 'invalid_request'),
			error_description: input.detail,
		};
	}
	const message = STATUS_MESSAGES[input.status] ?? 'Error';
	if (input.status === 401) return { data: {}, message };
	return { data: input.detail, message };
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * Kick's edge (Cloudflare) refusing a request before it reaches the API: 403, its own envelope
 * `{error, reference}` and a cf-ray header (14). Kick does this sometimes, so tests inject it.
 */
export function edgeBlock(reference: string = hex(4)): Required<Omit<HandlerResult, 'noAnswer'>> {
	return {
		status: 403,
		body: { error: 'Request blocked by security policy.', reference },
		headers: { 'content-type': 'application/json', 'cf-ray': `${hex(8)}-AMS` },
	};
}

/**
 * POST /public/v1/chat as the bot answers 500 (14; KickDevDocs #343, still so on 2026-09-01).
 * The body was not recorded: the envelope of Kick's other errors.
 */
export function botChatFailure(): HandlerResult {
	return { status: 500, body: { data: {}, message: STATUS_MESSAGES[500] } };
}

/** POST /public/v1/events/subscriptions answers 201 Created, the spec says 200 (15). */
export const subscribeStatus = (mode: FakeMode): number => (mode === 'recorded' ? 201 : 200);

// ---------------------------------------------------------------------------------------------
// Answers

/** Go's zero time: what Kick answers for a stream that has no start time (17). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The picture GET /public/v1/users gives users who have none, since 2025-04-07 (19). */
export const DEFAULT_USER_PICTURE = 'https://kick.com/img/default-profile-pictures/default2.jpeg';

interface ChannelAnswer {
	[key: string]: unknown;
	stream: Record<string, unknown>;
}

/**
 * An offline channel as Kick answers it: zero values, not nulls, even where the channel has a
 * title, category and language set (17): "" texts, Go's zero time, category id 0.
 */
export function offlineChannel<T extends ChannelAnswer>(channel: T): T {
	return {
		...channel,
		channel_description: '',
		stream_title: '',
		category: { id: 0, name: '', thumbnail: '' },
		stream: {
			...channel.stream,
			url: '',
			key: '',
			is_mature: false,
			language: '',
			start_time: ZERO_TIME,
			viewer_count: 0,
			thumbnail: '',
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Webhook bodies

type Payload = Record<string, unknown>;

const isObject = (value: unknown): value is Payload =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `object` with `key` renamed in place (key order kept, as Kick's encoder writes it). */
function renameKey(object: Payload, from: string, to: string): Payload {
	return Object.fromEntries(Object.entries(object).map(([k, v]) => [k === from ? to : k, v]));
}

/** A copy of `object` with `key` right after `after` (added as `value` when missing). */
function placeAfter(object: Payload, after: string, key: string, value: unknown): Payload {
	const entries = Object.entries(object).filter(([k]) => k !== key);
	const index = entries.findIndex(([k]) => k === after) + 1;
	entries.splice(index, 0, [key, key in object ? object[key] : value]);
	return Object.fromEntries(entries);
}

/** A time with nanoseconds, as Kick writes chat `created_at` (3): `2025-08-20T07:05:42.123456789Z`. */
export function nanosecondTime(from: Date = new Date()): string {
	const digits = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
	return from.toISOString().replace(/Z$/, `${digits}Z`);
}

/** Every user object of a payload (broadcaster, sender, giftees…), one level deep. */
function mapUsers(payload: Payload, map: (user: Payload) => Payload): Payload {
	const isUser = (value: unknown): value is Payload => isObject(value) && 'is_anonymous' in value;
	return Object.fromEntries(
		Object.entries(payload).map(([key, value]) => {
			if (isUser(value)) return [key, map(value)];
			if (Array.isArray(value) && value.every(isUser)) return [key, value.map(map)];
			return [key, value];
		}),
	);
}

function withoutKey(object: Payload, key: string): Payload {
	const { [key]: _removed, ...rest } = object;
	return rest;
}

function chatMessage(payload: Payload, shape: DeliveryShape): Payload {
	// 1: emotes are null; they are only [emote:ID:NAME] tokens in content.
	let reshaped: Payload = { ...payload, emotes: null };
	if (shape === '2025-08') {
		// 2, 3: replies_to always there (null when not a reply), created_at with nanoseconds.
		reshaped = placeAfter(reshaped, 'message_id', 'replies_to', null);
		reshaped.created_at = nanosecondTime();
	} else {
		reshaped = withoutKey(withoutKey(reshaped, 'replies_to'), 'created_at');
	}
	return reshaped;
}

/**
 * A documented sample body in a recorded shape: the differences recordings show for the event
 * types Kick was recorded sending (1-3, 5-7); the other types have no recording and keep their
 * documented shape (their user objects as recorded).
 */
export function reshapePayload(type: string, payload: Payload, shape: DeliveryShape): Payload {
	if (shape === 'documented') return payload;
	let reshaped = payload;
	if (type === 'chat.message.sent') reshaped = chatMessage(reshaped, shape);
	if (type === 'livestream.status.updated' || type === 'livestream.metadata.updated') {
		// 5: is_verified null on the broadcaster; 6: no identity key in status updates.
		const broadcaster: Payload = { ...(reshaped.broadcaster as Payload), is_verified: null };
		reshaped = {
			...reshaped,
			broadcaster:
				type === 'livestream.status.updated' ? withoutKey(broadcaster, 'identity') : broadcaster,
		};
	}
	if (type === 'livestream.metadata.updated' && isObject(reshaped.metadata)) {
		// 7: metadata.Category, capital C.
		reshaped = { ...reshaped, metadata: renameKey(reshaped.metadata, 'category', 'Category') };
	}
	// 2: the first deliveries had no identity key on any user.
	if (shape === '2025-02') reshaped = mapUsers(reshaped, (user) => withoutKey(user, 'identity'));
	return reshaped;
}
