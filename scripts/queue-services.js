#!/usr/bin/env node
/**
 * Finds Redis and PostgreSQL from Debian's packages for `npm run test:e2e:queue`, installing
 * them with apt-get when they are missing and this runs as root (CI, a fresh machine).
 *   node scripts/queue-services.js ensure   prints where they are, installs if needed
 * The e2e suite starts its own throwaway servers from these binaries on loopback; nothing is
 * started as a system service.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const PACKAGES = ['redis-server', 'postgresql'];

function findRedis() {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) =>
		fs.existsSync(file),
	);
}

/** Debian keeps PostgreSQL's server programs in /usr/lib/postgresql/<major>/bin; the newest wins. */
function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(root, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

function locate() {
	return { redisServer: findRedis(), postgresBin: findPostgresBin() };
}

function ensure() {
	let found = locate();
	if (found.redisServer && found.postgresBin) return found;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		throw new Error(
			`Redis and PostgreSQL are needed: run "sudo apt-get install -y ${PACKAGES.join(' ')}" (Debian/Ubuntu)`,
		);
	}
	console.log(`[queue-services] installing ${PACKAGES.join(' ')} from Debian's packages…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', ...PACKAGES], { stdio: 'inherit', env });
	found = locate();
	if (!found.redisServer || !found.postgresBin)
		throw new Error('apt-get ran, but redis-server or PostgreSQL is still missing');
	return found;
}

module.exports = { ensure, locate };

if (require.main === module) {
	try {
		const found = ensure();
		console.log(
			`[queue-services] redis-server: ${found.redisServer}; PostgreSQL: ${found.postgresBin}`,
		);
	} catch (error) {
		console.error(`[queue-services] ${error.message}`);
		process.exit(1);
	}
}
