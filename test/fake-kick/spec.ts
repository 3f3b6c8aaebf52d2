/**
 * The Kick API spec as data (test/fixtures/kick-api.operations.json + kick-api.definitions.json),
 * plus the operations Kick documents outside its spec (kick-api.docs-operations.json, each with
 * its `source`), and a generic request validator driven by them. Nothing here knows about
 * individual routes except the few rules the spec only states in prose (see spec-rules.ts).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { extraFormFields, extraParameterRules, type ParameterRule } from './spec-rules';

export type Host = 'id.kick.com' | 'api.kick.com';
export type Query = Record<string, string[]>;

export interface Schema {
	type?: string;
	format?: string;
	$ref?: string;
	properties?: Record<string, Schema>;
	required?: string[];
	items?: Schema | null;
	enum?: unknown[] | null;
	minimum?: number | null;
	maximum?: number | null;
	minLength?: number | null;
	maxLength?: number | null;
	minItems?: number | null;
	maxItems?: number | null;
	uniqueItems?: boolean;
	minProperties?: number;
}

/** Scalar limits shared by schemas and parameters. */
export type Constraints = Omit<Schema, 'required' | 'properties' | 'items'>;

export interface SpecParameter extends Constraints {
	name: string;
	in: 'query' | 'path' | 'body' | 'formData' | 'header';
	type: string;
	required: boolean;
	collectionFormat: 'csv' | 'multi' | null;
	items: Schema | null;
	schema: string | null;
	default: unknown;
}

export interface SecurityRequirement {
	scheme: 'UserAccessToken' | 'AppAccessToken';
	scopes: string[];
}

export interface SpecOperation {
	/** Where Kick documents an operation its spec lacks; absent for the spec's own operations. */
	source?: string;
	method: string;
	path: string;
	host: Host;
	summary: string;
	deprecated: boolean;
	authRequired: boolean;
	security: SecurityRequirement[];
	userAccessTokenAccepted: boolean;
	appAccessTokenAccepted: boolean;
	consumes: string[] | null;
	parameters: SpecParameter[];
	requestBodySchema: string | null;
	successStatus: string;
	responseDataSchema: string | null;
	responseDataIsArray: boolean;
}

const FIXTURES = join(__dirname, '..', 'fixtures');
const readFixture = <T>(name: string): T =>
	JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;

const DOCS_FILE = readFixture<{
	operations: SpecOperation[];
	definitions: Record<string, Schema>;
}>('kick-api.docs-operations.json');

/** The spec's operations, then those from Kick's docs (marked by their `source`). */
export const OPERATIONS: readonly SpecOperation[] = [
	...readFixture<SpecOperation[]>('kick-api.operations.json'),
	...DOCS_FILE.operations,
];
const DEFINITIONS_FILE = readFixture<{ scopes: string[]; definitions: Record<string, Schema> }>(
	'kick-api.definitions.json',
);
export const DEFINITIONS: Readonly<Record<string, Schema>> = {
	...DEFINITIONS_FILE.definitions,
	...DOCS_FILE.definitions,
};
export const KNOWN_SCOPES: readonly string[] = DEFINITIONS_FILE.scopes;

export const operationKey = (op: Pick<SpecOperation, 'method' | 'path'>): string =>
	`${op.method} ${op.path}`;

export function resolveSchema(schema: Schema): Schema {
	if (!schema.$ref) return schema;
	const name = schema.$ref.replace('#/definitions/', '');
	const target = DEFINITIONS[name];
	if (!target) throw new Error(`spec: unknown definition ${name}`);
	return resolveSchema(target);
}

export const definition = (name: string): Schema =>
	resolveSchema({ $ref: `#/definitions/${name}` });

// ---------------------------------------------------------------------------------------------
// Route matching

export interface RouteMatch {
	op: SpecOperation;
	pathParams: Record<string, string>;
	/** formData parameters arrive in the query string (GET /oauth/authorize from a browser). */
	formInQuery: boolean;
}

const templateRegex = (template: string): RegExp =>
	new RegExp(
		`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`,
	);

const ROUTES = OPERATIONS.map((op) => ({ op, regex: templateRegex(op.path) }));

