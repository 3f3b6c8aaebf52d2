/**
 * What the AI Agent (and a person) reads to fill the Kick node: every field it may fill has a
 * description, booleans start with "Whether", a one-sentence description has no final period
 * and a longer one ends with one, and destructive operations say that they are.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Kick } from '../../nodes/Kick/Kick.node';

const kick = new Kick();
const versions = [1, 2];

interface Field {
	where: string;
	property: INodeProperties;
}

function fieldsOf(version: number): Field[] {
	const fields: Field[] = [];
	const visit = (properties: INodeProperties[], parent: string) => {
		for (const property of properties) {
			const show = property.displayOptions?.show;
			const where = show?.operation
				? `v${version} ${show.resource?.[0]}.${show.operation[0]}`
				: parent;
			fields.push({ where: `${where} ${property.name}`, property });
			if (property.type === 'collection') visit(property.options as INodeProperties[], where);
		}
	};
	visit(NodeHelpers.getVersionedNodeType(kick, version).description.properties, `v${version}`);
	return fields;
}

const fillable = (field: Field) =>
	!['notice', 'collection'].includes(field.property.type) &&
	!['resource', 'operation'].includes(field.property.name);

const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;

describe('descriptions of the Kick node', () => {
	test.each(versions)(
		'version %i: every field an agent may fill says what Kick expects',
		(version) => {
			const missing = fieldsOf(version)
				.filter(fillable)
				.filter((field) => !field.property.description?.trim())
				.map((field) => field.where);
			expect(missing).toEqual([]);
		},
	);

	test.each(versions)('version %i: booleans start with "Whether"', (version) => {
		const wrong = fieldsOf(version)
			.filter((field) => field.property.type === 'boolean')
			.filter((field) => !field.property.description?.startsWith('Whether '))
			.map((field) => field.where);
		expect(wrong).toEqual([]);
	});

	test.each(versions)(
		'version %i: one sentence has no final period, several end with one',
		(version) => {
			const texts = [
				...fieldsOf(version).map((field) => [field.where, field.property.description] as const),
				...fieldsOf(version)
					.filter((field) => field.property.name === 'operation')
					.flatMap((field) =>
						(field.property.options as INodePropertyOptions[]).map(
							(option) => [`${field.where} ${option.value}`, option.description] as const,
						),
					),
			];
			const wrong = texts
				.filter(([, text]) => text)
				.filter(([, text]) => sentences(text!) > 1 !== text!.endsWith('.'))
				.map(([where, text]) => `${where}: ${text}`);
			expect(wrong).toEqual([]);
		},
	);

	test('destructive operations say that what they do cannot be undone', () => {
		const operations = fieldsOf(2)
			.filter((field) => field.property.name === 'operation')
			.flatMap((field) => field.property.options as INodePropertyOptions[])
			.filter((option) => ['delete', 'revoke', 'banUser'].includes(String(option.value)));
		expect(operations.map((option) => option.name).sort()).toEqual([
			'Ban User',
			'Delete',
			'Delete',
			'Delete',
			'Revoke',
		]);
		for (const option of operations)
			expect({ operation: option.value, description: option.description }).toEqual({
				operation: option.value,
				description: expect.stringMatching(/for good/),
			});
	});
});
