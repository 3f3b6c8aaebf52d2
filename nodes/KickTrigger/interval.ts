/** The trigger's Subscription Check option: how often the active trigger compares Kick's list. */
export const DEFAULT_CHECK_INTERVAL_MINUTES = 15;

/** The intervals offered; each divides an hour, so a cron expression spaces them evenly. */
export const CHECK_INTERVAL_OPTIONS = [
	{ name: 'Every Minute', value: 1 },
	{ name: 'Every 5 Minutes', value: 5 },
	{ name: 'Every 15 Minutes', value: 15 },
	{ name: 'Every 30 Minutes', value: 30 },
	{ name: 'Every Hour', value: 60 },
];

interface ParameterReader {
	getNodeParameter(name: 'options', fallback: object): unknown;
}

/** The chosen interval in minutes (the default for anything not offered). */
export function checkIntervalMinutes(context: ParameterReader): number {
	const options = context.getNodeParameter('options', {}) as { subscriptionCheckInterval?: number };
	const minutes = Number(options.subscriptionCheckInterval ?? DEFAULT_CHECK_INTERVAL_MINUTES);
	return CHECK_INTERVAL_OPTIONS.some((option) => option.value === minutes)
		? minutes
		: DEFAULT_CHECK_INTERVAL_MINUTES;
}

export const checkIntervalMs = (context: ParameterReader): number =>
	checkIntervalMinutes(context) * 60_000;
