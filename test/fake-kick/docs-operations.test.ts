/**
 * The operations Kick documents outside its spec (test/fixtures/kick-api.docs-operations.json):
 * validated like the spec's own, served with answers of the documented shape.
 */
import { startKickForTest } from '../support/kick-network';
import { ROUTES } from './routes';
import type { FakeKick } from './server';
import { OPERATIONS, operationKey, responseProblems } from './spec';
import { SEED } from './state';
import { kick, type KickCall } from './test-client';

let fake: FakeKick;
let appToken: string;

beforeAll(async () => {
	fake = await startKickForTest({ mode: 'documented' });
});

afterAll(async () => {
	await fake.stop();
});

beforeEach(() => {
	fake.reset();
	appToken = fake.issueAppToken().accessToken;
});

const messages = () => fake.violations.map((v) => v.message);
const asApp = (c: KickCall) => kick({ token: appToken, ...c });
const claimIds = (body: { data: { claims: Array<{ claim_id: string }> } }) =>
	body.data.claims.map((claim) => claim.claim_id);

describe('operations from Kick’s docs', () => {
	it('are marked with their source, and each has a handler', () => {
		const docs = OPERATIONS.filter((op) => op.source);
		expect(docs.map(operationKey)).toEqual([
			'GET /public/v2/livestreams',
			'GET /public/v1/drops/claims',
			'PATCH /public/v1/drops/claims',
		]);
		for (const op of docs)
			expect(op.source).toMatch(/^Kick's docs \(KickEngineering\/KickDevDocs /);
		expect(docs.map(operationKey).filter((key) => !ROUTES[key])).toEqual([]);
	});

	it('GET /public/v2/livestreams pages oldest first with a cursor, filters by category and language', async () => {
		const first = await asApp({ path: '/public/v2/livestreams', query: { limit: 2 } });
		expect(first.status).toBe(200);
		expect(first.body.data.map((s: { channel: { slug: string } }) => s.channel.slug)).toEqual([
			'speedrunner',
			'streamer',
		]);
		const second = await asApp({
			path: '/public/v2/livestreams',
			query: { limit: 2, cursor: first.body.pagination.next_cursor },
		});
		expect(second.body.data.map((s: { channel: { slug: string } }) => s.channel.slug)).toEqual([
			'chef',
		]);
		expect(second.body.pagination.next_cursor).toBe('');
		const filtered = await asApp({
			path: '/public/v2/livestreams',
			query: { category_id: [1, 3], language_code: ['es'] },
		});
		expect(filtered.body.data).toEqual([
			expect.objectContaining({
				language_code: 'es',
				broadcaster_user: expect.objectContaining({ id: 1004 }),
			}),
		]);
		expect(fake.violations).toEqual([]);
		expect(fake.requests.flatMap((r) => responseProblems(r.operation, r.response))).toEqual([]);
	});

	it('GET /public/v2/livestreams flags a limit over 1000, 26 categories and comma-joined languages', async () => {
		await asApp({ path: '/public/v2/livestreams', query: { limit: 1001 } });
		await asApp({
			path: '/public/v2/livestreams',
			query: { category_id: Array.from({ length: 26 }, (_, i) => i + 1) },
		});
		await asApp({ path: '/public/v2/livestreams', query: { language_code: 'en,es' } });
		expect(messages()).toEqual([
			"query parameter 'limit' must be <= 1000 (got 1001)",
			"query parameter 'category_id' must have at most 25 items (got 26)",
			expect.stringMatching(/'language_code' value "en,es" is comma-joined/),
		]);
	});

	it('GET /public/v1/drops/claims filters and pages with the last claim id as cursor', async () => {
		const [campaign] = SEED.drops.campaigns;
		const first = await asApp({
			path: '/public/v1/drops/claims',
			query: { campaign_id: campaign, limit: 20 },
		});
		expect(first.status).toBe(200);
		expect(first.body.data.claims).toHaveLength(20);
		expect(first.body.data.cursor).toBe(claimIds(first.body).at(-1));
		const rest = await asApp({
			path: '/public/v1/drops/claims',
			query: { campaign_id: campaign, limit: 20, cursor: first.body.data.cursor },
		});
		expect(rest.body.data.claims).toHaveLength(5);
		expect(rest.body.data.cursor).toBe('');
		const byDefault = await asApp({ path: '/public/v1/drops/claims' });
		expect(byDefault.body.data.claims).toHaveLength(10);
		const processed = await asApp({
			path: '/public/v1/drops/claims',
			query: { external_status: 'processed', user_id: SEED.viewers[0] },
		});
		expect(processed.body.data.claims).toEqual([
			expect.objectContaining({ external_status: 'processed', user_id: SEED.viewers[0] }),
			expect.objectContaining({ external_status: 'processed', user_id: SEED.viewers[0] }),
		]);
		const unset = first.body.data.claims[5];
		expect(unset).not.toHaveProperty('external_status');
		expect(fake.violations).toEqual([]);
		expect(fake.requests.flatMap((r) => responseProblems(r.operation, r.response))).toEqual([]);
	});

	it('PATCH /public/v1/drops/claims sets external_status, all or nothing', async () => {
		const [first, second] = fake.state.dropsClaims.map((claim) => claim.claim_id);
		const ok = await asApp({
			method: 'PATCH',
			path: '/public/v1/drops/claims',
			json: {
				claims: [
					{ claim_id: first, external_status: 'granted' },
					{ claim_id: second, external_status: 'failed' },
				],
			},
		});
		expect(ok.status).toBe(204);
		expect(fake.state.dropsClaims.slice(0, 2).map((c) => c.external_status)).toEqual([
			'granted',
			'failed',
		]);
		const unknown = await asApp({
			method: 'PATCH',
			path: '/public/v1/drops/claims',
			json: {
				claims: [
					{ claim_id: first, external_status: 'again' },
					{ claim_id: SEED.rewards.hydrate, external_status: 'x' },
				],
			},
		});
		expect(unknown.status).toBe(404);
		expect(fake.state.dropsClaims[0].external_status).toBe('granted');
		expect(fake.violations).toEqual([]);
	});

	it('PATCH /public/v1/drops/claims flags 101 claims, extra fields and an empty status', async () => {
		const ids = fake.state.dropsClaims.map((claim) => claim.claim_id);
		const many = Array.from({ length: 101 }, (_, i) => ({
			claim_id: ids[i % ids.length],
			external_status: 'x',
		}));
		await asApp({ method: 'PATCH', path: '/public/v1/drops/claims', json: { claims: many } });
		await asApp({
			method: 'PATCH',
			path: '/public/v1/drops/claims',
			json: { claims: [{ claim_id: ids[0], external_status: 'x', user_id: 1 }] },
		});
		await asApp({
			method: 'PATCH',
			path: '/public/v1/drops/claims',
			json: { claims: [{ claim_id: ids[0], external_status: '' }] },
		});
		expect(messages()).toEqual([
			'body claims must have at most 100 items (got 101)',
			'body claims[0].user_id is not a known field',
			'body claims[0].external_status must be at least 1 characters (got 0)',
		]);
	});

	it('Drops answers 403 to user tokens and to apps outside an organization', async () => {
		const user = await kick({
			token: fake.issueUserToken().accessToken,
			path: '/public/v1/drops/claims',
		});
		expect(user.status).toBe(403);
		expect(user.body.message).toMatch(/it needs an app access token/);
		fake.state.organizationApps = [];
		const outsider = await asApp({ path: '/public/v1/drops/claims' });
		expect(outsider.status).toBe(403);
		expect(outsider.body.message).toMatch(/does not belong to a Kick organization/);
		expect(fake.violations).toEqual([]);
	});
});
