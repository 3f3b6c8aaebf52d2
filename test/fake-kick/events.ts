/**
 * Webhook deliveries the way Kick sends them: six Kick-Event-* headers and an RSA-SHA256
 * (PKCS#1 v1.5) base64 signature over `${messageId}.${timestamp}.${rawBody}`.
 */
import { type KeyObject, sign } from 'crypto';
import http from 'http';
import https from 'https';

import { ulid } from './ids';
import type { DropsClaim } from './state';

export interface DeliveryInput {
	type: string;
	version?: number | string;
	/** An object is JSON-serialised; a string is sent byte for byte. */
	payload: unknown;
	messageId?: string;
	timestamp?: string;
	/** Default a new ULID; null leaves the header out (Kick's deliveries before Feb 2025). */
	subscriptionId?: string | null;
}

export interface SignedDelivery {
	headers: Record<string, string>;
	body: string;
}

export interface DeliveryResult {
	status: number;
	body: string;
	headers: http.IncomingHttpHeaders;
}

export const signatureInput = (messageId: string, timestamp: string, body: string): string =>
	`${messageId}.${timestamp}.${body}`;

/** What every Kick delivery carries: a message id, an RFC 3339 timestamp and the signature. */
function signed(
	privateKey: KeyObject,
	body: string,
	options: { messageId?: string; timestamp?: string },
): { messageId: string; timestamp: string; signature: string } {
	const messageId = options.messageId ?? ulid();
	const timestamp = options.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
	const signature = sign(
		'sha256',
		Buffer.from(signatureInput(messageId, timestamp, body)),
		privateKey,
	).toString('base64');
	return { messageId, timestamp, signature };
}

export function signDelivery(privateKey: KeyObject, input: DeliveryInput): SignedDelivery {
	const body = typeof input.payload === 'string' ? input.payload : JSON.stringify(input.payload);
	const { messageId, timestamp, signature } = signed(privateKey, body, input);
	const subscriptionId = input.subscriptionId === undefined ? ulid() : input.subscriptionId;
	return {
		headers: {
			'Kick-Event-Message-Id': messageId,
			...(subscriptionId === null ? {} : { 'Kick-Event-Subscription-Id': subscriptionId }),
			'Kick-Event-Signature': signature,
			'Kick-Event-Message-Timestamp': timestamp,
			'Kick-Event-Type': input.type,
			'Kick-Event-Version': String(input.version ?? 1),
		},
		body,
	};
}

/** A Drops reward claim as Kick POSTs it (its drops guide): the claim without the app's status. */
export type ClaimDelivery = Pick<
	DropsClaim,
	'claim_id' | 'user_id' | 'campaign_id' | 'reward_id' | 'external_id'
>;

/**
 * A Drops claim the way Kick POSTs it to a campaign's URL: the same signature scheme, but only
 * three headers, the timestamp under Kick-Event-Timestamp (KickDevDocs drops guide; drift-2026).
 */
export function signDropsClaim(
	privateKey: KeyObject,
	claim: ClaimDelivery,
	options: { messageId?: string; timestamp?: string } = {},
): SignedDelivery {
	const body = JSON.stringify(claim);
	const { messageId, timestamp, signature } = signed(privateKey, body, options);
	return {
		headers: {
			'Kick-Event-Signature': signature,
			'Kick-Event-Message-ID': messageId,
			'Kick-Event-Timestamp': timestamp,
		},
		body,
	};
}

/** POSTs a signed delivery to a webhook URL (http or https) and returns what it answered. */
export function deliver(
	url: string,
	delivery: SignedDelivery,
	timeoutMs = 15_000,
): Promise<DeliveryResult> {
	const target = new URL(url);
	const client = target.protocol === 'https:' ? https : http;
	const payload = Buffer.from(delivery.body);
	return new Promise((resolve, reject) => {
		const req = client.request(
			target,
			{
				method: 'POST',
				headers: {
					...delivery.headers,
					'Content-Type': 'application/json',
					'Content-Length': String(payload.length),
				},
				timeout: timeoutMs,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString(),
						headers: res.headers,
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () =>
			req.destroy(new Error(`delivery to ${url} timed out after ${timeoutMs} ms`)),
		);
		req.on('error', reject);
		req.end(payload);
	});
}
