/**
 * What the trigger does with Kick's event subscriptions, decided without I/O: given what it
 * wants, what it recorded and what Kick lists, which subscription each event and channel uses,
 * which to create and which of its own to delete.
 *
 * The rules that keep Kick's subscriptions bounded and the streamer's own untouched:
 * - Ownership: a subscription is the trigger's own only when its id came back from the trigger's
 *   own subscribe request. Nothing else is ever claimed, whatever happened in between.
 * - Only own subscriptions are deleted (`retire`); another's is used as it is, never duplicated.
 * - An own subscription Kick's list omits is kept while it still delivers (KickDevDocs #419);
 *   otherwise it is retired and replaced. Retired ids are deleted before anything is created for
 *   their event and channel, so the trigger never holds more than one of its own per event and
 *   channel at Kick, however Kick's list behaves.
 */

/** A Kick event subscription: one event (at one version) of one channel, in one Kick app. */
export interface Subscription {
	id: string;
	event: string;
	version: number;
	broadcasterUserId: number;
}

/** A subscription as the trigger records it (see state.ts). */
export interface RecordedSubscription extends Subscription {
	/** The id came back from this trigger's own subscribe request: only these are ever deleted. */
	owned: boolean;
	/** An own subscription it no longer uses: deleted at the next chance. */
	retired?: boolean;
}

/** One event of one channel the trigger needs a subscription for. */
export interface WantedSubscription {
	event: string;
	version: number;
	broadcasterUserId: number;
}

export interface PlanInput {
	wanted: readonly WantedSubscription[];
	/** What the trigger recorded, for the same Kick app. */
	recorded: readonly RecordedSubscription[];
	/** Kick's list for the wanted channels. */
	listed: readonly Subscription[];
	/** Subscription ids that delivered a genuine event since the previous check. */
	delivering: ReadonlySet<string>;
}

export interface Plan {
	/** The subscription each wanted event and channel goes on using (own or another's). */
	use: RecordedSubscription[];
	/** Wanted events and channels without a subscription: to subscribe. */
	create: WantedSubscription[];
	/** Own subscriptions to delete: replaced, no longer wanted, or retired before. */
	retire: RecordedSubscription[];
	/** Own subscriptions Kick's list omits although they deliver (KickDevDocs #419): kept. */
	unlisted: RecordedSubscription[];
	/** Own subscriptions that vanished from Kick's list and delivered nothing: replaced. */
	vanished: RecordedSubscription[];
	/** Wanted events and channels for which Kick lists more than one subscription. */
	duplicates: Array<{ used: RecordedSubscription; others: Subscription[] }>;
}

export const subscriptionKey = (s: WantedSubscription): string =>
	`${s.event}@${s.version}/${s.broadcasterUserId}`;

const sameKey = (a: WantedSubscription, b: WantedSubscription): boolean =>
	subscriptionKey(a) === subscriptionKey(b);

/** Its own for one event and channel, those in use first (a retired one may serve again). */
function ownFor(
	wanted: WantedSubscription,
	recorded: readonly RecordedSubscription[],
): RecordedSubscription[] {
	const own = recorded.filter((s) => s.owned && sameKey(s, wanted));
	return [...own.filter((s) => !s.retired), ...own.filter((s) => s.retired)];
}

/** Whether an own subscription is still there: listed, or delivering though unlisted. */
function alive(
	own: RecordedSubscription,
	listedIds: ReadonlySet<string>,
	delivering: ReadonlySet<string>,
): boolean {
	return listedIds.has(own.id) || delivering.has(own.id);
}

export function planSubscriptions(input: PlanInput): Plan {
	const plan: Plan = {
		use: [],
		create: [],
		retire: [],
		unlisted: [],
		vanished: [],
		duplicates: [],
	};
	const listedIds = new Set(input.listed.map((s) => s.id));
	const ownIds = new Set(input.recorded.filter((s) => s.owned).map((s) => s.id));
	const retire = (s: RecordedSubscription) => plan.retire.push({ ...s, retired: true });

	for (const wanted of input.wanted) {
		const own = ownFor(wanted, input.recorded);
		const current = own.find((s) => alive(s, listedIds, input.delivering));
		for (const s of own) {
			if (s === current) continue;
			// A retired one was meant to go; one in use that is gone means Kick dropped it.
			if (!s.retired && !listedIds.has(s.id)) plan.vanished.push(s);
			retire(s);
		}
		const others = input.listed.filter((s) => sameKey(s, wanted) && !ownIds.has(s.id));
		let used: RecordedSubscription | undefined;
		if (current) {
			used = { ...current, retired: undefined };
			if (!listedIds.has(current.id)) plan.unlisted.push(current);
		} else if (others.length) {
			used = { ...others[0], owned: false };
		}
		if (!used) {
			plan.create.push(wanted);
			continue;
		}
		plan.use.push(used);
		const extra = others.filter((s) => s.id !== used.id);
		if (extra.length) plan.duplicates.push({ used, others: extra });
	}

	// Own subscriptions for events or channels no longer wanted.
	for (const s of input.recorded) {
		if (s.owned && !input.wanted.some((w) => sameKey(s, w))) retire(s);
	}
	return plan;
}

/** Wanted subscriptions that must wait: an own one for the same event and channel is not deleted yet. */
export function blockedByUndeleted(
	create: readonly WantedSubscription[],
	undeleted: readonly RecordedSubscription[],
): { ready: WantedSubscription[]; blocked: WantedSubscription[] } {
	const waiting = new Set(undeleted.map(subscriptionKey));
	return {
		ready: create.filter((w) => !waiting.has(subscriptionKey(w))),
		blocked: create.filter((w) => waiting.has(subscriptionKey(w))),
	};
}

/** Whether the recorded subscriptions already cover exactly what is wanted, all alive. */
export function coversWanted(
	wanted: readonly WantedSubscription[],
	recorded: readonly RecordedSubscription[],
	listed: readonly Subscription[],
	delivering: ReadonlySet<string>,
): boolean {
	const listedIds = new Set(listed.map((s) => s.id));
	const inUse = recorded.filter((s) => !s.retired);
	if (inUse.length !== wanted.length || recorded.some((s) => s.retired)) return false;
	return wanted.every((w) =>
		inUse.some(
			(s) => sameKey(s, w) && (s.owned ? alive(s, listedIds, delivering) : listedIds.has(s.id)),
		),
	);
}

/** Subscriptions Kick listed after a subscribe request failed without an answer, that were not there before. */
export function appearedMeanwhile(
	requested: readonly WantedSubscription[],
	before: readonly Subscription[],
	after: readonly Subscription[],
): Subscription[] {
	const known = new Set(before.map((s) => s.id));
	return after.filter((s) => !known.has(s.id) && requested.some((w) => sameKey(s, w)));
}
