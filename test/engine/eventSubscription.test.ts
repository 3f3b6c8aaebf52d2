import { seedUlid } from '../fake-kick/ids';
import type { EventSubscription } from '../fake-kick/state';
import { DEFAULT_CLIENT, SEED } from '../fake-kick/state';
import { kickCredentialData, newCredentials } from '../support/engine';
import {
	apiRequests,
	jsonOf,
	requestsTo,
	resourceLocator,
	runWith,
	useFakeKick,
} from './kick-operations';

const fake = useFakeKick();

/** Kick's answer to the next subscribe request: 200, one result per event (refused ones carry `error`). */
const kickAnswersPerEvent = (data: Array<Record<string, unknown>>) =>
	fake().failNext({
		method: 'POST',
		path: '/public/v1/events/subscriptions',
		status: 200,
		body: { data, message: 'OK' },
	});

const SUBSCRIBE = 'POST /public/v1/events/subscriptions';
const LIST = 'GET /public/v1/events/subscriptions';
const UNSUBSCRIBE = 'DELETE /public/v1/events/subscriptions';

const appCredentials = () => newCredentials(kickCredentialData({ grantType: 'clientCredentials' }));

/** Subscriptions of this app, as if created earlier: `count` chat subscriptions for the given broadcasters in turn. */
function seedSubscriptions(count: number, broadcasters: number[] = [SEED.streamer]): string[] {
	const subscriptions: EventSubscription[] = Array.from({ length: count }, (_, i) => ({
		id: seedUlid(700, i + 1),
		app_id: DEFAULT_CLIENT.clientId,
		broadcaster_user_id: broadcasters[i % broadcasters.length],
		event: 'chat.message.sent',
		version: 1,
		method: 'webhook',
		created_at: '2025-06-01T18:00:00Z',
		updated_at: '2025-06-01T18:00:00Z',
	}));
	fake().state.subscriptions.push(...subscriptions);
	return subscriptions.map((subscription) => subscription.id);
}

describe('Event Subscription › Create', () => {
	const create = (fields: Record<string, unknown>) => ({
		resource: 'eventSubscription',
		operation: 'create',
		...fields,
	});

	test('user token: one item per event; Kick uses the token’s channel, so no broadcaster is sent', async () => {
		const result = await runWith(
			fake(),
			create({
				events: ['chat.message.sent', 'channel.followed'],
				broadcasterUserId: resourceLocator('slug', 'speedrunner'),
			}),
			{ scopes: ['events:subscribe'] },
		);

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), SUBSCRIBE)[0].body).toEqual({
			events: [
				{ name: 'chat.message.sent', version: 1 },
				{ name: 'channel.followed', version: 1 },
			],
			method: 'webhook',
		});
		expect(requestsTo(fake(), 'GET /public/v1/channels')).toEqual([]);
		const ids = fake().state.subscriptions.map((subscription) => subscription.id);
		expect(jsonOf(result)).toEqual([
			{ name: 'chat.message.sent', version: 1, subscription_id: ids[0] },
			{ name: 'channel.followed', version: 1, subscription_id: ids[1] },
		]);
		expect(
			fake().state.subscriptions.every(
				(subscription) => subscription.broadcaster_user_id === SEED.streamer,
			),
		).toBe(true);
		expect(fake().violations).toEqual([]);
	});

	test('an event Kick refuses fails the item, naming the event and Kick’s reason, and what Kick did create', async () => {
		kickAnswersPerEvent([
			{ name: 'chat.message.sent', version: 1, error: 'already subscribed' },
			{ name: 'kicks.gifted', version: 1, subscription_id: '01JKICKSGIFTED000000000000' },
		]);
		const result = await runWith(fake(), create({ events: ['chat.message.sent', 'kicks.gifted'] }));

		expect(result.output).toEqual([]);
		expect(result.error?.message).toBe(
			'Kick refused to subscribe to "chat.message.sent": already subscribed',
		);
		expect(result.error?.description).toBe(
			'Kick did create "kicks.gifted" (subscription 01JKICKSGIFTED000000000000): those subscriptions stay until you delete them.',
		);
	});

	test('several refused events are all named', async () => {
		kickAnswersPerEvent([
			{ name: 'kicks.gifted', version: 1, error: 'already subscribed' },
			{ name: 'chat.message.sent', version: 1, error: 'already subscribed' },
		]);
		const result = await runWith(fake(), create({ events: ['kicks.gifted', 'chat.message.sent'] }));

		expect(result.error?.message).toBe(
			'Kick refused to subscribe to 2 events: "kicks.gifted" (already subscribed), "chat.message.sent" (already subscribed)',
		);
		expect(result.error?.description).toBeUndefined();
	});

	test('continueOnFail: the refused item becomes an error item, the next item still subscribes', async () => {
		kickAnswersPerEvent([{ name: 'chat.message.sent', version: 1, error: 'already subscribed' }]);
		const result = await runWith(fake(), create({ events: '={{ [$json.event] }}' }), {
			items: [{ event: 'chat.message.sent' }, { event: 'channel.followed' }],
			node: { continueOnFail: true },
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([
			{
				json: {
					error: 'Kick refused to subscribe to "chat.message.sent": already subscribed',
				},
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({
					name: 'channel.followed',
					subscription_id: expect.any(String),
				}),
				pairedItem: { item: 1 },
			},
		]);
	});

	test('app token: the channel slug is resolved and sent as broadcaster_user_id', async () => {
		const result = await runWith(
			fake(),
			create({
				events: ['livestream.status.updated'],
				broadcasterUserId: resourceLocator('slug', 'speedrunner'),
			}),
			{
				credentials: appCredentials(),
			},
		);

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), SUBSCRIBE)[0].body).toMatchObject({
			broadcaster_user_id: 1003,
			method: 'webhook',
		});
		expect(fake().state.subscriptions).toEqual([
			expect.objectContaining({ broadcaster_user_id: 1003, event: 'livestream.status.updated' }),
		]);
		expect(fake().violations).toEqual([]);
	});

	test('app token without a channel fails naming the field, before any API request', async () => {
		const result = await runWith(fake(), create({ events: ['channel.followed'] }), {
			credentials: appCredentials(),
		});

		expect(result.error?.message).toBe(
			"'Channel': choose a channel: Kick requires it with an app access token (Client Credentials)",
		);
		expect(apiRequests(fake())).toEqual([]);
	});

	test('no events (from an expression) fails before any request', async () => {
		const result = await runWith(fake(), create({ events: '={{ [] }}' }));

		expect(result.error?.message).toBe("'Events': needs at least 1 value (got 0)");
		expect(apiRequests(fake())).toEqual([]);
	});

	test('without events:subscribe the 403 names the scope', async () => {
		const result = await runWith(fake(), create({ events: ['channel.followed'] }), {
			scopes: ['chat:write'],
		});

		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('events:subscribe');
		expect(fake().state.subscriptions).toEqual([]);
	});
});

