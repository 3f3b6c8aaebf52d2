import { type ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { createHash, randomBytes, verify } from 'crypto';
import dns from 'dns';
import https from 'https';
import { join } from 'path';
import axios from 'axios';

import { startKickForTest } from '../support/kick-network';
import { READY_PREFIX } from './main';
import { ROUTES } from './routes';
import type { FakeKick } from './server';
import { OPERATIONS, operationKey, responseProblems } from './spec';
import { SEED } from './state';
import { kick, type KickCall } from './test-client';
import { EVENT_TYPES } from './event-payloads';

let fake: FakeKick;
let token: string;

beforeAll(async () => {
	fake = await startKickForTest({ mode: 'documented' });
});

afterAll(async () => {
	await fake.stop();
});

beforeEach(() => {
	fake.reset();
	token = fake.issueUserToken().accessToken;
});

const messages = () => fake.violations.map((v) => v.message);
const call = (c: KickCall) => kick({ token, ...c });

describe('network plumbing (kick-network)', () => {
	it('lets Node https, dns.promises and axios reach the fake as api.kick.com with a trusted certificate', async () => {
		const viaHttps = await new Promise<{ status: number; body: string }>((resolve, reject) => {
			https
				.get('https://api.kick.com/public/v1/public-key', (res) => {
					let body = '';
					res.on('data', (c: Buffer) => (body += c.toString()));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				})
				.on('error', reject);
		});
		expect(viaHttps.status).toBe(200);
		expect(JSON.parse(viaHttps.body).data.public_key).toContain('BEGIN PUBLIC KEY');

		const viaAxios = await axios.get('https://id.kick.com/oauth/token/introspect', {
			validateStatus: () => true,
			headers: { Authorization: `Bearer ${token}` },
		});
		expect(viaAxios.status).toBe(404); // GET is not a documented method: proves TLS + DNS, and is flagged
		expect(messages()[0]).toMatch(/that path takes POST/);

		await expect(dns.promises.lookup('id.kick.com', { all: true })).resolves.toEqual([
			{ address: fake.address.host, family: 4 },
		]);
		expect((await fetch('https://api.kick.com/public/v1/public-key')).status).toBe(200); // undici too
	});

	it('restores dns.lookup when a fake stops', async () => {
		const before = dns.lookup;
		const second = await startKickForTest();
		expect(dns.lookup).not.toBe(before);
		await second.stop();
		expect(dns.lookup).toBe(before);
	});
});

describe('spec validation', () => {
	it('flags unknown routes with 404', async () => {
		const res = await call({ path: '/public/v1/channel' });
		expect(res.status).toBe(404);
		expect(messages()).toEqual([
			expect.stringContaining('no Kick API operation GET /public/v1/channel'),
		]);
	});

	it('flags a csv parameter sent as repeated keys, and a multi parameter sent comma-joined', async () => {
		const csv = await call({
			path: '/public/v2/categories',
			query: { name: ['Rust', 'Minecraft'] },
		});
		expect(csv.status).toBe(400);
		expect(csv.body.message).toMatch(/'name' was sent as 2 repeated keys.*collectionFormat csv/);
		const multi = await call({ path: '/public/v1/users', query: { id: '1001,2001' } });
		expect(multi.status).toBe(400);
		expect(multi.body.message).toMatch(
			/'id' value "1001,2001" is comma-joined.*collectionFormat multi/,
		);
		const brackets = await call({ path: '/public/v1/users', query: { 'id[]': [1001, 2001] } });
		expect(brackets.body.message).toMatch(/unknown query parameter 'id\[\]' \(array brackets/);
		expect(fake.violations).toHaveLength(3);
	});

	it('flags out-of-range integers and non-integers', async () => {
		expect(
			(await call({ path: '/public/v2/categories', query: { limit: 1001 } })).body.message,
		).toBe("query parameter 'limit' must be <= 1000 (got 1001)");
		expect((await call({ path: '/public/v1/livestreams', query: { limit: 0 } })).body.message).toBe(
			"query parameter 'limit' must be >= 1 (got 0)",
		);
		expect(
			(await call({ path: '/public/v1/kicks/leaderboard', query: { top: 'ten' } })).body.message,
		).toMatch(/'top' must be an integer/);
		expect(
			(await call({ path: '/public/v2/categories', query: { name: 'ab' } })).body.message,
		).toMatch(/'name'\[0\] must be at least 3 characters/);
		expect(fake.violations).toHaveLength(4);
	});

	it('flags too-long content, missing required and unknown body fields, wrong content-type', async () => {
		const long = await call({
			method: 'POST',
			path: '/public/v1/chat',
			json: { type: 'bot', content: 'x'.repeat(501) },
		});
		expect(long.status).toBe(400);
		expect(long.body.message).toBe('body content must be at most 500 characters (got 501)');
		const missing = await call({
			method: 'POST',
			path: '/public/v1/chat',
			json: { content: 'hi' },
		});
		expect(missing.body.message).toBe('body type is required');
		const unknown = await call({
			method: 'POST',
			path: '/public/v1/moderation/bans',
			json: { broadcaster_user_id: 1001, user_id: 2001, minutes: 5 },
		});
		expect(unknown.body.message).toBe('body minutes is not a known field');
		const form = await call({
			method: 'POST',
			path: '/public/v1/chat',
			form: { type: 'bot', content: 'hi' },
		});
		expect(form.body.message).toMatch(/content-type must be application\/json/);
		const nested = await call({
			method: 'POST',
			path: '/public/v1/events/subscriptions',
			json: { events: [{ name: 'channel.followed', version: '1' }] },
		});
		expect(nested.body.message).toBe('body events[0].version must be an integer (got "1")');
		expect(fake.violations).toHaveLength(5);
	});

	it('flags mixing slug and broadcaster_user_id, and the prose limits on channels', async () => {
		const mixed = await call({
			path: '/public/v1/channels',
			query: { slug: 'streamer', broadcaster_user_id: 1001 },
		});
		expect(mixed.status).toBe(400);
		expect(mixed.body.message).toBe(
			"query parameters 'broadcaster_user_id' and 'slug' cannot be used together",
		);
		const longSlug = await call({ path: '/public/v1/channels', query: { slug: 'x'.repeat(26) } });
		expect(longSlug.body.message).toMatch(/'slug'\[0\] must be at most 25 characters/);
		const many = await call({
			path: '/public/v1/channels',
			query: { broadcaster_user_id: Array.from({ length: 51 }, (_, i) => i + 1) },
		});
		expect(many.body.message).toMatch(/must have at most 50 items/);
	});

	it('flags conditional requirements stated in the spec prose', async () => {
		const user = await call({
			method: 'POST',
			path: '/public/v1/chat',
			json: { type: 'user', content: 'hi' },
		});
		expect(user.body.message).toBe('body broadcaster_user_id is required when type is "user"');
		const app = fake.issueAppToken().accessToken;
		const sub = await kick({
			token: app,
			method: 'POST',
			path: '/public/v1/events/subscriptions',
			json: { events: [{ name: 'channel.followed', version: 1 }] },
		});
		expect(sub.body.message).toBe('body broadcaster_user_id is required with an app access token');
		const patch = await call({ method: 'PATCH', path: '/public/v1/channels', json: {} });
		expect(patch.body.message).toMatch(
			/body must set at least 1 of: category_id, custom_tags, stream_title/,
		);
		expect(fake.violations).toHaveLength(3);
	});
});

describe('auth', () => {
	it('answers 401 for an expired or unknown token without calling it a violation', async () => {
		fake.expireAccessToken(token);
		const res = await call({ path: '/public/v1/users' });
		expect(res.status).toBe(401);
		expect(res.body.message).toBe('access token has expired');
		expect((await kick({ token: 'nope', path: '/public/v1/users' })).status).toBe(401);
		expect(fake.violations).toEqual([]);
	});

	it('answers 403 naming the missing scope, and 403 for app tokens on user-only operations', async () => {
		const limited = fake.issueUserToken({ scopes: ['user:read'] }).accessToken;
		const res = await kick({
			token: limited,
			method: 'POST',
			path: '/public/v1/chat',
			json: { type: 'bot', content: 'hi' },
		});
		expect(res.status).toBe(403);
		expect(res.body.message).toMatch(/missing scope: .* needs chat:write/);
		const rewards = await kick({ token: limited, path: '/public/v1/channels/rewards' });
		expect(rewards.body.message).toMatch(/needs channel:rewards:read or channel:rewards:write/);
		const readOnly = fake.issueUserToken({ scopes: ['channel:rewards:read'] }).accessToken;
		expect((await kick({ token: readOnly, path: '/public/v1/channels/rewards' })).status).toBe(200);
		const app = fake.issueAppToken().accessToken;
		const appRes = await kick({
			token: app,
			method: 'PATCH',
			path: '/public/v1/channels',
			json: { stream_title: 'x' },
		});
		expect(appRes.status).toBe(403);
		expect(appRes.body.message).toMatch(
			/app access tokens cannot call PATCH \/public\/v1\/channels/,
		);
	});

	it('treats a missing Authorization header as a violation', async () => {
		expect((await kick({ path: '/public/v1/users' })).status).toBe(401);
		expect(messages()).toEqual([expect.stringContaining('requires an Authorization: Bearer')]);
	});
});

describe('OAuth (id.kick.com)', () => {
	const redirectUri = 'https://n8n.example.test/rest/oauth2-credential/callback';
	const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

	async function authorize(challenge: string): Promise<{ code: string; state: string }> {
		const res = await kick({
			host: 'id.kick.com',
			path: '/oauth/authorize',
			query: {
				response_type: 'code',
				client_id: fake.client.clientId,
				redirect_uri: redirectUri,
				scope: 'user:read chat:write',
				state: 'st4te',
				code_challenge: challenge,
				code_challenge_method: 'S256',
			},
		});
		expect(res.status).toBe(302);
		const location = new URL(String(res.headers.location));
		expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
		return {
			code: location.searchParams.get('code') ?? '',
			state: location.searchParams.get('state') ?? '',
		};
	}

	const exchange = (code: string, verifier: string) =>
		kick({
			host: 'id.kick.com',
			method: 'POST',
			path: '/oauth/token',
			form: {
				grant_type: 'authorization_code',
				client_id: fake.client.clientId,
				client_secret: fake.client.clientSecret,
				code,
				redirect_uri: redirectUri,
				code_verifier: verifier,
			},
		});

	it('runs the PKCE code flow, rejecting a wrong verifier and a reused code', async () => {
		const verifier = randomBytes(32).toString('base64url');
		const first = await authorize(s256(verifier));
		expect(first.state).toBe('st4te');
		const wrong = await exchange(first.code, 'not-the-verifier');
		expect(wrong.status).toBe(400);
		expect(wrong.body).toMatchObject({
			error: 'invalid_grant',
			message: expect.stringContaining('PKCE'),
		});

		const second = await authorize(s256(verifier));
		const good = await exchange(second.code, verifier);
		expect(good.status).toBe(200);
		expect(good.body).toEqual({
			access_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 3600,
			refresh_token: expect.any(String),
			scope: 'user:read chat:write',
		});
		expect((await exchange(second.code, verifier)).body.message).toBe(
			'authorization code has already been used',
		);

		const me = await kick({ token: good.body.access_token, path: '/public/v1/users' });
		expect(me.body.data).toEqual([
			expect.objectContaining({ user_id: SEED.streamer, name: 'streamer' }),
		]);
		expect(fake.violations).toEqual([]);
	});

	it('POST /oauth/authorize with a form body works too; bad challenge method is a violation', async () => {
		const form = {
			response_type: 'code',
			client_id: fake.client.clientId,
			redirect_uri: redirectUri,
			scope: 'user:read',
			state: 's',
			code_challenge: 'abc',
			code_challenge_method: 'S256',
		};
		expect(
			(await kick({ host: 'id.kick.com', method: 'POST', path: '/oauth/authorize', form })).status,
		).toBe(302);
		const plain = await kick({
			host: 'id.kick.com',
			method: 'POST',
			path: '/oauth/authorize',
			form: { ...form, code_challenge_method: 'plain' },
		});
		expect(plain.status).toBe(400);
		expect(messages()).toEqual([expect.stringContaining('code_challenge_method must be "S256"')]);
	});

	it('rotates tokens on refresh and records what the token requests carried', async () => {
		const { accessToken, refreshToken } = fake.issueUserToken({ scopes: ['user:read'] });
		const refresh = (value: string) =>
			kick({
				host: 'id.kick.com',
				method: 'POST',
				path: '/oauth/token',
				form: {
					grant_type: 'refresh_token',
					client_id: fake.client.clientId,
					client_secret: fake.client.clientSecret,
					refresh_token: value,
				},
			});
		const rotated = await refresh(refreshToken);
		expect(rotated.status).toBe(200);
		expect(rotated.body.refresh_token).not.toBe(refreshToken);
		expect(rotated.body.access_token).not.toBe(accessToken);
		expect((await refresh(refreshToken)).status).toBe(400); // single use
		expect((await kick({ token: accessToken, path: '/public/v1/users' })).status).toBe(401);
		expect(
			(await kick({ token: rotated.body.access_token, path: '/public/v1/users' })).status,
		).toBe(200);
		expect(fake.tokenRequests[0]).toMatchObject({
			grantType: 'refresh_token',
			clientIdInBody: true,
			clientSecretInBody: true,
			basicAuthHeader: false,
			status: 200,
		});
		expect(fake.tokenRequests[0].bodyFields.sort()).toEqual([
			'client_id',
			'client_secret',
			'grant_type',
			'refresh_token',
		]);
	});

	it('refuses client credentials sent as HTTP Basic instead of in the body', async () => {
		const basic = Buffer.from(`${fake.client.clientId}:${fake.client.clientSecret}`).toString(
			'base64',
		);
		const res = await kick({
			host: 'id.kick.com',
			method: 'POST',
			path: '/oauth/token',
			form: { grant_type: 'client_credentials' },
			headers: { authorization: `Basic ${basic}` },
		});
		expect(res.status).toBe(401);
		expect(res.body.message).toMatch(/client_id and client_secret in the form body/);
		expect(fake.tokenRequests).toEqual([
			expect.objectContaining({
				grantType: 'client_credentials',
				basicAuthHeader: true,
				clientIdInBody: false,
				status: 401,
			}),
		]);
	});

	it('issues app tokens (no refresh token) and introspects them; revoke ends a token', async () => {
		const res = await kick({
			host: 'id.kick.com',
			method: 'POST',
			path: '/oauth/token',
			form: {
				grant_type: 'client_credentials',
				client_id: fake.client.clientId,
				client_secret: fake.client.clientSecret,
			},
		});
		expect(res.body).toEqual({
			access_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 3600,
			scope: '',
		});
		const app = res.body.access_token as string;
		const info = await kick({
			host: 'id.kick.com',
			method: 'POST',
			path: '/oauth/token/introspect',
			token: app,
		});
		expect(info.body.data).toEqual({
			active: true,
			client_id: fake.client.clientId,
			exp: expect.any(Number),
			scope: '',
			token_type: 'app',
		});
		const revoked = await kick({
			host: 'id.kick.com',
			method: 'POST',
			path: '/oauth/revoke',
			query: { token: app, token_type_hint: 'access_token' },
		});
		expect(revoked.status).toBe(200);
		expect((await kick({ token: app, path: '/public/v1/livestreams/stats' })).status).toBe(401);
		expect(
			(
				await kick({
					host: 'id.kick.com',
					method: 'POST',
					path: '/oauth/token/introspect',
					token: app,
				})
			).body.data,
		).toEqual({ active: false });
		expect(fake.violations).toEqual([]);
	});
});

describe('stateful API', () => {
	it('pages v2 categories: 2,600 seeded categories = 3 pages at limit 1000', async () => {
		const pages: number[] = [];
		let cursor: string | undefined;
		do {
			const res = await call({
				path: '/public/v2/categories',
				query: { limit: 1000, ...(cursor ? { cursor } : {}) },
			});
			expect(res.status).toBe(200);
			pages.push(res.body.data.length);
			cursor = res.body.pagination.next_cursor;
			if (cursor) expect(cursor.length).toBeGreaterThanOrEqual(4);
			if (cursor) expect(cursor.length).toBeLessThanOrEqual(28);
		} while (cursor);
		expect(pages).toEqual([1000, 1000, 600]);
		const filtered = await call({ path: '/public/v2/categories', query: { tag: 'FPS,MOBA' } });
		expect(filtered.body.data.map((c: { name: string }) => c.name)).toEqual([
			'Counter-Strike 2',
			'Rust',
			'League of Legends',
			'VALORANT',
		]);
		expect(fake.violations).toEqual([]);
	});

	it('guards rewards created by other apps and reports redemption failures', async () => {
		const other = await call({
			method: 'PATCH',
			path: `/public/v1/channels/rewards/${SEED.rewards.hydrate}`,
			json: { cost: 1 },
		});
		expect(other.status).toBe(403);
		const list = await call({ path: '/public/v1/channels/rewards/redemptions' });
		expect(list.body.data[0].reward).toMatchObject({
			id: SEED.rewards.songRequest,
			can_manage: true,
		});
		expect(list.body.data.flatMap((g: { redemptions: unknown[] }) => g.redemptions)).toHaveLength(
			25,
		);
		const pending = fake.state.redemptions.find(
			(r) => r.reward_id === SEED.rewards.songRequest && r.status === 'pending',
		)?.id as string;
		const accepted = fake.state.redemptions.find((r) => r.status === 'accepted')?.id as string;
		const hydrate = fake.state.redemptions.find((r) => r.reward_id === SEED.rewards.hydrate)
			?.id as string;
		const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
		const res = await call({
			method: 'POST',
			path: '/public/v1/channels/rewards/redemptions/accept',
			json: { ids: [pending, accepted, hydrate, missing] },
		});
		expect(res.body.data).toEqual([
			{ id: accepted, reason: 'NOT_PENDING' },
			{ id: hydrate, reason: 'NOT_OWNED' },
			{ id: missing, reason: 'NOT_FOUND' },
		]);
		expect(fake.state.redemptions.find((r) => r.id === pending)?.status).toBe('accepted');
	});

	it('answers per event on subscribe: id, unknown event; a duplicate is accepted as Kick does (KickDevDocs #246)', async () => {
		const events = [
			{ name: 'chat.message.sent', version: 1 },
			{ name: 'chat.message.sent', version: 2 },
		];
		const first = await call({
			method: 'POST',
			path: '/public/v1/events/subscriptions',
			json: { events, method: 'webhook' },
		});
		expect(first.body.data).toEqual([
			{
				name: 'chat.message.sent',
				version: 1,
				subscription_id: expect.stringMatching(/^[0-9A-Z]{26}$/),
			},
			{ name: 'chat.message.sent', version: 2, error: expect.stringContaining('unknown event') },
		]);
		const again = await call({
			method: 'POST',
			path: '/public/v1/events/subscriptions',
			json: { events: events.slice(0, 1) },
		});
		expect(again.body.data).toEqual([
			{
				name: 'chat.message.sent',
				version: 1,
				subscription_id: expect.stringMatching(/^[0-9A-Z]{26}$/),
			},
		]);
		expect(fake.state.subscriptions).toEqual([
			expect.objectContaining({ broadcaster_user_id: SEED.streamer, app_id: fake.client.clientId }),
			expect.objectContaining({ broadcaster_user_id: SEED.streamer, app_id: fake.client.clientId }),
		]);
	});

	it('injects failures with failNext', async () => {
		fake.failNext({
			method: 'post',
			path: '/public/v1/chat',
			status: 429,
			headers: { 'Retry-After': '1' },
			times: 2,
		});
		const body = { type: 'bot', content: 'hi' };
		const a = await call({ method: 'POST', path: '/public/v1/chat', json: body });
		const b = await call({ method: 'POST', path: '/public/v1/chat', json: body });
		const c = await call({ method: 'POST', path: '/public/v1/chat', json: body });
		expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
		expect(a.headers['retry-after']).toBe('1');
		expect(fake.state.chatMessages).toHaveLength(2);
	});

	it('serves every api.kick.com operation for correct calls, with spec-shaped responses and no violations', async () => {
		const problems: string[] = [];
		const step = async (c: KickCall, status = 200) => {
			const res = await call(c);
			if (res.status !== status)
				problems.push(`${c.method ?? 'GET'} ${c.path}: ${res.status} ${res.text}`);
			return res;
		};
		await step({ path: '/public/v1/categories', query: { q: 'rust' } });
		await step({ path: '/public/v1/categories/6' });
		await step({
			path: '/public/v2/categories',
			query: { limit: 5, name: 'Rust,Minecraft', id: '6,9' },
		});
		const own = await step({ path: '/public/v1/channels' });
		expect(own.body.data[0].stream).toMatchObject({
			key: expect.any(String),
			url: expect.stringMatching(/^rtmps:/),
		});
		const others = await step({
			path: '/public/v1/channels',
			query: { slug: ['streamer', 'chef'] },
		});
		expect(others.body.data[1].stream.key).toBeUndefined();
		await step({ path: '/public/v1/channels', query: { broadcaster_user_id: [1003, 1004] } });
		await step(
			{
				method: 'PATCH',
				path: '/public/v1/channels',
				json: { stream_title: 'New title', category_id: 2, custom_tags: ['a'] },
			},
			204,
		);
		await step({ path: '/public/v1/channels/rewards' });
		const created = await step({
			method: 'POST',
			path: '/public/v1/channels/rewards',
			json: { title: 'Test', cost: 10, background_color: '#123abc' },
		});
		const rewardId = created.body.data.id as string;
		await step({
			method: 'PATCH',
			path: `/public/v1/channels/rewards/${rewardId}`,
			json: { cost: 20, is_paused: true },
		});
		await step({ method: 'DELETE', path: `/public/v1/channels/rewards/${rewardId}` }, 204);
		const page1 = await step({ path: '/public/v1/channels/rewards/redemptions' });
		await step({
			path: '/public/v1/channels/rewards/redemptions',
			query: { cursor: page1.body.pagination.next_cursor, status: 'pending' },
		});
		const ids = (page1.body.data[0].redemptions as Array<{ id: string }>).map((r) => r.id);
		await step({
			path: '/public/v1/channels/rewards/redemptions',
			query: { id: ids.slice(0, 2), reward_id: SEED.rewards.songRequest },
		});
		await step({
			method: 'POST',
			path: '/public/v1/channels/rewards/redemptions/accept',
			json: { ids: [ids[0]] },
		});
		await step({
			method: 'POST',
			path: '/public/v1/channels/rewards/redemptions/reject',
			json: { ids: [ids[1]] },
		});
		await step({
			method: 'POST',
			path: '/public/v1/chat',
			json: { type: 'user', broadcaster_user_id: 1003, content: 'hi' },
		});
		const bot = await step({
			method: 'POST',
			path: '/public/v1/chat',
			json: { type: 'bot', content: 'hi', reply_to_message_id: SEED.chatMessage },
		});
		await step({ method: 'DELETE', path: `/public/v1/chat/${bot.body.data.message_id}` }, 204);
		const sub = await step({
			method: 'POST',
			path: '/public/v1/events/subscriptions',
			json: { events: EVENT_TYPES.map((name) => ({ name, version: 1 })), method: 'webhook' },
		});
		await step({
			path: '/public/v1/events/subscriptions',
			query: { broadcaster_user_id: SEED.streamer },
		});
		await step(
			{
				method: 'DELETE',
				path: '/public/v1/events/subscriptions',
				query: { id: [sub.body.data[0].subscription_id, 'unknown'] },
			},
			204,
		);
		await step({ path: '/public/v1/kicks/leaderboard', query: { top: 3 } });
		await step({
			path: '/public/v1/livestreams',
			query: { limit: 2, sort: 'started_at', language: 'en' },
		});
		await step({ path: '/public/v1/livestreams/stats' });
		await step({
			method: 'POST',
			path: '/public/v1/moderation/bans',
			json: { broadcaster_user_id: 1001, user_id: 2003, duration: 10, reason: 'spam' },
		});
		await step({
			method: 'DELETE',
			path: '/public/v1/moderation/bans',
			json: { broadcaster_user_id: 1001, user_id: 2003 },
		});
		await kick({ path: '/public/v1/public-key' });
		await step({ method: 'POST', path: '/public/v1/token/introspect' });
		await step({ path: '/public/v1/users', query: { id: [1001, 2001] } });
		await step({ host: 'id.kick.com', method: 'POST', path: '/oauth/token/introspect' });

		expect(problems).toEqual([]);
		expect(fake.violations).toEqual([]);
		expect(fake.state.subscriptions).toHaveLength(EVENT_TYPES.length - 1);
		// Kick's docs-only operations (op.source) have their own walkthrough: docs-operations.test.ts.
		const apiOps = OPERATIONS.filter((op) => op.host === 'api.kick.com' && !op.source).map(
			operationKey,
		);
		expect(new Set(fake.requests.map((r) => r.operation))).toEqual(
			new Set([...apiOps, 'POST /oauth/token/introspect']),
		);
		expect(fake.requests.flatMap((r) => responseProblems(r.operation, r.response))).toEqual([]);
	});

	it('has a handler for every spec operation', () => {
		expect(OPERATIONS.map(operationKey).filter((k) => !ROUTES[k])).toEqual([]);
	});
});

function lineStartingWith(child: ChildProcessWithoutNullStreams, prefix: string): Promise<string> {
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (c: Buffer) => {
			out += c.toString();
			const line = out.split('\n').find((l) => l.startsWith(prefix));
			if (line) resolve(line);
		});
		child.on('exit', (code) =>
			reject(new Error(`exited with ${code} before printing "${prefix}"`)),
		);
	});
}

