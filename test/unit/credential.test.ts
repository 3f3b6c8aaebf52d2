import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { KickOAuth2Api } from '../../credentials/KickOAuth2Api.credentials';
import { KICK_EVENTS, KICK_SCOPES } from '../../nodes/shared/kick';

const credential = new KickOAuth2Api();
const property = (name: string, grantType?: string) =>
	credential.properties.find(
		(candidate) =>
			candidate.name === name &&
			(grantType === undefined || candidate.displayOptions?.show?.grantType?.includes(grantType)),
	);

describe('Kick OAuth2 API credential', () => {
	test('extends n8n OAuth2 and is named as the nodes reference it', () => {
		expect(credential.name).toBe('kickOAuth2Api');
		expect(credential.displayName).toBe('Kick OAuth2 API');
		expect(credential.extends).toEqual(['oAuth2Api']);
	});

	test('offers a user token (PKCE) and an app token (client credentials)', () => {
		const grantType = property('grantType');
		expect(grantType?.default).toBe('pkce');
		expect(
			grantType?.options?.map((option) => ('value' in option ? option.value : undefined)),
		).toEqual(['pkce', 'clientCredentials']);
	});

	test("points at Kick's OAuth endpoints and sends client credentials in the body", () => {
		expect(property('authUrl')?.default).toBe('https://id.kick.com/oauth/authorize');
		expect(property('accessTokenUrl')?.default).toBe('https://id.kick.com/oauth/token');
		expect(property('authentication')?.default).toBe('body');
	});

	test('lets the user choose among all 11 scopes, all chosen by default', () => {
		const scopes = property('scopes', 'pkce');
		expect(scopes?.type).toBe('multiOptions');
		expect(scopes?.default).toEqual(KICK_SCOPES.map((scope) => scope.name));
		expect(scopes?.options).toHaveLength(11);
		expect(property('scope')?.default).toBe(
			'={{ $self["grantType"] === "clientCredentials" ? "" : ($self["scopes"] || []).join(" ") }}',
		);
	});

	test('keeps its own single scope property when n8n merges it over oAuth2Api', () => {
		// n8n merges a credential's properties over its parent's by name (last one wins).
		const parent: INodeProperties[] = [
			{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
			{
				displayName: 'Grant Type',
				name: 'grantType',
				type: 'options',
				options: [],
				default: 'authorizationCode',
			},
		];
		const merged = [...parent];
		NodeHelpers.mergeNodeProperties(merged, credential.properties);
		const scopes = merged.filter((candidate) => candidate.name === 'scope');
		expect(scopes).toHaveLength(1);
		expect(scopes[0].type).toBe('hidden');
		for (const grantType of ['pkce', 'clientCredentials']) {
			const values = NodeHelpers.getNodeParameters(merged, { grantType }, true, false, null, null);
			expect(values?.scope).toEqual(expect.stringContaining('$self["scopes"]'));
		}
	});

	test('tests the credential with token introspection on id.kick.com', () => {
		expect(credential.test.request).toMatchObject({
			method: 'POST',
			url: 'https://id.kick.com/oauth/token/introspect',
		});
	});
});

describe('shared Kick facts', () => {
	test('lists the 10 webhook events with versions and unique names', () => {
		expect(KICK_EVENTS).toHaveLength(10);
		expect(new Set(KICK_EVENTS.map((event) => event.name)).size).toBe(10);
		for (const event of KICK_EVENTS) expect(event.version).toBe(1);
	});
});
