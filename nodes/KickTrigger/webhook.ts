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
import type { DeliveryHeaders } from './delivery';
import {
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
	replayKey,
} from './delivery';
import { describeKey, forgottenReason, triggerReplayMemory } from './memory';
import type { PublicKeyCacheEvents } from './signature';
import { verifyWithKickKey } from './signature';
import { storedBroadcaster } from './subscriptions';

interface TriggerOptions {
	verifySignature?: boolean;
	maxEventAge?: number;
	includeHeaders?: boolean;
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
	const age = judgeAge(timestamp.sentAt, Date.now(), maxAgeMs);
	if (!age.run) throw new Stop(200, `message ${headers.messageId}: ${age.reason}`, true);
	const body = parseEventBody(rawBody);
	if (!body.ok) throw new Stop(body.status, body.reason);
	const notAClaim = isDropsClaim(headers) ? notADropsClaim(body.payload) : undefined;
	if (notAClaim) throw new Stop(400, notAClaim);

	const key = replayKey(headers.type, headers.messageId, body.payload);
	const replay = triggerReplayMemory(context, maxAgeMs).check(key, timestamp.sentAt, 'received');
	if (replay.kind === 'repeat') throw new Stop(200, `${describeKey(key)} was already received`);
	if (replay.kind === 'forgotten') {
		throw new Stop(200, forgottenReason(describeKey(key), replay.coveredSince), true);
	}
	const events = context.getNodeParameter('events', []) as string[];
	const broadcasterUserId = storedBroadcaster(context.getWorkflowStaticData('node'));
	const unwanted = notForThisTrigger(headers.type, body.payload, { events, broadcasterUserId });
	if (unwanted) throw new Stop(200, unwanted);

	return eventItem(
		body.payload,
		headers,
		age,
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
