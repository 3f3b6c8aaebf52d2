export const SUBSCRIPTIONS_PATH = '/public/v1/events/subscriptions';
