/**
 * The fake's recorded mode: Kick as live Kick was recorded answering and delivering (recorded.ts,
 * ../shared/kick/real-kick/README.md), next to the documented mode for each difference.
 */
import https from 'https';

import { startKickForTest } from '../support/kick-network';
import type { FakeKick } from './server';
import { DEFAULT_USER_PICTURE, ZERO_TIME } from './recorded';
import { SEED, VIEWER_WITHOUT_PICTURE } from './state';
import { kick } from './test-client';

let recorded: FakeKick;

beforeAll(async () => {
	recorded = await startKickForTest({ mode: 'recorded' });
});

afterAll(async () => {
	await recorded.stop();
});

beforeEach(() => recorded.reset());

const userToken = (scopes?: string[]) =>
	recorded.issueUserToken(scopes ? { scopes } : {}).accessToken;

const OFFLINE = 1005; // quietcaster: seeded with a title and category, not live

describe('answers', () => {
	test('the mode is told by the fake and its control API', async () => {
		expect(recorded.mode).toBe('recorded');
		expect(recorded.deliveryShape).toBe('2025-08');
		expect((await kick({ path: '/_fake/mode' })).body).toEqual({
			mode: 'recorded',
			deliveryShape: '2025-08',
		});
	});

	test('a 400 puts the detail in data (a string) under message "Bad request"', async () => {
		const reply = await kick({
			method: 'PATCH',
			path: '/public/v1/channels',
			token: userToken(),
			json: { category_id: 999_999 },
		});
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({
			data: 'category_id 999999 does not exist',
			message: 'Bad request',
		});
	});

	test('a 401 is {data: {}, message: "Unauthorized"}', async () => {
		const reply = await kick({ path: '/public/v1/users', token: 'not-a-token' });
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual({ data: {}, message: 'Unauthorized' });
	});

	test('id.kick.com answers errors in RFC 6749 shape only', async () => {
		const reply = await kick({
			host: 'id.kick.com',
			method: 'POST',
			path: '/oauth/token',
			form: {
				grant_type: 'refresh_token',
				refresh_token: 'unknown',
				client_id: recorded.client.clientId,
				client_secret: recorded.client.clientSecret,
			},
		});
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({
			error: 'invalid_grant',
			error_description: 'refresh token is unknown',
		});
	});

	test('an injected edge block: 403, {error, reference}, a cf-ray header', async () => {
		recorded.blockAtEdge({ method: 'POST', path: '/public/v1/chat', reference: '0badc0de' });
		const reply = await kick({
			method: 'POST',
			path: '/public/v1/chat',
			token: userToken(),
			json: { type: 'user', content: 'hi', broadcaster_user_id: SEED.streamer },
		});
		expect(reply.status).toBe(403);
		expect(reply.body).toEqual({
			error: 'Request blocked by security policy.',
			reference: '0badc0de',
		});
		expect(reply.headers['content-type']).toBe('application/json');
		expect(reply.headers['cf-ray']).toMatch(/^[0-9a-f]{16}-[A-Z]{3}$/);
		expect(recorded.state.chatMessages).toHaveLength(1);
	});

	test('chat as the bot answers 500 and posts nothing; as the user it posts', async () => {
		const token = userToken(['chat:write']);
		const bot = await kick({
			method: 'POST',
			path: '/public/v1/chat',
			token,
			json: { type: 'bot', content: 'hi' },
		});
		expect(bot.status).toBe(500);
		expect(recorded.state.chatMessages).toHaveLength(1);
		const user = await kick({
			method: 'POST',
			path: '/public/v1/chat',
			token,
			json: { type: 'user', content: 'hi', broadcaster_user_id: SEED.streamer },
		});
		expect(user.status).toBe(200);
		expect(user.body.message).toBe('OK');
		expect(recorded.violations).toEqual([]);
	});

	test('subscribing answers 201, accepts duplicates, and a hidden subscription is left out of GET', async () => {
		const token = userToken(['events:subscribe']);
		const subscribe = () =>
			kick({
				method: 'POST',
				path: '/public/v1/events/subscriptions',
				token,
				json: { events: [{ name: 'chat.message.sent', version: 1 }], method: 'webhook' },
			});
		const first = await subscribe();
		const second = await subscribe();
		expect([first.status, second.status]).toEqual([201, 201]);
		const [{ subscription_id: firstId }] = first.body.data;
		const [{ subscription_id: secondId }] = second.body.data;
		recorded.hideFromList(secondId);
		const listed = await kick({ path: '/public/v1/events/subscriptions', token });
		expect(listed.body.data.map((s: { id: string }) => s.id)).toEqual([firstId]);
		recorded.hideFromList({ event: 'chat.message.sent' });
		const afterRule = await kick({ path: '/public/v1/events/subscriptions', token });
		expect(afterRule.body).toEqual({ data: [], message: 'OK' });
		expect(recorded.state.subscriptions).toHaveLength(2);
	});

	test('an offline channel answers zero values, not nulls; every channel has the gifted count', async () => {
		const reply = await kick({
			path: '/public/v1/channels',
			query: { broadcaster_user_id: [OFFLINE, SEED.streamer] },
			token: userToken(),
		});
		const [offline, live] = reply.body.data;
		expect(offline).toMatchObject({
			channel_description: '',
			stream_title: '',
			category: { id: 0, name: '', thumbnail: '' },
			active_gifted_subscribers_count: 0,
			stream: {
				url: '',
				key: '',
				is_live: false,
				is_mature: false,
				language: '',
				start_time: ZERO_TIME,
				viewer_count: 0,
				thumbnail: '',
			},
		});
		expect(live).toMatchObject({
			stream_title: 'Chill stream, chatting with you',
			category: { id: 1, name: 'Just Chatting' },
			active_gifted_subscribers_count: 40,
			stream: { is_live: true, viewer_count: 1234 },
		});
	});

	test('users: others\' e-mail is "", a user without a picture gets Kick\'s default one', async () => {
		const reply = await kick({
			path: '/public/v1/users',
			query: { id: [SEED.streamer, VIEWER_WITHOUT_PICTURE] },
			token: userToken(),
		});
		const [self, other] = reply.body.data;
		expect(self.email).toBe('streamer@example.test');
		expect(other).toMatchObject({ email: '', profile_picture: DEFAULT_USER_PICTURE });
	});
});

