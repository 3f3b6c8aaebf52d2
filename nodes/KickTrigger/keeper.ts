/**
 * The trigger's periodic subscription check. n8n runs a node's trigger() for every active
 * workflow, at activation and at start-up, and in queue mode only on the leader (main): so the
 * check runs once per n8n installation, never in webhook processes or workers.
 */
import type { CronExpression, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { checkIntervalMinutes } from './interval';
import { checkSubscriptions } from './subscriptions';

export { CHECK_INTERVAL_OPTIONS, DEFAULT_CHECK_INTERVAL_MINUTES } from './interval';

/** A stable number from the node id, so triggers do not all call Kick at the same second. */
function spread(nodeId: string, modulo: number): number {
	let hash = 0;
	for (let i = 0; i < nodeId.length; i++) hash = (hash * 31 + nodeId.charCodeAt(i)) >>> 0;
	return hash % modulo;
}

/** A six-field cron expression (with seconds) firing every `minutes` minutes. */
export function checkCronExpression(minutes: number, nodeId: string): CronExpression {
	const second = spread(nodeId, 60);
	if (minutes >= 60) return `${second} ${spread(`${nodeId}:minute`, 60)} * * * *`;
	return `${second} */${Math.max(1, Math.floor(minutes))} * * * *`;
}

export async function keepSubscriptions(this: ITriggerFunctions): Promise<ITriggerResponse> {
	// "Listen for test event" runs through the webhook; there is nothing to keep up.
	if (this.getMode() === 'manual') return {};
	let closed = false;
	const expression = checkCronExpression(checkIntervalMinutes(this), this.getNode().id);
	// checkSubscriptions never throws; the promise is for whoever fired the tick.
	this.helpers.registerCron({ expression }, async () => {
		if (!closed) await checkSubscriptions.call(this);
	});
	return {
		closeFunction: async () => {
			closed = true;
		},
	};
}
