/**
 * n8n in queue mode on loopback: PostgreSQL and Redis, the main process (editor, activation,
 * also serves production webhooks), one `n8n webhook` process and one `n8n worker`, each with
 * its own user folder holding the packed package (as on separate hosts), all sharing one
 * encryption key, and all reaching the fake Kick as api.kick.com / id.kick.com.
 */
import { randomBytes } from 'crypto';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { writeCaBundle } from '../../fake-kick/certs';
import type { FakeKick } from '../../fake-kick/server';
import { startKickForTest } from '../../support/kick-network';
import { N8nApi } from '../n8n-api';
import { type N8nCommand, N8nProcess, PUBLIC_WEBHOOK_BASE_URL } from '../n8n-process';
import { freePort, type Postgres, type Service, startPostgres, startRedis } from './services';

export interface QueueEnvironment {
	folder: string;
	fake: FakeKick;
	main: N8nProcess;
	webhook: N8nProcess;
	worker: N8nProcess;
	api: N8nApi;
	services: Service[];
	/** SQL against n8n's database (n8n's execution list only estimates counts on PostgreSQL). */
	sql(statement: string): string;
	/** Starts one more worker (its own user folder `name`, as on another host); stop it yourself. */
	addWorker(name: string): Promise<N8nProcess>;
}

const DATABASE = 'n8n';

function queueEnv(
	postgres: Service,
	redis: Service,
	encryptionKey: string,
	publicUrl: string,
): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: DATABASE,
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_ENCRYPTION_KEY: encryptionKey,
		// The URL Kick would be given (a load balancer in front of main and the webhook processes).
		WEBHOOK_URL: publicUrl,
	};
}

async function n8nFor(
	command: N8nCommand,
	folder: string,
	kickAddress: string,
	shared: Record<string, string>,
	port: number,
	name: string = command,
): Promise<N8nProcess> {
	const userFolder = join(folder, name);
	N8nProcess.installPackage(userFolder);
	const roleEnv: Record<string, string> =
		command === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: {};
	return new N8nProcess({
		command,
		userFolder,
		port,
		kickAddress,
		caBundle: writeCaBundle(join(userFolder, 'ca-bundle.pem')),
		logFile: join(folder, `n8n-${name}.log`),
		extraEnv: { ...shared, ...roleEnv, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
	});
}

export async function startQueueEnvironment(): Promise<QueueEnvironment> {
	const folder = mkdtempSync(join(tmpdir(), 'kick-e2e-queue-'));
	process.stdout.write(`e2e queue: logs in ${folder}\n`);
	const services: Service[] = [];
	const processes: N8nProcess[] = [];
	const fake = await startKickForTest();
	try {
		const postgres: Postgres = await startPostgres(folder, DATABASE);
		services.push(postgres);
		const redis = await startRedis(folder);
		services.push(redis);
		const encryptionKey = randomBytes(24).toString('hex');
		const mainPort = await freePort();
		const shared = queueEnv(postgres, redis, encryptionKey, PUBLIC_WEBHOOK_BASE_URL);
		const main = await n8nFor('start', folder, fake.address.host, shared, mainPort);
		processes.push(main);
		// The main process creates the schema; the others start once it is up.
		await main.start();
		const webhook = await n8nFor('webhook', folder, fake.address.host, shared, await freePort());
		const worker = await n8nFor('worker', folder, fake.address.host, shared, await freePort());
		processes.push(webhook, worker);
		await Promise.all([webhook.start(), worker.start()]);
		const api = new N8nApi(main.baseUrl);
		await api.signIn();
		return {
			folder,
			fake,
			main,
			webhook,
			worker,
			api,
			services,
			sql: (statement) => postgres.query(DATABASE, statement),
			addWorker: async (name) => {
				const extra = await n8nFor(
					'worker',
					folder,
					fake.address.host,
					shared,
					await freePort(),
					name,
				);
				await extra.start();
				return extra;
			},
		};
	} catch (error) {
		await Promise.all(processes.map(async (process) => await process.stop()));
		for (const service of services.reverse()) await service.stop();
		await fake.stop();
		throw error;
	}
}

export async function stopQueueEnvironment(
	environment: QueueEnvironment | undefined,
): Promise<void> {
	if (!environment) return;
	await Promise.all([environment.webhook.stop(), environment.worker.stop()]);
	await environment.main.stop();
	for (const service of [...environment.services].reverse()) await service.stop();
	await environment.fake.stop();
}
