import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What a failed call to Kick left behind, whichever n8n version wrapped it. */
export interface KickFailure {
	status?: number;
	body?: unknown;
	headers: Record<string, string>;
}

interface ResponseLike {
	status?: number;
	statusCode?: number;
	data?: unknown;
	body?: unknown;
	headers?: Record<string, unknown>;
}

function findResponse(error: unknown): ResponseLike | undefined {
	// n8n wraps the HTTP client's error in a NodeApiError (cause); older versions may not.
	let current = error as { response?: ResponseLike; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (current.response && typeof current.response === 'object') return current.response;
		current = current.cause as typeof current;
	}
	return undefined;
}

function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
	}
	return result;
}

export function describeFailure(error: unknown): KickFailure {
	const response = findResponse(error);
	const wrapped = error as { httpCode?: string | null; context?: { data?: unknown } };
	const status = response?.status ?? response?.statusCode ?? Number(wrapped?.httpCode ?? NaN);
	return {
		status: Number.isFinite(status) ? status : undefined,
		body: response?.data ?? response?.body ?? wrapped?.context?.data,
		headers: lowerCaseHeaders(response?.headers),
	};
}

const textOf = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;

const isRecord = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `message` Kick's API puts next to an error's detail (in `data`): the status's name, which
 * the status number already says.
 */
const STATUS_NAMES = new Set([
	'bad request',
	'unauthorized',
	'forbidden',
	'not found',
	'too many requests',
	'internal server error',
]);

/** Kick's edge (Cloudflare) refusing a request before Kick's API: `{error, reference}`, nothing else. */
export interface EdgeBlock {
	error: string;
	reference: string;
}

export function edgeBlockOf(body: unknown): EdgeBlock | undefined {
	if (!isRecord(body) || 'data' in body || 'message' in body) return undefined;
	const error = textOf(body.error);
	const reference = textOf(body.reference);
	return error && reference ? { error, reference } : undefined;
}

/**
 * Kick's own words from any of its error envelopes: the API's `message` and its `data` when that
 * is text (`{"data":"Channel not found","message":"Bad request"}` gives "Channel not found"),
 * OAuth's `error_description` and `error` (id.kick.com), the edge's `error` and `reference`.
 */
export function kickMessageOf(body: unknown): string | undefined {
	if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
	if (!isRecord(body)) return undefined;
	const parts: string[] = [];
	const add = (text?: string) => {
		if (text && !parts.some((part) => part.toLowerCase().includes(text.toLowerCase())))
			parts.push(text);
	};
	const message = textOf(body.message);
	const detail = textOf(body.data);
	if (!(message && detail && STATUS_NAMES.has(message.toLowerCase()))) add(message);
	add(detail);
	add(textOf(body.error_description));
	let words = parts.join(': ');
	const code = textOf(body.error);
	if (code && !words.toLowerCase().includes(code.toLowerCase()))
		words = words ? `${words} (${code})` : code;
	const reference = textOf(body.reference);
	if (reference) words = `${words} (reference ${reference})`;
	return words || undefined;
}

export interface ErrorContext {
	/** Scopes a user access token needs for this call (from Kick's spec). */
	scopes?: readonly string[];
	itemIndex?: number;
	/** Retries already spent on 429 answers. */
	rateLimitRetries?: number;
	/** Extra advice for this operation's 403 (e.g. "only the app that created the reward…"). */
	forbiddenHint?: string;
	/** What a 5xx answer means when Kick is known to fail this call (e.g. chat as the bot). */
	knownServerFailure?: KnownServerFailure;
}

export interface KnownServerFailure {
	/** The error's message, before the status: "Kick answered … (a known Kick issue)". */
	message: string;
	/** The issue and its fix. */
	hint: string;
}

const isServerError = (status: number | undefined): boolean => (status ?? 0) >= 500;

