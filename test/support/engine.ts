/**
 * Runs this package's nodes through n8n-core's real execution engine (WorkflowExecute), the way
 * n8n runs them: real parameter resolution, real `httpRequestWithAuthentication` with n8n's
 * OAuth2 signing and refresh, real continueOnFail / pairedItem handling. Only the parts n8n's
 * server provides (credential storage, node type registry) are small in-memory stand-ins.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-kick-engine-'));

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { KickOAuth2Api } from '../../credentials/KickOAuth2Api.credentials';
import { DEFAULT_CLIENT } from '../fake-kick/state';
import { LATEST_KICK_NODE_VERSION } from '../../nodes/Kick/helpers/versions';
import { Kick } from '../../nodes/Kick/Kick.node';
import { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';

export const CREDENTIAL_ID = 'kick-credential-1';
export const CREDENTIAL_NAME = 'Kick account';

/** Emits the items given in its `items` parameter: the start node of test workflows. */
class ItemsSource implements INodeType {
	description = {
		displayName: 'Items Source',
		name: 'itemsSource',
		group: ['trigger'],
		version: 1,
		description: 'Test start node',
		defaults: { name: 'Items Source' },
		inputs: [],
		outputs: ['main'],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' },
		] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

const NODE_TYPES: Record<string, INodeType | IVersionedNodeType> = {
	'n8n-nodes-kick.kick': new Kick(),
	'n8n-nodes-kick.kickTrigger': new KickTrigger(),
	'test.itemsSource': new ItemsSource(),
};

export class TestNodeTypes implements INodeTypes {
	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = NODE_TYPES[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	/** As n8n does: a versioned node type answers with the version the workflow saved. */
	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

const kickCredentialType = new KickOAuth2Api();

/** In-memory credential store; records what n8n writes back (refreshed tokens). */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, ICredentialDataDecryptedObject>();
	readonly updates: ICredentialDataDecryptedObject[] = [];

	getParentTypes(name: string): string[] {
		return name === kickCredentialType.name ? ['oAuth2Api'] : [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		_type: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return requestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(nodeCredentials.id ?? '');
		if (!data) throw new Error(`No credential ${nodeCredentials.id}`);
		return structuredClone(data);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(nodeCredentials.id ?? '', structuredClone(data));
		this.updates.push(structuredClone(data));
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	getCredentialsProperties(): INodeProperties[] {
		return kickCredentialType.properties;
	}
}

export interface KickCredentialData {
	grantType?: 'pkce' | 'clientCredentials';
	clientId?: string;
	clientSecret?: string;
	scope?: string;
	accessToken?: string;
	refreshToken?: string;
}

/** Credential data as n8n hands it to nodes: the credential's defaults resolved, plus the token. */
export function kickCredentialData(options: KickCredentialData): ICredentialDataDecryptedObject {
	const grantType = options.grantType ?? 'pkce';
	return {
		grantType,
		authUrl: 'https://id.kick.com/oauth/authorize',
		accessTokenUrl: 'https://id.kick.com/oauth/token',
		clientId: options.clientId ?? DEFAULT_CLIENT.clientId,
		clientSecret: options.clientSecret ?? DEFAULT_CLIENT.clientSecret,
		scope: options.scope ?? '',
		authQueryParameters: '',
		authentication: 'body',
		...(options.accessToken
			? {
					oauthTokenData: {
						access_token: options.accessToken,
						token_type: 'Bearer',
						...(options.refreshToken ? { refresh_token: options.refreshToken } : {}),
					},
				}
			: {}),
	};
}

export function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		externalSecretsProxy: undefined as never,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface KickRunOptions {
	/** Kick node parameters (resource, operation, fields…). */
	parameters: IDataObject;
	/** Input items; default one empty item. */
	items?: IDataObject[];
	credentials: TestCredentialsHelper;
	/** Node settings such as continueOnFail or typeVersion (default: the latest version). */
	node?: Partial<INode>;
}

export interface KickRunResult {
	run: IRun;
	/** Output items of the Kick node (json + pairedItem). */
	output: INodeExecutionData[];
	/** The Kick node's error, when the run failed on it. */
	error?: Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
}

export function newCredentials(data: ICredentialDataDecryptedObject): TestCredentialsHelper {
	const helper = new TestCredentialsHelper();
	helper.store.set(CREDENTIAL_ID, data);
	return helper;
}

/** Runs Items Source → Kick through WorkflowExecute and returns the Kick node's output. */
export async function runKickNode(options: KickRunOptions): Promise<KickRunResult> {
	const kickNode: INode = {
		id: 'kick-node',
		name: 'Kick',
		type: 'n8n-nodes-kick.kick',
		typeVersion: LATEST_KICK_NODE_VERSION,
		position: [200, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: { kickOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
		...options.node,
	};
	const sourceNode: INode = {
		id: 'source-node',
		name: 'Items Source',
		type: 'test.itemsSource',
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Kick test',
		nodes: [sourceNode, kickNode],
		connections: { 'Items Source': { main: [[{ node: 'Kick', type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes: new TestNodeTypes(),
		settings: { executionOrder: 'v1' },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflow as never);
	const additionalData = createAdditionalData(options.credentials, hooks);
	const run = await new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: sourceNode,
	} as never);
	const kickRuns = run.data.resultData.runData.Kick ?? [];
	const last = kickRuns[kickRuns.length - 1];
	return {
		run,
		output: last?.data?.main?.[0] ?? [],
		error: (last?.error ?? run.data.resultData.error) as KickRunResult['error'],
	};
}
