#!/usr/bin/env node
/*
 * The checks of `npx @n8n/scan-community-package`, offline. The real scanner downloads the
 * published package and the source its npm provenance points at, which needs the internet;
 * here the scanner's own analyzePackage() lints the same two things: the package source
 * (package.json, nodes/, credentials/) and the tarball `npm pack` produces (compiled .js +
 * package.json). The source also goes through `n8n-node lint` (scripts/n8n-lint.js), as in
 * `npm run lint`, so both commands apply every rule n8n's tooling has.
 *
 *   node scripts/scan-package.js [packageDir]   (build first: the tarball ships dist/)
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { lintPackageSource, report, runScannerRules } = require('./n8n-lint');

// What n8n needs from the tarball: the compiled nodes and credential, and the documents.
const SHIPPED = /^(dist\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;

function pack(packageDir, work) {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
			cwd: packageDir,
			encoding: 'utf8',
		}),
	)[0];
	execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
	return { packed, unpacked: path.join(work, 'package') };
}

async function main() {
	const packageDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kick-scan-'));
	try {
		const results = await lintPackageSource(packageDir);
		const { packed, unpacked } = pack(packageDir, work);
		const files = packed.files.map((file) => file.path);
		const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
		const dependencies = Object.keys(pkg.dependencies || {});
		console.log(
			`packed ${packed.filename}: ${files.length} files, ${packed.size} bytes, runtime dependencies: ${dependencies.length}`,
		);
		results.push(
			await runScannerRules(unpacked, 'scanner rules (tarball)', ['**/*.js', 'package.json']),
		);
		let passed = report(results);
		const unexpected = files.filter((file) => !SHIPPED.test(file));
		if (unexpected.length) {
			console.log(`FAIL the tarball ships more than n8n needs: ${unexpected.join(', ')}`);
			passed = false;
		}
		if (dependencies.length) {
			console.log(`FAIL the package has runtime dependencies: ${dependencies.join(', ')}`);
			passed = false;
		}
		process.exitCode = passed ? 0 : 1;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
