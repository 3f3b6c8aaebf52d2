/**
 * The README's operations table is the user's map from Kick's API to the node: it must name
 * every operation of Kick's spec once, and every place it names must exist in the node.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { RESOURCES } from '../../nodes/Kick/resources';

interface SpecOperation {
	method: string;
	host: string;
	path: string;
}

const root = join(__dirname, '..', '..');
const spec = JSON.parse(
	readFileSync(join(root, 'test/fixtures/kick-api.operations.json'), 'utf8'),
) as SpecOperation[];
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function tableRows(): Array<{ endpoint: string; places: string }> {
	const section = readme.split('## Operations')[1]?.split('\n## ')[0] ?? '';
	return section
		.split('\n')
		.filter((line) => line.startsWith('| `'))
		.map((line) => {
			const [endpoint, places] = line
				.split('|')
				.slice(1, 3)
				.map((cell) => cell.trim());
			return { endpoint: endpoint.replace(/`/g, '').replace(/\s*\(deprecated\)/, ''), places };
		});
}

const specKey = (operation: SpecOperation) =>
	`${operation.method} ${operation.host === 'id.kick.com' ? 'id.kick.com' : ''}${operation.path}`;

function rowKey(endpoint: string): string {
	const [method, target] = endpoint.split(' ');
	return `${method} ${target.replace(/^api\.kick\.com/, '')}`;
}

describe('README operations table', () => {
	const rows = tableRows();

	test('names each of the 29 spec operations exactly once', () => {
		expect(spec).toHaveLength(29);
		const keys = rows.map((row) => rowKey(row.endpoint));
		expect([...keys].sort()).toEqual(spec.map(specKey).sort());
	});

	test('every "Kick › Resource › Operation" it names exists in the node', () => {
		const named = rows.flatMap((row) =>
			[...row.places.matchAll(/Kick › ([^›]+) › ([^;,(]+?)(?=[;,(]|$)/g)].map((match) => [
				match[1].trim(),
				match[2].trim(),
			]),
		);
		expect(named.length).toBeGreaterThanOrEqual(26);
		for (const [resourceName, operationName] of named) {
			const resource = RESOURCES.find((candidate) => candidate.name === resourceName);
			expect(resource?.name).toBe(resourceName);
			const names =
				resource?.operations.map((operation) => operation.name.replace(/\s*\(Deprecated\)/, '')) ??
				[];
			expect(names).toContain(operationName);
		}
	});

	test('every node operation appears in the table', () => {
		const places = rows.map((row) => row.places).join('\n');
		for (const resource of RESOURCES) {
			for (const operation of resource.operations) {
				expect(places).toContain(
					`Kick › ${resource.name} › ${operation.name.replace(/\s*\(Deprecated\)/, '')}`,
				);
			}
		}
		expect(RESOURCES.flatMap((resource) => resource.operations)).toHaveLength(26);
	});
});
