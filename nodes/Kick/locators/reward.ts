import type { INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import { KICK_ULID_REGEX as ULID_REGEX } from '../../shared/kick';
import type { InputValidator } from '../helpers/validate';
import type { LocatorOptions } from '../../shared/locator';
import { locatorValue } from '../../shared/locator';
import { listOrIdLocator } from './resourceLocator';

export function rewardLocator(options: LocatorOptions): INodeProperties {
	return listOrIdLocator(options, {
		requiredByDefault: true,
		list: { placeholder: 'Select a reward of your channel…', searchListMethod: 'searchRewards' },
		id: {
			placeholder: 'e.g. 01HZ8X9K2M4N6P8Q0R2S4T6V8W',
			regex: ULID_REGEX,
			errorMessage: 'Not a Kick reward ID',
		},
	});
}

export function rewardIdFrom(
	check: InputValidator,
	field: string,
	locator: INodeParameterResourceLocator | string | undefined,
	{ required }: { required: boolean },
): string | undefined {
	const value = String(locatorValue(locator) ?? '').trim();
	if (!value) {
		if (required) check.fail(field, 'choose a reward');
		return undefined;
	}
	return check.pattern(field, value, new RegExp(ULID_REGEX), 'must be a Kick reward ID (a ULID)');
}
