/**
 * n8n 1.x resolves a node's parameters level by level and refuses (at activation, "Could not
 * resolve parameter dependencies. Max iterations reached!") a `displayOptions` rule that names a
 * parameter its own level lacks; n8n 2.x skips such a rule. Names starting with '/' (the node's
 * root) or '@' (`@version`, `@tool`) are the exceptions both accept.
 */
import type { ICredentialType, INodeProperties, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { KickOAuth2Api } from '../../credentials/KickOAuth2Api.credentials';
import { Kick } from '../../nodes/Kick/Kick.node';
import { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';

function unresolvableRules(properties: INodeProperties[], where: string): string[] {
	const names = new Set(properties.map((property) => property.name));
	return properties.flatMap((property) => {
		const here = `${where} ${property.name}`;
		const rules = Object.values(property.displayOptions ?? {}) as Array<Record<string, unknown>>;
		const unknown = rules
			.flatMap((rule) => Object.keys(rule))
			.filter((name) => !name.startsWith('/') && !name.startsWith('@') && !names.has(name))
			.map((name) => `${here} -> ${name}`);
		return [
			...unknown,
			...childLevels(property).flatMap(([level, label]) =>
				unresolvableRules(level, `${here}${label}`),
			),
		];
	});
}

function childLevels(property: INodeProperties): Array<[INodeProperties[], string]> {
	if (property.type === 'collection') return [[property.options as INodeProperties[], '']];
	if (property.type !== 'fixedCollection') return [];
	return (property.options as Array<{ name: string; values: INodeProperties[] }>).map((option) => [
		option.values,
		`.${option.name}`,
	]);
}

const kick = new Kick();
const nodes: Array<[string, INodeType]> = [
	['Kick v1', NodeHelpers.getVersionedNodeType(kick, 1)],
	['Kick v2', NodeHelpers.getVersionedNodeType(kick, 2)],
	['Kick Trigger', new KickTrigger()],
];

describe('displayOptions that n8n 1.x can resolve', () => {
	test.each(nodes)(
		'%s: every rule names a parameter of its own level, the root or @',
		(name, node) => {
			expect(unresolvableRules(node.description.properties, name)).toEqual([]);
		},
	);

	test('the credential: the same', () => {
		const credential: ICredentialType = new KickOAuth2Api();
		expect(unresolvableRules(credential.properties, 'credential')).toEqual([]);
	});

	test('the check finds a rule on a collection child named from the level above', () => {
		const bad: INodeProperties[] = [
			{
				displayName: 'Notice',
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: { show: { 'options.flag': [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [{ displayName: 'Flag', name: 'flag', type: 'boolean', default: true }],
			},
		];
		expect(unresolvableRules(bad, 'bad')).toEqual(['bad notice -> options.flag']);
	});
});
