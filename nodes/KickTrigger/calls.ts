/** The trigger's calls to Kick's event subscription API. */
import type { IDataObject } from 'n8n-workflow';

import { SUBSCRIBE_SCOPES, SUBSCRIPTIONS_PATH } from '../shared/subscriptions';
import type { KickContext } from '../shared/transport/request';
import { dataList, kickRequest } from '../shared/transport/request';
import type { Subscription, WantedSubscription } from './plan';

interface ListedSubscription {
	id: string;
	event: string;
	version: number;
	broadcaster_user_id: number;
}

/** Kick's subscriptions of this app for these channels (one request: filtered for one channel). */
export async function listSubscriptions(
	context: KickContext,
	broadcasterUserIds: readonly number[],
): Promise<Subscription[]> {
	const single = broadcasterUserIds.length === 1;
	const response = await kickRequest.call(context, {
		method: 'GET',
		path: SUBSCRIPTIONS_PATH,
		qs: single ? { broadcaster_user_id: broadcasterUserIds[0] } : undefined,
	});
	return (dataList(response) as unknown as ListedSubscription[])
		.map((s) => ({
			id: String(s.id),
			event: String(s.event),
			version: Number(s.version),
			broadcasterUserId: Number(s.broadcaster_user_id),
		}))
		.filter((s) => broadcasterUserIds.includes(s.broadcasterUserId));
}

/** Deletes by id; Kick ignores ids it no longer knows (a 404 means the same). */
export async function deleteSubscriptions(
	context: KickContext,
	ids: readonly string[],
): Promise<void> {
	if (!ids.length) return;
	await kickRequest.call(context, {
		method: 'DELETE',
		path: SUBSCRIPTIONS_PATH,
		qs: { id: [...ids] },
		scopes: SUBSCRIBE_SCOPES,
		acceptStatuses: [404],
	});
}

/** Kick's answer for one event of a subscribe request. */
export interface SubscribeResult {
	name: string;
	version?: number;
	subscription_id?: string;
	error?: string;
}

/**
 * Subscribes events of one channel in one request. With a user token Kick takes the token's own
 * channel and ignores broadcaster_user_id, so it is sent only with an app token.
 */
export async function subscribe(
	context: KickContext,
	wanted: readonly WantedSubscription[],
	broadcasterUserId: number,
	appToken: boolean,
): Promise<SubscribeResult[]> {
	const body: IDataObject = {
		events: wanted.map(({ event, version }) => ({ name: event, version })),
		method: 'webhook',
	};
	if (appToken) body.broadcaster_user_id = broadcasterUserId;
	const response = await kickRequest.call(context, {
		method: 'POST',
		path: SUBSCRIPTIONS_PATH,
		body,
		scopes: SUBSCRIBE_SCOPES,
	});
	return dataList(response) as unknown as SubscribeResult[];
}
