/**
 * Which active Kick Triggers use which Kick app, in this process (the one that activates
 * workflows: in queue mode, main). Kick sends every event of an app to the app's one Webhook URL,
 * so a second active trigger on the same app would silently receive nothing.
 */
export interface ActiveTrigger {
	workflowId: string;
	workflowName: string;
	nodeId: string;
	nodeName: string;
}

type TriggerRef = Pick<ActiveTrigger, 'workflowId' | 'nodeId'>;

const triggersByApp = new Map<string, Map<string, ActiveTrigger>>();

function triggerKey(trigger: TriggerRef): string {
	return `${trigger.workflowId}/${trigger.nodeId}`;
}

/** Another active trigger (another workflow or node) using the app with this client ID. */
export function otherTriggerOnApp(
	appClientId: string,
	trigger: ActiveTrigger,
): ActiveTrigger | undefined {
	for (const [key, other] of triggersByApp.get(appClientId) ?? []) {
		if (key !== triggerKey(trigger)) return other;
	}
	return undefined;
}

export function markTriggerActive(appClientId: string, trigger: ActiveTrigger): void {
	for (const triggers of triggersByApp.values()) triggers.delete(triggerKey(trigger));
	const triggers = triggersByApp.get(appClientId) ?? new Map<string, ActiveTrigger>();
	triggers.set(triggerKey(trigger), trigger);
	triggersByApp.set(appClientId, triggers);
}

export function markTriggerInactive(trigger: TriggerRef): void {
	const key = triggerKey(trigger);
	for (const [app, triggers] of triggersByApp) {
		triggers.delete(key);
		if (!triggers.size) triggersByApp.delete(app);
	}
}

/** Whether this process knows the trigger as active (its subscriptions are kept up). */
export function isTriggerActive(trigger: TriggerRef): boolean {
	const key = triggerKey(trigger);
	for (const triggers of triggersByApp.values()) if (triggers.has(key)) return true;
	return false;
}