function edgeHint(block: EdgeBlock, headers: Record<string, string>): string {
	const ray = headers['cf-ray'] ? ` and the cf-ray ${headers['cf-ray']}` : '';
	return `Kick's edge network (Cloudflare, in front of Kick's API) blocked this request: it is not about the credential, its token or its scopes. Try again later. If it keeps happening, contact Kick support and quote the reference ${block.reference}${ray}.`;
}

function hintFor(failure: KickFailure, context: ErrorContext): string | undefined {
	const block = edgeBlockOf(failure.body);
	if (block) return edgeHint(block, failure.headers);
	const { status } = failure;
	if (isServerError(status) && context.knownServerFailure) return context.knownServerFailure.hint;
	switch (status) {
		case 401:
			return "Kick did not accept the access token, and refreshing it did not help. Open the Kick credential and reconnect it (or check its 'Client ID' and 'Client Secret').";
		case 403: {
			const scopes = context.scopes?.length
				? `This operation needs a user access token with the scope ${context.scopes.join(' or ')}. Open the Kick credential, tick it under 'Scopes', and reconnect.`
				: 'The token is not allowed to do this.';
			return context.forbiddenHint ? `${scopes} ${context.forbiddenHint}` : scopes;
		}
		case 404:
			return 'Check the ID: Kick does not know it (or it belongs to another channel).';
		case 429:
			return `Kick rate-limited the call and still did after ${context.rateLimitRetries ?? 0} retries. Slow the workflow down (e.g. Loop Over Items with a Wait) and run it again.`;
		default:
			return undefined;
	}
}

function messageFor(
	failure: KickFailure,
	kickMessage: string | undefined,
	context: ErrorContext,
): string {
	const { status } = failure;
	const reason = kickMessage ? `: ${kickMessage}` : '';
	if (edgeBlockOf(failure.body))
		return `Kick's edge network blocked the request (${status})${reason}`;
	if (isServerError(status) && context.knownServerFailure)
		return `${context.knownServerFailure.message} (${status})${reason}`;
	switch (status) {
		case 401:
			return `Kick rejected the credential (401)${reason}`;
		case 403:
			return `Kick refused the request (403)${reason}`;
		case 404:
			return `Kick could not find it (404)${reason}`;
		case 429:
			return `Kick rate-limited the call (429)${reason}`;
		case undefined:
			return `The request to Kick failed${reason}`;
		default:
			return `Kick answered ${status}${reason}`;
	}
}

/** A NodeOperationError n8n raised before Kick answered, possibly wrapped by its HTTP helper. */
function n8nVerdict(error: unknown): NodeOperationError | undefined {
	if (error instanceof NodeOperationError) return error;
	const cause = (error as { cause?: unknown } | undefined)?.cause;
	return cause instanceof NodeOperationError ? cause : undefined;
}

/**
 * Turns a failed call into a NodeApiError carrying Kick's message, the status and a hint; n8n's
 * own verdicts (e.g. "the credential needs to be reconnected") pass through as they are.
 */
export function toKickError(
	node: INode,
	error: unknown,
	context: ErrorContext = {},
): NodeApiError | NodeOperationError {
	const failure = describeFailure(error);
	const verdict = failure.status === undefined ? n8nVerdict(error) : undefined;
	if (verdict) return new NodeOperationError(node, verdict, { itemIndex: context.itemIndex });
	const words = kickMessageOf(failure.body);
	const kickMessage = words ?? (failure.status ? undefined : (error as Error)?.message);
	const message = messageFor(failure, kickMessage, context);
	const hint = hintFor(failure, context);
	const apiError = new NodeApiError(node, (error ?? {}) as JsonObject, {
		message,
		description: hint,
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex: context.itemIndex,
	});
	// NodeApiError returns an existing NodeApiError unchanged: set our wording on it too. n8n's
	// own description repeats a part of Kick's answer: with Kick's words in the message, drop it.
	apiError.message = message;
	apiError.description = hint ?? (words ? null : apiError.description);
	if (failure.status) apiError.httpCode = String(failure.status);
	if (context.itemIndex !== undefined) apiError.context.itemIndex = context.itemIndex;
	return apiError;
}
