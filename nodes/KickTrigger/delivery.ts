/**
 * The pure steps a Kick delivery goes through: its headers, its timestamp and age, its body,
 * whether it is for this trigger, and the item it becomes. No I/O here.
 */
import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import { DROPS_CLAIM_EVENT } from '../shared/kick';
import { trimmedText } from '../shared/text';
import { fieldName } from './fields';
import { normalizePayload } from './normalize';

/** Kick's delivery headers, as Node's HTTP server lower-cases them. */
export const KICK_HEADERS = {
	messageId: 'kick-event-message-id',
	subscriptionId: 'kick-event-subscription-id',
	signature: 'kick-event-signature',
	timestamp: 'kick-event-message-timestamp',
	type: 'kick-event-type',
	version: 'kick-event-version',
} as const;

/** The display names used in log lines and responses. */
const HEADER_NAMES: Record<keyof typeof KICK_HEADERS, string> = {
	messageId: 'Kick-Event-Message-Id',
	subscriptionId: 'Kick-Event-Subscription-Id',
	signature: 'Kick-Event-Signature',
	timestamp: 'Kick-Event-Message-Timestamp',
	type: 'Kick-Event-Type',
	version: 'Kick-Event-Version',
};

/** A Drops claim carries only these: its timestamp under another name, and no event type. */
const DROPS_TIMESTAMP_HEADER = 'kick-event-timestamp';

/** Kick's events are a few hundred bytes; anything past this is not a Kick event. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * How old a genuine delivery may be and still run the workflow. Kick retries a message while its
 * webhook fails (for up to about a day), so after n8n was down its retries arrive late.
 */
export const DEFAULT_MAX_EVENT_AGE_MINUTES = 60;
export const MAX_EVENT_AGE_LIMIT_MINUTES = 1440;

/** Kick delivers within seconds: a delivery older than this is a retry, marked late. */
export const LATE_AFTER_MS = 60_000;

/** The Max Event Age option in milliseconds (its default when unset). */
export function maxEventAgeMs(options: { maxEventAge?: number }): number {
	return (options.maxEventAge ?? DEFAULT_MAX_EVENT_AGE_MINUTES) * 60_000;
}

export interface DeliveryHeaders {
	messageId: string;
	subscriptionId?: string;
	signature?: string;
	timestamp: string;
	type: string;
	version?: string;
}

export type HeaderCheck = { ok: true; headers: DeliveryHeaders } | { ok: false; missing: string[] };

type RawHeaders = Record<string, string | string[] | undefined>;

function headerValue(headers: RawHeaders, name: string): string | undefined {
	const value = headers[name];
	const first = Array.isArray(value) ? value[0] : value;
	return trimmedText(first);
}

/**
 * Reads Kick's headers: message id and timestamp always, the signature when verifying. Without
 * Kick-Event-Type the delivery can only be a Drops claim (Kick sends those with
 * Kick-Event-Timestamp); parseDropsClaim checks the body says so.
 */
export function readDeliveryHeaders(headers: RawHeaders, requireSignature: boolean): HeaderCheck {
	const read = Object.fromEntries(
		Object.entries(KICK_HEADERS).map(([key, name]) => [key, headerValue(headers, name)]),
	) as Partial<Record<keyof typeof KICK_HEADERS, string>>;
	read.timestamp ??= headerValue(headers, DROPS_TIMESTAMP_HEADER);
	const required: Array<keyof typeof KICK_HEADERS> = ['messageId', 'timestamp'];
	if (requireSignature) required.push('signature');
	const missing = required.filter((key) => read[key] === undefined).map((key) => HEADER_NAMES[key]);
	if (missing.length) return { ok: false, missing };
	return {
		ok: true,
		headers: { ...read, type: read.type ?? DROPS_CLAIM_EVENT.name } as DeliveryHeaders,
	};
}

export const isDropsClaim = (headers: DeliveryHeaders): boolean =>
	headers.type === DROPS_CLAIM_EVENT.name;

/** What makes two deliveries the same Kick event (see eventIdentity). */
export interface EventIdentity {
	key: string;
	/**
	 * The key names the event itself (a chat message id, a Drops claim id): any delivery with it
	 * is that event. Otherwise the key is a digest of the body, which two separate events can share
	 * (the same viewer following twice): only a copy arriving through another subscription is then
	 * the same event.
	 */
	intrinsic: boolean;
}

/** JSON with its object keys sorted, so that the same body always gives the same digest. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as IDataObject)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as IDataObject)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * What identifies the Kick event a delivery carries, whichever subscription it came through:
 * a Drops claim's claim_id, a chat message's message_id, else a digest of the event type and body.
 * Kick sends each event once per subscription, each time under a new message id (KickDevDocs #246).
 */
export function eventIdentity(type: string, payload: IDataObject): EventIdentity {
	if (type === DROPS_CLAIM_EVENT.name && typeof payload.claim_id === 'string') {
		return { key: `claim:${payload.claim_id}`, intrinsic: true };
	}
	if (
		type === 'chat.message.sent' &&
		typeof payload.message_id === 'string' &&
		payload.message_id
	) {
		return { key: `chat:${payload.message_id}`, intrinsic: true };
	}
	const digest = createHash('sha256')
		.update(`${type}\n${canonicalJson(payload)}`)
		.digest('hex');
	return { key: `body:${digest.slice(0, 32)}`, intrinsic: false };
}

/** The identity an item carries in `event.key` (see eventIdentity). */
export function identityFromKey(key: string): EventIdentity {
	return { key, intrinsic: !key.startsWith('body:') };
}

