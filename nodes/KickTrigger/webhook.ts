/**
 * One delivery from Kick: raw body → headers → signature → age → body → replay → event filter →
 * one workflow item. A delivery that is not provably Kick's answers a 4xx and starts nothing. A
 * genuine one always answers 200 (anything else makes Kick retry and, after a day, unsubscribe
 * the app); when it does not run the workflow, a log line says why unless it is a repeat or not
 * for this trigger.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { KICK_API_BASE_URL, KICK_WEBHOOK_SIGNER_PATH } from '../shared/kick';
import { steadyNow } from './clock';
import type { DeliveryHeaders } from './delivery';
import {
	eventBroadcaster,
	eventIdentity,
	eventItem,
	isDropsClaim,
	judgeAge,
	MAX_BODY_BYTES,
	maxEventAgeMs,
	notADropsClaim,
	notForThisTrigger,
	parseEventBody,
	parseKickTimestamp,
	readDeliveryHeaders,
	rememberedAt,
} from './delivery';
import { noteDelivery } from './evidence';
import type { Admitted } from './memory';
import { admit, release, triggerReplayMemory } from './memory';
import type { ReplayMemory } from './replay';
import type { PublicKeyCacheEvents } from './signature';
import { verifyWithKickKey } from './signature';
import { readState, triggerKey, watchedBroadcasters } from './state';

interface TriggerOptions {
	verifySignature?: boolean;
	maxEventAge?: number;
	includeHeaders?: boolean;
}

/** What the trigger reads of n8n's HTTP response once n8n has answered Kick. */
interface AnsweredResponse {
	statusCode: number;
	writableFinished?: boolean;
	once(event: 'close', listener: () => void): unknown;
}

