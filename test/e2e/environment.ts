/** One fake Kick plus one real n8n with the packed package installed, for an e2e test file. */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { testCertificates, writeCaBundle } from '../fake-kick/certs';
import type { FakeKick } from '../fake-kick/server';
import { startKickForTest } from '../support/kick-network';
import { N8nApi } from './n8n-api';
import { N8nProcess } from './n8n-process';
import type { CredentialRef } from './workflows';

export interface E2eEnvironment {
	fake: FakeKick;
	n8n: N8nProcess;
	api: N8nApi;
}

/**
 * KICK_E2E_SSRF=on runs n8n with its SSRF protection on, allowing only Kick's two hosts: what a
 * user who turns the protection on must set (the fake is on loopback, which it blocks otherwise).
 */
function ssrfEnv(): Record<string, string> {
	if (process.env.KICK_E2E_SSRF !== 'on') return {};
	return {
		N8N_SSRF_PROTECTION_ENABLED: 'true',
		N8N_SSRF_ALLOWED_HOSTNAMES: 'api.kick.com,id.kick.com',
	};
}

export async function startEnvironment(
	port = Number(process.env.KICK_E2E_N8N_PORT ?? 5690),
): Promise<E2eEnvironment> {
	const fake = await startKickForTest();
	const folder = mkdtempSync(join(tmpdir(), 'kick-e2e-n8n-'));
	N8nProcess.installPackage(folder);
	const n8n = new N8nProcess({
		userFolder: folder,
		port,
		kickAddress: fake.address.host,
		caBundle: writeCaBundle(join(folder, 'ca-bundle.pem')),
		logFile: join(folder, 'n8n.log'),
		extraEnv: ssrfEnv(),
	});
	process.stdout.write(
		`e2e: n8n log in ${join(folder, 'n8n.log')}${process.env.KICK_E2E_SSRF === 'on' ? ' (SSRF protection on)' : ''}\n`,
	);
	try {
		await n8n.start();
	} catch (error) {
		await n8n.stop();
		await fake.stop();
		throw error;
	}
	const api = new N8nApi(n8n.baseUrl);
	await api.signIn();
	return { fake, n8n, api };
}

export async function stopEnvironment(environment: E2eEnvironment | undefined): Promise<void> {
	await environment?.n8n.stop();
	await environment?.fake.stop();
}

/** A Kick credential with a user access token (all scopes), connected through Kick's OAuth flow. */
export async function connectKickAccount(
	environment: E2eEnvironment,
	name = 'Kick account',
): Promise<CredentialRef> {
	const created = await environment.api.createCredential(name, 'kickOAuth2Api', {
		clientId: environment.fake.client.clientId,
		clientSecret: environment.fake.client.clientSecret,
	});
	await environment.api.connectOAuth2(created.id, testCertificates().caPem);
	return { id: created.id, name: created.name };
}

/** The lines of n8n's log that contain `text`. */
export function logLines(n8n: N8nProcess, text: string): string[] {
	return readFileSync(n8n.options.logFile, 'utf8')
		.split('\n')
		.filter((line) => line.includes(text));
}
