/**
 * n8n's UX guidelines for community nodes, checked on the built nodes and credential as n8n
 * loads them (every parameter, including those built by helpers, which lint rules on the source
 * cannot see). Needs `npm run build`.
 */
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(ROOT, 'package.json')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

interface Property {
	displayName?: string;
	name: string;
	type?: string;
	description?: string;
	placeholder?: string;
	default?: unknown;
	modes?: Array<{ name: string }>;
	options?: Array<Property & { value?: unknown; action?: string; values?: Property[] }>;
	values?: Property[];
}
interface Description {
	displayName: string;
	properties: Property[];
}

/** Each node's descriptions (every version, when the node is versioned) and the credential's. */
function loaded(): Description[] {
	const descriptions: Description[] = [];
	for (const module of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		for (const Type of Object.values(
			require(join(ROOT, module)) as Record<string, new () => object>,
		)) {
			const instance = new Type() as {
				description?: Description;
				nodeVersions?: Record<string, { description: Description }>;
				displayName?: string;
				properties?: Property[];
			};
			if (instance.nodeVersions) {
				descriptions.push(...Object.values(instance.nodeVersions).map((node) => node.description));
			} else if (instance.description) descriptions.push(instance.description);
			else
				descriptions.push({
					displayName: instance.displayName ?? '',
					properties: instance.properties ?? [],
				});
		}
	}
	return descriptions;
}

/** Every parameter, option and collection entry, with where it sits. */
function* walk(properties: Property[], where: string): Generator<[Property, string]> {
	for (const property of properties) {
		const at = `${where} › ${property.displayName ?? property.name}`;
		yield [property, at];
		for (const option of property.options ?? []) {
			if (option.values) yield* walk(option.values, `${at} › ${option.displayName ?? option.name}`);
			else if (option.type) yield* walk([option], at);
		}
		if (property.values) yield* walk(property.values, at);
	}
}

const SMALL_WORDS = new Set([
	'a',
	'an',
	'and',
	'as',
	'at',
	'by',
	'for',
	'from',
	'in',
	'of',
	'on',
	'or',
	'per',
	'the',
	'to',
	'via',
	'with',
]);
const isTitleCase = (text: string) =>
	text
		.split(/\s+/)
		.every((word, index) => !/^[a-z]/.test(word) || (index > 0 && SMALL_WORDS.has(word)));
// Kick's own identifiers (OAuth scopes such as channel:read) keep Kick's spelling (terminology guideline).
const isKickIdentifier = (text: string) => /^[a-z_]+(:[a-z_]+)+$/.test(text);

const descriptions = loaded();
const everything = descriptions.flatMap((description) => [
	...walk(description.properties, description.displayName),
]);

describe("n8n's UX guidelines on the built nodes and credential", () => {
	it('loads the Kick node, the Kick Trigger and the credential', () => {
		expect(descriptions.map((description) => description.displayName)).toEqual(
			expect.arrayContaining(['Kick', 'Kick Trigger', 'Kick OAuth2 API']),
		);
		expect(everything.length).toBeGreaterThan(100);
	});

	it('Title Case for parameter labels and dropdown titles', () => {
		const miscased = everything.flatMap(([property, at]) => [
			...(property.type !== 'notice' && property.displayName && !isTitleCase(property.displayName)
				? [at]
				: []),
			...(property.options ?? [])
				.filter(
					(option) =>
						option.value !== undefined &&
						!isTitleCase(option.name) &&
						!isKickIdentifier(option.name),
				)
				.map((option) => `${at} › ${option.name}`),
		]);
		expect(miscased).toEqual([]);
	});

	it("Sentence case for operation actions (they start with a capital, then don't shout)", () => {
		const actions = everything.flatMap(([property]) =>
			(property.options ?? []).map((option) => option.action).filter(Boolean),
		);
		expect(actions.length).toBeGreaterThan(20);
		for (const action of actions)
			expect(action).toMatch(/^[A-Z][a-z]+( [^A-Z\s]\S*| (KICKs|Kick|Drops|ID|IDs)\S*)*$/);
	});

	it('operation actions omit articles ("Send chat message", not "Send a chat message")', () => {
		const withArticles = everything.flatMap(([property, at]) =>
			(property.options ?? [])
				.filter((option) => option.action && /\b(a|an|the)\b/i.test(option.action))
				.map((option) => `${at} › ${option.name}: ${option.action}`),
		);
		expect(withArticles).toEqual([]);
	});

	it("booleans are described with 'Whether'", () => {
		const booleans = everything.filter(([property]) => property.type === 'boolean');
		expect(booleans.length).toBeGreaterThan(0);
		for (const [property, at] of booleans)
			expect(`${at}: ${property.description}`).toMatch(/: Whether /);
	});

	it("placeholders of fields start with 'e.g.' (collections' placeholders are their Add button)", () => {
		const fields = everything.filter(
			([property]) =>
				property.placeholder && !['collection', 'fixedCollection'].includes(property.type ?? ''),
		);
		expect(fields.length).toBeGreaterThan(0);
		for (const [property, at] of fields)
			expect(`${at}: ${property.placeholder}`).toMatch(/: e\.g\. /);
	});

	it("resource locators open on 'From list' when they have a list", () => {
		const withList = everything.filter(
			([property]) =>
				property.type === 'resourceLocator' && property.modes?.some((mode) => mode.name === 'list'),
		);
		expect(withList.length).toBeGreaterThan(0);
		for (const [property, at] of withList) {
			expect(`${at}: ${(property.default as { mode: string }).mode}`).toBe(`${at}: list`);
		}
	});
});
