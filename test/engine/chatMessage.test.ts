import { SEED } from '../fake-kick/state';
import { kickCredentialData, newCredentials } from '../support/engine';
import {
	apiRequests,
	jsonOf,
	requestsTo,
	resourceLocator,
	runWith,
	useFakeKick,
	userCredentials,
} from './kick-operations';

const fake = useFakeKick();

const POST_CHAT = 'POST /public/v1/chat';
const DELETE_CHAT = 'DELETE /public/v1/chat/{message_id}';
const GET_CHANNELS = 'GET /public/v1/channels';

const send = (fields: Record<string, unknown>) => ({
	resource: 'chatMessage',
	operation: 'send',
	...fields,
});

/** As the user, in the streamer's channel given by ID: what works with Kick in both modes. */
const asUser = { type: 'user', broadcasterUserId: resourceLocator('id', String(SEED.streamer)) };

describe('Chat Message › Send', () => {
	test('as the bot: posts to the token’s channel without a broadcaster (documented); Kick’s 500 names the known issue and the fix (recorded)', async () => {
		const result = await runWith(fake(), send({ type: 'bot', content: 'Hello from n8n' }), {
			scopes: ['chat:write'],
		});

		const [posted] = requestsTo(fake(), POST_CHAT);
		expect(posted.body).toEqual({ type: 'bot', content: 'Hello from n8n' });
		expect(fake().violations).toEqual([]);
		if (fake().mode === 'recorded') {
			expect(result.error?.message).toBe(
				'Kick failed to post the message as the bot, a known Kick issue (500): Internal server error',
			);
			expect(result.error?.description).toContain('KickDevDocs issue #343');
			expect(result.error?.description).toContain("Set 'Send As' to 'User'");
			expect(fake().state.chatMessages).toHaveLength(1);
			return;
		}
		expect(result.error).toBeUndefined();
		const message = fake().state.chatMessages.at(-1);
		expect(message).toMatchObject({
			type: 'bot',
			content: 'Hello from n8n',
			broadcaster_user_id: SEED.streamer,
			sender_user_id: SEED.streamer,
		});
		expect(jsonOf(result)).toEqual([{ is_sent: true, message_id: message?.message_id }]);
		expect(result.output[0].pairedItem).toEqual({ item: 0 });
	});

	test('version 3 by default: the user writes in its own channel, looked up once per execution', async () => {
		const items = [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
		const result = await runWith(fake(), send({ content: '={{ $json.text }}' }), {
			scopes: ['chat:write', 'user:read'],
			items,
		});

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), 'GET /public/v1/users').map((request) => request.query)).toEqual([
			{},
		]);
		expect(requestsTo(fake(), POST_CHAT).map((request) => request.body)).toEqual(
			items.map(({ text }) => ({
				type: 'user',
				content: text,
				broadcaster_user_id: SEED.streamer,
			})),
		);
		expect(
			fake()
				.state.chatMessages.slice(1)
				.map(({ type, sender_user_id, broadcaster_user_id }) => ({
					type,
					sender_user_id,
					broadcaster_user_id,
				})),
		).toEqual(
			items.map(() => ({
				type: 'user',
				sender_user_id: SEED.streamer,
				broadcaster_user_id: SEED.streamer,
			})),
		);
		expect(fake().violations).toEqual([]);
	});

	test('version 3, Channel left empty with an app access token: fails before any request, saying why', async () => {
		const { accessToken } = fake().issueAppToken();
		const credentials = newCredentials(
			kickCredentialData({ grantType: 'clientCredentials', accessToken }),
		);
		const result = await runWith(fake(), send({ content: 'hi' }), { credentials });

		expect(result.error?.message).toBe(
			'Channel left empty (your own channel) needs a user access token, and this credential holds an app access token (Client Credentials)',
		);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('a saved version 2 node keeps the bot as its default sender', async () => {
		const result = await runWith(fake(), send({ content: 'from a version 2 workflow' }), {
			node: { typeVersion: 2 },
		});

		expect(requestsTo(fake(), POST_CHAT).map((request) => request.body)).toEqual([
			{ type: 'bot', content: 'from a version 2 workflow' },
		]);
		if (fake().mode === 'recorded') expect(result.error?.httpCode).toBe('500');
		else expect(result.error).toBeUndefined();
	});

	test('as a user: resolves a slug once per execution, however many items', async () => {
		const items = [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
		const result = await runWith(
			fake(),
			send({
				type: 'user',
				broadcasterUserId: resourceLocator('slug', 'speedrunner'),
				content: '={{ $json.text }}',
			}),
			{ scopes: ['chat:write', 'channel:read'], items },
		);

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), GET_CHANNELS).map((request) => request.query)).toEqual([
			{ slug: ['speedrunner'] },
		]);
		expect(requestsTo(fake(), POST_CHAT).map((request) => request.body)).toEqual(
			items.map(({ text }) => ({ type: 'user', content: text, broadcaster_user_id: 1003 })),
		);
		expect(
			fake()
				.state.chatMessages.filter((message) => message.broadcaster_user_id === 1003)
				.map((message) => message.content),
		).toEqual(['one', 'two', 'three']);
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(fake().violations).toEqual([]);
	});

	test('as a user: a channel URL is resolved, an ID is used as is, a reply names its message', async () => {
		const byUrl = await runWith(
			fake(),
			send({
				type: 'user',
				broadcasterUserId: resourceLocator('url', 'https://kick.com/chef'),
				content: 'hola',
			}),
		);
		expect(byUrl.error).toBeUndefined();
		expect(requestsTo(fake(), POST_CHAT)[0].body).toMatchObject({ broadcaster_user_id: 1004 });

		fake().requests.length = 0;
		const reply = await runWith(
			fake(),
			send({
				type: 'user',
				broadcasterUserId: resourceLocator('id', String(SEED.streamer)),
				content: 'welcome!',
				additionalFields: { replyToMessageId: SEED.chatMessage },
			}),
		);
		expect(reply.error).toBeUndefined();
		expect(requestsTo(fake(), GET_CHANNELS)).toEqual([]);
		expect(fake().state.chatMessages.at(-1)).toMatchObject({
			content: 'welcome!',
			broadcaster_user_id: SEED.streamer,
			reply_to_message_id: SEED.chatMessage,
		});
		expect(fake().violations).toEqual([]);
	});

	test.each([
		[
			'more than 500 characters',
			{ content: 'x'.repeat(501) },
			"'Content': must be at most 500 characters long (got 501)",
		],
		[
			'empty content from an expression',
			{ content: '={{ "" }}' },
			"'Content': must be at least 1 character long (got 0)",
		],
		[
			'a reply ID that is not a UUID',
			{ content: 'hi', additionalFields: { replyToMessageId: '12345' } },
			`'Reply To Message ID': must be a chat message ID (a UUID) (got "12345")`,
		],
	])('refuses %s before any request', async (_case, fields, message) => {
		const result = await runWith(fake(), send({ type: 'bot', ...fields }));

		expect(result.error?.message).toBe(message);
		expect(result.output).toEqual([]);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('an unknown slug fails naming the field', async () => {
		const result = await runWith(
			fake(),
			send({
				type: 'user',
				broadcasterUserId: resourceLocator('slug', 'nobody-here'),
				content: 'hi',
			}),
		);

		expect(result.error?.message).toBe(
			`'Channel': Kick has no channel with the slug "nobody-here"`,
		);
		expect(requestsTo(fake(), POST_CHAT)).toEqual([]);
	});

	test('a token without chat:write gets a 403 that names the scope', async () => {
		const result = await runWith(fake(), send({ type: 'bot', content: 'hi' }), {
			scopes: ['channel:read'],
		});

		expect(result.error?.message).toMatch(/^Kick refused the request \(403\)/);
		expect(result.error?.description).toContain('chat:write');
		expect(result.error?.httpCode).toBe('403');
		expect(fake().state.chatMessages).toHaveLength(1);
	});

	test('429 with Retry-After is retried, then the message is sent once', async () => {
		fake().failNext({
			method: 'POST',
			path: '/public/v1/chat',
			status: 429,
			headers: { 'retry-after': '0' },
		});
		const result = await runWith(fake(), send({ ...asUser, content: 'after the wait' }));

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), POST_CHAT).map((request) => request.status)).toEqual([429, 200]);
		expect(
			fake().state.chatMessages.filter((message) => message.content === 'after the wait'),
		).toHaveLength(1);
		expect(jsonOf(result)[0].is_sent).toBe(true);
	});

	test('an expired token is refreshed by n8n, the call retried, and the new token stored', async () => {
		const { credentials, accessToken } = userCredentials(fake(), ['chat:write']);
		fake().expireAccessToken(accessToken);
		const result = await runWith(fake(), send({ ...asUser, content: 'still here' }), {
			credentials,
		});

		expect(result.error).toBeUndefined();
		const posts = requestsTo(fake(), POST_CHAT);
		expect(posts.map((request) => request.status)).toEqual([401, 200]);
		const stored = (credentials.updates.at(-1)?.oauthTokenData as { access_token: string })
			.access_token;
		expect(stored).not.toBe(accessToken);
		expect(posts[1].headers.authorization).toBe(`Bearer ${stored}`);
		expect(fake().state.chatMessages.at(-1)?.content).toBe('still here');
	});

	test('continueOnFail: the bad item becomes an error item paired to it, the others are sent', async () => {
		const items = [{ text: 'first' }, { text: 'y'.repeat(501) }, { text: 'third' }];
		const result = await runWith(fake(), send({ ...asUser, content: '={{ $json.text }}' }), {
			items,
			node: { continueOnFail: true },
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(3);
		expect(result.output[0].json.is_sent).toBe(true);
		expect(result.output[1]).toEqual({
			json: { error: "'Content': must be at most 500 characters long (got 501)" },
			pairedItem: { item: 1 },
		});
		expect(result.output[2]).toMatchObject({ json: { is_sent: true }, pairedItem: { item: 2 } });
		expect(
			requestsTo(fake(), POST_CHAT).map((request) => (request.body as { content: string }).content),
		).toEqual(['first', 'third']);
	});
});

