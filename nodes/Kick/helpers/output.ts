import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { KickOperation } from './types';

/**
 * n8n's UX guidelines for what operations answer, from node version 2 on (version 1 keeps its
 * answers, which saved workflows may read): a delete answers one `{deleted: true}` item, and an
 * answer of more than 10 fields gets a Simplify option, on by default.
 */
const GUIDELINES_SINCE_VERSION = 2;

export const SIMPLIFY_PROPERTY: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** Whether this node version shows the operation's Simplify option. */
export function offersSimplify(operation: KickOperation, version: number): boolean {
	return version >= GUIDELINES_SINCE_VERSION && operation.simplify !== undefined;
}

/** The operation's answer as this node version gives it. */
export function shapeOutput(
	this: IExecuteFunctions,
	operation: KickOperation,
	itemIndex: number,
	results: IDataObject[],
): IDataObject[] {
	const version = this.getNode().typeVersion;
	if (version < GUIDELINES_SINCE_VERSION) return results;
	if (operation.deletes) return [{ deleted: true }];
	const { simplify } = operation;
	if (simplify && (this.getNodeParameter('simplify', itemIndex, true) as boolean))
		return results.map((result) => nullForZeroValues(simplify(result)));
	return results;
}

/** Go's zero time: Kick's answer for "no time" (e.g. an offline channel's start_time). */
const GO_ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?Z$/;

/**
 * Simplify's fields with Kick's "no value" placeholders as null. Kick answers with zero values,
 * not nulls (an offline channel: "" texts, the time 0001-01-01T00:00:00Z, category id 0 with an
 * empty name), which read as real values. Counts and flags stay as Kick gave them.
 */
export function nullForZeroValues(fields: IDataObject): IDataObject {
	const noCategory = fields.category_id === 0;
	return Object.fromEntries(
		Object.entries(fields).map(([key, value]) => {
			const zero =
				value === '' ||
				(typeof value === 'string' && GO_ZERO_TIME.test(value)) ||
				(noCategory && key.startsWith('category_'));
			return [key, zero ? null : value];
		}),
	);
}

/** The fields given, without those Kick did not send: what Simplify answers. */
export function definedFields(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** A nested object of Kick's answer, or an empty one. */
export const nested = (value: unknown): IDataObject =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
