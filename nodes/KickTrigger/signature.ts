/**
 * Kick signs every delivery with RSA-SHA256 (PKCS#1 v1.5) over
 * `${messageId}.${timestamp}.${rawBody}`; the signature header holds it in base64.
 * The public key is parsed once per process: parsing the PEM costs ten times the verify itself.
 */
import type { KeyObject } from 'crypto';
import { createPublicKey, verify } from 'crypto';

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
}

/**
 * Kick's public key, fetched once and kept parsed. A failed signature may mean Kick rotated its
 * key: `refresh()` fetches it again, at most once per interval. When the first fetch fails, the
 * key Kick publishes in its docs is used (and a later refresh can still replace it).
 */
export class KickPublicKeyCache {
	private key?: KeyObject;
	private keySource?: PublicKeySource;
	private loading?: Promise<KeyObject>;
	private refreshing?: Promise<KeyObject | undefined>;
	private lastRefreshAt = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly refreshIntervalMs = KEY_REFRESH_INTERVAL_MS,
		private readonly now: () => number = Date.now,
	) {}

	/** The cached key and where it came from (undefined before the first delivery). */
	get current(): { key: KeyObject; source: PublicKeySource } | undefined {
		return this.key && this.keySource ? { key: this.key, source: this.keySource } : undefined;
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
		this.store(fresh, 'kick');
		return fresh;
	}

	private store(key: KeyObject, source: PublicKeySource): void {
		this.key = key;
		this.keySource = source;
	}
}

/** The process-wide cache every Kick Trigger shares (Kick has one signing key). */
export const kickPublicKeys = new KickPublicKeyCache();

/** Verifies with the cached key; after a mismatch, once more with a re-fetched key if Kick rotated it. */
export async function verifyWithKickKey(
	message: SignedMessage,
	fetchPem: PublicKeyFetcher,
	events: PublicKeyCacheEvents = {},
	cache: KickPublicKeyCache = kickPublicKeys,
): Promise<boolean> {
	if (verifyKickSignature(await cache.get(fetchPem, events), message)) return true;
	const rotated = await cache.refresh(fetchPem, events);
	return rotated !== undefined && verifyKickSignature(rotated, message);
}
