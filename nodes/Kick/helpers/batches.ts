import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { chunk } from './collections';

export interface Batches {
	/** The IDs to send, each once. */
	ids: string[];
	/** Kick's limit per request. */
	size: number;
	/** What Kick did to an ID, for the error: "accepted", "updated"… */
	done: string;
}

/** A later batch failed: say which ids earlier batches already changed, so none is lost track of. */
function withDoneSoFar<E extends NodeApiError | NodeOperationError>(
	error: E,
	done: string,
	ids: string[],
): E {
	if (ids.length) {
		const before = `Kick had already ${done} ${ids.length} of the IDs in earlier requests: ${ids.join(', ')}.`;
		error.description = error.description ? `${before} ${error.description}` : before;
	}
	return error;
}

/**
 * Sends the ids in requests of at most `size`, one after the other. `send` returns the ids Kick
 * applied from its part. When a request fails, its error lists the ids earlier requests applied.
 */
export async function sendInBatches(
	this: IExecuteFunctions,
	batches: Batches,
	send: (part: string[]) => Promise<string[]>,
): Promise<void> {
	const doneSoFar: string[] = [];
	for (const part of chunk(batches.ids, batches.size)) {
		try {
			doneSoFar.push(...(await send(part)));
		} catch (error) {
			const kickError =
				error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeApiError(this.getNode(), error as JsonObject);
			throw withDoneSoFar(kickError, batches.done, doneSoFar);
		}
	}
}
