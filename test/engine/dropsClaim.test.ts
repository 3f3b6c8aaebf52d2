/**
 * Drops Claim (Kick's docs, drops/public-api.md): only an app access token of an app that
 * belongs to a Kick organization; Get Many follows Kick's cursor (a claim id), Update sets the
 * external status of any number of claims, 100 per request, one result per claim.
 */
import type { IDataObject } from 'n8n-workflow';

import { seedUlid } from '../fake-kick/ids';
import type { DropsClaim } from '../fake-kick/state';
import { SEED } from '../fake-kick/state';
import { kickCredentialData, newCredentials } from '../support/engine';
import { apiRequests, jsonOf, requestsTo, runWith, useFakeKick } from './kick-operations';

const fake = useFakeKick();

const LIST = 'GET /public/v1/drops/claims';
const PATCH = 'PATCH /public/v1/drops/claims';

function appCredentials() {
	const { accessToken } = fake().issueAppToken();
	return newCredentials(kickCredentialData({ grantType: 'clientCredentials', accessToken }));
}

const asApp = (parameters: IDataObject) =>
	runWith(fake(), { resource: 'dropsClaim', ...parameters }, { credentials: appCredentials() });

/** Adds `count` claims to the first campaign and returns their ids, in order. */
function addClaims(count: number): string[] {
	const added: DropsClaim[] = Array.from({ length: count }, (_, i) => ({
		claim_id: seedUlid(400, i + 1),
		user_id: SEED.viewers[i % SEED.viewers.length],
		campaign_id: SEED.drops.campaigns[0],
		reward_id: seedUlid(320, 1),
		created_at: '2025-07-03T12:00:00Z',
		updated_at: '2025-07-03T12:00:00Z',
	}));
	fake().state.dropsClaims.push(...added);
	return added.map((claim) => claim.claim_id);
}

const statusOf = (id: string) =>
	fake().state.dropsClaims.find((claim) => claim.claim_id === id)?.external_status;

