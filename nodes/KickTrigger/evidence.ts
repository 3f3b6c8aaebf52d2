/**
 * Which of a trigger's subscriptions delivered genuine events lately, in this process. Kick can
 * leave a live subscription out of its list (KickDevDocs #419); a delivery through it since the
 * previous check is proof that it still exists, so the check does not replace it. One Kick
 * dropped stops delivering at once: it is replaced at the check after next at the latest.
 */
interface TriggerEvidence {
	lastDelivery: Map<string, number>;
	/** When the previous periodic check ran. */
	lastCheck?: number;
}

const evidence = new Map<string, TriggerEvidence>();

function of(trigger: string): TriggerEvidence {
	let found = evidence.get(trigger);
	if (!found) {
		found = { lastDelivery: new Map() };
		evidence.set(trigger, found);
	}
	return found;
}

/** Records a verified delivery through `subscriptionId` at `at` (ms). */
export function noteDelivery(
	trigger: string,
	subscriptionId: string | undefined,
	at: number,
): void {
	if (subscriptionId) of(trigger).lastDelivery.set(subscriptionId, at);
}

/**
 * Subscription ids of this trigger that delivered since the previous check (or within
 * `firstCheckMs` before now, before the first). The periodic check passes `advance` to make
 * now the previous check; activation only reads.
 */
export function deliveredSinceLastCheck(
	trigger: string,
	now: number,
	firstCheckMs: number,
	advance: boolean,
): Set<string> {
	const found = of(trigger);
	const since = found.lastCheck ?? now - firstCheckMs;
	if (advance) found.lastCheck = now;
	const ids = new Set<string>();
	for (const [id, at] of found.lastDelivery) {
		if (at >= since) ids.add(id);
		else if (advance) found.lastDelivery.delete(id);
	}
	return ids;
}

export function forgetDeliveries(trigger: string): void {
	evidence.delete(trigger);
}
