/**
 * Throwaway Redis and PostgreSQL servers on loopback for the queue-mode suite, started from
 * Debian's binaries (scripts/queue-services.js finds or installs them) in a temporary folder.
 */
import { type ChildProcess, execFileSync, spawn } from 'child_process';
import { chmodSync, chownSync, createWriteStream, mkdirSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const queueServices = require('../../../scripts/queue-services.js') as {
	ensure(): { redisServer: string; postgresBin: string };
};

export interface Service {
	port: number;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	/** Runs one SQL statement in `database`; rows as lines, columns separated by "|". */
	query(database: string, sql: string): string;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

function stopper(child: ChildProcess): () => Promise<void> {
	return async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGINT');
		const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timeout);
	};
}

async function waitUntil(
	what: string,
	probe: () => boolean | Promise<boolean>,
	child: ChildProcess,
	logFile: string,
	timeoutMs = 30_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited during start; see ${logFile}`);
		if (await probe()) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} did not start within ${timeoutMs} ms; see ${logFile}`);
}

function spawnLogged(command: string, args: string[], logFile: string): ChildProcess {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const log = createWriteStream(logFile, { flags: 'a' });
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	return child;
}

export async function startRedis(folder: string): Promise<Service> {
	const { redisServer } = queueServices.ensure();
	const port = await freePort();
	const logFile = join(folder, 'redis.log');
	const child = spawnLogged(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			folder,
		],
		logFile,
	);
	const ping = () => {
		try {
			return (
				execFileSync(join(redisServer, '..', 'redis-cli'), ['-p', String(port), 'ping'], {
					encoding: 'utf8',
					stdio: 'pipe',
				}).trim() === 'PONG'
			);
		} catch {
			return false;
		}
	};
	await waitUntil('redis-server', ping, child, logFile);
	return { port, stop: stopper(child) };
}

/**
 * PostgreSQL refuses to run as root: as root, the cluster belongs to Debian's "postgres" user.
 * setpriv execs in place (unlike runuser/su), so signals reach the server itself.
 */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	return isRoot
		? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', command, ...args]]
		: [command, args];
}

function postgresOwnership(folder: string): void {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
	chmodSync(join(folder, '..'), 0o755);
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	chownSync(folder, uid, gid);
}

export async function startPostgres(folder: string, database: string): Promise<Postgres> {
	const { postgresBin } = queueServices.ensure();
	const home = join(folder, 'postgres');
	mkdirSync(home, { recursive: true });
	postgresOwnership(home);
	const data = join(home, 'data');
	const logFile = join(folder, 'postgres.log');
	execFileSync(
		...asPostgresUser(join(postgresBin, 'initdb'), [
			'-D',
			data,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
		]),
		{ stdio: 'pipe' },
	);
	const port = await freePort();
	const [command, args] = asPostgresUser(join(postgresBin, 'postgres'), [
		'-D',
		data,
		'-k',
		home,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	const child = spawnLogged(command, args, logFile);
	const ready = () => {
		try {
			execFileSync(join(postgresBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], {
				stdio: 'pipe',
			});
			return true;
		} catch {
			return false;
		}
	};
	await waitUntil('PostgreSQL', ready, child, logFile);
	const query = (db: string, sql: string) =>
		execFileSync(
			join(postgresBin, 'psql'),
			['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-tAc', sql],
			{ encoding: 'utf8' },
		).trim();
	query('postgres', `CREATE DATABASE ${database}`);
	return { port, stop: stopper(child), query };
}
