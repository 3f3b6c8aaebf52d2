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
 */
'use strict';
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureNode24Bin, envWithNode24, CACHE_ROOT } = require('./with-node24');

const N8N_VERSION = process.env.N8N_NODES_KICK_N8N_VERSION || '2.41.0';
const ROOT = path.resolve(__dirname, '..');
const log = (message) => process.stderr.write(`[n8n-nodes-kick] ${message}\n`);

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

/** Installs n8n once; returns { nodeBin, n8nMain, env }. */
function ensureN8n(version = N8N_VERSION) {
	const nodeBin = ensureNode24Bin();
	const env = envWithNode24(nodeBin);
	const dir = n8nDir(version);
	const n8nMain = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.installed');
	const binding = path.join(
		dir,
		'node_modules',
		'sqlite3',
		'build',
		'Release',
		'node_sqlite3.node',
	);
	if (fs.existsSync(marker) && fs.existsSync(n8nMain) && fs.existsSync(binding))
		return { nodeBin, n8nMain, env, dir };

	fs.mkdirSync(dir, { recursive: true });
	// n8n 1.x pins xlsx to a CDN tarball; the same version is on the npm registry.
	const manifest = version.startsWith('1.')
		? { private: true, overrides: { xlsx: '0.18.5' } }
		: { private: true };
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	log(`Installing n8n@${version} into ${dir} (once, a few minutes)…`);
	// --ignore-scripts: isolated-vm and other native parts would try to build; only sqlite3 is needed.
	run(
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http', `n8n@${version}`],
		{ cwd: dir, env },
	);
	log('Building sqlite3 for Node 24…');
	// This package's .npmrc (ignore-scripts) reaches us through npm's env when run as `npm start`:
	// the rebuild must run sqlite3's install script, against Node 24's headers.
	const { npm_config_ignore_scripts: _ignored, ...buildEnv } = env;
	run('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3'], {
		cwd: dir,
		env: { ...buildEnv, npm_config_nodedir: path.dirname(nodeBin) },
	});
	if (!fs.existsSync(binding))
		throw new Error(`sqlite3 was not built (${binding} is missing); see the npm output above`);
	fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
	log(`n8n@${version} is installed.`);
	return { nodeBin, n8nMain, env, dir };
}

/** Build and `npm pack` this package; returns the tarball's path. */
function packPackage(destination) {
	fs.mkdirSync(destination, { recursive: true });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	);
	return path.join(destination, packed[0].filename);
}

/** What n8n's Community Nodes installer does with a package tarball. */
function installPackageLikeN8n(tarball, userFolder, env = process.env) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', 'n8n-nodes-kick');
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
		{ cwd: packageDir, env },
	);
	const nodesManifest = path.join(nodesDir, 'package.json');
	const nodesPackage = fs.existsSync(nodesManifest)
		? JSON.parse(fs.readFileSync(nodesManifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPackage.dependencies = { ...nodesPackage.dependencies, 'n8n-nodes-kick': manifest.version };
	fs.writeFileSync(nodesManifest, JSON.stringify(nodesPackage, null, 2));
	return packageDir;
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

function start() {
	const userFolder = process.env.N8N_NODES_KICK_USER_FOLDER || path.join(ROOT, '.n8n-dev');
	const port = Number(process.env.N8N_PORT || 5678);
	const { n8nMain, env, nodeBin } = ensureN8n();
	log('Building the package…');
	run('npm', ['run', 'build'], { cwd: ROOT, env });
	const tarball = packPackage(path.join(userFolder, 'packs'));
	installPackageLikeN8n(tarball, userFolder, env);
	log(`Starting n8n ${N8N_VERSION} with n8n-nodes-kick; data in ${userFolder}`);
	log(
		`Open http://localhost:${port} once n8n says "Editor is now accessible" (first start takes about a minute).`,
	);
	const child = spawn(path.join(nodeBin, 'node'), [n8nMain, 'start'], {
		stdio: 'inherit',
		env: { ...env, ...quietN8nEnv(userFolder, port) },
	});
	child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 1)));
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

module.exports = { ensureN8n, packPackage, installPackageLikeN8n, quietN8nEnv, N8N_VERSION, ROOT };

if (require.main === module) {
	const command = process.argv[2] || 'start';
	try {
		if (command === 'install') ensureN8n();
		else if (command === 'start') start();
		else throw new Error(`unknown command ${command} (use start or install)`);
	} catch (error) {
		log(`Failed: ${error.message}`);
		process.exit(1);
	}
}
