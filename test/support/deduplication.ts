/**
 * n8n's deduplication store (what `helpers.checkProcessedAndRecord` reaches) for tests that run
 * nodes through n8n-core: n8n's server backs it with its database (`processed_data`, one record
 * per workflow and node holding MD5 digests, the oldest dropped past `maxEntries`); this keeps the
 * same records in memory, one store per test process, shared by every copy of the package (as
 * n8n's database is shared by its processes).
 */
import { createHash } from 'crypto';

import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

class InMemoryDeduplicator implements IDataDeduplicator {
	readonly records = new Map<string, string[]>();

	private recordKey(scope: DeduplicationScope, context: ICheckProcessedContextData): string {
		const node = scope === 'node' ? `n:${context.node?.id ?? ''}` : '';
		return `${context.workflow.id}/${node}`;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error('only the entries mode is kept here');
		const key = this.recordKey(scope, context);
		const record = this.records.get(key) ?? [];
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const digest = createHash('md5').update(String(item)).digest('base64');
			if (record.includes(digest)) output.processed.push(item);
			else {
				output.new.push(item);
				record.push(digest);
			}
		}
		if (options.maxEntries) record.splice(0, Math.max(0, record.length - options.maxEntries));
		this.records.set(key, record);
		return output;
	}

	async removeProcessed(): Promise<void> {}

	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		this.records.delete(this.recordKey(scope, context));
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		return this.records.get(this.recordKey(scope, context))?.length ?? 0;
	}
}

let store: InMemoryDeduplicator | undefined;

/** The store n8n-core's helpers use in this test process (set up on first use). */
export async function deduplicationStore(): Promise<InMemoryDeduplicator> {
	if (!store) {
		store = new InMemoryDeduplicator();
		await DataDeduplicationService.init(store);
	}
	return store;
}
