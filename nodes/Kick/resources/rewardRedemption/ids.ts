import type { InputValidator } from '../../helpers/validate';

// Kick's redemption ids are ULIDs: 26 characters of Crockford base32 (the spec's examples also show 31).
const ULID = /^[0-9A-HJKMNP-TV-Z]{26,32}$/i;

export const REDEMPTIONS_PATH = '/public/v1/channels/rewards/redemptions';

/** Redemption ids from text (comma, space or line separated) or an array, checked and deduplicated. */
export function redemptionIds(check: InputValidator, field: string, value: unknown): string[] {
	const ids = check.list(field, value).map((id) => check.pattern(field, id, ULID, 'each ID must be a Kick redemption ID (a ULID)'));
	return [...new Set(ids)];
}
