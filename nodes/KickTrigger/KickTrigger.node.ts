import type {
	IExecuteFunctions,
	ITriggerFunctions,
	ITriggerResponse,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { channelLocator, searchChannels } from '../shared/channel';
import { DROPS_CLAIM_EVENT, KICK_CREDENTIAL_TYPE, KICK_EVENT_OPTIONS } from '../shared/kick';
import { LIST_RULE } from '../shared/list';
import { DEFAULT_MAX_EVENT_AGE_MINUTES, MAX_EVENT_AGE_LIMIT_MINUTES } from './delivery';
import { passFirstDeliveries } from './execution';
import { TRIGGER_FIELDS } from './fields';
import {
	CHECK_INTERVAL_OPTIONS,
	DEFAULT_CHECK_INTERVAL_MINUTES,
	keepSubscriptions,
} from './keeper';
import {
	createSubscriptions,
	deleteStoredSubscriptions,
	subscriptionsExist,
} from './subscriptions';
import { receiveDelivery } from './webhook';

/** Kick's subscription events plus Drops claims, alphabetical as n8n lists options. */
const TRIGGER_EVENT_OPTIONS = [
	...KICK_EVENT_OPTIONS,
	{
		name: DROPS_CLAIM_EVENT.displayName,
		value: DROPS_CLAIM_EVENT.name,
		description: `${DROPS_CLAIM_EVENT.description} (${DROPS_CLAIM_EVENT.name})`,
	},
].sort((a, b) => a.name.localeCompare(b.name));

export class KickTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kick Trigger',
		name: 'kickTrigger',
		icon: { light: 'file:kick.svg', dark: 'file:kick.dark.svg' },
		group: ['trigger'],
		// Both versions have the same parameters and behaviour. Only what n8n does around the node
		// differs: for a version 1 start node n8n evaluates an expression on every delivery
		// (webhook-helpers parseRequestBody, the Webhook node's old binaryData option), which costs
		// its expression engine; for version 2 it does not. Saved workflows keep version 1.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Kick sends an event',
		defaults: { name: 'Kick Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: KICK_CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'kick' }],
		properties: [
			{
				displayName:
					"Kick sends all events of a Kick app to the one Webhook URL set in the app, so paste this node's Production URL (under Webhook URLs above) there: kick.com → Settings → Developer → edit your app → turn on 'Enable Webhooks' → 'Webhook URL', save, then activate this workflow. While using \"Listen for test event\", paste the Test URL there instead. The URL must be reachable from the internet over HTTPS. Use one Kick app (credential) per active Kick Trigger.",
				name: 'webhookUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: TRIGGER_FIELDS.events,
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: TRIGGER_EVENT_OPTIONS,
				default: [],
				description: 'The Kick events that start the workflow',
			},
			{
				displayName:
					"Drops Reward Claimed needs no subscription: on dev.kick.com, paste this node's Production URL as the webhook URL of your Drops campaign (Drops belong to Kick organizations). Kick signs the claims with the same key, and a claim ID runs the workflow once.",
				name: 'dropsNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { events: [DROPS_CLAIM_EVENT.name] } },
			},
			channelLocator({
				name: 'broadcaster',
				displayName: TRIGGER_FIELDS.broadcaster,
				required: false,
				description:
					"The channel to watch. Needed when the credential holds an app access token (Client Credentials). With a user access token leave it empty: Kick sends the events of the token's own channel.",
			}),
			{
				displayName: TRIGGER_FIELDS.moreBroadcasters,
				name: 'moreBroadcasters',
				type: 'string',
				default: '',
				placeholder: 'e.g. channel-two, https://kick.com/channel-three, 668',
				description: `Other channels to watch with the same trigger, by slug, channel URL or broadcaster user ID, ${LIST_RULE}. App access token (Client Credentials) only: a user access token receives only its own channel's events. Each event's item says its channel in 'event.broadcasterUserId'.`,
			},
			{
				displayName:
					'Signature verification is off: anyone who knows this URL can start the workflow with made-up events',
				name: 'unverifiedNotice',
				type: 'notice',
				default: '',
				// '/': read from the node's root; n8n 1.x refuses a dependency on a name its level lacks.
				displayOptions: { show: { '/options.verifySignature': [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Delivery Headers',
						name: 'includeHeaders',
						type: 'boolean',
						default: false,
						description:
							"Whether to add the HTTP headers of the delivery to the output item, under 'headers'",
					},
					{
						displayName: TRIGGER_FIELDS.maxEventAge,
						name: 'maxEventAge',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_EVENT_AGE_LIMIT_MINUTES },
						default: DEFAULT_MAX_EVENT_AGE_MINUTES,
						description:
							"How old a delivery may be and still run the workflow, by its Kick timestamp. Kick retries deliveries while n8n is unreachable, so after an outage they arrive late: those run with 'event.late' set to true. Older ones are answered 200 and logged without running. Each message ID runs the workflow at most once within this time.",
					},
					{
						displayName: 'Subscription Check',
						name: 'subscriptionCheckInterval',
						type: 'options',
						options: CHECK_INTERVAL_OPTIONS,
						default: DEFAULT_CHECK_INTERVAL_MINUTES,
						description:
							'How often the active trigger checks that Kick still has its event subscriptions, and re-creates those Kick dropped (Kick drops them after about a day of failed deliveries, or when webhooks are turned off in the app). One request to Kick per check, two with a user access token.',
					},
					{
						displayName: 'Verify Signature',
						name: 'verifySignature',
						type: 'boolean',
						default: true,
						description:
							"Whether to check each delivery's Kick-Event-Signature with Kick's public key and reject deliveries that Kick did not sign",
					},
				],
			},
		],
	};

	methods = { listSearch: { searchChannels } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionsExist.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscriptions.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteStoredSubscriptions.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}

	/** The periodic subscription check; n8n runs it for active workflows (on the leader in queue mode). */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await keepSubscriptions.call(this);
	}

	/** n8n runs this with the webhook's items where the execution runs (a worker in queue mode). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await passFirstDeliveries.call(this);
	}
}