describe('deliveries in the newest recorded shape (Aug 2025)', () => {
	test('chat: emotes null with the token in content, replies_to null, nanosecond created_at', () => {
		const payload = recorded.samplePayload('chat.message.sent');
		expect(Object.keys(payload)).toEqual([
			'message_id',
			'replies_to',
			'broadcaster',
			'sender',
			'content',
			'emotes',
			'created_at',
		]);
		expect(payload).toMatchObject({
			replies_to: null,
			content: expect.stringMatching(/\[emote:\d+:\w+\]/),
			emotes: null,
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/),
		});
		const reply = recorded.samplePayload('chat.message.sent', { reply: true });
		expect(reply.replies_to).toMatchObject({
			content: 'an earlier message',
			sender: { identity: null },
		});
	});

	test('a user without a picture has profile_picture ""', () => {
		const gifts = recorded.samplePayload('channel.subscription.gifts');
		const giftees = gifts.giftees as Array<{ user_id: number; profile_picture: string }>;
		expect(
			giftees.find((giftee) => giftee.user_id === VIEWER_WITHOUT_PICTURE)?.profile_picture,
		).toBe('');
	});

	test('livestream events: is_verified null; no identity key in status updates; metadata.Category', () => {
		const status = recorded.samplePayload('livestream.status.updated');
		expect(status.broadcaster).toMatchObject({ is_verified: null });
		expect(status.broadcaster).not.toHaveProperty('identity');
		const metadata = recorded.samplePayload('livestream.metadata.updated');
		expect(metadata.broadcaster).toMatchObject({ is_verified: null, identity: null });
		expect(metadata.metadata).toEqual({
			title: 'New title',
			language: 'en',
			has_mature_content: false,
			Category: expect.objectContaining({ id: 1, name: 'Just Chatting' }),
		});
	});

	test('deliveries carry the Kick-Event-Subscription-Id header', () => {
		const delivery = recorded.signDelivery({
			type: 'chat.message.sent',
			payload: recorded.samplePayload('chat.message.sent'),
		});
		expect(delivery.headers['Kick-Event-Subscription-Id']).toMatch(/^[0-9A-Z]{26}$/);
	});
});

