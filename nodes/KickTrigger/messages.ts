/** The trigger's log lines about its subscriptions: what happened, the ids, and what to do. */
import type { Plan, Subscription } from './plan';

/** Who is speaking in a log line. */
export interface Speaker {
	getNode(): { name: string };
	getWorkflow(): { id?: string; name?: string };
}

export function prefix(context: Speaker): string {
	const workflow = context.getWorkflow();
	return `Kick Trigger "${context.getNode().name}" (workflow "${workflow.name ?? workflow.id}")`;
}

/** "event (id), …", naming each one's channel when they are of several channels. */
export function describe(subscriptions: readonly Subscription[]): string {
	const channels = new Set(subscriptions.map((s) => s.broadcasterUserId));
	const of = (s: Subscription) => (channels.size > 1 ? ` of channel ${s.broadcasterUserId}` : '');
	return subscriptions.map((s) => `${s.event}${of(s)} (${s.id})`).join(', ');
}

/** How to remove subscriptions the trigger could not (or may not) delete itself (KickDevDocs #347). */
export function manualDeleteAdvice(ids: readonly string[]): string {
	return `Delete them with the Kick node (Event Subscription › Delete, IDs ${ids.join(', ')}) using a credential of the same Kick app; an app access token (Client Credentials) works even when the user token no longer does.`;
}

export function repaired(created: readonly Subscription[]): string {
	return `Kick no longer had subscriptions for ${created.map((s) => s.event).join(', ')} (Kick drops them after about a day of failed deliveries, or when webhooks are turned off in the app); re-created them: ${describe(created)}`;
}

export function unlisted(subscriptions: readonly Subscription[]): string {
	return `Kick's list leaves out ${describe(subscriptions)}, but Kick still delivers through ${subscriptions.length > 1 ? 'them' : 'it'} (KickDevDocs #419), so the trigger keeps ${subscriptions.length > 1 ? 'them' : 'it'} and creates nothing new`;
}

export function adopted(subscriptions: readonly Subscription[]): string {
	return `uses existing Kick subscriptions it did not create: ${describe(subscriptions)} (made with the Kick node, another workflow or tool on this Kick app, or by this trigger before n8n restarted without saving them); they stay at Kick when this workflow is deactivated`;
}

export function duplicates(found: Plan['duplicates']): string[] {
	return found.map(({ used, others }) => {
		const ids = [used.id, ...others.map((s) => s.id)];
		return `Kick holds ${ids.length} subscriptions for ${used.event} of channel ${used.broadcasterUserId} (${ids.join(', ')}), so it sends each of these events ${ids.length} times; the trigger runs the workflow once per event and uses ${used.id}. ${manualDeleteAdvice(others.map((s) => s.id)).replace('Delete them', 'Delete the others')} Leave them if another tool needs them.`;
	});
}

export function appearedMeanwhile(subscriptions: readonly Subscription[], error: Error): string {
	return `the subscribe request failed (${error.message}), but Kick now lists ${describe(subscriptions)}, which Kick may have created for that request. The trigger cannot prove ${subscriptions.length > 1 ? 'they are' : 'it is'} its own, so it uses ${subscriptions.length > 1 ? 'them' : 'it'}, never deletes ${subscriptions.length > 1 ? 'them' : 'it'}, and creates nothing more for ${subscriptions.length > 1 ? 'those events' : 'that event'}. If nobody else needs ${subscriptions.length > 1 ? 'them' : 'it'} after this workflow is deactivated: ${manualDeleteAdvice(subscriptions.map((s) => s.id)).replace(/^D/, 'd')}`;
}

export function undeleted(
	subscriptions: readonly Subscription[],
	what: string,
	error: Error,
): string {
	return `could not delete ${what} Kick event subscriptions ${describe(subscriptions)}: ${error.message}. They stay at Kick, which keeps sending their events to the app's 'Webhook URL'. Reconnect the Kick credential, then activate and deactivate the workflow again; or ${manualDeleteAdvice(subscriptions.map((s) => s.id)).replace(/^D/, 'd')}`;
}

export function stranded(subscriptions: readonly Subscription[]): string {
	return `its credential now belongs to another Kick app, so the subscriptions it made with the previous app could not be deleted: ${describe(subscriptions)}. ${manualDeleteAdvice(subscriptions.map((s) => s.id))} (a credential of the previous app)`;
}
