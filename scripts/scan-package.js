#!/usr/bin/env node
/*
 * The checks of `npx @n8n/scan-community-package`, offline. The real scanner downloads the
 * published package and the source its npm provenance points at, which needs the internet;
 * here its own analyzePackage() lints the same two things: the source tree (package.json,
 * nodes/, credentials/) and the tarball `npm pack` produces (compiled .js + package.json).
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
	const root = path.resolve(__dirname, '..');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kick-scan-'));
	try {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
				cwd: root,
				encoding: 'utf8',
			}),
		);
		const tarball = path.join(work, packed[0].filename);
		const unpacked = path.join(work, 'package');
		execFileSync('tar', ['-xzf', tarball, '-C', work]);
		const files = packed[0].files.map((file) => file.path);
		const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
		console.log(
			`packed ${packed[0].filename}: ${files.length} files, ${packed[0].size} bytes, runtime dependencies: ${Object.keys(pkg.dependencies || {}).length}`,
		);

		const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
		const source = await scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS);
		const dist = await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']);
		let failed = false;
		for (const [label, result] of [
			['source', source],
			['tarball', dist],
		]) {
			console.log(
				`${result.passed ? 'PASS' : 'FAIL'} scanner rules on the ${label}${result.message ? `: ${result.message}` : ''}`,
			);
			if (result.details) console.log(result.details);
			failed ||= !result.passed;
		}
		if (Object.keys(pkg.dependencies || {}).length) {
			console.log('FAIL the package has runtime dependencies');
			failed = true;
		}
		process.exitCode = failed ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
