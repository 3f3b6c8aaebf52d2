/**
 * Drops claims, as Kick's docs describe them (drops/public-api.md; not in the spec): only app
 * access tokens of apps that belong to a Kick organization; `cursor` is a claim id.
 */
import {
	forbidden,
	type Handler,
	noContent,
	notFound,
	nowIso,
	type RequestContext,
} from './handler';
import type { DropsClaim } from './state';

function requireOrganizationApp(ctx: RequestContext): void {
	const clientId = ctx.token?.client_id ?? '';
	if (!ctx.state.organizationApps.includes(clientId))
		throw forbidden(`the app ${clientId} does not belong to a Kick organization`);
}

const getClaims: Handler = (ctx) => {
	requireOrganizationApp(ctx);
	const q = ctx.input.query as {
		campaign_id?: string;
		limit: number;
		cursor?: string;
		user_id?: number;
		claim_id?: string;
		external_status?: string;
	};
	const matching = ctx.state.dropsClaims
		.filter(
			(claim) =>
				(q.campaign_id === undefined || claim.campaign_id === q.campaign_id) &&
				(q.user_id === undefined || claim.user_id === q.user_id) &&
				(q.claim_id === undefined || claim.claim_id === q.claim_id) &&
				(q.external_status === undefined || claim.external_status === q.external_status),
		)
		.sort((a, b) => (a.claim_id < b.claim_id ? -1 : 1));
	// The cursor is the last claim id of the page before: the next page starts after it.
	const after = q.cursor === undefined ? matching : matching.filter((c) => c.claim_id > q.cursor!);
	const claims = after.slice(0, q.limit);
	const more = after.length > claims.length;
	return {
		status: 200,
		body: {
			data: {
				claims: claims.map((claim) => ({ ...claim })),
				cursor: more ? claims.at(-1)!.claim_id : '',
			},
			message: 'OK',
		},
	};
};

const patchClaims: Handler = (ctx) => {
	requireOrganizationApp(ctx);
	const { claims } = ctx.input.body as {
		claims: Array<{ claim_id: string; external_status: string }>;
	};
	// All or nothing: an unknown claim fails the request before any claim changes.
	const found = claims.map(({ claim_id }) => {
		const claim = ctx.state.dropsClaims.find((candidate) => candidate.claim_id === claim_id);
		if (!claim) throw notFound(`claim ${claim_id} not found`);
		return claim;
	});
	const at = nowIso();
	found.forEach((claim: DropsClaim, index) => {
		claim.external_status = claims[index].external_status;
		claim.updated_at = at;
	});
	return noContent();
};

export const dropsRoutes: Record<string, Handler> = {
	'GET /public/v1/drops/claims': getClaims,
	'PATCH /public/v1/drops/claims': patchClaims,
};
