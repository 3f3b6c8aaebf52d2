/**
 * Kick signs every delivery with RSA-SHA256 (PKCS#1 v1.5) over
 * `${messageId}.${timestamp}.${rawBody}`; the signature header holds it in base64.
 * The public key is parsed once per process: parsing the PEM costs ten times the verify itself.
 *
 * Key rotation: Kick's retries of messages it signed before a rotation carry the previous key's
 * signature. The previous key keeps verifying them for a while, but only them: a key may be
 * rotated because it leaked, so it verifies no message Kick timestamped after the rotation was
 * noticed (plus PREVIOUS_KEY_CLOCK_MARGIN_MS), and nothing once PREVIOUS_KEY_GRACE_MS is over.
 */
import type { KeyObject } from 'crypto';
import { createPublicKey, verify } from 'crypto';

import type { Clock } from './clock';
import { steadyNow } from './clock';
import { parseKickTimestamp } from './delivery';

/** The key Kick publishes in its webhook documentation, used when the key endpoint cannot be reached. */
export const KICK_PUBLISHED_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq/+l1WnlRrGSolDMA+A8
6rAhMbQGmQ2SapVcGM3zq8ANXjnhDWocMqfWcTd95btDydITa10kDvHzw9WQOqp2
MZI7ZyrfzJuz5nhTPCiJwTwnEtWft7nV14BYRDHvlfqPUaZ+1KR4OCaO/wWIk/rQ
L/TjY0M70gse8rlBkbo2a8rKhu69RQTRsoaf4DVhDPEeSeI5jVrRDGAMGL3cGuyY
6CLKGdjVEM78g3JfYOvDU/RvfqD7L89TZ3iN94jrmWdGz34JNlEI5hqK8dd7C5EF
BEbZ5jgB8s8ReQV8H+MkuffjdAj3ajDDX3DOJMIut1lBrUVD1AaSrGCKHooWoL2e
twIDAQAB
-----END PUBLIC KEY-----
`;

/** Re-fetching the key after a failed signature happens at most this often (forged floods). */
export const KEY_REFRESH_INTERVAL_MS = 60_000;

/**
 * How long after a rotation was noticed the previous key still verifies messages sent before it.
 * Kick retries a failed delivery for about a day, then unsubscribes the app; no Max Event Age
 * runs a delivery older than a day (1,440 minutes) either. An hour more covers the last retries.
 */
export const PREVIOUS_KEY_GRACE_MS = 25 * 60 * 60_000;

/**
 * The previous key verifies messages timestamped up to this long after the rotation was noticed:
 * Kick's clock may be that much ahead of this host's. Any later message was signed with the new key.
 */
export const PREVIOUS_KEY_CLOCK_MARGIN_MS = 5 * 60_000;

export interface SignedMessage {
	messageId: string;
	timestamp: string;
	/** The request body exactly as received. */
	rawBody: Buffer;
	/** The Kick-Event-Signature header (standard base64). */
	signature: string;
}

/** Whether `signature` is Kick's signature of this message under `publicKey`. Pure; never throws. */
export function verifyKickSignature(publicKey: KeyObject, message: SignedMessage): boolean {
	const signed = Buffer.concat([
		Buffer.from(`${message.messageId}.${message.timestamp}.`),
		message.rawBody,
	]);
	try {
		return verify('sha256', signed, publicKey, Buffer.from(message.signature, 'base64'));
	} catch {
		// A signature of the wrong length or a key of the wrong type is simply not a match.
		return false;
	}
}

/** Fetches Kick's public key as PEM text. */
export type PublicKeyFetcher = () => Promise<string>;

export type PublicKeySource = 'kick' | 'published';

export interface PublicKeyCacheEvents {
	/** The key endpoint failed; `fallback` says whether the published key is used instead. */
	onFetchFailed?: (error: Error, fallback: boolean) => void;
	/** Kick rotated its key; the previous one verifies messages sent before `sentBefore` until `until`. */
	onKeyRotated?: (previous: PreviousKeyTerms) => void;
}

/** When Kick's previous key still verifies a message (epoch ms, this host's steady clock). */
export interface PreviousKeyTerms {
	/** Only messages whose Kick timestamp is before this. */
	sentBefore: number;
	/** Only until this. */
	until: number;
}

/**
 * Kick's public key, fetched once and kept parsed. A failed signature may mean Kick rotated its
 * key: `refresh()` fetches it again, at most once per interval, and keeps the key it replaces as
 * the previous key (see the file's comment). When the first fetch fails, the key Kick publishes
 * in its docs is used (and a later refresh can still replace it).
 */
export class KickPublicKeyCache {
	private key?: KeyObject;
	private keySource?: PublicKeySource;
	private previousKey?: { key: KeyObject; terms: PreviousKeyTerms };
	private loading?: Promise<KeyObject>;
	private refreshing?: Promise<KeyObject | undefined>;
	private lastRefreshAt = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly refreshIntervalMs = KEY_REFRESH_INTERVAL_MS,
		private readonly now: Clock = steadyNow,
	) {}

	/** The cached key and where it came from (undefined before the first delivery). */
	get current(): { key: KeyObject; source: PublicKeySource } | undefined {
		return this.key && this.keySource ? { key: this.key, source: this.keySource } : undefined;
	}

	/** The key Kick signed with before its last rotation, and when it still verifies. */
	get previous(): { key: KeyObject; terms: PreviousKeyTerms } | undefined {
		return this.previousKey;
	}

	/** The previous key, when it may verify a message Kick timestamped `sentAt`; no fetch. */
	previousKeyFor(sentAt: number): KeyObject | undefined {
		const previous = this.previousKey;
		if (!previous) return undefined;
		if (this.now() >= previous.terms.until) {
			this.previousKey = undefined;
			return undefined;
		}
		return sentAt < previous.terms.sentBefore ? previous.key : undefined;
	}

	async get(fetchPem: PublicKeyFetcher, events: PublicKeyCacheEvents = {}): Promise<KeyObject> {
		if (this.key) return this.key;
		// Concurrent first deliveries share one fetch.
		this.loading ??= this.load(fetchPem, events).finally(() => {
			this.loading = undefined;
		});
		return await this.loading;
	}

	/** Fetches the key again; resolves to the new key only when it differs from the cached one. */
	async refresh(
		fetchPem: PublicKeyFetcher,
		events: PublicKeyCacheEvents = {},
	): Promise<KeyObject | undefined> {
		if (this.refreshing) return await this.refreshing;
		if (this.now() - this.lastRefreshAt < this.refreshIntervalMs) return undefined;
		this.lastRefreshAt = this.now();
		this.refreshing = this.fetchDifferentKey(fetchPem, events).finally(() => {
			this.refreshing = undefined;
		});
		return await this.refreshing;
	}

	clear(): void {
		this.key = undefined;
		this.keySource = undefined;
		this.previousKey = undefined;
		this.loading = undefined;
		this.refreshing = undefined;
		this.lastRefreshAt = Number.NEGATIVE_INFINITY;
	}

	private async load(fetchPem: PublicKeyFetcher, events: PublicKeyCacheEvents): Promise<KeyObject> {
		try {
			this.store(createPublicKey(await fetchPem()), 'kick');
		} catch (error) {
			events.onFetchFailed?.(error as Error, true);
			this.store(createPublicKey(KICK_PUBLISHED_PUBLIC_KEY_PEM), 'published');
		}
		return this.key as KeyObject;
	}

	private async fetchDifferentKey(
		fetchPem: PublicKeyFetcher,
		events: PublicKeyCacheEvents,
	): Promise<KeyObject | undefined> {
		let fresh: KeyObject;
		try {
			fresh = createPublicKey(await fetchPem());
		} catch (error) {
			events.onFetchFailed?.(error as Error, false);
			return undefined;
		}
		if (this.key?.equals(fresh)) return undefined;
		if (this.key) this.retire(this.key, events);
		this.store(fresh, 'kick');
		return fresh;
	}

	/** Keeps the replaced key for the retries Kick signed with it (one previous key at a time). */
	private retire(key: KeyObject, events: PublicKeyCacheEvents): void {
		const noticedAt = this.now();
		const terms = {
			sentBefore: noticedAt + PREVIOUS_KEY_CLOCK_MARGIN_MS,
			until: noticedAt + PREVIOUS_KEY_GRACE_MS,
		};
		this.previousKey = { key, terms };
		events.onKeyRotated?.(terms);
	}

	private store(key: KeyObject, source: PublicKeySource): void {
		this.key = key;
		this.keySource = source;
	}
}

/** The process-wide cache every Kick Trigger shares (Kick has one signing key). */
export const kickPublicKeys = new KickPublicKeyCache();

/**
 * Verifies with the cached key; after a mismatch, with the previous key if the message was sent
 * before Kick's last rotation (no fetch), then once more with a re-fetched key if Kick rotated it.
 */
export async function verifyWithKickKey(
	message: SignedMessage,
	fetchPem: PublicKeyFetcher,
	events: PublicKeyCacheEvents = {},
	cache: KickPublicKeyCache = kickPublicKeys,
): Promise<boolean> {
	if (verifyKickSignature(await cache.get(fetchPem, events), message)) return true;
	const sentAt = parseKickTimestamp(message.timestamp);
	const previous = sentAt.ok ? cache.previousKeyFor(sentAt.sentAt) : undefined;
	if (previous && verifyKickSignature(previous, message)) return true;
	const rotated = await cache.refresh(fetchPem, events);
	return rotated !== undefined && verifyKickSignature(rotated, message);
}
