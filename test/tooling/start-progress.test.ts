/**
 * `npm start`'s pure parts (scripts/progress.js, scripts/n8n.js): when it draws one line and when
 * whole lines, what the line says, what it counts in npm's and n8n's output, when it rebuilds the
 * package, and what proves that n8n loaded the Kick nodes.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { Kick } from '../../nodes/Kick/Kick.node';
import { KickTrigger } from '../../nodes/KickTrigger/KickTrigger.node';

/* eslint-disable @typescript-eslint/no-require-imports */
const progress = require('../../scripts/progress.js') as {
	progressMode(options: { isTTY: boolean; env: Record<string, string | undefined> }): string;
	formatDuration(ms: number): string;
	formatCount(count: { done: number; total?: number; unit: string }): string;
	formatProgressLine(options: {
		step: number;
		steps: number;
		title: string;
		elapsedMs: number;
		counts?: Array<{ done: number; total?: number; unit: string }>;
		width?: number;
	}): string;
	npmFetched(line: string): { kind: 'package' | 'manifest'; url: string } | undefined;
	compiledFile(line: string): boolean;
	finishedMigration(line: string): boolean;
	editorAccessible(line: string): boolean;
	tailLines(text: string, n: number): string[];
};
const n8nScript = require('../../scripts/n8n.js') as {
	ROOT: string;
	KICK_NODE_TYPES: string[];
	PACKAGE_INPUTS: string[];
	packageSourceHash(root: string, inputs?: string[]): string;
	migrationTotal(indexSource: string): number | undefined;
	kickNodesIn(types: Array<{ name: string; displayName: string }>): {
		found: string[];
		missing: string[];
	};
	lockedPackageCount(
		lock: { packages?: Record<string, Record<string, unknown>> },
		platform?: string,
		arch?: string,
	): number;
	n8nManifest(version: string): object;
	lockDir(version: string): string;
	N8N_VERSION: string;
	readyLines(options: {
		url: string;
		version: string;
		kickNodes: string[];
		webhookUrl?: string;
		logFile: string;
	}): string[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

describe('progress mode', () => {
	const tty = (env: Record<string, string | undefined>) =>
		progress.progressMode({ isTTY: true, env });

	test('a terminal gets the redrawn line', () => {
		expect(tty({ TERM: 'xterm-256color' })).toBe('tty');
		expect(tty({ CI: 'false' })).toBe('tty');
	});

	test('CI, a pipe or a dumb terminal get whole lines', () => {
		expect(tty({ CI: 'true' })).toBe('plain');
		expect(tty({ CI: '1' })).toBe('plain');
		expect(tty({ TERM: 'dumb' })).toBe('plain');
		expect(progress.progressMode({ isTTY: false, env: {} })).toBe('plain');
	});

	test('N8N_NODES_KICK_PROGRESS chooses either', () => {
		expect(tty({ N8N_NODES_KICK_PROGRESS: 'plain' })).toBe('plain');
		expect(
			progress.progressMode({ isTTY: false, env: { CI: 'true', N8N_NODES_KICK_PROGRESS: 'tty' } }),
		).toBe('tty');
	});
});

describe('the progress line', () => {
	test('elapsed time', () => {
		expect(progress.formatDuration(0)).toBe('0s');
		expect(progress.formatDuration(59_999)).toBe('59s');
		expect(progress.formatDuration(65_000)).toBe('1m 05s');
		expect(progress.formatDuration(12 * 60_000)).toBe('12m 00s');
	});

	test('counts, with and without a total', () => {
		expect(progress.formatCount({ done: 812, total: 2364, unit: 'packages' })).toBe(
			'812 of 2,364 packages',
		);
		expect(progress.formatCount({ done: 1802, unit: 'package manifests' })).toBe(
			'1,802 package manifests',
		);
	});

	test('step, title, elapsed time and the counts that started', () => {
		expect(
			progress.formatProgressLine({
				step: 2,
				steps: 5,
				title: 'Installing n8n 2.41.0',
				elapsedMs: 65_000,
				counts: [
					{ done: 1802, unit: 'package manifests' },
					{ done: 0, unit: 'packages fetched' },
				],
			}),
		).toBe('[2/5] Installing n8n 2.41.0 · 1m 05s · 1,802 package manifests');
	});

	test('cut to the terminal width', () => {
		const line = progress.formatProgressLine({
			step: 5,
			steps: 5,
			title: 'Starting n8n 2.41.0',
			elapsedMs: 3000,
			counts: [{ done: 87, total: 266, unit: 'database migrations' }],
			width: 30,
		});
		expect(line).toHaveLength(30);
		expect(line).toBe('[5/5] Starting n8n 2.41.0 · 3…');
	});

	test('the tail of a log', () => {
		expect(progress.tailLines('a\nb\nc\n', 2)).toEqual(['b', 'c']);
		expect(progress.tailLines('a', 5)).toEqual(['a']);
	});
});

describe("reading npm's and n8n's lines", () => {
	test('npm --loglevel=http: tarballs are packages, the rest manifests, failures nothing', () => {
		expect(
			progress.npmFetched(
				'npm http fetch GET 200 https://registry.npmjs.org/n8n/-/n8n-2.41.0.tgz 812ms (cache miss)',
			),
		).toEqual({ kind: 'package', url: 'https://registry.npmjs.org/n8n/-/n8n-2.41.0.tgz' });
		expect(
			progress.npmFetched(
				'npm http fetch GET 200 https://registry.npmjs.org/@1password%2fconnect 79ms (cache miss)',
			),
		).toEqual({ kind: 'manifest', url: 'https://registry.npmjs.org/@1password%2fconnect' });
		expect(
			progress.npmFetched(
				'npm http fetch GET 304 https://registry.npmjs.org/zod 12ms (cache revalidated)',
			)?.kind,
		).toBe('manifest');
		expect(
			progress.npmFetched(
				'npm http fetch GET https://registry.npmjs.org/inflight/-/inflight-1.0.6.tgz attempt 1 failed with ECONNRESET',
			),
		).toBeUndefined();
		expect(progress.npmFetched('npm warn ERESOLVE overriding peer dependency')).toBeUndefined();
	});

	test('npm http cache hits count as packages too', () => {
		expect(
			progress.npmFetched(
				'npm http cache @aws-sdk/types@https://registry.npmjs.org/@aws-sdk/types/-/types-3.975.1.tgz 0ms (cache hit)',
			),
		).toEqual({
			kind: 'package',
			url: 'https://registry.npmjs.org/@aws-sdk/types/-/types-3.975.1.tgz',
		});
	});

	test("node-gyp's compiled files", () => {
		expect(
			progress.compiledFile(
				'  CC(target) Release/obj.target/sqlite3/gen/sqlite-autoconf/sqlite3.o',
			),
		).toBe(true);
		expect(
			progress.compiledFile('  CXX(target) Release/obj.target/node_sqlite3/src/database.o'),
		).toBe(true);
		expect(
			progress.compiledFile('  SOLINK_MODULE(target) Release/obj.target/node_sqlite3.node'),
		).toBe(false);
	});

	test("n8n's migrations and its editor line", () => {
		expect(progress.finishedMigration('Finished migration InitialMigration1588102412422')).toBe(
			true,
		);
		expect(progress.finishedMigration('Starting migration InitialMigration1588102412422')).toBe(
			false,
		);
		expect(progress.editorAccessible('Editor is now accessible via:')).toBe(true);
		expect(progress.editorAccessible('n8n ready on ::, port 5678')).toBe(false);
	});

	test("the number of migrations from @n8n/db's list", () => {
		const index = [
			'exports.sqliteMigrations = void 0;',
			'const _1_InitialMigration_1 = require("./1-InitialMigration");',
			'exports.sqliteMigrations = [',
			'    _1588102412422_InitialMigration_1.InitialMigration1588102412422,',
			'    _1592445003908_WebhookModel_1.WebhookModel1592445003908,',
			'    _1620821879465_UniqueWorkflowNames_1.UniqueWorkflowNames1620821879465,',
			'];',
		].join('\n');
		expect(n8nScript.migrationTotal(index)).toBe(3);
		expect(n8nScript.migrationTotal('module.exports = {}')).toBeUndefined();
	});
});

describe('ready only with the Kick nodes loaded', () => {
	test('the node types it waits for are the nodes of this package', () => {
		expect(n8nScript.KICK_NODE_TYPES).toEqual([
			`n8n-nodes-kick.${new Kick().description.name}`,
			`n8n-nodes-kick.${new KickTrigger().description.name}`,
		]);
	});

	test("found in n8n's node list, by display name", () => {
		const types = [
			{ name: 'n8n-nodes-base.webhook', displayName: 'Webhook' },
			{ name: 'n8n-nodes-kick.kick', displayName: 'Kick' },
			{ name: 'n8n-nodes-kick.kick', displayName: 'Kick' },
			{ name: 'n8n-nodes-kick.kickTool', displayName: 'Kick Tool' },
			{ name: 'n8n-nodes-kick.kickTrigger', displayName: 'Kick Trigger' },
		];
		expect(n8nScript.kickNodesIn(types)).toEqual({ found: ['Kick', 'Kick Trigger'], missing: [] });
		expect(n8nScript.kickNodesIn(types.slice(0, 1)).missing).toEqual(n8nScript.KICK_NODE_TYPES);
	});

	test('the ready lines name the address and what the Kick Trigger needs', () => {
		const lines = n8nScript.readyLines({
			url: 'http://localhost:5678',
			version: '2.41.0',
			kickNodes: ['Kick', 'Kick Trigger'],
			logFile: '.n8n-dev/npm-start.log',
		});
		expect(lines[0]).toBe(
			'Ready: open http://localhost:5678 (n8n 2.41.0, Kick nodes loaded: Kick, Kick Trigger)',
		);
		expect(lines.join('\n')).toContain('WEBHOOK_URL=https://');
		expect(lines.join('\n')).toContain('.n8n-dev/npm-start.log');
		const withWebhook = n8nScript.readyLines({
			url: 'http://localhost:5678',
			version: '2.41.0',
			kickNodes: ['Kick', 'Kick Trigger'],
			webhookUrl: 'https://bot.example.com/',
			logFile: 'log',
		});
		expect(withWebhook.join('\n')).toContain('WEBHOOK_URL=https://bot.example.com/');
	});
});

describe('rebuilding the package only when it changed', () => {
	let root: string;
	const write = (file: string, text: string) => {
		mkdirSync(join(root, file, '..'), { recursive: true });
		writeFileSync(join(root, file), text);
	};
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'kick-source-hash-'));
		write('nodes/Kick/Kick.node.ts', 'export class Kick {}');
		write('package.json', '{"name":"n8n-nodes-kick"}');
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));
	const hash = () => n8nScript.packageSourceHash(root, ['nodes', 'credentials', 'package.json']);

	test('the same files give the same hash', () => {
		expect(hash()).toBe(hash());
	});

	test('a changed, added, renamed or deleted file changes it', () => {
		const seen = new Set([hash()]);
		write('nodes/Kick/Kick.node.ts', 'export class Kick { x = 1 }');
		seen.add(hash());
		write('credentials/KickOAuth2Api.credentials.ts', 'export class C {}');
		seen.add(hash());
		rmSync(join(root, 'credentials/KickOAuth2Api.credentials.ts'));
		write('credentials/Renamed.credentials.ts', 'export class C {}');
		seen.add(hash());
		rmSync(join(root, 'credentials'), { recursive: true });
		write('package.json', '{"name":"n8n-nodes-kick","version":"0.2.0"}');
		seen.add(hash());
		expect(seen.size).toBe(5);
	});

	test('every file npm packs comes from an input of the hash (needs a build)', () => {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: n8nScript.ROOT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = packed[0].files.map((file) => file.path);
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md']));
		expect(files.some((file) => file.startsWith('dist/nodes/'))).toBe(true);
		const inputs = new Set(n8nScript.PACKAGE_INPUTS);
		for (const file of files) {
			// dist/ is what tsc and gulp make of nodes/ and credentials/.
			const source = file.startsWith('dist/') ? file.split('/')[1] : file;
			expect(`${file}: ${inputs.has(source)}`).toBe(`${file}: true`);
		}
	});
});

