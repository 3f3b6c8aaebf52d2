import type { INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import type { InputValidator } from '../helpers/validate';

export function categoryLocator(options: {
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
		required: options.required ?? false,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Type at least 3 letters of a category…',
				typeOptions: { searchListMethod: 'searchCategories', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 101',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9]+$', errorMessage: 'A category ID is a number' },
					},
				],
			},
		],
	};
}

/** The category id a locator holds, or undefined when left empty. */
export function categoryIdFrom(
	check: InputValidator,
	field: string,
	locator: INodeParameterResourceLocator | string | number | undefined,
): number | undefined {
	const value = typeof locator === 'object' && locator !== null ? locator.value : locator;
	if (value === undefined || value === null || value === '') return undefined;
	return check.integer(field, value, { min: 1 });
}
