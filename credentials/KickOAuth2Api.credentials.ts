import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	KICK_APP_TOKEN_GRANT,
	KICK_AUTHORIZE_URL,
	KICK_INTROSPECT_URL,
	KICK_SCOPES,
	KICK_TOKEN_URL,
	KICK_USER_TOKEN_GRANT,
} from '../nodes/shared/kick';

const USER_TOKEN = KICK_USER_TOKEN_GRANT;
const APP_TOKEN = KICK_APP_TOKEN_GRANT;

const showFor = (grantType: string) => ({ displayOptions: { show: { grantType: [grantType] } } });

/**
 * One credential for both Kick token kinds. Kick requires PKCE and wants client_id and
 * client_secret in the form body of every token request (code exchange, refresh, client
 * credentials), which is what n8n's OAuth2 client sends with `authentication: 'body'`.
 */
export class KickOAuth2Api implements ICredentialType {
	name = 'kickOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Kick OAuth2 API';

	icon: Icon = { light: 'file:../nodes/Kick/kick.svg', dark: 'file:../nodes/Kick/kick.dark.svg' };

	documentationUrl = 'https://docs.kick.com/getting-started/kick-apps-setup';

	properties: INodeProperties[] = [
		{
			displayName:
				"Create an app at kick.com → Settings → Developer (two-factor authentication must be on). Paste the 'OAuth Redirect URL' shown below into the app's 'Redirect URL' field, then copy the app's 'Client ID' and 'Client Secret' here.",
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code (User Access Token)',
					value: USER_TOKEN,
					description:
						'Acts as the Kick user who connects: chat, channel updates, rewards, moderation, events',
				},
				{
					name: 'Client Credentials (App Access Token)',
					value: APP_TOKEN,
					description:
						'Acts as your app only: public data and event subscriptions for a given broadcaster',
				},
			],
			default: USER_TOKEN,
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: KICK_AUTHORIZE_URL,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: KICK_TOKEN_URL,
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			options: KICK_SCOPES.map((scope) => ({
				name: scope.name,
				value: scope.name,
				description: scope.description,
			})),
			default: KICK_SCOPES.map((scope) => scope.name),
			description:
				'What the connected user allows this credential to do. Operations whose scope is missing fail with a 403 that names it.',
			...showFor(USER_TOKEN),
		},
		{
			// One property only: n8n merges credential properties by name, so a second `scope`
			// would replace this one. App tokens carry no scopes (Kick grants them a fixed set).
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: `={{ $self["grantType"] === "${APP_TOKEN}" ? "" : ($self["scopes"] || []).join(" ") }}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: KICK_INTROSPECT_URL,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data.active',
					value: false,
					message: 'Kick says this token is no longer active: reconnect the credential',
				},
			},
		],
	};
}
