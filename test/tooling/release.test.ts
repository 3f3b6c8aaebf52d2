/**
 * What a release ships and who may publish it: `npm pack` and `npm publish --dry-run` ship
 * exactly dist/ + README, LICENSE, CHANGELOG; prepublishOnly's guard refuses anything but
 * publish.yml on a version tag after the checks; npm itself refuses a publish without
 * provenance. npm only ever talks to a fake registry on loopback here. Needs `npm run build`.
 */
import { spawn } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { dirname, join, normalize } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { refusals } = require('../../scripts/release-guard.js') as {
	refusals(env: Record<string, string | undefined>, pkg: object): string[];
};

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
};
const DOCUMENTS = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];

interface Run {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** npm as on a developer's machine: no CI or GitHub variables, this repo's .npmrc. */
async function npm(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? '',
	};
	const child = spawn('npm', args, { cwd: ROOT, env: { ...env, ...extraEnv } });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
	return { status, stdout, stderr };
}

/** A registry that has never heard of the package and records every request. */
async function fakeRegistry(): Promise<{ url: string; requests: string[]; server: Server }> {
	const requests: string[] = [];
	const server = createServer((request: IncomingMessage, response) => {
		requests.push(`${request.method} ${request.url}`);
		request.resume();
		response.writeHead(request.method === 'PUT' ? 201 : 404, {
			'content-type': 'application/json',
		});
		response.end('{}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/`, requests, server };
}

function tarballFiles(run: Run): string[] {
	expect(run.status).toBe(0);
	// npm pack prints a list of packages, npm publish an object keyed by package name.
	const parsed = JSON.parse(run.stdout) as Record<string, { files: Array<{ path: string }> }>;
	const [result] = Object.values(parsed);
	return result.files.map((file) => file.path).sort();
}

/** The files n8n loads: each node and credential module, their icons, each node's codex file. */
function filesN8nLoads(): string[] {
	const needed = new Set<string>();
	const iconFiles = (module: string, icon: unknown) =>
		(typeof icon === 'string' ? [icon] : Object.values((icon ?? {}) as object))
			.filter((value): value is string => typeof value === 'string' && value.startsWith('file:'))
			.map((value) => normalize(join(dirname(module), value.slice('file:'.length))));
	for (const module of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		needed.add(module);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(ROOT, module)) as Record<string, new () => object>;
		for (const Type of Object.values(exported)) {
			const instance = new Type() as { description?: { icon?: unknown }; icon?: unknown };
			for (const icon of iconFiles(module, instance.description?.icon ?? instance.icon))
				needed.add(icon);
		}
		if (module.endsWith('.node.js')) needed.add(module.replace(/\.js$/, '.json'));
	}
	return [...needed];
}

describe('what a release ships', () => {
	let packed: string[];
	let published: string[];
	let registry: Awaited<ReturnType<typeof fakeRegistry>>;

	beforeAll(async () => {
		if (!existsSync(join(ROOT, pkg.n8n.nodes[0]))) throw new Error('run npm run build first');
		registry = await fakeRegistry();
		packed = tarballFiles(await npm(['pack', '--dry-run', '--json']));
		published = tarballFiles(
			await npm(['publish', '--dry-run', '--json', '--registry', registry.url]),
		);
	});
	afterAll(async () => await new Promise((resolve) => registry.server.close(resolve)));

	it('npm pack and npm publish --dry-run ship the same files', () => {
		expect(published).toEqual(packed);
	});

	it('only dist/, README, LICENSE, CHANGELOG (and package.json)', () => {
		const outside = packed.filter((file) => !file.startsWith('dist/'));
		expect(outside).toEqual(DOCUMENTS);
		expect(packed.filter((file) => /^dist\/(test|bench|scripts)\//.test(file))).toEqual([]);
	});

	it('every file n8n loads: node and credential modules, their icons, the codex files', () => {
		const needed = filesN8nLoads();
		expect(needed).toEqual(
			expect.arrayContaining([
				'dist/nodes/Kick/kick.svg',
				'dist/nodes/Kick/kick.dark.svg',
				'dist/nodes/Kick/Kick.node.json',
			]),
		);
		for (const file of needed) expect(packed).toContain(file);
	});

	it('a dry run publishes nothing', () => {
		expect(registry.requests.filter((request) => request.startsWith('PUT'))).toEqual([]);
	});
});

describe('who may publish', () => {
	const inWorkflow = {
		GITHUB_ACTIONS: 'true',
		GITHUB_REPOSITORY: 'n8n-nodes-kick/n8n-nodes-kick',
		GITHUB_WORKFLOW_REF: `n8n-nodes-kick/n8n-nodes-kick/.github/workflows/publish.yml@refs/tags/${pkg.version}`,
		GITHUB_REF: `refs/tags/${pkg.version}`,
		GITHUB_REF_TYPE: 'tag',
		GITHUB_REF_NAME: pkg.version,
		GITHUB_SHA: 'a'.repeat(40),
		KICK_CHECKED_SHA: 'a'.repeat(40),
		npm_config_provenance: 'true',
	};

	it('the guard lets publish.yml through on the version tag after the checks passed', () => {
		expect(refusals(inWorkflow, pkg)).toEqual([]);
		expect(refusals({ ...inWorkflow, GITHUB_REF_NAME: `v${pkg.version}` }, pkg)).toEqual([]);
	});

	it.each([
		['outside GitHub Actions', { GITHUB_ACTIONS: undefined }, /not running in GitHub Actions/],
		['from a fork', { GITHUB_REPOSITORY: 'someone/fork' }, /repository is someone\/fork/],
		[
			'from another workflow',
			{
				GITHUB_WORKFLOW_REF:
					'n8n-nodes-kick/n8n-nodes-kick/.github/workflows/ci.yml@refs/heads/main',
			},
			/workflow is .*ci\.yml/,
		],
		['from a branch', { GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' }, /not the tag/],
		['from another version tag', { GITHUB_REF_NAME: '9.9.9' }, /not the tag/],
		['without the checks', { KICK_CHECKED_SHA: undefined }, /checks .* did not pass/],
		['checks of another commit', { KICK_CHECKED_SHA: 'b'.repeat(40) }, /checks .* did not pass/],
		['without --provenance', { npm_config_provenance: undefined }, /--provenance/],
	])('the guard refuses a publish %s', (_case, change, reason) => {
		const found = refusals({ ...inWorkflow, ...change }, pkg);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatch(reason);
	});

	it('npm publish with scripts on runs the guard as prepublishOnly and stops there', async () => {
		const registry = await fakeRegistry();
		try {
			const run = await npm([
				'publish',
				'--dry-run',
				'--ignore-scripts=false',
				'--registry',
				registry.url,
			]);
			expect(run.status).not.toBe(0);
			expect(run.stderr).toContain(`Refusing to publish ${pkg.name}@${pkg.version}`);
			expect(run.stderr).toContain('not running in GitHub Actions');
			expect(`${run.stdout}${run.stderr}`).not.toContain('gulp');
		} finally {
			await new Promise((resolve) => registry.server.close(resolve));
		}
	});

	it('npm refuses a plain npm publish (scripts skipped by .npmrc): publishConfig demands provenance', async () => {
		const registry = await fakeRegistry();
		try {
			const host = registry.url.replace(/^http:/, '');
			const run = await npm([
				'publish',
				'--registry',
				registry.url,
				`--${host}:_authToken=test-token`,
			]);
			expect(run.status).not.toBe(0);
			expect(run.stderr).toMatch(/provenance generation not supported/i);
			expect(registry.requests.filter((request) => request.startsWith('PUT'))).toEqual([]);
		} finally {
			await new Promise((resolve) => registry.server.close(resolve));
		}
	});
});
