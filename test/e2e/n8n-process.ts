/** Starts and stops a real n8n (the cached install of scripts/n8n.js) for the end-to-end suite. */
import { spawn, type ChildProcess } from 'child_process';
import { createWriteStream, mkdirSync } from 'fs';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nScripts = require('../../scripts/n8n.js') as {
	ensureN8n(version?: string): { nodeBin: string; n8nMain: string; env: NodeJS.ProcessEnv };
	packPackage(destination: string): string;
	installPackageLikeN8n(tarball: string, userFolder: string, env?: NodeJS.ProcessEnv): string;
	quietN8nEnv(userFolder: string, port: number): Record<string, string>;
};

/** What n8n shows as its public address: Kick refuses (and the Kick Trigger rejects) a local URL. */
export const PUBLIC_WEBHOOK_BASE_URL = 'https://n8n.example.com/';

/** n8n's commands: the main process, a webhook process and a worker (the last two: queue mode). */
export type N8nCommand = 'start' | 'webhook' | 'worker';

export interface N8nOptions {
	command?: N8nCommand;
	userFolder: string;
	port: number;
	/** Loopback address the fake Kick listens on (api.kick.com / id.kick.com resolve to it). */
	kickAddress: string;
	/** CA bundle holding the system CAs and the fake's test CA. */
	caBundle: string;
	logFile: string;
	extraEnv?: Record<string, string>;
	/** Extra Node options for n8n's own process only (e.g. --inspect), not its task runner. */
	nodeArgs?: string[];
}

export class N8nProcess {
	private child?: ChildProcess;
	private exited?: Promise<void>;

	constructor(readonly options: N8nOptions) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	get command(): N8nCommand {
		return this.options.command ?? 'start';
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.options.port}`;
	}

	/** Packs the package and installs it as n8n's Community Nodes installer would. */
	static installPackage(userFolder: string): string {
		const { env } = n8nScripts.ensureN8n();
		const tarball = n8nScripts.packPackage(join(userFolder, 'packs'));
		return n8nScripts.installPackageLikeN8n(tarball, userFolder, env);
	}

	async start(timeoutMs = 240_000): Promise<void> {
		const { nodeBin, n8nMain, env } = n8nScripts.ensureN8n();
		mkdirSync(this.options.userFolder, { recursive: true });
		const log = createWriteStream(this.options.logFile, { flags: 'a' });
		// Resolves api.kick.com / id.kick.com to the fake inside n8n; the package keeps Kick's hosts.
		const support = join(__dirname, '..', 'support');
		const preload = [
			'--require',
			join(support, 'register-ts.js'),
			'--require',
			join(support, 'kick-dns-preload.ts'),
		];
		this.child = spawn(
			join(nodeBin, 'node'),
			[...preload, ...(this.options.nodeArgs ?? []), n8nMain, this.command],
			{
				env: {
					...env,
					...n8nScripts.quietN8nEnv(this.options.userFolder, this.options.port),
					N8N_LISTEN_ADDRESS: '127.0.0.1',
					N8N_HOST: '127.0.0.1',
					// The public HTTPS address Kick would be given (a reverse proxy in front of n8n); the
					// tests themselves post deliveries to n8n's local port.
					WEBHOOK_URL: PUBLIC_WEBHOOK_BASE_URL,
					N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
					FAKE_KICK_ADDRESS: this.options.kickAddress,
					NODE_EXTRA_CA_CERTS: this.options.caBundle,
					N8N_LOG_LEVEL: 'info',
					// n8n's task-runner broker (default 5679) must not collide with another n8n on this machine.
					N8N_RUNNERS_BROKER_PORT: String(this.options.port + 1),
					// jest sets NODE_ENV=test, which n8n treats as its own test mode.
					NODE_ENV: 'production',
					...this.options.extraEnv,
				},
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			},
		);
		this.child.stdout?.pipe(log);
		this.child.stderr?.pipe(log);
		const child = this.child;
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
		await this.waitUntilReady(timeoutMs);
	}

	private async waitUntilReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let exited = false;
		void this.exited?.then(() => (exited = true));
		while (Date.now() < deadline) {
			if (exited) throw new Error(`n8n exited during start; see ${this.options.logFile}`);
			try {
				if (await this.isReady()) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		throw new Error(`n8n did not become ready within ${timeoutMs} ms; see ${this.options.logFile}`);
	}

	private async isReady(): Promise<boolean> {
		if (this.command !== 'start') {
			// Webhook and worker processes have no editor; their readiness checks the database and Redis.
			return (await fetch(`${this.baseUrl}/healthz/readiness`)).ok;
		}
		// Until n8n has loaded everything it answers every route with "n8n is starting up".
		const response = await fetch(`${this.baseUrl}/rest/settings`);
		const body = response.ok
			? ((await response.json().catch(() => undefined)) as { data?: unknown } | undefined)
			: undefined;
		return body?.data !== undefined;
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null || child.pid === undefined) return;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			child.kill('SIGTERM');
		}
		const timeout = new Promise<'timeout'>((resolve) =>
			setTimeout(() => resolve('timeout'), 20_000).unref(),
		);
		if ((await Promise.race([this.exited, timeout])) === 'timeout') {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				child.kill('SIGKILL');
			}
			await this.exited;
		}
		this.child = undefined;
	}
}
