/**
 * Kick's length limits count characters as code points: an emoji, a CJK or an Arabic letter is
 * one character, a combining accent is one of its own. Text Kick accepts must pass the node's
 * checks (and the fake, which counts the same way); text over the limit fails naming the count.
 */
import { SEED } from '../fake-kick/state';
import {
	apiRequests,
	jsonOf,
	requestsTo,
	resourceLocator,
	runWith,
	useFakeKick,
} from './kick-operations';

const fake = useFakeKick();

const CHAT = 'POST /public/v1/chat';

const EMOJI = '👍'; // 1 code point, 2 UTF-16 code units
const FAMILY = '👨‍👩‍👧'; // 5 code points joined by zero-width joiners
const CJK = '漢'; // 1 code point, 1 code unit
const CJK_ASTRAL = '𠀀'; // CJK Extension B: 1 code point, 2 code units
const ARABIC = 'مرحبا'; // 5 code points, right to left
const HEBREW = 'שלום'; // 4 code points, right to left
const E_ACUTE = 'e\u0301'; // "é" as e + combining acute accent: 2 code points

const repeat = (text: string, times: number) => text.repeat(times);
// As the user, in a channel given by ID: Kick answers 500 to the bot (recorded mode).
const send = (content: string) => ({
	resource: 'chatMessage',
	operation: 'send',
	type: 'user',
	broadcasterUserId: resourceLocator('id', String(SEED.streamer)),
	content,
});

describe('Chat Message › Send: Content, 1 to 500 characters', () => {
	test.each([
		['449 letters and 51 emoji (551 UTF-16 units)', `${repeat('a', 449)}${repeat(EMOJI, 51)}`],
		['500 emoji', repeat(EMOJI, 500)],
		['100 families of 5 code points each', repeat(FAMILY, 100)],
		['500 CJK characters', repeat(CJK, 500)],
		['500 CJK Extension B characters', repeat(CJK_ASTRAL, 500)],
		['Arabic and Hebrew, 500 characters', `${repeat(ARABIC, 50)}${repeat(HEBREW, 62)}aa`],
		['250 e + combining accent', repeat(E_ACUTE, 250)],
	])('accepts %s', async (_case, content) => {
		const result = await runWith(fake(), send(content));

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), CHAT)[0].body).toEqual({
			type: 'user',
			content,
			broadcaster_user_id: SEED.streamer,
		});
		expect(fake().state.chatMessages.at(-1)?.content).toBe(content);
		expect(fake().violations).toEqual([]);
	});

	test.each([
		['501 emoji', repeat(EMOJI, 501), 501],
		['450 letters and 51 emoji', `${repeat('a', 450)}${repeat(EMOJI, 51)}`, 501],
		['101 families', repeat(FAMILY, 101), 505],
		['501 CJK Extension B characters', repeat(CJK_ASTRAL, 501), 501],
		['Arabic, 505 characters', repeat(ARABIC, 101), 505],
		['251 e + combining accent', repeat(E_ACUTE, 251), 502],
	])('refuses %s before any request, counting code points', async (_case, content, count) => {
		const result = await runWith(fake(), send(content));

		expect(result.error?.message).toBe(
			`'Content': must be at most 500 characters long (got ${count})`,
		);
		expect(apiRequests(fake())).toEqual([]);
	});
});

describe('every other limit counts the same way', () => {
	test('Moderation › Ban User: a Reason of 100 emoji and Hebrew passes, 101 does not', async () => {
		const ban = (reason: string) => ({
			resource: 'moderation',
			operation: 'banUser',
			broadcasterUserId: resourceLocator('id', String(SEED.streamer)),
			userId: String(SEED.viewers[0]),
			banType: 'permanent',
			additionalFields: { reason },
		});
		const reason = `${repeat(EMOJI, 96)}${HEBREW}`;
		const ok = await runWith(fake(), ban(reason));
		expect(ok.error).toBeUndefined();
		expect(fake().state.bans[0].reason).toBe(reason);

		const long = await runWith(fake(), ban(`${reason}${EMOJI}`));
		expect(long.error?.message).toBe("'Reason': must be at most 100 characters long (got 101)");
		expect(fake().violations).toEqual([]);
	});

	test('Channel Reward › Create: a 50-character emoji title and a 200-character CJK description pass', async () => {
		const title = `${repeat(EMOJI, 45)}${repeat(E_ACUTE, 2)}a`;
		const description = `${repeat(CJK_ASTRAL, 150)}${repeat(ARABIC, 10)}`;
		const create = (fields: Record<string, unknown>) => ({
			resource: 'channelReward',
			operation: 'create',
			title,
			cost: 10,
			additionalFields: { description },
			...fields,
		});
		const ok = await runWith(fake(), create({}));
		expect(ok.error).toBeUndefined();
		expect(jsonOf(ok)[0]).toMatchObject({ title, description });

		const longTitle = await runWith(fake(), create({ title: `${title}${EMOJI}` }));
		expect(longTitle.error?.message).toBe("'Title': must be at most 50 characters long (got 51)");
		const longDescription = await runWith(
			fake(),
			create({ additionalFields: { description: `${description}${CJK}` } }),
		);
		expect(longDescription.error?.message).toBe(
			"'Description': must be at most 200 characters long (got 201)",
		);
		expect(fake().violations).toEqual([]);
	});

	test('Category › Get Many: a name of 3 emoji is long enough, an emoji and a letter is not', async () => {
		const getMany = (names: string) => ({
			resource: 'category',
			operation: 'getMany',
			filters: { names },
		});
		const ok = await runWith(fake(), getMany(repeat('🎮', 3)));
		expect(ok.error).toBeUndefined();
		expect(fake().violations).toEqual([]);

		const short = await runWith(fake(), getMany(`🎮a, ${repeat(CJK, 101)}`));
		expect(short.error?.message).toBe("'Names': must be at least 3 characters long (got 2)");
		const long = await runWith(fake(), getMany(repeat(CJK, 101)));
		expect(long.error?.message).toBe("'Names': must be at most 100 characters long (got 101)");
	});
});