interface RequestWithRawBody {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/**
 * A delivery that stops here: its HTTP status and the reason. Rejections and genuine deliveries
 * that are dropped are logged as warnings; repeats and other triggers' events only at debug level.
 */
class Stop {
	constructor(
		readonly status: number,
		readonly reason: string,
		readonly dropsGenuineEvent = false,
	) {}
}

function respond(context: IWebhookFunctions, stop: Stop): IWebhookResponseData {
	const node = context.getNode().name;
	if (stop.status >= 400) {
		context.logger.warn(
			`Kick Trigger "${node}" rejected a delivery (${stop.status}): ${stop.reason}`,
		);
	} else if (stop.dropsGenuineEvent) {
		context.logger.warn(
			`Kick Trigger "${node}" did not run the workflow for a genuine Kick delivery: ${stop.reason}`,
		);
	} else {
		context.logger.debug(`Kick Trigger "${node}" ignored a delivery: ${stop.reason}`);
	}
	const message = stop.status >= 400 ? `Rejected: ${stop.reason}` : `Ignored: ${stop.reason}`;
	context.getResponseObject().status(stop.status).json({ message });
	return { noWebhookResponse: true };
}

/** The exact bytes Kick sent (n8n keeps them before parsing; older paths need readRawBody). */
async function rawBodyOf(request: RequestWithRawBody): Promise<Buffer> {
	if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
	if (!Buffer.isBuffer(request.rawBody))
		throw new Stop(400, 'the raw request body is not available');
	return request.rawBody;
}

async function fetchPublicKeyPem(context: IWebhookFunctions): Promise<string> {
	// No credential: the endpoint is public, and a stale token must not stand between us and the key.
	const response = (await context.helpers.httpRequest({
		method: 'GET',
		url: `${KICK_API_BASE_URL}${KICK_WEBHOOK_SIGNER_PATH}`,
		json: true,
	})) as { data?: { public_key?: unknown } };
	const pem = response?.data?.public_key;
	if (typeof pem !== 'string' || !pem.includes('PUBLIC KEY'))
		throw new Error('the answer holds no public key');
	return pem;
}

function keyEvents(context: IWebhookFunctions): PublicKeyCacheEvents {
	return {
		onKeyRotated: ({ sentBefore, until }) =>
			context.logger.info(
				`Kick Trigger: Kick rotated its public key; deliveries Kick signed with the previous key before ${new Date(sentBefore).toISOString()} still verify until ${new Date(until).toISOString()}`,
			),
		onFetchFailed: (error, fallback) =>
			context.logger.warn(
				`Kick Trigger: fetching Kick's public key failed (${error.message})${fallback ? "; using the key from Kick's documentation" : ''}`,
			),
	};
}

async function checkSignature(
	context: IWebhookFunctions,
	headers: DeliveryHeaders,
	rawBody: Buffer,
): Promise<void> {
	const message = {
		messageId: headers.messageId,
		timestamp: headers.timestamp,
		rawBody,
		signature: headers.signature ?? '',
	};
	const genuine = await verifyWithKickKey(
		message,
		async () => await fetchPublicKeyPem(context),
		keyEvents(context),
	);
	if (!genuine)
		throw new Stop(
			401,
			"Kick-Event-Signature does not match the body with Kick's public key (forged or altered)",
		);
}

/** Which subscription of the trigger's record carries an event of this type and channel. */
function usedSubscription(
	context: IWebhookFunctions,
	type: string,
	broadcaster: number | undefined,
): string | undefined {
	return readState(context).subscriptions?.find(
		(s) => !s.retired && s.event === type && s.broadcasterUserId === broadcaster,
	)?.id;
}

/** Duplicate-subscription warnings given, per trigger and subscription: at most one an hour each. */
const duplicateWarnings = new Map<string, number>();
const DUPLICATE_WARNING_INTERVAL_MS = 60 * 60_000;

function warnSameEvent(
	context: IWebhookFunctions,
	headers: DeliveryHeaders,
	payload: IDataObject,
	reason: string,
): void {
	const subscription = headers.subscriptionId;
	const key = `${triggerKey(context)}/${subscription ?? headers.type}`;
	const now = Date.now();
	if (now - (duplicateWarnings.get(key) ?? -Infinity) < DUPLICATE_WARNING_INTERVAL_MS) return;
	if (duplicateWarnings.size > 10_000) duplicateWarnings.clear();
	duplicateWarnings.set(key, now);
	const broadcaster = eventBroadcaster(payload);
	const used = usedSubscription(context, headers.type, broadcaster);
	const through = subscription ? ` through subscription ${subscription}` : '';
	const advice =
		subscription && subscription !== used
			? ` Kick holds more than one subscription for ${headers.type} of channel ${broadcaster ?? '?'} (KickDevDocs #246)${used ? `; this trigger uses ${used}` : ''}. Delete ${subscription} with the Kick node (Event Subscription › Delete) using a credential of this Kick app, unless another tool needs it.`
			: '';
	context.logger.warn(
		`Kick Trigger "${context.getNode().name}" did not run the workflow twice for one Kick event: ${reason}; this copy came${through} as message ${headers.messageId}.${advice}`,
	);
}

/**
 * When n8n answers Kick with anything but success (it could not start the execution), Kick will
 * retry: the delivery's record is taken back so that the retry runs. The execution step keeps
 * its own record, so a delivery that did run never runs twice.
 */
function takeBackUnlessAnswered(
	context: IWebhookFunctions,
	memory: ReplayMemory,
	admitted: Admitted,
	messageId: string,
): void {
	const response = context.getResponseObject() as unknown as AnsweredResponse;
	if (typeof response?.once !== 'function') return;
	response.once('close', () => {
		if (response.writableFinished !== false && response.statusCode < 300) return;
		release(memory, admitted, 'received');
		context.logger.warn(
			`Kick Trigger "${context.getNode().name}": n8n answered Kick ${response.writableFinished === false ? 'nothing' : response.statusCode} for message ${messageId} (the execution did not start), so Kick will send it again; that retry will run the workflow`,
		);
	});
}

async function acceptDelivery(context: IWebhookFunctions): Promise<IDataObject> {
	const options = context.getNodeParameter('options', {}) as TriggerOptions;
	const verify = options.verifySignature !== false;
	const maxAgeMs = maxEventAgeMs(options);
	const request = context.getRequestObject() as unknown as RequestWithRawBody;

	const rawBody = await rawBodyOf(request);
	if (rawBody.length > MAX_BODY_BYTES)
		throw new Stop(
			413,
			`the body is ${rawBody.length} bytes, over the ${MAX_BODY_BYTES} byte limit`,
		);
	const read = readDeliveryHeaders(request.headers, verify);
	if (!read.ok) throw new Stop(401, `missing header ${read.missing.join(', ')}`);
	const { headers } = read;
	const timestamp = parseKickTimestamp(headers.timestamp);
	if (!timestamp.ok) throw new Stop(400, timestamp.reason);
	if (verify) await checkSignature(context, headers, rawBody);
	const body = parseEventBody(rawBody);
	if (!body.ok) throw new Stop(body.status, body.reason);
	const claim = isDropsClaim(headers);
	const notAClaim = claim ? notADropsClaim(body.payload) : undefined;
	if (notAClaim) throw new Stop(400, notAClaim);

	const events = context.getNodeParameter('events', []) as string[];
	const broadcasterUserIds = watchedBroadcasters(context.getWorkflowStaticData('node'));
	const unwanted = notForThisTrigger(headers.type, body.payload, { events, broadcasterUserIds });
	// A Drops claim goes to this URL only because someone set it on a campaign: never drop it quietly.
	if (unwanted) throw new Stop(200, unwanted, claim);
	const now = steadyNow();
	// A claim runs once whenever it comes (its claim_id is kept for good, see execution.ts).
	const age = judgeAge(timestamp.sentAt, now, claim ? Number.POSITIVE_INFINITY : maxAgeMs);
	if (!age.run) throw new Stop(200, `message ${headers.messageId}: ${age.reason}`, true);
	if (verify) noteDelivery(triggerKey(context), headers.subscriptionId, now);

	const identity = eventIdentity(headers.type, body.payload);
	const memory = triggerReplayMemory(context, maxAgeMs);
	const sentAt = rememberedAt(timestamp.sentAt, now, maxAgeMs);
	const facts = {
		messageId: headers.messageId,
		subscriptionId: headers.subscriptionId,
		identity,
		sentAt,
	};
	const admitted = admit(memory, facts, 'received');
	const { admission } = admitted;
	if (admission.kind === 'repeat') throw new Stop(200, admission.reason);
	if (admission.kind === 'forgotten') throw new Stop(200, admission.reason, true);
	if (admission.kind === 'same-event') {
		warnSameEvent(context, headers, body.payload, admission.reason);
		throw new Stop(200, admission.reason);
	}
	takeBackUnlessAnswered(context, memory, admitted, headers.messageId);
	return eventItem(
		body.payload,
		headers,
		age,
		identity,
		options.includeHeaders ? (request.headers as IDataObject) : undefined,
	);
}

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		const item = await acceptDelivery(this);
		return { workflowData: [this.helpers.returnJsonArray([item])] };
	} catch (error) {
		if (error instanceof Stop) return respond(this, error);
		throw new NodeOperationError(this.getNode(), error as Error);
	}
}
