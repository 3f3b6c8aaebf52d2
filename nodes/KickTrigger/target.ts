/**
 * What the trigger wants from Kick, read from its parameters and credential: the events, the
 * channels (broadcasters), the Kick app.
 */
import type { INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveBroadcasterId, tokenUserId } from '../shared/channel';
import {
	DROPS_CLAIM_EVENT,
	findKickEvents,
	KICK_APP_TOKEN_GRANT,
	KICK_CREDENTIAL_TYPE,
} from '../shared/kick';
import { listEntries } from '../shared/list';
import type { KickContext } from '../shared/transport/request';
import { fieldName, TRIGGER_FIELDS } from './fields';
import type { WantedSubscription } from './plan';

export interface WantedEvent {
	name: string;
	version: number;
	label: string;
}

/** Where the subscriptions go: which channels, which Kick app, through which n8n credential. */
export interface Target {
	broadcasterUserIds: number[];
	appClientId: string;
	credentialId?: string;
	appToken: boolean;
}

/** The chosen events that need a Kick subscription (Drops claims need none). */
export function wantedEvents(context: KickContext): WantedEvent[] {
	const names = context.getNodeParameter('events', []) as string[];
	if (!names.length) {
		throw new NodeOperationError(
			context.getNode(),
			`${fieldName('events')}: choose at least one event`,
		);
	}
	const { known, unknown } = findKickEvents(
		names.filter((name) => name !== DROPS_CLAIM_EVENT.name),
	);
	if (unknown.length) {
		throw new NodeOperationError(
			context.getNode(),
			`${fieldName('events')}: "${unknown[0]}" is not a Kick event`,
		);
	}
	return known.map((event) => ({
		name: event.name,
		version: event.version,
		label: `${event.displayName} (${event.name})`,
	}));
}

/** Every chosen event for every watched channel. */
export function wantedSubscriptions(
	events: readonly WantedEvent[],
	target: Target,
): WantedSubscription[] {
	return target.broadcasterUserIds.flatMap((broadcasterUserId) =>
		events.map(({ name, version }) => ({ event: name, version, broadcasterUserId })),
	);
}

export async function appOf(
	context: KickContext,
): Promise<{ appClientId: string; appToken: boolean }> {
	const credentials = await context.getCredentials(KICK_CREDENTIAL_TYPE);
	return {
		appClientId: String(credentials.clientId ?? ''),
		appToken: credentials.grantType === KICK_APP_TOKEN_GRANT,
	};
}

interface ChannelEntry {
	value: INodeParameterResourceLocator | string;
	field: string;
}

/** The Broadcaster and More Broadcasters fields, as entered. */
function channelEntries(context: KickContext): ChannelEntry[] {
	const locator = context.getNodeParameter('broadcaster', {
		mode: 'list',
		value: '',
	}) as INodeParameterResourceLocator;
	const entries: ChannelEntry[] = [];
	if (String(locator?.value ?? '').trim())
		entries.push({ value: locator, field: TRIGGER_FIELDS.broadcaster });
	for (const entry of listEntries(context.getNodeParameter('moreBroadcasters', ''))) {
		const value = typeof entry === 'object' ? JSON.stringify(entry) : (entry as string);
		entries.push({ value, field: TRIGGER_FIELDS.moreBroadcasters });
	}
	return entries;
}

async function resolveChannels(context: KickContext, entries: ChannelEntry[]): Promise<number[]> {
	const ids: number[] = [];
	for (const { value, field } of entries) {
		const id = await resolveBroadcasterId(context, value, { field });
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

/**
 * The channels the subscriptions are for: the Broadcaster fields with an app token; the token's
 * own user with a user token (Kick ignores broadcaster_user_id then).
 */
async function broadcastersFor(context: KickContext, appToken: boolean): Promise<number[]> {
	const entries = channelEntries(context);
	if (appToken) {
		if (!entries.length) {
			throw new NodeOperationError(
				context.getNode(),
				`${fieldName('broadcaster')}: choose the channel to watch`,
				{
					description:
						'The credential holds an app access token (Client Credentials), which Kick only lets subscribe for given channels.',
				},
			);
		}
		return await resolveChannels(context, entries);
	}
	const self = await tokenUserId(context);
	const others = (await resolveChannels(context, entries)).filter((id) => id !== self);
	if (others.length) {
		throw new NodeOperationError(
			context.getNode(),
			`${fieldName('broadcaster')}: a user access token only receives events of its own channel (user ${self}), not of ${others.join(', ')}`,
			{
				description: `Leave ${fieldName('broadcaster')} and ${fieldName('moreBroadcasters')} empty, or use a credential with an app access token (Client Credentials) to watch other channels.`,
			},
		);
	}
	return [self];
}

export async function resolveTarget(context: KickContext): Promise<Target> {
	const { appClientId, appToken } = await appOf(context);
	return {
		appClientId,
		appToken,
		credentialId: context.getNode().credentials?.[KICK_CREDENTIAL_TYPE]?.id ?? undefined,
		broadcasterUserIds: await broadcastersFor(context, appToken),
	};
}
