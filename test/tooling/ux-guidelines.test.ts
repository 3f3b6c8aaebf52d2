/**
 * n8n's UX guidelines for community nodes, checked on the built nodes and credential as n8n
 * loads them (every parameter, including those built by helpers, which lint rules on the source
 * cannot see), and on the copy in the Kick node's and the credential's source (errors and hints
 * are not in the descriptions). Needs `npm run build`.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

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
	displayOptions?: { show?: Record<string, unknown[] | undefined> };
}
interface Description {
	displayName: string;
	version?: number | number[];
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

/* Copy: parameter and field names in single quotes ('Custom Tags', 'user_id'). */

const kickDescriptions = descriptions.filter((description) =>
	['Kick', 'Kick OAuth2 API'].includes(description.displayName),
);
// Labels n8n's OAuth2 credential shows, which the Kick credential inherits.
const N8N_OAUTH2_LABELS = ['Client ID', 'Client Secret', 'OAuth Redirect URL'];
const kickLabels = [
	...kickDescriptions.flatMap((description) =>
		[...walk(description.properties, '')]
			.filter(([property]) => property.type !== 'notice' && property.displayName)
			.map(([property]) => property.displayName as string),
	),
	...N8N_OAUTH2_LABELS,
];
// "IDs" is also how copy writes the plural of ID; "Channel points" is Kick's name (its scopes' text).
const PROSE_LABELS = new Set(['IDs']);
const KICK_TERMS = /Channel points/g;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LABEL_PATTERNS = [...new Set(kickLabels)]
	.filter((label) => !PROSE_LABELS.has(label))
	.map((label) => ({
		label,
		pattern: new RegExp(`(?<!› )(?<![\\w'’])${escape(label)}(?![\\w'’]| ›)`, 'g'),
	}));

/**
 * Names in a text that should be in single quotes: a parameter label inside a sentence (not
 * where it starts the text, not within a longer Title Case name such as "Drops Reward Claimed",
 * not a "Resource › Operation" path), a Kick field such as user_id, or a field in double quotes.
 */
function unquotedNames(text: string): string[] {
	const prose = text.replace(KICK_TERMS, '');
	const labels = LABEL_PATTERNS.flatMap(({ label, pattern }) =>
		[...prose.matchAll(pattern)]
			.filter((match) => {
				const before = prose.slice(0, match.index);
				const after = prose.slice(match.index + label.length);
				return before !== '' && !/[A-Z][\w’']*\s$/.test(before) && !/^\s[A-Z]/.test(after);
			})
			.map(() => label),
	);
	const fields = [...prose.matchAll(/(?<![\w'.:/#-])[a-z]+(?:_[a-z]+)+(?![\w'.:])/g)].map(
		([field]) => field,
	);
	const doubleQuoted = [...prose.matchAll(/"[a-z][\w.]*"/g)].map(([field]) => field);
	return [...labels, ...fields, ...doubleQuoted];
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? sourceFiles(join(dir, entry.name))
			: entry.name.endsWith('.ts')
				? [join(dir, entry.name)]
				: [],
	);
}

/** Every source of the Kick node (its shared modules too) and of the credential, parsed. */
const KICK_SOURCES = ['nodes/Kick', 'nodes/shared', 'credentials']
	.flatMap((dir) => sourceFiles(join(ROOT, dir)))
	.map((file) =>
		ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
	);

function visit(node: ts.Node, found: (node: ts.Node) => void): void {
	found(node);
	ts.forEachChild(node, (child) => visit(child, found));
}

/**
 * The copy in those sources: every text literal with a space in it (labels, descriptions,
 * hints, notices, errors), n8n expressions left out.
 */
/** Whether a text literal is part of an n8n expression ("={{ … }}"), which is code, not copy. */
function inExpression(node: ts.StringLiteral | ts.TemplateLiteralToken): boolean {
	if (node.text.startsWith('=')) return true;
	const template = ts.isTemplateSpan(node.parent) ? node.parent.parent : undefined;
	return !!template && ts.isTemplateExpression(template) && template.head.text.startsWith('=');
}

/** The copy in those sources: every text literal with a space in it (labels, descriptions, hints, notices, errors). */
const KICK_COPY: Array<[string, string]> = KICK_SOURCES.flatMap((source) => {
	const texts: Array<[string, string]> = [];
	visit(source, (node) => {
		if (
			(ts.isStringLiteral(node) || ts.isTemplateLiteralToken(node)) &&
			/\s/.test(node.text.trim()) &&
			!inExpression(node)
		)
			texts.push([source.fileName.slice(ROOT.length + 1), node.text]);
	});
	return texts;
});

const text = (node: ts.Node | undefined) =>
	node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
		? node.text
		: undefined;

/** Functions of those sources whose second parameter is a `field` (a label for the error). */
function helpersTakingField(): Set<string> {
	const helpers = new Set<string>();
	for (const source of KICK_SOURCES)
		visit(source, (node) => {
			if (
				ts.isFunctionDeclaration(node) &&
				node.name &&
				node.parameters[1]?.name.getText() === 'field'
			)
				helpers.add(node.name.text);
		});
	return helpers;
}

/**
 * The field names the source hands to the validator (`check.length('Content', …)`), to helpers
 * that pass theirs on (`categoryIdFrom(check, 'Category', …)`) or to the channel resolver
 * (`field: 'Channel'`) as text.
 */
