/**
 * Kick's own words in the node's errors, from every envelope Kick answers with (as recorded from
 * live Kick, ../shared/kick/real-kick/README.md §14): the API's `{data, message}` with the detail
 * in `data`, OAuth's `{error, error_description}`, the edge's `{error, reference}`.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { BOT_CHAT_FAILURE } from '../../nodes/Kick/resources/chatMessage/send';
import { edgeBlockOf, kickMessageOf, toKickError } from '../../nodes/shared/transport/errors';

const NODE: INode = {
	id: '1',
	name: 'Kick',
	type: 'n8n-nodes-kick.kick',
	typeVersion: 3,
	position: [0, 0],
	parameters: {},
};

/** A failed call as n8n's HTTP helper leaves it: the response on the error. */
const failed = (status: number, data: unknown, headers: Record<string, string> = {}) =>
	Object.assign(new Error(`Request failed with status code ${status}`), {
		response: { status, data, headers },
	});

describe("kickMessageOf: Kick's words from each envelope", () => {
	test.each([
		[
			'the API, detail in data',
			{ data: 'Channel not found', message: 'Bad request' },
			'Channel not found',
		],
		[
			'the API, app token',
			{ data: 'broadcaster_user_id is required for app tokens', message: 'Bad request' },
			'broadcaster_user_id is required for app tokens',
		],
		[
			'the API, 401 with an empty data object',
			{ data: {}, message: 'Unauthorized' },
			'Unauthorized',
		],
		[
			'the spec, message only',
			{ message: 'missing scope channel:write', data: null },
			'missing scope channel:write',
		],
		[
			'a message that is more than the status name, with a detail',
			{ message: 'Validation failed', data: 'content is too long' },
			'Validation failed: content is too long',
		],
		[
			'OAuth (id.kick.com)',
			{ error: 'invalid_grant', error_description: 'The refresh token is invalid' },
			'The refresh token is invalid (invalid_grant)',
		],
		['OAuth, code only', { error: 'invalid_client' }, 'invalid_client'],
		[
			'the edge block',
			{ error: 'Request blocked by security policy.', reference: 'c0ffee42' },
			'Request blocked by security policy. (reference c0ffee42)',
		],
		['the same words twice', { data: 'Bad request', message: 'Bad request' }, 'Bad request'],
		['a text body', '  upstream connect error  ', 'upstream connect error'],
	])('%s', (_case, body, words) => {
		expect(kickMessageOf(body)).toBe(words);
	});

	test('nothing to say: undefined', () => {
		expect(kickMessageOf({ data: {}, message: '' })).toBeUndefined();
		expect(kickMessageOf(undefined)).toBeUndefined();
		expect(kickMessageOf([])).toBeUndefined();
	});
});

describe('edgeBlockOf: the edge block is told by its shape', () => {
	test('error and reference, no data or message', () => {
		expect(
			edgeBlockOf({ error: 'Request blocked by security policy.', reference: 'ab12' }),
		).toEqual({ error: 'Request blocked by security policy.', reference: 'ab12' });
	});

	test.each([
		['OAuth', { error: 'invalid_grant', error_description: 'x' }],
		['the API', { data: 'x', message: 'Bad request', error: 'x', reference: 'y' }],
		['no reference', { error: 'Request blocked by security policy.' }],
	])('not %s', (_case, body) => {
		expect(edgeBlockOf(body)).toBeUndefined();
	});
});

describe('toKickError', () => {
	test("a 400 carries Kick's detail, not 'Bad request' twice", () => {
		const error = toKickError(
			NODE,
			failed(400, { data: 'Channel not found', message: 'Bad request' }),
		);
		expect(error.message).toBe('Kick answered 400: Channel not found');
		expect(error.description ?? undefined).toBeUndefined();
	});

	test('the edge block: its own message, the reference to quote, try later, no scope hint', () => {
		const error = toKickError(
			NODE,
			failed(
				403,
				{ error: 'Request blocked by security policy.', reference: 'c0ffee42' },
				{ 'content-type': 'application/json', 'CF-Ray': '5ab1e0c0ffee4200-AMS' },
			),
			{ scopes: ['chat:write'] },
		);
		expect(error.message).toBe(
			"Kick's edge network blocked the request (403): Request blocked by security policy. (reference c0ffee42)",
		);
		expect(error.description).toContain('not about the credential, its token or its scopes');
		expect(error.description).toContain('Try again later');
		expect(error.description).toContain('quote the reference c0ffee42');
		expect(error.description).toContain('5ab1e0c0ffee4200-AMS');
		expect(error.description).not.toMatch(/chat:write|Scopes|reconnect/);
	});

	test('a 403 from the API still names the scope', () => {
		const error = toKickError(NODE, failed(403, { data: 'missing scope', message: 'Forbidden' }), {
			scopes: ['chat:write'],
		});
		expect(error.message).toBe('Kick refused the request (403): missing scope');
		expect(error.description).toContain('the scope chat:write');
	});

	test('an OAuth error keeps its description and code', () => {
		const error = toKickError(
			NODE,
			failed(400, { error: 'invalid_grant', error_description: 'The refresh token is invalid' }),
		);
		expect(error.message).toBe('Kick answered 400: The refresh token is invalid (invalid_grant)');
	});

	test.each([500, 502, 503])(
		'a %i to a chat message as the bot names the known issue and the fix',
		(status) => {
			const error = toKickError(
				NODE,
				failed(status, { data: {}, message: 'Internal server error' }),
				{ scopes: ['chat:write'], knownServerFailure: BOT_CHAT_FAILURE },
			);
			expect(error.message).toBe(
				`Kick failed to post the message as the bot, a known Kick issue (${status}): Internal server error`,
			);
			expect(error.description).toContain('KickDevDocs issue #343');
			expect(error.description).toContain("Set 'Send As' to 'User'");
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error as NodeApiError).httpCode).toBe(String(status));
		},
	);

	test('a 4xx to the bot message is not blamed on the known issue', () => {
		const error = toKickError(
			NODE,
			failed(400, { data: 'Channel not found', message: 'Bad request' }),
			{ knownServerFailure: BOT_CHAT_FAILURE },
		);
		expect(error.message).toBe('Kick answered 400: Channel not found');
	});
});
