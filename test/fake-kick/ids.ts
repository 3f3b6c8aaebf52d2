/** Identifier helpers: ULIDs (Kick's id format for rewards, redemptions, subscriptions, events), tokens. */
import { randomBytes, randomUUID } from 'crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeBase32(value: bigint, length: number): string {
	let out = '';
	let rest = value;
	for (let i = 0; i < length; i++) {
		out = CROCKFORD[Number(rest % 32n)] + out;
		rest /= 32n;
	}
	return out;
}

/** Within one process ULIDs increase strictly, so sorting by id = creation order. */
let lastTime = 0;
let lastRandom = 0n;
export function ulid(now = Date.now()): string {
	if (now <= lastTime) {
		lastRandom += 1n;
	} else {
		lastTime = now;
		lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n; // leave headroom for increments
	}
	return encodeBase32(BigInt(lastTime), 10) + encodeBase32(lastRandom, 16);
}

/** Deterministic ULIDs for seed data: same ids in every run, readable in test failures. */
export function seedUlid(series: number, n: number): string {
	const time = BigInt(Date.UTC(2025, 0, 1)) + BigInt(series);
	return encodeBase32(time, 10) + encodeBase32(BigInt(n), 16);
}

export const uuid = (): string => randomUUID();

export const randomToken = (prefix: string): string =>
	`${prefix}_${randomBytes(24).toString('base64url')}`;
