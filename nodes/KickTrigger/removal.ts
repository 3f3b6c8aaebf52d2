/**
 * Deactivation that survives an edit. n8n 2.41 publishes an edited trigger by removing it and
 * adding it again (publication `trigger-diff`: delete() right before create(), both with activation
 * mode 'update'), so delete() cannot tell an edit from a deactivation. It therefore only schedules
 * the removal of the trigger's Kick subscriptions and replay memory: if the same trigger is added
 * again within REMOVAL_GRACE_MS for the same Kick app, it takes everything over (no gap in which
 * Kick's events are lost, no repeat of what already ran); otherwise the removal runs. If n8n stops
 * first, the saved record keeps the subscriptions' ids and the next activation deletes what is no
 * longer wanted.
 */
import { sleep } from 'n8n-workflow';

export const REMOVAL_GRACE_MS = 5_000;

interface PendingRemoval {
	appClientId: string;
	run: () => Promise<void>;
	/** Set once the grace has passed and the removal started. */
	running?: Promise<void>;
}

const pending = new Map<string, PendingRemoval>();

export function scheduleRemoval(
	trigger: string,
	appClientId: string,
	run: () => Promise<void>,
): void {
	const removal: PendingRemoval = { appClientId, run };
	pending.set(trigger, removal);
	void sleep(REMOVAL_GRACE_MS).then(async () => {
		// Taken over by a re-added trigger, or replaced by a later removal.
		if (pending.get(trigger) !== removal) return;
		removal.running = run();
		await removal.running.finally(() => {
			if (pending.get(trigger) === removal) pending.delete(trigger);
		});
	});
}

/**
 * The trigger is being added again: answers true when it takes over its pending removal (same
 * Kick app). With another app the old removal runs now, with the old credential; one already
 * running is waited for, so that the re-added trigger starts from what it left.
 */
export async function takeOverRemoval(trigger: string, appClientId: string): Promise<boolean> {
	const removal = pending.get(trigger);
	if (!removal) return false;
	if (removal.running) {
		await removal.running;
		return false;
	}
	pending.delete(trigger);
	if (removal.appClientId === appClientId) return true;
	await removal.run();
	return false;
}
