/**
 * The README's operations table is the user's map from Kick's API to the node: it must name
 * every operation of Kick's spec, and those Kick documents outside it, once; every place it
 * names must exist in the node, and every operation of every node version must be in it.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { KICK_NODE_VERSIONS } from '../../nodes/Kick/helpers/versions';
import { resourcesFor } from '../../nodes/Kick/resources';

interface SpecOperation {
	method: string;
	host: string;
	path: string;
}

const root = join(__dirname, '..', '..');
const fixture = (name: string): unknown =>
	JSON.parse(readFileSync(join(root, 'test/fixtures', name), 'utf8'));
const spec = fixture('kick-api.operations.json') as SpecOperation[];
const docs = (fixture('kick-api.docs-operations.json') as { operations: SpecOperation[] })
	.operations;
const everyVersion = KICK_NODE_VERSIONS.map((version) => resourcesFor(version));
const nameOf = (operation: { name: string }) => operation.name.replace(/\s*\(Deprecated\)/, '');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function tableRows(): Array<{ raw: string; endpoint: string; places: string }> {
	const section = readme.split('## Operations')[1]?.split('\n## ')[0] ?? '';
	return section
		.split('\n')
		.filter((line) => line.startsWith('| `'))
		.map((line) => {
			const [endpoint, places] = line
				.split('|')
				.slice(1, 3)
				.map((cell) => cell.trim());
			// Markers after the endpoint, e.g. "(deprecated)" or "(Kick's docs)", are not part of it.
			return {
				raw: endpoint,
				endpoint: endpoint.replace(/`/g, '').replace(/\s*\(.*\)$/, ''),
				places,
			};
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

	test('names each of the 29 spec operations and the 3 from Kick’s docs exactly once', () => {
		expect(spec).toHaveLength(29);
		expect(docs).toHaveLength(3);
		const keys = rows.map((row) => rowKey(row.endpoint));
		expect([...keys].sort()).toEqual([...spec, ...docs].map(specKey).sort());
	});

	test('marks the rows of Kick’s docs operations', () => {
		const marked = rows.filter((row) => row.raw.includes('(Kick’s docs)'));
		expect(marked.map((row) => rowKey(row.endpoint)).sort()).toEqual(docs.map(specKey).sort());
	});

	test('every "Kick › Resource › Operation" it names exists in a node version', () => {
		const named = rows.flatMap((row) =>
			[...row.places.matchAll(/Kick › ([^›]+) › ([^;,(]+?)(?=[;,(]|$)/g)].map((match) => [
				match[1].trim(),
				match[2].trim(),
			]),
		);
		expect(named.length).toBeGreaterThanOrEqual(30);
		for (const [resourceName, operationName] of named) {
			const names = everyVersion.flatMap((resources) =>
				(resources.find((resource) => resource.name === resourceName)?.operations ?? []).map(
					nameOf,
				),
			);
			expect({ resourceName, names }).toEqual({
				resourceName,
				names: expect.arrayContaining([operationName]),
			});
		}
	});

	test('every operation of every node version appears in the table', () => {
		const places = rows.map((row) => row.places).join('\n');
		for (const resources of everyVersion) {
			for (const resource of resources) {
				for (const operation of resource.operations)
					expect(places).toContain(`Kick › ${resource.name} › ${nameOf(operation)}`);
			}
		}
		expect(everyVersion.map((resources) => resources.flatMap((r) => r.operations).length)).toEqual([
			26, 29, 29,
		]);
	});
});
