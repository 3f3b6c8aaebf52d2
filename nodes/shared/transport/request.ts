import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { KICK_API_BASE_URL, KICK_CREDENTIAL_TYPE, KICK_OAUTH_BASE_URL } from '../kick';
import type { ErrorContext, KnownServerFailure } from './errors';
import { describeFailure, toKickError } from './errors';

export type KickContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| ITriggerFunctions
	| IWebhookFunctions;

export interface KickRequest {
	method: IHttpRequestMethods;
	/** Path on the host, e.g. `/public/v1/users`. */
	path: string;
	/** `oauth` for id.kick.com (token introspection, revocation); default api.kick.com. */
	host?: 'api' | 'oauth';
	/** Arrays are sent as repeated keys (`id=1&id=2`), Kick's `collectionFormat: multi`. */
	qs?: IDataObject;
	body?: IDataObject;
	/** Scopes the call needs, named in the 403 hint. */
	scopes?: readonly string[];
	forbiddenHint?: string;
	/** What a 5xx answer means, when Kick is known to fail the call. */
	knownServerFailure?: KnownServerFailure;
	itemIndex?: number;
	/** Statuses that are an answer, not an error (e.g. 404 on a delete that may have happened). */
	acceptStatuses?: readonly number[];
}

/** Kick's response envelope; 204 answers come back as `{}`. */
export interface KickResponse {
	[key: string]: unknown;
	data?: unknown;
	message?: string;
	pagination?: { next_cursor?: string };
}

export const MAX_RATE_LIMIT_RETRIES = 3;
const MAX_RETRY_WAIT_MS = 60_000;

function retryDelayMs(headers: Record<string, string>, attempt: number): number {
	const retryAfter = headers['retry-after'];
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.min(Math.max(seconds, 0) * 1000, MAX_RETRY_WAIT_MS);
		const date = Date.parse(retryAfter);
		if (Number.isFinite(date)) return Math.min(Math.max(date - Date.now(), 0), MAX_RETRY_WAIT_MS);
	}
	return Math.min(1000 * 2 ** attempt, MAX_RETRY_WAIT_MS);
}

function toHttpOptions(request: KickRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: request.host === 'oauth' ? KICK_OAUTH_BASE_URL : KICK_API_BASE_URL,
		url: request.path,
		json: true,
		arrayFormat: 'repeat',
		headers: { Accept: 'application/json' },
	};
	if (request.qs && Object.keys(request.qs).length) options.qs = request.qs;
	if (request.body !== undefined) options.body = request.body;
	return options;
}

/**
 * One call to Kick through n8n's authenticated HTTP helper (so n8n refreshes an expired user
 * token on 401 and applies its proxy and SSRF settings). Retries 429 answers a bounded number
 * of times, honouring Retry-After; every other failure becomes a NodeApiError with a hint.
 */
export async function kickRequest(this: KickContext, request: KickRequest): Promise<KickResponse> {
	const errorContext: ErrorContext = {
		scopes: request.scopes,
		itemIndex: request.itemIndex,
		forbiddenHint: request.forbiddenHint,
		knownServerFailure: request.knownServerFailure,
	};
	for (let attempt = 0; ; attempt++) {
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				KICK_CREDENTIAL_TYPE,
				toHttpOptions(request),
			)) as unknown;
			return (response && typeof response === 'object' ? response : {}) as KickResponse;
		} catch (error) {
			const failure = describeFailure(error);
			if (failure.status !== undefined && request.acceptStatuses?.includes(failure.status)) {
				return { status: failure.status, ...(failure.body as IDataObject) } as KickResponse;
			}
			if (failure.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
				await sleep(retryDelayMs(failure.headers, attempt));
				continue;
			}
			errorContext.rateLimitRetries = attempt;
			throw toKickError(this.getNode(), error, errorContext);
		}
	}
}

/** The `data` of a Kick answer as a list of objects (one n8n item each). */
export function dataList(response: KickResponse): IDataObject[] {
	const { data } = response;
	if (Array.isArray(data)) return data as IDataObject[];
	if (data && typeof data === 'object') return [data as IDataObject];
	return [];
}

export function dataObject(response: KickResponse): IDataObject {
	const { data } = response;
	return data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {};
}