/** Literal paths win over templated ones (e.g. /rewards/redemptions vs /rewards/{id}). */
function findByPath(host: string, method: string, path: string): RouteMatch | undefined {
	const candidates = ROUTES.filter((r) => r.op.host === host && r.op.method === method)
		.map((r) => ({ op: r.op, m: r.regex.exec(path) }))
		.filter((c): c is { op: SpecOperation; m: RegExpExecArray } => c.m !== null)
		.sort((a, b) => Object.keys(a.m.groups ?? {}).length - Object.keys(b.m.groups ?? {}).length);
	const best = candidates[0];
	if (!best) return undefined;
	const pathParams = Object.fromEntries(
		Object.entries(best.m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
	);
	return { op: best.op, pathParams, formInQuery: false };
}

export function matchRoute(host: string, method: string, path: string): RouteMatch | undefined {
	const direct = findByPath(host, method, path);
	if (direct) return direct;
	// The spec documents /oauth/authorize as POST, but browsers arrive with GET and a query string.
	if (method === 'GET' && host === 'id.kick.com' && path === '/oauth/authorize') {
		const post = findByPath(host, 'POST', path);
		return post && { ...post, formInQuery: true };
	}
	return undefined;
}

/** Methods the spec knows for a path: lets a 404 say "exists, but not with GET". */
export function methodsForPath(host: string, path: string): string[] {
	return ROUTES.filter((r) => r.op.host === host && r.regex.test(path)).map((r) => r.op.method);
}

// ---------------------------------------------------------------------------------------------
// Value validation (JSON bodies and individual parameter values)

const FORMATS: Record<string, (v: string) => boolean> = {
	ulid: (v) => /^[0-9A-HJKMNP-TV-Z]{26}$/i.test(v),
	uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
	hexcolor: (v) => /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(v),
	'date-time': (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v),
};

function typeError(value: unknown, type: string | undefined): string | undefined {
	switch (type) {
		case 'integer':
			return Number.isInteger(value) ? undefined : 'must be an integer';
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
		case 'string':
			return typeof value === 'string' ? undefined : 'must be a string';
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'must be a boolean';
		case 'array':
			return Array.isArray(value) ? undefined : 'must be an array';
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value)
				? undefined
				: 'must be an object';
		default:
			return undefined;
	}
}

