import type { INodeParameterResourceLocator } from 'n8n-workflow';

/** What a caller says about a locator parameter: its name, label and whether it must be set. */
export interface LocatorOptions {
	name: string;
	displayName: string;
	required?: boolean;
	description?: string;
}

/** The value a locator holds, whether n8n passes the locator object or a bare value. */
export function locatorValue(
	locator: INodeParameterResourceLocator | string | number | undefined,
): unknown {
	return typeof locator === 'object' && locator !== null ? locator.value : locator;
}
