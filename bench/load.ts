/** HTTP load against n8n's webhooks: deliveries in flight, latencies, and replies seen by the fake. */
import http from 'http';

import type { SignedDelivery } from '../test/fake-kick/events';
import type { FakeKick } from '../test/fake-kick/server';

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export const percentile = (sorted: number[], p: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

export const median = (values: number[]) =>
	percentile(
		[...values].sort((a, b) => a - b),
		50,
	);

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function closeConnections(): void {
	agent.destroy();
}

/**
 * Closes kept-alive connections nobody is using: after a pause longer than n8n's keep-alive
 * timeout (5 s), reusing one races n8n closing it ("socket hang up").
 */
export function dropIdleConnections(): void {
	for (const sockets of Object.values(agent.freeSockets))
		for (const socket of sockets ?? []) socket.destroy();
}

/** One request on its own (on a fresh connection: the last may have been idle for long). */
export function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
	dropIdleConnections();
	return postFor(url, body, headers).then(({ status }) => status);
}

/** POSTs and reads the answer: its status and the start of its body. */
export function postFor(
	url: string,
	body: string,
	headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent,
				headers: {
					...headers,
					'Content-Type': 'application/json',
					'Content-Length': String(Buffer.byteLength(body)),
				},
			},
			(response) => {
				let answer = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => {
					if (answer.length < 200) answer += chunk;
				});
				response.on('end', () =>
					resolve({ status: response.statusCode ?? 0, body: answer.slice(0, 200) }),
				);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

export const messageIdOf = (delivery: SignedDelivery) => delivery.headers['Kick-Event-Message-Id'];

export interface SentLoad {
	/** When the first delivery left (ms since epoch, hrtime-based ms for durations below). */
	startedAt: number;
	/** ms from start until the last HTTP answer. */
	answeredAfterMs: number;
	/** ms from each delivery's send to its HTTP answer, sorted. */
	answerLatencies: number[];
	/** Send time of each delivery by message id (performance.now() ms). */
	sentAt: Map<string, number>;
	/** Message ids n8n answered with a 2xx: the deliveries that must lead to a reply. */
	accepted: string[];
	non2xx: number;
	/** How many answers each status and body got (n8n answers accepted deliveries alike). */
	answers: Map<string, number>;
}

/** Sends every delivery to `url` with `concurrency` requests in flight; times each answer. */
export async function sendLoad(
	url: string,
	deliveries: SignedDelivery[],
	concurrency: number,
): Promise<SentLoad> {
	const answerLatencies: number[] = [];
	const sentAt = new Map<string, number>();
	let next = 0;
	let non2xx = 0;
	const answers = new Map<string, number>();
	const accepted: string[] = [];
	dropIdleConnections();
	const started = performance.now();
	const worker = async () => {
		while (next < deliveries.length) {
			const delivery = deliveries[next++];
			const sent = performance.now();
			sentAt.set(messageIdOf(delivery), sent);
			const { status, body } = await postFor(url, delivery.body, delivery.headers);
			answerLatencies.push(performance.now() - sent);
			if (status < 200 || status >= 300) non2xx++;
			else accepted.push(messageIdOf(delivery));
			const answer = `${status} ${body}`;
			answers.set(answer, (answers.get(answer) ?? 0) + 1);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	answerLatencies.sort((a, b) => a - b);
	return {
		startedAt: started,
		answeredAfterMs: performance.now() - started,
		answerLatencies,
		sentAt,
		accepted,
		non2xx,
		answers,
	};
}

/** The answers of a load, for an error message. */
export function describeAnswers(load: SentLoad): string {
	return [...load.answers].map(([answer, count]) => `${count}× ${answer}`).join('; ');
}

/**
 * Watches the fake's chat for the replies a workload posts ("<prefix> <message id>"), noting when
 * each arrived. Polls (the fake runs in this process), so times are good to a few ms.
 */
export class ReplyWatcher {
	private readonly arrivedAt = new Map<string, number>();
	private scanned: number;

	constructor(
		private readonly fake: FakeKick,
		private readonly prefix: string,
	) {
		this.scanned = fake.state.chatMessages.length;
	}

	private scan(): void {
		const messages = this.fake.state.chatMessages;
		const now = performance.now();
		for (; this.scanned < messages.length; this.scanned++) {
			const { content } = messages[this.scanned];
			if (content.startsWith(`${this.prefix} `))
				this.arrivedAt.set(content.slice(this.prefix.length + 1), now);
		}
	}

	/** Resolves with each message id's reply time once `ids` all got one; rejects on timeout. */
	async waitFor(
		ids: Iterable<string>,
		timeoutMs: number,
		pollMs = 5,
		context = '',
	): Promise<Map<string, number>> {
		const wanted = [...ids];
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			this.scan();
			if (wanted.every((id) => this.arrivedAt.has(id))) return this.arrivedAt;
			if (performance.now() > deadline) {
				const missing = wanted.filter((id) => !this.arrivedAt.has(id)).length;
				throw new Error(
					`${missing} of ${wanted.length} "${this.prefix}" replies never arrived${context ? ` (${context})` : ''}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, pollMs));
		}
	}

	/** Replies seen so far with this prefix (duplicates would show as more replies than deliveries). */
	count(): number {
		this.scan();
		return this.fake.state.chatMessages.filter((m) => m.content.startsWith(`${this.prefix} `))
			.length;
	}
}
