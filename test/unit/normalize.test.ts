/**
 * The Kick Trigger's output matches the README whatever variant Kick sends: `metadata.category`
 * when Kick sends `Category`, the documented `emotes` array when Kick sends null, and every field
 * Kick sent as Kick sent it.
 */
import type { IDataObject } from 'n8n-workflow';

import { emotesFromContent, normalizePayload } from '../../nodes/KickTrigger/normalize';

describe('emotesFromContent', () => {
	test("Kick's documented example: [emote:4148074:HYPERCLAP] at 6..30", () => {
		expect(emotesFromContent('Hello [emote:4148074:HYPERCLAP]')).toEqual([
			{ emote_id: '4148074', positions: [{ s: 6, e: 30 }] },
		]);
	});

	test('each token is where content.slice(s, e + 1) finds it; repeats share one emote', () => {
		const content = 'GG [emote:1730:gg] nice[emote:4517:wow] [emote:1730:gg]';
		const emotes = emotesFromContent(content);
		expect(emotes.map((emote) => emote.emote_id)).toEqual(['1730', '4517']);
		expect(emotes[0].positions).toHaveLength(2);
		for (const { positions } of emotes)
			for (const { s, e } of positions) expect(content.slice(s, e + 1)).toMatch(/^\[emote:\d+:/);
	});

	test('positions are JavaScript string positions, also after an emoji', () => {
		const content = '🔥 [emote:1:fire]';
		const [{ positions }] = emotesFromContent(content);
		expect(content.slice(positions[0].s, positions[0].e + 1)).toBe('[emote:1:fire]');
	});

	test('no tokens (or text that only looks like one): an empty list', () => {
		expect(emotesFromContent('just chatting [emote:abc:nope] [emote:12]')).toEqual([]);
	});
});

describe('normalizePayload', () => {
	const chat = (fields: IDataObject): IDataObject => ({
		message_id: '0b8e5c52-7f3a-4d1e-9c55-3a1f2b6d7e90',
		replies_to: null,
		broadcaster: { user_id: 1, identity: null },
		sender: { user_id: 2, profile_picture: '' },
		content: 'hi [emote:4148074:HYPERCLAP]',
		created_at: '2025-08-20T07:05:42.123456789Z',
		...fields,
	});

	test('chat with emotes null: the documented list from the tokens, nothing else changed', () => {
		const payload = chat({ emotes: null });
		expect(normalizePayload('chat.message.sent', payload)).toEqual({
			...payload,
			emotes: [{ emote_id: '4148074', positions: [{ s: 3, e: 27 }] }],
		});
		expect(payload.emotes).toBeNull(); // the delivery itself is left alone
	});

	test('chat without emotes at all gets them too; a list Kick sent stays', () => {
		const { emotes: _none, ...withoutEmotes } = chat({});
		expect(normalizePayload('chat.message.sent', withoutEmotes).emotes).toHaveLength(1);
		const sent = chat({ emotes: [{ emote_id: '1', positions: [{ s: 0, e: 1 }] }] });
		expect(normalizePayload('chat.message.sent', sent)).toBe(sent);
	});

	test('Feb-2025 chat (no identity, created_at or replies_to) keeps its fields and gains emotes', () => {
		const early = {
			message_id: '5f0c1a9e-2b7d-4c3e-9a41-000000000002',
			broadcaster: { user_id: 1 },
			sender: { user_id: 1 },
			content: 'coucou',
			emotes: null,
		};
		expect(normalizePayload('chat.message.sent', early)).toEqual({ ...early, emotes: [] });
	});

	test('metadata.Category: metadata.category is added, Category kept', () => {
		const category = { id: 1, name: 'Just Chatting', thumbnail: 'https://files.kick.com/x' };
		const payload = {
			broadcaster: { user_id: 1, is_verified: null, identity: null },
			metadata: { title: 't', language: 'en', has_mature_content: false, Category: category },
		};
		expect(normalizePayload('livestream.metadata.updated', payload)).toEqual({
			...payload,
			metadata: { ...payload.metadata, category },
		});
	});

	test('metadata.category as documented stays as it is', () => {
		const payload = { metadata: { category: { id: 1, name: 'x' } } };
		expect(normalizePayload('livestream.metadata.updated', payload)).toBe(payload);
	});

	test('other events pass unchanged', () => {
		const payload = { broadcaster: { user_id: 1 }, is_live: true, emotes: null };
		expect(normalizePayload('livestream.status.updated', payload)).toBe(payload);
	});
});