describe('the Feb-2025 variant, injected per delivery', () => {
	test('no identity, created_at or replies_to, and no Kick-Event-Subscription-Id header', async () => {
		const payload = recorded.samplePayload('chat.message.sent', { shape: '2025-02' });
		expect(Object.keys(payload)).toEqual([
			'message_id',
			'broadcaster',
			'sender',
			'content',
			'emotes',
		]);
		expect(payload.broadcaster).not.toHaveProperty('identity');
		expect(payload.sender).not.toHaveProperty('identity');
		const delivery = recorded.signDelivery({
			type: 'chat.message.sent',
			payload,
			shape: '2025-02',
		});
		expect(Object.keys(delivery.headers).sort()).toEqual([
			'Kick-Event-Message-Id',
			'Kick-Event-Message-Timestamp',
			'Kick-Event-Signature',
			'Kick-Event-Type',
			'Kick-Event-Version',
		]);
		const signed = await kick({
			method: 'POST',
			path: '/_fake/events/sign',
			json: { type: 'chat.message.sent', payloadOptions: { shape: '2025-02' } },
		});
		expect(signed.body.headers).not.toHaveProperty('Kick-Event-Subscription-Id');
		expect(JSON.parse(signed.body.body)).not.toHaveProperty('created_at');
	});

	test('May 2025: identity there, still no created_at or replies_to', () => {
		const payload = recorded.samplePayload('chat.message.sent', { shape: '2025-05' });
		expect(payload.sender).toHaveProperty('identity');
		expect(payload).not.toHaveProperty('created_at');
		expect(payload).not.toHaveProperty('replies_to');
	});
});

describe('the documented mode keeps Kick’s docs for each of these', () => {
	let documented: FakeKick;

	beforeAll(async () => {
		documented = await startKickForTest({ mode: 'documented' });
		// Kept-alive sockets to api.kick.com lead to the recorded fake: start afresh.
		https.globalAgent.destroy();
	});

	afterAll(async () => {
		await documented.stop();
	});

	test('envelopes, 200 on subscribe, bot chat, offline channels, samples', async () => {
		const token = documented.issueUserToken().accessToken;
		const bad = await kick({
			method: 'PATCH',
			path: '/public/v1/channels',
			token,
			json: { category_id: 999_999 },
		});
		expect(bad.body).toEqual({ message: 'category_id 999999 does not exist', data: null });
		const subscribed = await kick({
			method: 'POST',
			path: '/public/v1/events/subscriptions',
			token,
			json: { events: [{ name: 'kicks.gifted', version: 1 }], method: 'webhook' },
		});
		expect(subscribed.status).toBe(200);
		const bot = await kick({
			method: 'POST',
			path: '/public/v1/chat',
			token,
			json: { type: 'bot', content: 'hi' },
		});
		expect(bot.status).toBe(200);
		const channels = await kick({
			path: '/public/v1/channels',
			query: { broadcaster_user_id: OFFLINE },
			token,
		});
		expect(channels.body.data[0]).not.toHaveProperty('active_gifted_subscribers_count');
		expect(channels.body.data[0].category).toMatchObject({ id: 1, name: 'Just Chatting' });
		expect(documented.samplePayload('chat.message.sent')).toMatchObject({
			emotes: [{ emote_id: '4148074', positions: [{ s: 6, e: 30 }] }],
		});
		expect(documented.samplePayload('livestream.metadata.updated').metadata).toHaveProperty(
			'category',
		);
	});
});
