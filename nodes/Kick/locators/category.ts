import type { INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import type { InputValidator } from '../helpers/validate';
import type { LocatorOptions } from '../../shared/locator';
import { locatorValue } from '../../shared/locator';
import { listOrIdLocator } from './resourceLocator';

export function categoryLocator(options: LocatorOptions): INodeProperties {
	return listOrIdLocator(options, {
		requiredByDefault: false,
		list: {
			placeholder: 'Type at least 3 letters of a category…',
			searchListMethod: 'searchCategories',
		},
		id: { placeholder: 'e.g. 101', regex: '^[0-9]+$', errorMessage: 'A category ID is a number' },
	});
}

/** The category id a locator holds, or undefined when left empty. */
export function categoryIdFrom(
	check: InputValidator,
	field: string,
	locator: INodeParameterResourceLocator | string | number | undefined,
): number | undefined {
	const value = locatorValue(locator);
	if (value === undefined || value === null || value === '') return undefined;
	return check.integer(field, value, { min: 1 });
}
