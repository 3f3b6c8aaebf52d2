/**
 * The trigger's step inside the execution (on a worker in queue mode): the items its webhook
 * produced go on, except a message id this process already let through (see replay.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { maxEventAgeMs, replayKey } from './delivery';
import { describeKey, forgottenReason, triggerReplayMemory } from './memory';

interface DeliveredEvent {
	/** The message id, or `claim:<claim_id>` for a Drops claim (as the webhook recorded it). */
	key: string;
	sentAt: number;
}

function deliveredEvent(item: INodeExecutionData): DeliveredEvent | undefined {
	const event = item.json.event as IDataObject | undefined;
	if (typeof event?.messageId !== 'string') return undefined;
	const sentAt = Date.parse(String(event.timestamp));
	return {
		key: replayKey(String(event.type), event.messageId, item.json),
		sentAt: Number.isNaN(sentAt) ? Date.now() : sentAt,
	};
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
	const output: INodeExecutionData[] = [];
	items.forEach((item, index) => {
		const event = deliveredEvent(item);
		const verdict = event && memory.check(event.key, event.sentAt, 'executed');
		if (verdict?.kind === 'repeat') {
			this.logger.debug(
				`Kick Trigger "${this.getNode().name}": ${describeKey(event?.key ?? '')} already ran in this process, dropped`,
			);
			return;
		}
		if (verdict?.kind === 'forgotten') {
			this.logger.warn(
				`Kick Trigger "${this.getNode().name}" did not run the workflow for a genuine Kick delivery: ${forgottenReason(describeKey(event?.key ?? ''), verdict.coveredSince)}`,
			);
			return;
		}
		output.push(passed(item, index));
	});
	return [output];
}