function validatedFields(): Array<[string, string]> {
	const helpers = helpersTakingField();
	const fields: Array<[string, string]> = [];
	for (const source of KICK_SOURCES) {
		const file = source.fileName.slice(ROOT.length + 1);
		visit(source, (node) => {
			let field: string | undefined;
			if (ts.isCallExpression(node)) {
				const [first, second] = node.arguments;
				const callee = node.expression;
				if (ts.isPropertyAccessExpression(callee) && callee.expression.getText() === 'check')
					field = text(first);
				else if (ts.isIdentifier(callee) && helpers.has(callee.text)) field = text(second);
			} else if (ts.isPropertyAssignment(node) && node.name.getText() === 'field') {
				field = text(node.initializer);
			} else if (ts.isVariableDeclaration(node) && /FIELD$/.test(node.name.getText())) {
				field = text(node.initializer);
			}
			if (field !== undefined) fields.push([file, field]);
		});
	}
	return fields;
}

/* Input errors of the built node, raised without any request. */

const NODE = {
	id: '1',
	name: 'Kick',
	type: 'n8n-nodes-kick.kick',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};
const context = { getNode: () => NODE };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validator } = require(join(ROOT, 'dist/nodes/Kick/helpers/validate.js')) as {
	validator: (
		context: unknown,
		itemIndex: number,
	) => Record<string, (...args: unknown[]) => unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolveBroadcasterId } = require(join(ROOT, 'dist/nodes/shared/channel.js')) as {
	resolveBroadcasterId: (
		context: unknown,
		value: string,
		options: { field: string },
	) => Promise<number>;
};
const check = validator(context, 0);
const INPUT_FAILURES: Array<() => unknown> = [
	() => check.fail('Channel', 'choose a channel'),
	() => check.length('Content', '', { min: 1 }),
	() => check.length('Content', 'too long', { max: 3 }),
	() => check.integer('Cost', 'ten'),
	() => check.integer('Top', 0, { min: 1 }),
	() => check.integer('Top', 101, { max: 100 }),
	() => check.items('Events', [], { min: 1 }),
	() => check.items('Category IDs', [1, 2], { max: 1 }),
	() => check.atLeastOne({ Category: undefined, 'Stream Title': '' }),
	() => check.pattern('Message ID', 'nope', /^\d+$/, 'must be a number'),
	() => check.list('Tags', [{ tag: 'x' }]),
	() => check.integerList('User IDs', '1, x'),
	() => resolveBroadcasterId(context, '', { field: 'Channel' }),
	() => resolveBroadcasterId(context, 'not a channel!', { field: 'Channel' }),
];

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

	it('sorting sits in its own collection, below the operation’s other collections (Kick node from version 2 on)', () => {
		const fromV2 = descriptions.filter(
			(description) => description.displayName === 'Kick' && Number(description.version) >= 2,
		);
		expect(fromV2.map((description) => description.version)).toEqual([2, 3]);
		const misplaced: string[] = [];
		const operations = new Map<string, Property[]>();
		for (const { version, properties } of fromV2)
			for (const property of properties) {
				const show = property.displayOptions?.show;
				const key = `v${version} ${show?.resource?.[0]} › ${show?.operation?.[0]}`;
				operations.set(key, [...(operations.get(key) ?? []), property]);
			}
		let sortCollections = 0;
		for (const [operation, properties] of operations) {
			const collections = properties.filter((property) =>
				['collection', 'fixedCollection'].includes(property.type ?? ''),
			);
			for (const [index, property] of collections.entries()) {
				const isSort = property.name === 'sort';
				if (isSort) sortCollections++;
				if (isSort && index !== collections.length - 1)
					misplaced.push(`${operation}: Sort above ${collections[index + 1].name}`);
				if (!isSort && property.options?.some((option) => /^sort/i.test(option.name)))
					misplaced.push(`${operation}: sorting inside ${property.name}`);
			}
			if (
				properties.some((property) => property.name === 'sort' && !collections.includes(property))
			)
				misplaced.push(`${operation}: Sort is not a collection`);
		}
		expect(sortCollections).toBeGreaterThan(0);
		expect(misplaced).toEqual([]);
	});

	it("the Kick node's and the credential's copy names parameters and fields in single quotes", () => {
		const unquoted = KICK_COPY.flatMap(([file, text]) =>
			unquotedNames(text).map((name) => `${file}: ${name} in "${text}"`),
		);
		expect(KICK_COPY.length).toBeGreaterThan(100);
		expect(unquoted).toEqual([]);
	});

	it("input errors name the field in single quotes, then the rule ('Content': must be …)", async () => {
		const messages = await Promise.all(
			INPUT_FAILURES.map((fail) =>
				Promise.resolve()
					.then(fail)
					.then(
						() => 'no error',
						(error: Error) => error.message,
					),
			),
		);
		for (const message of messages) expect(message).toMatch(/^'[^']+'(, '[^']+')*: \S/);
	});

	it('every field an input error names is a parameter label of the Kick node', () => {
		const labels = new Set(kickLabels);
		const named = validatedFields();
		expect(named.length).toBeGreaterThan(20);
		expect(named.filter(([, field]) => !labels.has(field))).toEqual([]);
	});
});
