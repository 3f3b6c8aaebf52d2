/**
 * The Kick node's versions: n8n keeps the version a workflow was saved with, so version 1's
 * description must keep its defaults (n8n leaves default values out of saved workflows), and
 * each version's description carries only its own parameters.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Kick } from '../../nodes/Kick/Kick.node';

const kick = new Kick();
const describeVersion = (version: number): INodeTypeDescription =>
	NodeHelpers.getVersionedNodeType(kick, version).description;

function operationDefaults(description: INodeTypeDescription): Record<string, unknown> {
	return Object.fromEntries(
		description.properties
			.filter((property) => property.name === 'operation')
			.map((property) => [property.displayOptions?.show?.resource?.[0], property.default]),
	);
}

const fieldsOf = (description: INodeTypeDescription, resource: string, operation: string) =>
	description.properties.filter(
		(property) =>
			property.displayOptions?.show?.resource?.[0] === resource &&
			property.displayOptions?.show?.operation?.[0] === operation,
	);

describe('Kick node versions', () => {
	test('versions 1 and 2, new nodes get 2', () => {
		expect(Object.keys(kick.nodeVersions)).toEqual(['1', '2']);
		expect(kick.currentVersion).toBe(2);
		expect(kick.description.defaultVersion).toBe(2);
		expect(describeVersion(1).version).toBe(1);
		expect(describeVersion(2).version).toBe(2);
	});

	test('version 1 keeps the defaults saved workflows rely on', () => {
		const v1 = describeVersion(1);
		expect(v1.properties.find((property) => property.name === 'resource')?.default).toBe(
			'chatMessage',
		);
		expect(operationDefaults(v1)).toEqual({
			chatMessage: 'send',
			channel: 'getMany',
			channelReward: 'create',
			rewardRedemption: 'accept',
			moderation: 'banUser',
			livestream: 'getMany',
			category: 'getMany',
			user: 'getMany',
			kicks: 'getLeaderboard',
			eventSubscription: 'create',
			publicKey: 'get',
			token: 'introspect',
		});
	});

	test('Livestream › Get Many is Kick’s v1 list in version 1 and the v2 list in version 2', () => {
		const filterNames = (fields: INodeProperties[]) =>
			(fields.find((field) => field.name === 'filters')?.options as INodeProperties[]).map(
				(option) => option.name,
			);
		expect(filterNames(fieldsOf(describeVersion(1), 'livestream', 'getMany'))).toEqual([
			'broadcasterUserIds',
			'categoryId',
			'language',
			'sort',
		]);
		expect(filterNames(fieldsOf(describeVersion(2), 'livestream', 'getMany'))).toEqual([
			'categoryIds',
			'languageCodes',
		]);
		expect(fieldsOf(describeVersion(1), 'livestream', 'getManyV1')).toEqual([]);
		// Version 2's copy of the v1 list sorts in its own collection, below the filters.
		const v1ListInV2 = fieldsOf(describeVersion(2), 'livestream', 'getManyV1');
		expect(filterNames(v1ListInV2)).toEqual(['broadcasterUserIds', 'categoryId', 'language']);
		const names = v1ListInV2.map((field) => field.name);
		expect(names).toContain('filters');
		expect(names.indexOf('sort')).toBeGreaterThan(names.indexOf('filters'));
	});

	test('the operations both versions offer share their parameter objects: no copy per version', () => {
		const v1 = fieldsOf(describeVersion(1), 'chatMessage', 'send');
		const v2 = fieldsOf(describeVersion(2), 'chatMessage', 'send');
		expect(v1.length).toBeGreaterThan(0);
		v1.forEach((field, index) => expect(field).toBe(v2[index]));
	});

	test('Simplify exists from version 2 on, for the answers of more than 10 fields', () => {
		const simplifyOf = (version: number) =>
			describeVersion(version)
				.properties.filter((property) => property.name === 'simplify')
				.map((property) => {
					const show = property.displayOptions?.show;
					return `${show?.resource?.[0]}.${show?.operation?.[0]}`;
				});
		expect(simplifyOf(1)).toEqual([]);
		// Kick's user answer has 4 fields (user_id, name, email, profile_picture): no Simplify.
		expect(simplifyOf(2).sort()).toEqual([
			'channel.getMany',
			'livestream.getMany',
			'livestream.getManyV1',
			'rewardRedemption.getMany',
		]);
	});

	test('each version lists options and collection fields alphabetically', () => {
		const unsorted: string[] = [];
		const visit = (properties: INodeProperties[], path: string) => {
			for (const property of properties) {
				const options = (property.options ?? []) as Array<{ name: string; displayName?: string }>;
				const labels = options.map((option) => option.displayName ?? option.name);
				const sorted = [...labels].sort((a, b) => a.localeCompare(b));
				if (labels.join('|') !== sorted.join('|'))
					unsorted.push(`${path}${property.name}: ${labels}`);
				if (property.type === 'collection')
					visit(property.options as INodeProperties[], `${path}${property.name}.`);
			}
		};
		for (const version of [1, 2]) visit(describeVersion(version).properties, `v${version} `);
		expect(unsorted).toEqual([]);
	});
});
