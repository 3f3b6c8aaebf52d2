/** Drives a real n8n through its own HTTP API, the way its editor does. */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { parse as unflatten } from 'flatted';
import https from 'https';

export interface ExecutionSummary {
	id: string;
	status: string;
	workflowId: string;
	mode: string;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	/** n8n's "Execute Once" setting: the node runs for the first input item only. */
	executeOnce?: boolean;
}

export interface WorkflowDefinition {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Kick',
	lastName: 'Streamer',
	password: 'Kick-e2e-Passw0rd',
};

export class N8nApi {
	private cookie = '';
	readonly http: AxiosInstance;

	/** The session cookie value, e.g. to hand the session to a browser. */
	get sessionCookie(): string {
		return this.cookie.replace(/^n8n-auth=/, '');
	}

	constructor(readonly baseUrl: string) {
		this.http = axios.create({ baseURL: baseUrl, validateStatus: () => true, maxRedirects: 0 });
		this.http.interceptors.request.use((config) => {
			if (this.cookie) config.headers.set('Cookie', this.cookie);
			return config;
		});
		this.http.interceptors.response.use((response) => {
			const setCookie = response.headers['set-cookie'];
			const auth = setCookie
				?.map((entry) => entry.split(';')[0])
				.find((entry) => entry.startsWith('n8n-auth='));
			if (auth) this.cookie = auth;
			return response;
		});
	}

	private static data<T>(response: AxiosResponse, what: string): T {
		if (response.status >= 400) {
			throw new Error(
				`${what}: HTTP ${response.status} ${JSON.stringify(response.data).slice(0, 500)}`,
			);
		}
		return (response.data?.data ?? response.data) as T;
	}

	async signIn(): Promise<void> {
		const setup = await this.http.post('/rest/owner/setup', OWNER);
		if (setup.status < 400) return;
		N8nApi.data(
			await this.http.post('/rest/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			}),
			'login',
		);
	}

	async nodeTypeNames(): Promise<string[]> {
		const types = N8nApi.data<Array<{ name: string }>>(
			await this.http.get('/types/nodes.json'),
			'node types',
		);
		return types.map((type) => type.name);
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string }> {
		return N8nApi.data(
			await this.http.post('/rest/credentials', { name, type, data }),
			'create credential',
		);
	}

	async getCredential(id: string): Promise<Record<string, unknown>> {
		return N8nApi.data(
			await this.http.get(`/rest/credentials/${id}`, { params: { includeData: true } }),
			'get credential',
		);
	}

	/** The editor's "Connect my account": n8n's auth URL → Kick's authorize → n8n's callback. */
	async connectOAuth2(
		credentialId: string,
		ca: string,
	): Promise<{ authorizeUrl: URL; callbackStatus: number; callbackBody: string }> {
		const authorizeUrl = new URL(
			N8nApi.data<string>(
				await this.http.get('/rest/oauth2-credential/auth', { params: { id: credentialId } }),
				'oauth2 auth url',
			),
		);
		// The browser visits Kick's authorize page; the (fake) user approves and is redirected back.
		const approval = await axios.get(authorizeUrl.toString(), {
			maxRedirects: 0,
			validateStatus: () => true,
			httpsAgent: new https.Agent({ ca }),
		});
		const location = approval.headers.location as string | undefined;
		if (approval.status !== 302 || !location) {
			throw new Error(
				`authorize did not redirect: ${approval.status} ${JSON.stringify(approval.data).slice(0, 300)}`,
			);
		}
		const callback = new URL(location);
		const response = await this.http.get(`${callback.pathname}${callback.search}`);
		return { authorizeUrl, callbackStatus: response.status, callbackBody: String(response.data) };
	}

	async createWorkflow(workflow: WorkflowDefinition): Promise<{ id: string; versionId: string }> {
		return N8nApi.data(
			await this.http.post('/rest/workflows', {
				settings: { executionOrder: 'v1' },
				...workflow,
				active: false,
			}),
			'create workflow',
		);
	}

	async getWorkflow(id: string): Promise<{
		id: string;
		versionId: string;
		active: boolean;
		nodes: WorkflowNode[];
		staticData?: unknown;
	}> {
		return N8nApi.data(await this.http.get(`/rest/workflows/${id}`), 'get workflow');
	}

	/** Saves changes to a workflow, as the editor's Save does (publish them with `activate`). */
	async updateWorkflow(id: string, changes: Partial<WorkflowDefinition>): Promise<void> {
		N8nApi.data(await this.http.patch(`/rest/workflows/${id}`, changes), 'update workflow');
	}

	async activate(id: string): Promise<AxiosResponse> {
		const { versionId } = await this.getWorkflow(id);
		return await this.http.post(`/rest/workflows/${id}/activate`, { versionId });
	}

	async deactivate(id: string): Promise<AxiosResponse> {
		return await this.http.post(`/rest/workflows/${id}/deactivate`, {});
	}

	/** n8n 2.x publishes in the background: each trigger's status and error message. */
	async publicationStatus(id: string): Promise<{
		status: string;
		triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
	}> {
		return N8nApi.data(
			await this.http.get(`/rest/workflows/${id}/publication-status`),
			'publication status',
		);
	}

	async deleteWorkflow(id: string): Promise<void> {
		await this.http.post(`/rest/workflows/${id}/archive`, {});
		await this.http.delete(`/rest/workflows/${id}`);
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const data = N8nApi.data<{ results: ExecutionSummary[] }>(
			await this.http.get('/rest/executions', {
				params: { filter: JSON.stringify({ workflowId }), limit: 100 },
			}),
			'executions',
		);
		return data.results;
	}

	/** The run data of one execution (n8n sends it "flatted"). */
	async execution(id: string): Promise<{
		status: string;
		/** The nodes as this execution ran them (the published version). */
		nodes: WorkflowNode[];
		runData: Record<
			string,
			Array<{
				data?: { main?: Array<Array<{ json: Record<string, unknown> }>> };
				error?: { message: string };
			}>
		>;
	}> {
		const execution = N8nApi.data<{
			status: string;
			data: string;
			workflowData: { nodes: WorkflowNode[] };
		}>(await this.http.get(`/rest/executions/${id}`), 'execution');
		const data = unflatten(execution.data) as { resultData: { runData: Record<string, never> } };
		return {
			status: execution.status,
			nodes: execution.workflowData.nodes,
			runData: data.resultData.runData,
		};
	}

	/** Output items of one node in an execution. */
	/** How many of the workflow's executions gave `nodeName` at least one item. */
	async runsWithOutput(workflowId: string, nodeName: string): Promise<number> {
		let count = 0;
		for (const execution of await this.executions(workflowId))
			if ((await this.nodeOutput(execution.id, nodeName)).length) count++;
		return count;
	}

	async nodeOutput(executionId: string, nodeName: string): Promise<Array<Record<string, unknown>>> {
		const { runData } = await this.execution(executionId);
		const runs = runData[nodeName] ?? [];
		return (runs[runs.length - 1]?.data?.main?.[0] ?? []).map((item) => item.json);
	}
}

export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs = 20_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			last = error;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
