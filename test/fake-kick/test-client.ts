/**
 * A bare HTTPS client for talking to the fake in tests (goes through Node's https module, so it
 * relies on the same DNS/CA setup as n8n). Query values given as arrays become repeated keys.
 */
import https from 'https';

export interface KickCall {
	host?: 'api.kick.com' | 'id.kick.com';
	method?: string;
	path: string;
	query?: Record<string, string | number | Array<string | number>>;
	token?: string;
	json?: unknown;
	form?: Record<string, string>;
	body?: string;
	headers?: Record<string, string>;
}

export interface KickReply<T = unknown> {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
	text: string;
}

export function queryString(query: KickCall['query'] = {}): string {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(query))
		for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
	const s = params.toString();
	return s ? `?${s}` : '';
}

function requestBody(call: KickCall): { body?: string; contentType?: string } {
	if (call.json !== undefined)
		return { body: JSON.stringify(call.json), contentType: 'application/json' };
	if (call.form)
		return {
			body: new URLSearchParams(call.form).toString(),
			contentType: 'application/x-www-form-urlencoded',
		};
	return { body: call.body };
}

// `any` by default on purpose: tests read reply bodies freely; pass T for a typed body.
export function kick<T = any>(call: KickCall): Promise<KickReply<T>> {
	const { body, contentType } = requestBody(call);
	const headers: Record<string, string> = {
		...(contentType ? { 'content-type': contentType } : {}),
		// Node sends DELETE bodies without chunking: an explicit length keeps them in the request.
		...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
		...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
		...call.headers,
	};
	const url = `https://${call.host ?? 'api.kick.com'}${call.path}${queryString(call.query)}`;
	return new Promise((resolve, reject) => {
		const req = https.request(url, { method: call.method ?? 'GET', headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString();
				let parsed: unknown = text;
				try {
					parsed = text ? JSON.parse(text) : undefined;
				} catch {
					// not JSON: keep the text
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed as T, text });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}