describe("n8n's install from the committed lockfile", () => {
	const lockDir = n8nScript.lockDir(n8nScript.N8N_VERSION);
	const read = (file: string) => JSON.parse(readFileSync(join(lockDir, file), 'utf8'));

	test('the lockfile is for the n8n version the scripts pin, exactly', () => {
		const manifest = read('package.json');
		const lock = read('package-lock.json');
		expect(manifest).toEqual(n8nScript.n8nManifest(n8nScript.N8N_VERSION));
		expect(lock.packages[''].dependencies).toEqual({ n8n: n8nScript.N8N_VERSION });
		expect(lock.packages['node_modules/n8n'].version).toBe(n8nScript.N8N_VERSION);
	});

	test('every package it installs has a tarball and an integrity (npm ci resolves nothing)', () => {
		const lock = read('package-lock.json') as {
			packages: Record<string, { resolved?: string; integrity?: string; link?: boolean }>;
		};
		const unresolved = Object.entries(lock.packages).filter(
			([location, entry]) => location !== '' && !entry.link && !(entry.resolved && entry.integrity),
		);
		expect(unresolved.map(([location]) => location)).toEqual([]);
	});

	test('the total shown counts distinct tarballs this platform installs', () => {
		const lock = {
			packages: {
				'': { dependencies: { n8n: '2.41.0' } },
				'node_modules/n8n': { resolved: 'https://r/n8n.tgz' },
				'node_modules/a/node_modules/uuid': { resolved: 'https://r/uuid-10.tgz' },
				'node_modules/b/node_modules/uuid': { resolved: 'https://r/uuid-10.tgz' },
				'node_modules/canvas-darwin': { resolved: 'https://r/c-d.tgz', os: ['darwin'] },
				'node_modules/canvas-linux-x64': {
					resolved: 'https://r/c-l.tgz',
					os: ['linux'],
					cpu: ['x64'],
				},
				'node_modules/canvas-linux-musl': {
					resolved: 'https://r/c-m.tgz',
					os: ['linux'],
					libc: ['musl'],
				},
				'node_modules/not-windows': { resolved: 'https://r/nw.tgz', os: ['!win32'] },
				'node_modules/left-over': { resolved: 'https://r/x.tgz', extraneous: true },
				'node_modules/local': { link: true, resolved: 'packages/local' },
			},
		};
		expect(n8nScript.lockedPackageCount(lock, 'linux', 'x64')).toBe(4);
		expect(n8nScript.lockedPackageCount(lock, 'darwin', 'arm64')).toBe(4);
		expect(n8nScript.lockedPackageCount(lock, 'win32', 'x64')).toBe(2);
	});
});