describe('Event Subscription › Get Many', () => {
	const getMany = (fields: Record<string, unknown>) => ({
		resource: 'eventSubscription',
		operation: 'getMany',
		...fields,
	});

	test('Return All gives every subscription; Limit cuts the list client-side', async () => {
		const ids = seedSubscriptions(4);
		const all = await runWith(fake(), getMany({ returnAll: true }), { scopes: [] });
		expect(jsonOf(all).map((item) => item.id)).toEqual(ids);

		const limited = await runWith(fake(), getMany({ returnAll: false, limit: 3 }));
		expect(jsonOf(limited).map((item) => item.id)).toEqual(ids.slice(0, 3));
		expect(requestsTo(fake(), LIST).map((request) => request.query)).toEqual([{}, {}]);
		expect(fake().violations).toEqual([]);
	});

	test('the channel filter is resolved to broadcaster_user_id', async () => {
		const ids = seedSubscriptions(4, [SEED.streamer, 1003]);
		const result = await runWith(
			fake(),
			getMany({
				returnAll: true,
				filters: { broadcasterUserId: resourceLocator('url', 'https://kick.com/speedrunner') },
			}),
			{
				scopes: ['channel:read'],
			},
		);

		expect(requestsTo(fake(), LIST)[0].query).toEqual({ broadcaster_user_id: ['1003'] });
		expect(jsonOf(result).map((item) => item.id)).toEqual([ids[1], ids[3]]);
		expect(fake().violations).toEqual([]);
	});
});

describe('Event Subscription › Delete', () => {
	const remove = (ids: string) => ({ resource: 'eventSubscription', operation: 'delete', ids });

	test('sends the ids as repeated id parameters and answers {deleted: true}', async () => {
		const ids = seedSubscriptions(5);
		const result = await runWith(fake(), remove(`${ids[0]}, ${ids[2]}\n${ids[4]}, ${ids[0]}`), {
			scopes: ['events:subscribe'],
		});

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake(), UNSUBSCRIBE).map((request) => request.query)).toEqual([
			{ id: [ids[0], ids[2], ids[4]] },
		]);
		expect(fake().state.subscriptions.map((subscription) => subscription.id)).toEqual([
			ids[1],
			ids[3],
		]);
		expect(jsonOf(result)).toEqual([{ deleted: true }]);
		expect(fake().violations).toEqual([]);
	});

	test('any number of ids: 150 go out in two requests', async () => {
		const ids = seedSubscriptions(150);
		const result = await runWith(fake(), remove(ids.join(',')));

		expect(jsonOf(result)).toEqual([{ deleted: true }]);
		expect(requestsTo(fake(), UNSUBSCRIBE).map((request) => request.query.id.length)).toEqual([
			100, 50,
		]);
		expect(fake().state.subscriptions).toEqual([]);
	});

	test('no ids fails before any request', async () => {
		const result = await runWith(fake(), remove('={{ " , " }}'));

		expect(result.error?.message).toBe("'Subscription IDs': needs at least 1 value (got 0)");
		expect(apiRequests(fake())).toEqual([]);
	});
});
