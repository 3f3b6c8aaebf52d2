/**
 * Which of a trigger's subscriptions delivered genuine events lately, in this process. Kick can
 * leave a live subscription out of its list (KickDevDocs #419); a delivery through it is proof
 * that it still exists, so the check does not replace it.
 */
const lastDelivery = new Map<string, Map<string, number>>();

/** Records a verified delivery through `subscriptionId` at `at` (ms). */
export function noteDelivery(
	trigger: string,
	subscriptionId: string | undefined,
	at: number,
): void {
	if (!subscriptionId) return;
	let seen = lastDelivery.get(trigger);
	if (!seen) {
		seen = new Map();
		lastDelivery.set(trigger, seen);
	}
	seen.set(subscriptionId, at);
}

/** Subscription ids of this trigger that delivered at or after `since` (ms). */
export function deliveredSince(trigger: string, since: number): Set<string> {
	const ids = new Set<string>();
	for (const [id, at] of lastDelivery.get(trigger) ?? []) if (at >= since) ids.add(id);
	return ids;
}

export function forgetDeliveries(trigger: string): void {
	lastDelivery.delete(trigger);
}
