import { characterCount, firstCharacters } from '../../nodes/Kick/helpers/validate';

describe('characters as Kick counts them (code points)', () => {
	test.each([
		['', 0],
		['hello', 5],
		['👍', 1],
		['👨‍👩‍👧', 5],
		['漢字', 2],
		['𠀀', 1],
		['مرحبا', 5],
		['e\u0301', 2],
	])('%j has %i', (text, count) => {
		expect(characterCount(text)).toBe(count);
	});

	test('firstCharacters never cuts an emoji in half', () => {
		const text = `${'a'.repeat(99)}👍👍`;
		expect(text.slice(0, 100)).not.toBe(`${'a'.repeat(99)}👍`); // what slice() would do
		expect(firstCharacters(text, 100)).toBe(`${'a'.repeat(99)}👍`);
		expect(firstCharacters('short', 100)).toBe('short');
	});
});