describe('Drops Claim › Get Many', () => {
	test('Return All: every claim, one item each, as Kick answers it (unknown fields too)', async () => {
		(fake().state.dropsClaims[0] as DropsClaim & { region?: string }).region = 'eu-west';
		const result = await asApp({ operation: 'getMany', returnAll: true });

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(30);
		expect(jsonOf(result)[0]).toEqual({ ...fake().state.dropsClaims[0] });
		expect(jsonOf(result)[0].region).toBe('eu-west');
		expect(jsonOf(result)[3]).not.toHaveProperty('external_status');
		expect(requestsTo(fake(), LIST).map((request) => request.query)).toEqual([{ limit: ['1000'] }]);
		expect(fake().violations).toEqual([]);
	});

	test('Return All follows Kick’s cursor (the last claim id) over 1,530 claims', async () => {
		addClaims(1500);
		const result = await asApp({ operation: 'getMany', returnAll: true });

		expect(result.output).toHaveLength(1530);
		expect(new Set(jsonOf(result).map((claim) => claim.claim_id)).size).toBe(1530);
		const requests = requestsTo(fake(), LIST);
		expect(requests).toHaveLength(2);
		expect(requests[1].query.cursor).toEqual([jsonOf(result)[999].claim_id]);
		expect(fake().violations).toEqual([]);
	});

	test('Limit asks Kick for just that many', async () => {
		const result = await asApp({ operation: 'getMany', limit: 7 });

		expect(result.output).toHaveLength(7);
		expect(requestsTo(fake(), LIST)[0].query).toEqual({ limit: ['7'] });
	});

	test('filters go out as Kick names them', async () => {
		const [campaign] = SEED.drops.campaigns;
		const result = await asApp({
			operation: 'getMany',
			returnAll: true,
			filters: { campaignId: ` ${campaign} `, externalStatus: 'processed', userId: '2002' },
		});

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({
				campaign_id: campaign,
				user_id: 2002,
				external_status: 'processed',
			}),
		]);
		expect(requestsTo(fake(), LIST)[0].query).toEqual({
			limit: ['1000'],
			campaign_id: [campaign],
			external_status: ['processed'],
			user_id: ['2002'],
		});
		expect(fake().violations).toEqual([]);
	});

	test.each([
		[
			'a claim ID that is not a ULID',
			{ claimId: 'claim-1' },
			`'Claim ID': must be a Kick claim ID (a ULID) (got "claim-1")`,
		],
		[
			'a user ID that is not a number',
			{ userId: 'viewer1' },
			`'User ID': must be a whole number (got "viewer1")`,
		],
	])('refuses %s before any request', async (_case, filters, message) => {
		const result = await asApp({ operation: 'getMany', filters });

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('Drops Claim › Update', () => {
	const update = (claimIds: string, externalStatus = 'processed') => ({
		operation: 'update',
		claimIds,
		externalStatus,
	});

	test('one request for a few claims, one item per claim', async () => {
		const ids = fake()
			.state.dropsClaims.slice(3, 6)
			.map((claim) => claim.claim_id);
		const result = await asApp(update(`${ids[0]}, ${ids[1]}\n${ids[2]}, ${ids[0]}`, ' granted '));

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual(
			ids.map((id) => ({ claim_id: id, external_status: 'granted', updated: true })),
		);
		expect(requestsTo(fake(), PATCH).map((request) => request.body)).toEqual([
			{ claims: ids.map((id) => ({ claim_id: id, external_status: 'granted' })) },
		]);
		expect(ids.map(statusOf)).toEqual(['granted', 'granted', 'granted']);
		expect(fake().violations).toEqual([]);
	});

	test('250 claims go out as 100, 100 and 50', async () => {
		const ids = addClaims(250);
		const result = await asApp(update(ids.join('\n')));

		expect(result.output).toHaveLength(250);
		expect(
			requestsTo(fake(), PATCH).map(
				(request) => (request.body as { claims: unknown[] }).claims.length,
			),
		).toEqual([100, 100, 50]);
		expect(ids.every((id) => statusOf(id) === 'processed')).toBe(true);
		expect(fake().violations).toEqual([]);
	});

	test('when a later request fails, the error lists the claims earlier requests updated', async () => {
		const ids = addClaims(150);
		fake().failNext({ method: 'PATCH', path: '/public/v1/drops/claims', status: 500, after: 1 });
		const result = await asApp(update(ids.join(',')));

		expect(result.error?.message).toMatch(/^Kick answered 500/);
		expect(result.error?.description).toContain(
			`Kick had already updated 100 of the IDs in earlier requests: ${ids.slice(0, 100).join(', ')}.`,
		);
		expect(statusOf(ids[0])).toBe('processed');
		expect(statusOf(ids[100])).toBeUndefined();
	});

	test.each([
		[
			'no claim IDs (from an expression)',
			update('={{ [] }}'),
			"'Claim IDs': needs at least 1 value (got 0)",
		],
		[
			'a claim ID that is not a ULID',
			update('nope'),
			`'Claim IDs': must be a Kick claim ID (a ULID) (got "nope")`,
		],
		[
			'an empty status',
			update(seedUlid(310, 1), '  '),
			"'External Status': must be at least 1 character long (got 0)",
		],
	])('refuses %s before any request', async (_case, parameters, message) => {
		const result = await asApp(parameters);

		expect(result.error?.message).toBe(message);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('an unknown claim: Kick’s 404 with its message, nothing changed', async () => {
		const known = fake().state.dropsClaims[5].claim_id;
		const result = await asApp(update(`${known}, ${seedUlid(999, 9)}`));

		expect(result.error?.message).toBe(
			`Kick could not find it (404): claim ${seedUlid(999, 9)} not found`,
		);
		expect(statusOf(known)).toBeUndefined();
	});
});

describe('Drops Claim: app access tokens of organization apps only', () => {
	test.each([
		['Get Many', { resource: 'dropsClaim', operation: 'getMany' }],
		[
			'Update',
			{
				resource: 'dropsClaim',
				operation: 'update',
				claimIds: seedUlid(310, 1),
				externalStatus: 'x',
			},
		],
	])('%s with a user token says so before any request', async (name, parameters) => {
		const result = await runWith(fake(), parameters);

		expect(result.error?.message).toBe(
			`Drops Claim › ${name} needs an app access token, and this credential holds a user access token (Authorization Code)`,
		);
		expect(result.error?.description).toMatch(/Kick organization/);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('an app outside a Kick organization: Kick’s 403, with what to do', async () => {
		fake().state.organizationApps = [];
		const result = await asApp({ operation: 'getMany' });

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.message).toMatch(/does not belong to a Kick organization/);
		expect(result.error?.description).toMatch(/add the app to your organization on kick\.com/);
	});

	test('node version 1 has no Drops Claim', async () => {
		const result = await runWith(
			fake(),
			{ resource: 'dropsClaim', operation: 'getMany' },
			{ credentials: appCredentials(), node: { typeVersion: 1 } },
		);

		expect(result.error?.message).toBe(
			'The resource "dropsClaim" is not in version 1 of the Kick node: add a new Kick node to use it',
		);
	});
});
