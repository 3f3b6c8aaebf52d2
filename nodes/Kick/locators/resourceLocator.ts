import type { INodeProperties } from 'n8n-workflow';

import type { LocatorOptions } from '../../shared/locator';

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
