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

export function kickMessageOf(body: unknown): string | undefined {
	if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
	if (body && typeof body === 'object') {
		const { message, error, error_description: errorDescription } = body as IDataObject;
		for (const candidate of [message, errorDescription, error]) {
			if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
		}
	}
	return undefined;
}

export interface ErrorContext {
	/** Scopes a user access token needs for this call (from Kick's spec). */
	scopes?: readonly string[];
	itemIndex?: number;
	/** Retries already spent on 429 answers. */
	rateLimitRetries?: number;
	/** Extra advice for this operation's 403 (e.g. "only the app that created the reward…"). */
	forbiddenHint?: string;
}

function hintFor(status: number | undefined, context: ErrorContext): string | undefined {
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

function messageFor(status: number | undefined, kickMessage: string | undefined): string {
	const reason = kickMessage ? `: ${kickMessage}` : '';
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
	const kickMessage =
		kickMessageOf(failure.body) ?? (failure.status ? undefined : (error as Error)?.message);
	const apiError = new NodeApiError(node, (error ?? {}) as JsonObject, {
		message: messageFor(failure.status, kickMessage),
		description: hintFor(failure.status, context),
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex: context.itemIndex,
	});
	// NodeApiError returns an existing NodeApiError unchanged: set our wording on it too.
	apiError.message = messageFor(failure.status, kickMessage);
	apiError.description = hintFor(failure.status, context) ?? apiError.description;
	if (failure.status) apiError.httpCode = String(failure.status);
	if (context.itemIndex !== undefined) apiError.context.itemIndex = context.itemIndex;
	return apiError;
}
