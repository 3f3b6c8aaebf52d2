import { KICK_ULID_REGEX } from '../../../shared/kick';
import type { InputValidator } from '../../helpers/validate';

/*
 * Drops claims. Source: Kick's docs (KickEngineering/KickDevDocs drops/public-api.md), not its
 * spec: only Kick apps that belong to a Kick organization may call these, with an app access
 * token. Claim objects pass through whole, whatever fields Kick adds.
 */
export const DROPS_CLAIMS_PATH = '/public/v1/drops/claims';

export const DROPS_FORBIDDEN_HINT =
	'Kick allows Drops only to apps that belong to a Kick organization: add the app to your organization on kick.com, and use an app access token of that app.';

const ULID = new RegExp(KICK_ULID_REGEX);

/** A claim id as Kick gives it: a ULID. */
export function claimId(check: InputValidator, field: string, value: string): string {
	return check.pattern(field, value, ULID, 'must be a Kick claim ID (a ULID)');
}
