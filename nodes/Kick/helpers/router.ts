import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { offersSimplify, shapeOutput, SIMPLIFY_PROPERTY } from './output';
import { requireToken } from './tokens';
import type { ExecutionCache, KickOperation, KickResource } from './types';

function showFor(resource: string, operation: string, property: INodeProperties): INodeProperties {
	const show = property.displayOptions?.show ?? {};
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...show, resource: [resource], operation: [operation] },
		},
	};
}

/** One operation's parameters as the node shows them, and its Simplify option if it has one. */
interface ShownOperation {
	fields: INodeProperties[];
	simplify?: INodeProperties;
}

/**
 * Cached per operation, so every node version that offers it shares the same objects: a version
 * adds an array, not a copy.
 */
const shownOperations = new WeakMap<KickOperation, ShownOperation>();

function shownOperation(resource: KickResource, operation: KickOperation): ShownOperation {
	let shown = shownOperations.get(operation);
	if (!shown) {
		const show = (property: INodeProperties) => showFor(resource.value, operation.value, property);
		shown = {
			fields: operation.properties.map(show),
			simplify: operation.simplify ? show(SIMPLIFY_PROPERTY) : undefined,
		};
		shownOperations.set(operation, shown);
	}
	return shown;
}

/** Options listed alphabetically, as n8n lists them; the default stays the one declared first. */
const byName = <T extends { name: string }>(options: T[]): T[] =>
	[...options].sort((a, b) => a.name.localeCompare(b.name));

/** The parameters of one node version: resource, each resource's operations, their fields. */
export function buildProperties(
	resources: readonly KickResource[],
	version: number,
): INodeProperties[] {
	const defaultResource = resources[0].value;
	const resourceProperty: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: byName(
			resources.map(({ name, value, description }) => ({ name, value, description })),
		),
		default: defaultResource,
	};
	const operationProperties = resources.map((resource): INodeProperties => {
		const defaultOperation = resource.operations[0].value;
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: byName(
				resource.operations.map(({ name, value, action, description }) => ({
					name,
					value,
					action,
					description,
				})),
			),
			default: defaultOperation,
		};
	});
	const fields = resources.flatMap((resource) =>
		resource.operations.flatMap((operation) => {
			const { fields, simplify } = shownOperation(resource, operation);
			return simplify && offersSimplify(operation, version) ? [...fields, simplify] : fields;
		}),
	);
	return [resourceProperty, ...operationProperties, ...fields];
}

function findOperation(
	context: IExecuteFunctions,
	resources: readonly KickResource[],
	itemIndex: number,
): { resource: KickResource; operation: KickOperation } {
	const resourceName = context.getNodeParameter('resource', itemIndex) as string;
	const resource = resources.find((candidate) => candidate.value === resourceName);
	if (!resource) {
		// E.g. a version 2 resource pasted into a version 1 node: it has no operation parameter.
		const { typeVersion } = context.getNode();
		throw new NodeOperationError(
			context.getNode(),
			`The resource "${resourceName}" is not in version ${typeVersion} of the Kick node: add a new Kick node to use it`,
			{ itemIndex },
		);
	}
	const operationName = context.getNodeParameter('operation', itemIndex) as string;
	const operation = resource.operations.find((candidate) => candidate.value === operationName);
	if (!operation) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operationName}" of "${resourceName}" is not supported`,
			{
				itemIndex,
			},
		);
	}
	return { resource, operation };
}

function errorItem(
	error: Error & { description?: string | null; httpCode?: string | null },
	itemIndex: number,
): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** Runs each input item's operation; one output item per Kick object, paired to its input. */
export async function runOperations(
	this: IExecuteFunctions,
	resources: readonly KickResource[],
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const cache: ExecutionCache = new Map();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { resource, operation } = findOperation(this, resources, itemIndex);
			if (operation.token) {
				const what = `${resource.name} › ${operation.name}`;
				await requireToken.call(this, operation.token, what, itemIndex, cache);
			}
			const results = shapeOutput.call(
				this,
				operation,
				itemIndex,
				await operation.execute.call(this, itemIndex, cache),
			);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push(errorItem(error as Error, itemIndex));
				continue;
			}
			throw asNodeError(this, error, itemIndex);
		}
	}
	return [output];
}