/** Why a body without Kick-Event-Type is not a Drops claim either, or undefined when it is one. */
export function notADropsClaim(payload: IDataObject): string | undefined {
	if (typeof payload.claim_id === 'string' && payload.claim_id) return undefined;
	return 'Kick-Event-Type is missing and the body is not a Drops claim (no claim_id)';
}

// RFC 3339 date-time, as Kick sends it (e.g. 2025-01-14T16:08:06Z, optional fraction and offset).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export type TimestampCheck = { ok: true; sentAt: number } | { ok: false; reason: string };

/** The Kick-Event-Message-Timestamp header as epoch milliseconds. */
export function parseKickTimestamp(timestamp: string): TimestampCheck {
	const sentAt = RFC3339.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
	if (Number.isFinite(sentAt)) return { ok: true, sentAt };
	return {
		ok: false,
		reason: `Kick-Event-Message-Timestamp "${timestamp.slice(0, 40)}" is not an RFC 3339 time`,
	};
}

export type AgeVerdict =
	| { run: true; late: boolean; ageMs: number }
	| { run: false; reason: string };

function minutes(ms: number): string {
	return `${Math.round(Math.abs(ms) / 60_000)} min`;
}

/**
 * Whether a genuine delivery sent at `sentAt` still runs the workflow: within `maxAgeMs` of now
 * (either side: clocks drift), marked late past LATE_AFTER_MS. Older ones are acknowledged
 * without running, since the replay memory no longer covers them.
 */
export function judgeAge(sentAt: number, nowMs: number, maxAgeMs: number): AgeVerdict {
	const ageMs = nowMs - sentAt;
	if (Math.abs(ageMs) <= maxAgeMs) return { run: true, late: ageMs > LATE_AFTER_MS, ageMs };
	const when =
		ageMs > 0
			? `${minutes(ageMs)} old`
			: `${minutes(ageMs)} in the future (check the clock of this n8n host)`;
	return {
		run: false,
		reason: `the message was sent ${when}, beyond ${fieldName('maxEventAge')} (${minutes(maxAgeMs)}); raise ${fieldName('maxEventAge')} to run such deliveries`,
	};
}

/**
 * The time the replay memory files a delivery under: its Kick timestamp, kept within Max Event
 * Age of now, so that a Drops claim (which runs whatever its age) is remembered for that long too.
 */
export function rememberedAt(sentAt: number, nowMs: number, maxAgeMs: number): number {
	return Math.min(Math.max(sentAt, nowMs - maxAgeMs), nowMs + maxAgeMs);
}

export type BodyCheck =
	| { ok: true; payload: IDataObject }
	| { ok: false; status: number; reason: string };

/** The event payload from the raw bytes (the very bytes the signature covers). */
export function parseEventBody(rawBody: Buffer): BodyCheck {
	if (rawBody.length > MAX_BODY_BYTES)
		return {
			ok: false,
			status: 413,
			reason: `the body is ${rawBody.length} bytes, over the ${MAX_BODY_BYTES} byte limit`,
		};
	if (rawBody.length === 0) return { ok: false, status: 400, reason: 'the body is empty' };
	let payload: unknown;
	try {
		payload = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, status: 400, reason: 'the body is not JSON' };
	}
	if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
		return { ok: false, status: 400, reason: 'the body is not a JSON object' };
	}
	return { ok: true, payload: payload as IDataObject };
}

export interface TriggerScope {
	/** Event names the user chose. */
	events: readonly string[];
	/** The channels the subscriptions are for, when known. */
	broadcasterUserIds?: readonly number[];
}

/** The channel an event is about (every Kick event names its broadcaster; Drops claims do not). */
export function eventBroadcaster(payload: IDataObject): number | undefined {
	const id = Number((payload.broadcaster as IDataObject | undefined)?.user_id);
	return Number.isInteger(id) ? id : undefined;
}

/** Why a genuine delivery is not for this trigger, or undefined when it is. */
export function notForThisTrigger(
	type: string,
	payload: IDataObject,
	scope: TriggerScope,
): string | undefined {
	if (!scope.events.includes(type)) return `event type ${type} was not chosen in this trigger`;
	const channels = scope.broadcasterUserIds;
	const broadcaster = eventBroadcaster(payload);
	if (!channels?.length || broadcaster === undefined || channels.includes(broadcaster))
		return undefined;
	return `the event is for broadcaster ${broadcaster}, not ${channels.join(', ')}`;
}

function versionOf(header: string | undefined): number | string | null {
	if (header === undefined) return null;
	return /^\d+$/.test(header) ? Number(header) : header;
}

export interface DeliveryTiming {
	late: boolean;
	ageMs: number;
}

/** The workflow item: the payload's fields at the top, plus what the headers said about the event. */
export function eventItem(
	payload: IDataObject,
	headers: DeliveryHeaders,
	timing: DeliveryTiming,
	identity: EventIdentity,
	requestHeaders?: IDataObject,
): IDataObject {
	const item: IDataObject = {
		...normalizePayload(headers.type, payload),
		event: {
			type: headers.type,
			version: versionOf(headers.version),
			messageId: headers.messageId,
			subscriptionId: headers.subscriptionId ?? null,
			broadcasterUserId: eventBroadcaster(payload) ?? null,
			key: identity.key,
			timestamp: headers.timestamp,
			late: timing.late,
			ageSeconds: Math.max(0, Math.round(timing.ageMs / 1000)),
		},
	};
	if (requestHeaders) item.headers = requestHeaders;
	return item;
}
