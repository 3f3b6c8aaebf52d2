import type { INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import { KICK_ULID_REGEX as ULID_REGEX } from '../../shared/kick';
import type { InputValidator } from '../helpers/validate';

export function rewardLocator(options: {
	name: string;
	displayName: string;
	required?: boolean;
	description?: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a reward of your channel…',
				typeOptions: { searchListMethod: 'searchRewards', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 01HZ8X9K2M4N6P8Q0R2S4T6V8W',
				validation: [
					{
						type: 'regex',
						properties: { regex: ULID_REGEX, errorMessage: 'Not a Kick reward ID' },
					},
				],
			},
		],
	};
}

export function rewardIdFrom(
	check: InputValidator,
	field: string,
	locator: INodeParameterResourceLocator | string | undefined,
	{ required }: { required: boolean },
): string | undefined {
	const value = String(
		(typeof locator === 'object' && locator !== null ? locator.value : locator) ?? '',
	).trim();
	if (!value) {
		if (required) check.fail(field, 'choose a reward');
		return undefined;
	}
	return check.pattern(field, value, new RegExp(ULID_REGEX), 'must be a Kick reward ID (a ULID)');
}
