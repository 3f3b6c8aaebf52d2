import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { channelLocator, resolveBroadcasterId } from '../../../shared/channel';
import { findKickEvents, KICK_EVENT_OPTIONS } from '../../../shared/kick';
import { SUBSCRIBE_SCOPES, SUBSCRIPTIONS_PATH, usesAppToken } from '../../../shared/subscriptions';
import { dataList, kickRequest } from '../../../shared/transport/request';
import type { ExecutionCache, KickOperation } from '../../helpers/types';
import type { InputValidator } from '../../helpers/validate';
import { validator } from '../../helpers/validate';

function chosenEvents(
	check: InputValidator,
	names: unknown,
): Array<{ name: string; version: number }> {
	const { known, unknown } = findKickEvents(
		check.items('Events', check.list('Events', names), { min: 1 }),
	);
	if (unknown.length) check.fail('Events', `"${unknown[0]}" is not a Kick event`);
	return known.map(({ name, version }) => ({ name, version }));
}

const describeEvent = (result: IDataObject) => `"${String(result.name)}"`;

/**
 * Kick answers 200 with one result per event, and a refused event carries its reason in `error`:
 * that fails the item (so continueOnFail applies), naming each refused event and Kick's reason.
 * The subscriptions Kick did create stay, and the error lists them so none is lost track of.
 */
function failOnRefusedEvents(
	this: IExecuteFunctions,
	results: IDataObject[],
	itemIndex: number,
): void {
	const refused = results.filter((result) => result.error);
	if (!refused.length) return;
	const reasons =
		refused.length === 1
			? `${describeEvent(refused[0])}: ${String(refused[0].error)}`
			: `${refused.length} events: ${refused
					.map((result) => `${describeEvent(result)} (${String(result.error)})`)
					.join(', ')}`;
	const created = results.filter((result) => !result.error && result.subscription_id);
	throw new NodeOperationError(this.getNode(), `Kick refused to subscribe to ${reasons}`, {
		itemIndex,
		description: created.length
			? `Kick did create ${created
					.map(
						(result) => `${describeEvent(result)} (subscription ${String(result.subscription_id)})`,
					)
					.join(', ')}: those subscriptions stay until you delete them.`
			: undefined,
	});
}

/** Kick needs the broadcaster only with an app token; with a user token it uses the token's channel. */
async function broadcasterFor(
	this: IExecuteFunctions,
	check: InputValidator,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<number | undefined> {
	if (!(await usesAppToken(this, cache))) return undefined;
	const locator = this.getNodeParameter(
		'broadcasterUserId',
		itemIndex,
	) as INodeParameterResourceLocator;
	if (!String(locator?.value ?? '').trim()) {
		check.fail(
			'Channel',
			'choose a channel: Kick requires it with an app access token (Client Credentials)',
		);
	}
	return await resolveBroadcasterId(this, locator, { field: 'Channel', itemIndex, cache });
}

export const createEventSubscription: KickOperation = {
	value: 'create',
	name: 'Create',
	action: 'Create event subscriptions',
	description:
		'Subscribe this app to webhook events of a channel; Kick delivers them to the webhook URL set in the app on kick.com',
	properties: [
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			options: KICK_EVENT_OPTIONS,
			default: [],
			required: true,
			description: 'Events to subscribe to; each gets its own subscription (output item)',
		},
		channelLocator({
			name: 'broadcasterUserId',
			displayName: 'Channel',
			required: false,
			description: 'Channel whose events are wanted',
			hint: 'Required with an app access token (Client Credentials). Ignored with a user access token: Kick then subscribes to the events of the credential’s own channel.',
		}),
	],
	async execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache) {
		const check = validator(this, itemIndex);
		const events = chosenEvents(check, this.getNodeParameter('events', itemIndex));
		const broadcasterUserId = await broadcasterFor.call(this, check, itemIndex, cache);
		const body: IDataObject = { events, method: 'webhook' };
		if (broadcasterUserId !== undefined) body.broadcaster_user_id = broadcasterUserId;
		const response = await kickRequest.call(this, {
			method: 'POST',
			path: SUBSCRIPTIONS_PATH,
			body,
			scopes: SUBSCRIBE_SCOPES,
			itemIndex,
		});
		const results = dataList(response);
		failOnRefusedEvents.call(this, results, itemIndex);
		return results;
	},
};
