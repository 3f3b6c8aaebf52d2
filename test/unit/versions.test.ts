/**
 * The Kick node's versions: n8n keeps the version a workflow was saved with, so each version's
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

const defaultOf = (properties: INodeProperties[], name: string): unknown =>
	properties.find((property) => property.name === name)?.default;

const fieldsOf = (description: INodeTypeDescription, resource: string, operation: string) =>
	description.properties.filter(
		(property) =>
			property.displayOptions?.show?.resource?.[0] === resource &&
			property.displayOptions?.show?.operation?.[0] === operation,
	);

describe('Kick node versions', () => {
	test('versions 1, 2 and 3, new nodes get 3', () => {
		expect(Object.keys(kick.nodeVersions)).toEqual(['1', '2', '3']);
		expect(kick.currentVersion).toBe(3);
		expect(kick.description.defaultVersion).toBe(3);
		for (const version of [1, 2, 3]) expect(describeVersion(version).version).toBe(version);
	});

	test('version 1 keeps the defaults saved workflows rely on', () => {
		const v1 = describeVersion(1);
		expect(defaultOf(v1.properties, 'resource')).toBe('chatMessage');
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

	test('versions 2 and 3 have the same resources and operation defaults', () => {
		const v2 = describeVersion(2);
		const v3 = describeVersion(3);
		expect(defaultOf(v3.properties, 'resource')).toBe(defaultOf(v2.properties, 'resource'));
		expect(operationDefaults(v3)).toEqual(operationDefaults(v2));
	});

	test('Chat Message › Send: versions 1 and 2 send as the bot by default, version 3 as the user', () => {
		const send = (version: number) => fieldsOf(describeVersion(version), 'chatMessage', 'send');
		expect([1, 2, 3].map((version) => defaultOf(send(version), 'type'))).toEqual([
			'bot',
			'bot',
			'user',
		]);
		// Version 3: the Channel may stay empty (the credential's own channel); before, it is required.
		const channel = (version: number) =>
			send(version).find((field) => field.name === 'broadcasterUserId');
		expect([1, 2, 3].map((version) => channel(version)?.required)).toEqual([true, true, false]);
		expect(channel(3)?.displayOptions?.show?.type).toEqual(['user']);
	});

	test('every operation but Chat Message › Send is the same in versions 2 and 3, down to its parameter objects', () => {
		const byOperation = (version: number) =>
			describeVersion(version).properties.filter(
				(property) =>
					property.displayOptions?.show?.operation &&
					!(
						property.displayOptions.show.resource?.[0] === 'chatMessage' &&
						property.displayOptions.show.operation[0] === 'send'
					),
			);
		const v2 = byOperation(2);
		const v3 = byOperation(3);
		expect(v3.length).toBe(v2.length);
		v2.forEach((field, index) => expect(v3[index]).toBe(field));
	});

	test('Livestream › Get Many is Kick’s v1 list in version 1 and the v2 list from version 2 on', () => {
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
		for (const version of [2, 3])
			expect(filterNames(fieldsOf(describeVersion(version), 'livestream', 'getMany'))).toEqual([
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

	test('an operation versions 1 and 2 both offer shares its parameter objects: no copy per version', () => {
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
		for (const version of [2, 3])
			expect(simplifyOf(version).sort()).toEqual([
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
		for (const version of [1, 2, 3]) visit(describeVersion(version).properties, `v${version} `);
		expect(unsorted).toEqual([]);
	});
});
