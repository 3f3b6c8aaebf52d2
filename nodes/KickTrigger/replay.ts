/**
 * Replay protection: which message ids a trigger already took, in this n8n process.
 *
 * Kick retries a message whose answer it did not get. The trigger checks message ids twice, each
 * check exact within its process (Node runs one check-and-record at a time):
 * - on receipt (the webhook): a repeat is answered 200 and starts nothing;
 * - as the first step of the execution, where it runs (a worker in queue mode): a repeat that got
 *   through another process is dropped, so the rest of the workflow runs once per message.
 * Nothing is shared between processes: n8n 2.41 gives nodes no store that works for it (a
 * webhook's static-data changes are dropped when it starts an execution, and a queue-mode worker
 * runs new executions without the workflow's static data), so the README says how to route.
 */
import { ReplayCache } from './delivery';

/** Where a message id is checked: on receipt (webhook) or when its execution runs. */
export type ReplayStage = 'received' | 'executed';

interface TriggerContext {
	getWorkflow(): { id?: string };
	getNode(): { id: string };
}

const memories = new Map<string, ReplayCache>();

/** This process's memory of one trigger's (workflow + node) message ids at one stage. */
export function replayMemoryFor(context: TriggerContext, stage: ReplayStage): ReplayCache {
	const key = `${context.getWorkflow().id ?? ''}/${context.getNode().id}/${stage}`;
	let memory = memories.get(key);
	if (!memory) {
		memory = new ReplayCache();
		memories.set(key, memory);
	}
	return memory;
}
