/**
 * Shared set-up of the engine tests of the Kick node's operations: one fake Kick per test file,
 * reset before each test, and a one-liner to run the node with a user token of given scopes.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { FakeKick, RecordedRequest } from '../fake-kick/server';
import type { KickRunResult, TestCredentialsHelper } from '../support/engine';
import { kickCredentialData, newCredentials, runKickNode } from '../support/engine';
import { startKickForTest } from '../support/kick-network';

/** Starts the fake for this file and resets it before each test; call at the top of a test file. */
export function useFakeKick(): () => FakeKick {
	let fake: FakeKick | undefined;
	beforeAll(async () => {
		fake = await startKickForTest();
	});
	afterAll(async () => {
		await fake?.stop();
	});
	beforeEach(() => fake?.reset());
	return () => {
		if (!fake) throw new Error('the fake Kick is not running');
		return fake;
	};
}

export interface RunOptions {
	/** Scopes of the user token; default every scope. */
	scopes?: string[];
	items?: IDataObject[];
	node?: Partial<INode>;
	credentials?: TestCredentialsHelper;
}

export function userCredentials(
	fake: FakeKick,
	scopes?: string[],
): { credentials: TestCredentialsHelper; accessToken: string } {
	const { accessToken, refreshToken } = fake.issueUserToken(scopes ? { scopes } : {});
	return {
		credentials: newCredentials(kickCredentialData({ accessToken, refreshToken })),
		accessToken,
	};
}

export async function runWith(
	fake: FakeKick,
	parameters: IDataObject,
	options: RunOptions = {},
): Promise<KickRunResult> {
	const credentials = options.credentials ?? userCredentials(fake, options.scopes).credentials;
	return await runKickNode({ parameters, credentials, items: options.items, node: options.node });
}

/** Requests the fake received for one spec operation, e.g. "POST /public/v1/chat". */
export function requestsTo(fake: FakeKick, operation: string): RecordedRequest[] {
	return fake.requests.filter((request) => request.operation === operation);
}

/** Every request to api.kick.com (token requests to id.kick.com left out). */
export function apiRequests(fake: FakeKick): RecordedRequest[] {
	return fake.requests.filter((request) => request.host === 'api.kick.com');
}

export const jsonOf = (result: KickRunResult): IDataObject[] =>
	result.output.map((item) => item.json);

export const resourceLocator = (mode: string, value: string) => ({ __rl: true, mode, value });