describe('events', () => {
	it('signs deliveries so crypto.verify accepts them with the served public key', async () => {
		const served = await kick({ path: '/public/v1/public-key' });
		const publicKey = served.body.data.public_key as string;
		for (const type of EVENT_TYPES) {
			const delivery = fake.signDelivery({ type, payload: fake.samplePayload(type) });
			const h = delivery.headers;
			expect(Object.keys(h).sort()).toEqual([
				'Kick-Event-Message-Id',
				'Kick-Event-Message-Timestamp',
				'Kick-Event-Signature',
				'Kick-Event-Subscription-Id',
				'Kick-Event-Type',
				'Kick-Event-Version',
			]);
			const signed = Buffer.from(
				`${h['Kick-Event-Message-Id']}.${h['Kick-Event-Message-Timestamp']}.${delivery.body}`,
			);
			expect(
				verify('sha256', signed, publicKey, Buffer.from(h['Kick-Event-Signature'], 'base64')),
			).toBe(true);
			expect(
				verify(
					'sha256',
					Buffer.from(`${signed}x`),
					publicKey,
					Buffer.from(h['Kick-Event-Signature'], 'base64'),
				),
			).toBe(false);
		}
		fake.setPublicKeyFailure(true);
		expect((await kick({ path: '/public/v1/public-key' })).status).toBe(500);
	});

	it('delivers to a webhook URL', async () => {
		const http = await import('http');
		const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				received.push({ headers: req.headers, body });
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		const { result, delivery } = await fake.deliverEvent(`http://127.0.0.1:${port}/webhook`, {
			type: 'channel.followed',
		});
		server.close();
		expect(result).toMatchObject({ status: 200, body: 'ok' });
		expect(received[0].body).toBe(delivery.body);
		expect(received[0].headers).toMatchObject({
			'content-type': 'application/json',
			'kick-event-type': 'channel.followed',
			'kick-event-version': '1',
		});
		expect(JSON.parse(received[0].body).broadcaster).toMatchObject({
			user_id: SEED.streamer,
			channel_slug: 'streamer',
		});
	});
});

