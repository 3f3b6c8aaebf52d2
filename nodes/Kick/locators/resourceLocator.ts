import type { INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

/** What a caller says about a locator parameter: its name, label and whether it must be set. */
export interface LocatorOptions {
	name: string;
	displayName: string;
	required?: boolean;
	description?: string;
}

/** A "From List" / "By ID" resource locator: the list searches Kick, the id is checked by a regex. */
export function listOrIdLocator(
	options: LocatorOptions,
	shape: {
		requiredByDefault: boolean;
		list: { placeholder: string; searchListMethod: string };
		id: { placeholder: string; regex: string; errorMessage: string };
	},
): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? shape.requiredByDefault,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: shape.list.placeholder,
				typeOptions: { searchListMethod: shape.list.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: shape.id.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: shape.id.regex, errorMessage: shape.id.errorMessage },
					},
				],
			},
		],
	};
}

/** The value a locator holds, whether n8n passes the locator object or a bare value. */
export function locatorValue(
	locator: INodeParameterResourceLocator | string | number | undefined,
): unknown {
	return typeof locator === 'object' && locator !== null ? locator.value : locator;
}
