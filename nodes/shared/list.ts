/**
 * The package's one rule for fields that take several values (IDs, slugs, names, tags): an array
 * from an expression, one entry per element, or text whose entries are separated by commas or new
 * lines. Spaces around an entry are dropped and spaces inside it kept ("chill vibes" is one tag);
 * empty entries are dropped. Every such field says so in its description (LIST_RULE).
 */
export const LIST_RULE = 'separated by commas or new lines, or an array from an expression';

/** The entries of a list field, not yet checked (an entry may be an object from an expression). */
export function listEntries(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	const raw = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: String(value).split(/[,\n]/);
	return raw
		.map((entry) =>
			entry !== null && typeof entry === 'object' ? entry : String(entry ?? '').trim(),
		)
		.filter((entry) => entry !== '');
}