function scalarConstraintErrors(value: unknown, s: Constraints): string[] {
	const errors: string[] = [];
	if (s.enum && !s.enum.includes(value))
		errors.push(`must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
	if (typeof value === 'number') {
		if (s.minimum != null && value < s.minimum)
			errors.push(`must be >= ${s.minimum} (got ${value})`);
		if (s.maximum != null && value > s.maximum)
			errors.push(`must be <= ${s.maximum} (got ${value})`);
		if (s.format === 'uint64' && value < 0) errors.push('must not be negative');
	}
	if (typeof value === 'string') {
		// Kick counts characters as code points: an emoji is 1, not JavaScript's 2.
		const characters = [...value].length;
		if (s.minLength != null && characters < s.minLength)
			errors.push(`must be at least ${s.minLength} characters (got ${characters})`);
		if (s.maxLength != null && characters > s.maxLength)
			errors.push(`must be at most ${s.maxLength} characters (got ${characters})`);
		const check = s.format ? FORMATS[s.format] : undefined;
		if (check && !check(value))
			errors.push(`must be a valid ${s.format} (got ${JSON.stringify(value)})`);
	}
	return errors;
}

function arrayErrors(value: unknown[], s: Schema, where: string): string[] {
	const errors: string[] = [];
	if (s.minItems != null && value.length < s.minItems)
		errors.push(`${where} must have at least ${s.minItems} item(s) (got ${value.length})`);
	if (s.maxItems != null && value.length > s.maxItems)
		errors.push(`${where} must have at most ${s.maxItems} items (got ${value.length})`);
	if (s.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
		errors.push(`${where} must not contain duplicates`);
	const items = s.items;
	if (items)
		value.forEach((item, i) => errors.push(...validateValue(item, items, `${where}[${i}]`)));
	return errors;
}

function objectErrors(value: Record<string, unknown>, s: Schema, where: string): string[] {
	const errors: string[] = [];
	const props = s.properties ?? {};
	const prefix = where ? `${where}.` : '';
	for (const name of s.required ?? []) {
		if (value[name] === undefined) errors.push(`${prefix}${name} is required`);
	}
	for (const [name, v] of Object.entries(value)) {
		const prop = props[name];
		if (!prop) errors.push(`${prefix}${name} is not a known field`);
		else errors.push(...validateValue(v, prop, `${prefix}${name}`));
	}
	if (s.minProperties && Object.keys(value).length < s.minProperties) {
		errors.push(
			`${where || 'body'} must set at least ${s.minProperties} of: ${Object.keys(props).join(', ')}`,
		);
	}
	return errors;
}

/** Validates a decoded JSON value; unknown object fields are errors (Kick rejects them too). */
export function validateValue(value: unknown, schema: Schema, where: string): string[] {
	const s = resolveSchema(schema);
	const problem = typeError(value, s.type);
	if (problem) return [`${where || 'body'} ${problem} (got ${JSON.stringify(value)})`];
	if (Array.isArray(value)) return arrayErrors(value, s, where || 'body');
	if (s.type === 'object' || s.properties)
		return objectErrors(value as Record<string, unknown>, s, where);
	return scalarConstraintErrors(value, s).map((e) => `${where} ${e}`);
}

// ---------------------------------------------------------------------------------------------
// Parameters (query, path, form fields): raw strings -> typed values

function parseScalar(raw: string, type: string | undefined): { value?: unknown; error?: string } {
	if (type === 'integer')
		return /^-?\d+$/.test(raw)
			? { value: Number(raw) }
			: { error: `must be an integer (got ${JSON.stringify(raw)})` };
	if (type === 'number')
		return raw.trim() !== '' && Number.isFinite(Number(raw))
			? { value: Number(raw) }
			: { error: `must be a number (got ${JSON.stringify(raw)})` };
	if (type === 'boolean')
		return raw === 'true' || raw === 'false'
			? { value: raw === 'true' }
			: { error: `must be true or false (got ${JSON.stringify(raw)})` };
	return { value: raw };
}

/** Array parameters carry their length limits/format on the parameter itself (a spec quirk): they apply per element. */
function elementSchema(p: SpecParameter): Constraints {
	const items: Constraints = p.items ?? {};
	const pick = <K extends keyof Constraints>(k: K): Constraints[K] => items[k] ?? p[k];
	return {
		type: items.type ?? 'string',
		format: pick('format'),
		enum: pick('enum'),
		minimum: pick('minimum'),
		maximum: pick('maximum'),
		minLength: pick('minLength'),
		maxLength: pick('maxLength'),
	};
}

function splitArray(p: SpecParameter, raws: string[], label: string, errors: string[]): string[] {
	if (p.collectionFormat === 'csv') {
		if (raws.length > 1) {
			errors.push(
				`${label} was sent as ${raws.length} repeated keys; Kick expects one comma-separated value (collectionFormat csv), e.g. ${p.name}=${raws.join(',')}`,
			);
		}
		return raws.flatMap((r) => r.split(','));
	}
	const joined = raws.find((r) => r.includes(','));
	if (joined !== undefined) {
		errors.push(
			`${label} value ${JSON.stringify(joined)} is comma-joined; Kick expects repeated keys (collectionFormat multi), e.g. ${joined
				.split(',')
				.map((v) => `${p.name}=${v}`)
				.join('&')}`,
		);
	}
	return raws.flatMap((r) => r.split(','));
}

function parseParameter(
	p: SpecParameter,
	raws: string[],
	label: string,
	errors: string[],
): unknown {
	if (p.type === 'array') {
		const elements = splitArray(p, raws, label, errors);
		const el = elementSchema(p);
		const values = elements.map((raw, i) => {
			const parsed = parseScalar(raw, el.type);
			if (parsed.error) errors.push(`${label}[${i}] ${parsed.error}`);
			else
				errors.push(...scalarConstraintErrors(parsed.value, el).map((e) => `${label}[${i}] ${e}`));
			return parsed.value;
		});
		errors.push(...arrayErrors(values, { minItems: p.minItems, maxItems: p.maxItems }, label));
		return values;
	}
	if (raws.length > 1)
		errors.push(`${label} was given ${raws.length} times; it takes a single value`);
	const parsed = parseScalar(raws[0], p.type);
	if (parsed.error) {
		errors.push(`${label} ${parsed.error}`);
		return undefined;
	}
	errors.push(...scalarConstraintErrors(parsed.value, p).map((e) => `${label} ${e}`));
	return parsed.value;
}

function withRule(p: SpecParameter, rule: ParameterRule | undefined): SpecParameter {
	if (!rule) return p;
	return {
		...p,
		maxItems: rule.maxItems ?? p.maxItems,
		items: { ...(p.items ?? {}), ...(rule.items ?? {}) },
	};
}

function parseParameterSet(
	params: SpecParameter[],
	raw: Query,
	kind: string,
	op: SpecOperation,
	allowedExtras: readonly string[],
	errors: string[],
): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	const rules = extraParameterRules(op);
	for (const p of params) {
		const label = `${kind} '${p.name}'`;
		const raws = raw[p.name];
		if (raws === undefined) {
			if (p.required) errors.push(`${label} is required`);
			else if (p.default != null) values[p.name] = p.default;
			continue;
		}
		values[p.name] = parseParameter(withRule(p, rules.params[p.name]), raws, label, errors);
	}
	for (const name of Object.keys(raw)) {
		if (params.some((p) => p.name === name)) continue;
		if (allowedExtras.includes(name)) {
			values[name] = raw[name][0];
			continue;
		}
		const base = name.replace(/\[\d*\]$/, '');
		const hint =
			base !== name && params.some((p) => p.name === base)
				? ` (array brackets are not Kick's format: send '${base}' as the spec's collectionFormat says)`
				: '';
		errors.push(`unknown ${kind} '${name}'${hint}`);
	}
	for (const group of rules.mutuallyExclusive) {
		const present = group.filter((n) => raw[n] !== undefined);
		if (present.length > 1)
			errors.push(`${kind}s ${present.map((n) => `'${n}'`).join(' and ')} cannot be used together`);
	}
	return values;
}

// ---------------------------------------------------------------------------------------------
// Whole requests

export interface IncomingRequestParts {
	method: string;
	query: Query;
	pathParams: Record<string, string>;
	contentType: string | undefined;
	rawBody: string;
}

export interface ValidatedRequest {
	errors: string[];
	query: Record<string, unknown>;
	path: Record<string, unknown>;
	form: Record<string, unknown>;
	body: unknown;
}

const mediaType = (contentType: string | undefined): string =>
	(contentType ?? '').split(';')[0].trim().toLowerCase();

export function parseForm(raw: string): Query {
	const query: Query = {};
	for (const [k, v] of new URLSearchParams(raw)) (query[k] ??= []).push(v);
	return query;
}

function validateJsonBody(op: SpecOperation, req: IncomingRequestParts, errors: string[]): unknown {
	const bodyParam = op.parameters.find((p) => p.in === 'body');
	if (!bodyParam?.schema) return undefined;
	if (req.rawBody.trim() === '') {
		if (bodyParam.required)
			errors.push(
				`a JSON request body is required (${bodyParam.schema.replace('endpoints.', '')})`,
			);
		return undefined;
	}
	if (mediaType(req.contentType) !== 'application/json') {
		errors.push(
			`content-type must be application/json (got ${JSON.stringify(req.contentType ?? '')})`,
		);
		return undefined;
	}
	let body: unknown;
	try {
		body = JSON.parse(req.rawBody);
	} catch {
		errors.push('request body is not valid JSON');
		return undefined;
	}
	const schema: Schema = { ...definition(bodyParam.schema), ...extraParameterRules(op).body };
	errors.push(...validateValue(body, schema, '').map((e) => `body ${e.replace(/^body /, '')}`));
	return body;
}

function validateFormBody(
	op: SpecOperation,
	req: IncomingRequestParts,
	errors: string[],
): Record<string, unknown> {
	const fields = op.parameters.filter((p) => p.in === 'formData');
	if (fields.length === 0) return {};
	if (mediaType(req.contentType) !== 'application/x-www-form-urlencoded') {
		errors.push(
			`content-type must be application/x-www-form-urlencoded (got ${JSON.stringify(req.contentType ?? '')})`,
		);
		return {};
	}
	return parseParameterSet(
		fields,
		parseForm(req.rawBody),
		'form field',
		op,
		extraFormFields(op),
		errors,
	);
}

/** Validates everything the spec says about one request; `errors` empty = a request Kick accepts. */
export function validateRequest(match: RouteMatch, req: IncomingRequestParts): ValidatedRequest {
	const { op } = match;
	const errors: string[] = [];
	const queryParams = op.parameters.filter(
		(p) => p.in === 'query' || (match.formInQuery && p.in === 'formData'),
	);
	const pathParams = op.parameters.filter((p) => p.in === 'path');
	const extras = match.formInQuery ? extraFormFields(op) : [];
	const query = parseParameterSet(queryParams, req.query, 'query parameter', op, extras, errors);
	const rawPath = Object.fromEntries(Object.entries(match.pathParams).map(([k, v]) => [k, [v]]));
	const path = parseParameterSet(pathParams, rawPath, 'path parameter', op, [], errors);
	const takesForm = !match.formInQuery && op.parameters.some((p) => p.in === 'formData');
	const takesJson = op.parameters.some((p) => p.in === 'body');
	let body: unknown;
	let form: Record<string, unknown> = match.formInQuery ? query : {};
	if (takesForm) form = validateFormBody(op, req, errors);
	else if (takesJson) body = validateJsonBody(op, req, errors);
	else if (req.rawBody.trim() !== '')
		errors.push(`${op.method} ${op.path} takes no request body (got ${req.rawBody.length} bytes)`);
	return { errors, query, path, form, body };
}

/** Problems of one of the fake's own answers against the operation's response schema (strict). */
export function responseProblems(operation: string | null, response: unknown): string[] {
	const op = OPERATIONS.find((o) => operationKey(o) === operation);
	if (!op?.responseDataSchema || !response) return [];
	const item: Schema = definition(op.responseDataSchema);
	const schema: Schema = op.responseDataIsArray ? { type: 'array', items: item } : item;
	return validateValue((response as { data: unknown }).data, schema, 'data').map(
		(p) => `${operation}: ${p}`,
	);
}
