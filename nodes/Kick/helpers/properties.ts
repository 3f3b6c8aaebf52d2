import type { INodeProperties } from 'n8n-workflow';

const COLLECTIONS = {
	filters: { displayName: 'Filters', placeholder: 'Add Filter' },
	additionalFields: { displayName: 'Additional Fields', placeholder: 'Add Field' },
	updateFields: { displayName: 'Update Fields', placeholder: 'Add Field' },
	options: { displayName: 'Options', placeholder: 'Add Option' },
} as const;

/** The optional-fields collections n8n's own nodes use, named the way they name them. */
export function collection(
	name: keyof typeof COLLECTIONS,
	options: INodeProperties[],
): INodeProperties {
	return { ...COLLECTIONS[name], name, type: 'collection', default: {}, options };
}

/**
 * Sorting in its own collection, below a list operation's other parameters (n8n's UX guidelines,
 * as its Airtable node does).
 */
export function sortCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort Rule',
		default: {},
		options,
	};
}
