/**
 * Limits the Kick spec states only in prose (descriptions), or in events.md, expressed as data so
 * the generic validator in spec.ts can enforce them. Rules that depend on the token (e.g. "with an
 * app token broadcaster_user_id is required") live in the route handlers instead.
 */
import type { Schema, SpecOperation } from './spec';

export interface ParameterRule {
	maxItems?: number;
	items?: Schema;
}

export interface OperationRules {
	params: Record<string, ParameterRule>;
	mutuallyExclusive: string[][];
	body?: Partial<Schema>;
}

const RULES: Record<string, Partial<OperationRules>> = {
	// "Provide only broadcaster_user_id parameters (up to 50)", "only slug parameters (up to 50,
	// each max 25 characters)", "You cannot mix broadcaster_user_id and slug parameters".
	'GET /public/v1/channels': {
		params: {
			broadcaster_user_id: { maxItems: 50 },
			slug: { maxItems: 50, items: { type: 'string', maxLength: 25 } },
		},
		mutuallyExclusive: [['broadcaster_user_id', 'slug']],
	},
	// "Broadcaster User IDs (up to 50)"
	'GET /public/v1/livestreams': { params: { broadcaster_user_id: { maxItems: 50 } } },
	// Body description: "at least one must be set".
	'PATCH /public/v1/channels': { body: { minProperties: 1 } },
};

/** Form fields outside the spec that Kick documents elsewhere (events.md: PKCE verifier; RFC 6749 scope). */
const EXTRA_FORM_FIELDS: Record<string, readonly string[]> = {
	'POST /oauth/token': ['code_verifier', 'scope'],
};

export function extraParameterRules(op: SpecOperation): OperationRules {
	const rules = RULES[`${op.method} ${op.path}`] ?? {};
	return {
		params: rules.params ?? {},
		mutuallyExclusive: rules.mutuallyExclusive ?? [],
		body: rules.body,
	};
}

export const extraFormFields = (op: SpecOperation): readonly string[] =>
	EXTRA_FORM_FIELDS[`${op.method} ${op.path}`] ?? [];
