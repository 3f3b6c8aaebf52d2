/**
 * What must hold before the trigger subscribes: a URL Kick can call, and no other active trigger
 * on the same Kick app (Kick sends all of an app's events to its one Webhook URL).
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActiveTrigger } from './apps';
import { otherTriggerOnApp } from './apps';
import { prefix } from './messages';
import { REACHABLE_URL_ADVICE, unreachableReason } from './reachability';
import { isTestSession } from './state';
import { appOf, wantedEvents } from './target';

interface Problem {
	message: string;
	description: string;
}

export function triggerIdentity(
	context:
		| IHookFunctions
		| { getWorkflow: IHookFunctions['getWorkflow']; getNode: IHookFunctions['getNode'] },
): ActiveTrigger {
	const workflow = context.getWorkflow();
	const node = context.getNode();
	return {
		workflowId: workflow.id ?? '',
		workflowName: workflow.name ?? workflow.id ?? '',
		nodeId: node.id,
		nodeName: node.name,
	};
}

export function isStartup(context: { getActivationMode(): string }): boolean {
	return ['init', 'leadershipChange'].includes(context.getActivationMode());
}

function urlProblem(context: IHookFunctions): Problem | undefined {
	const url = context.getNodeWebhookUrl('default');
	const unreachable = unreachableReason(url);
	if (!unreachable) return undefined;
	return {
		message: `Kick cannot deliver events to this trigger's URL ${url ?? ''}: ${unreachable}`,
		description: REACHABLE_URL_ADVICE,
	};
}

async function sharedAppProblem(context: IHookFunctions): Promise<Problem | undefined> {
	// Drops claims go to the campaign's URL, not the app's: only subscriptions share that URL.
	if (!wantedEvents(context).length) return undefined;
	const { appClientId } = await appOf(context);
	const other = otherTriggerOnApp(appClientId, triggerIdentity(context));
	if (!other) return undefined;
	return {
		message: `The Kick app of this credential already sends its events to the Kick Trigger "${other.nodeName}" in the active workflow "${other.workflowName}" (ID ${other.workflowId}). Kick sends all events of an app to one Webhook URL, so only one of the two triggers would receive them.`,
		description:
			'Use one Kick Trigger per Kick app: choose all the events (and channels) there, route them with a Switch on {{ $json.event.type }} or {{ $json.event.broadcasterUserId }} to Execute Workflow nodes (see the example event-router.json), or give this workflow a credential of another Kick app.',
	};
}

/**
 * Fails the activation when a user activates; only logs at start-up (the workflow was active
 * before, and failing now would stop its deliveries too) and in test sessions (URL aside).
 */
export async function preflight(context: IHookFunctions): Promise<void> {
	const unreachable = urlProblem(context);
	const shared = await sharedAppProblem(context);
	const problems = [unreachable, shared].filter((p): p is Problem => p !== undefined);
	if (!problems.length) return;
	if (isStartup(context) || (isTestSession(context) && !unreachable)) {
		for (const problem of problems)
			context.logger.warn(`${prefix(context)}: ${problem.message} ${problem.description}`);
		return;
	}
	throw new NodeOperationError(context.getNode(), problems[0].message, {
		description: problems[0].description,
	});
}
