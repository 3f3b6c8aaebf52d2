import { KICK_ULID_REGEX } from '../../../shared/kick';
import type { InputValidator } from '../../helpers/validate';

const ULID = new RegExp(KICK_ULID_REGEX);

export const REDEMPTIONS_PATH = '/public/v1/channels/rewards/redemptions';

/** Redemption ids as the node reads every list (InputValidator.list), checked and deduplicated. */
export function redemptionIds(check: InputValidator, field: string, value: unknown): string[] {
	const ids = check
		.list(field, value)
		.map((id) => check.pattern(field, id, ULID, 'each ID must be a Kick redemption ID (a ULID)'));
	return [...new Set(ids)];
}