describe('control API and standalone entry', () => {
	it('drives the fake over HTTP under /_fake/', async () => {
		const issued = await kick({
			method: 'POST',
			path: '/_fake/tokens/user',
			json: { scopes: ['user:read'] },
		});
		expect((await kick({ token: issued.body.accessToken, path: '/public/v1/users' })).status).toBe(
			200,
		);
		await kick({
			method: 'POST',
			path: '/_fake/fail-next',
			json: { method: 'GET', path: '/public/v1/users', status: 500 },
		});
		expect((await kick({ token: issued.body.accessToken, path: '/public/v1/users' })).status).toBe(
			500,
		);
		const requests = await kick({ path: '/_fake/requests' });
		expect(requests.body.map((r: { status: number }) => r.status)).toEqual([200, 500]);
		const signed = await kick({
			method: 'POST',
			path: '/_fake/events/sign',
			json: { type: 'kicks.gifted' },
		});
		expect(signed.body.headers['Kick-Event-Type']).toBe('kicks.gifted');
		await kick({ method: 'POST', path: '/_fake/reset' });
		expect((await kick({ path: '/_fake/violations' })).body).toEqual([]);
		expect(fake.requests).toEqual([]);
	});

	it('runs standalone (plain node + register-ts) and a child process reaches it via the DNS preload and CA bundle', async () => {
		const root = join(__dirname, '..', '..');
		const host = `127.0.${200 + (process.pid % 50)}.${2 + Math.floor(Math.random() * 250)}`;
		const server = spawn(
			process.execPath,
			[
				'-r',
				'./test/support/register-ts.js',
				'test/fake-kick/main.ts',
				'--host',
				host,
				'--port',
				'443',
			],
			{ cwd: root },
		);
		try {
			const info = JSON.parse(
				(await lineStartingWith(server, READY_PREFIX)).slice(READY_PREFIX.length),
			);
			expect(info).toMatchObject({
				host,
				port: 443,
				caBundle: expect.stringContaining('ca-bundle.pem'),
				clientId: fake.client.clientId,
			});
			const script =
				"require('https').get('https://api.kick.com/public/v1/public-key', (r) => console.log('STATUS ' + r.statusCode)).on('error', (e) => console.log('STATUS ' + e.message))";
			const client = spawn(
				process.execPath,
				[
					'-r',
					'./test/support/register-ts.js',
					'-r',
					'./test/support/kick-dns-preload.ts',
					'-e',
					script,
				],
				{
					cwd: root,
					env: { ...process.env, FAKE_KICK_ADDRESS: host, NODE_EXTRA_CA_CERTS: info.caBundle },
				},
			);
			expect(await lineStartingWith(client, 'STATUS ')).toBe('STATUS 200');
		} finally {
			server.kill('SIGTERM');
		}
	});
});
