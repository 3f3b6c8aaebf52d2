/**
 * The trigger's step inside the execution (on a worker in queue mode): the items its webhook
 * produced go on, except a delivery this process already ran (by message id, or the same event
 * through another subscription: see memory.ts). A Drops claim also runs at most once for good: its
 * claim id is kept in n8n's deduplication store (its database), which every process shares and
 * which survives restarts.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { steadyNow } from './clock';
import { identityFromKey, maxEventAgeMs, rememberedAt } from './delivery';
import type { DeliveryFacts } from './memory';
import { admit, triggerReplayMemory } from './memory';
import { serialized, triggerKey } from './state';

/**
 * How many Drops claim ids a trigger keeps in n8n's store. n8n keeps them in one database row per
 * trigger, rewritten on each claim, so the figure bounds that row (about 0.5 MB); the oldest ids
 * go first. Kick re-sends a claim within its retry period, long before so many newer claims.
 */
export const CLAIM_IDS_KEPT = 20_000;

function deliveredFacts(
	item: INodeExecutionData,
	nowMs: number,
	maxAgeMs: number,
): DeliveryFacts | undefined {
	const event = item.json.event as IDataObject | undefined;
	if (typeof event?.messageId !== 'string') return undefined;
	// Items of an older version of the trigger carry no key: their message id alone then.
	const key = typeof event.key === 'string' ? event.key : `message:${event.messageId}`;
	const sentAt = Date.parse(String(event.timestamp));
	return {
		messageId: event.messageId,
		subscriptionId: typeof event.subscriptionId === 'string' ? event.subscriptionId : undefined,
		identity: identityFromKey(key),
		sentAt: rememberedAt(Number.isNaN(sentAt) ? nowMs : sentAt, nowMs, maxAgeMs),
	};
}

interface ClaimStore {
	checkProcessedAndRecord?: (
		items: string[],
		scope: 'node',
		options: { mode: 'entries'; maxEntries: number },
	) => Promise<{ new: string[]; processed: string[] }>;
}

/** Whether a Drops claim id was never run before by this trigger (and records it). */
async function firstRunOfClaim(context: IExecuteFunctions, claimKey: string): Promise<boolean> {
	const store = context.helpers as unknown as ClaimStore;
	// n8n versions without the store (before 1.67): the replay memory alone, per process.
	if (typeof store.checkProcessedAndRecord !== 'function') return true;
	const record = store.checkProcessedAndRecord.bind(context.helpers);
	try {
		// n8n reads and rewrites the record: one claim at a time per trigger in this process.
		const result = await serialized(
			`claims:${triggerKey(context)}`,
			async () => await record([claimKey], 'node', { mode: 'entries', maxEntries: CLAIM_IDS_KEPT }),
		);
		return result.new.length > 0;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			message: `Could not check whether Drops claim ${claimKey.slice('claim:'.length)} already ran (n8n's deduplication store failed), so the workflow did not run for it`,
			description: "Run this execution again once n8n's database works: the claim is in its input.",
		});
	}
}

export async function passFirstDeliveries(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const passed = (item: INodeExecutionData, index: number): INodeExecutionData => ({
		...item,
		pairedItem: { item: index },
	});
	// A test run ("Listen for test event") has nothing to repeat.
	if (this.getMode() === 'manual') return [items.map(passed)];

	const maxAgeMs = maxEventAgeMs(
		this.getNodeParameter('options', 0, {}) as { maxEventAge?: number },
	);
	const memory = triggerReplayMemory(this, maxAgeMs);
	const now = steadyNow();
	const output: INodeExecutionData[] = [];
	for (const [index, item] of items.entries()) {
		const facts = deliveredFacts(item, now, maxAgeMs);
		if (facts) {
			const { admission } = admit(memory, facts, 'executed');
			if (admission.kind !== 'run') {
				this.logger.debug(
					`Kick Trigger "${this.getNode().name}": ${'reason' in admission ? admission.reason : ''}; it already ran in this process, dropped`,
				);
				continue;
			}
			const claim = facts.identity.key.startsWith('claim:');
			if (claim && !(await firstRunOfClaim(this, facts.identity.key))) {
				this.logger.info(
					`Kick Trigger "${this.getNode().name}": Drops claim ${facts.identity.key.slice('claim:'.length)} already ran the workflow, so Kick's repeat of it did not`,
				);
				continue;
			}
		}
		output.push(passed(item, index));
	}
	return [output];
}