describe('Chat Message › Delete', () => {
	const remove = (messageId: string) => ({
		resource: 'chatMessage',
		operation: 'delete',
		messageId,
	});

	test('deletes the message and says so', async () => {
		const result = await runWith(fake(), remove(SEED.chatMessage), {
			scopes: ['moderation:chat_message:manage'],
		});

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ deleted: true }]);
		expect(requestsTo(fake(), DELETE_CHAT).map((request) => request.path)).toEqual([
			`/public/v1/chat/${SEED.chatMessage}`,
		]);
		expect(fake().state.chatMessages[0].is_deleted).toBe(true);
		expect(fake().violations).toEqual([]);
	});

	test('without moderation:chat_message:manage the 403 names that scope', async () => {
		const result = await runWith(fake(), remove(SEED.chatMessage), { scopes: ['chat:write'] });

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('moderation:chat_message:manage');
		expect(fake().state.chatMessages[0].is_deleted).toBe(false);
	});

	test('an unknown message is a 404 with Kick’s message', async () => {
		const result = await runWith(fake(), remove('00000000-0000-4000-8000-000000000000'));

		expect(result.error?.message).toMatch(
			/^Kick could not find it \(404\): chat message .* not found/,
		);
		expect(result.error?.httpCode).toBe('404');
	});

	test('an empty message ID is refused before any request', async () => {
		const result = await runWith(fake(), remove('  '));

		expect(result.error?.message).toBe("'Message ID': must be at least 1 character long (got 0)");
		expect(apiRequests(fake())).toEqual([]);
	});
});
