#!/usr/bin/env node
/*
 * n8n's own lint checks, offline, on a package's source (this one by default):
 *  1. `n8n-node lint` (@n8n/node-cli), the command n8n's verification guidelines ask for. In
 *     strict mode (package.json "n8n.strict") it first checks that eslint.config.mjs is n8n's
 *     default, then runs ESLint with n8n's config: ESLint and typescript-eslint recommended,
 *     import-x, @n8n/eslint-plugin-community-nodes, eslint-plugin-n8n-nodes-base.
 *  2. The ESLint rules of @n8n/scan-community-package, through the scanner's own
 *     analyzePackage(), on the files it lints in the source its npm provenance points at.
 * `npm run lint` and `npm run scan` both run this, so neither sees a rule the other misses.
 *
 * n8n-node lint always lints the whole folder it runs in, and its default config has no
 * ignores. The test harness (test/, bench/, scripts/) is not package code: it reads files and
 * the environment on purpose, which the in-node rules forbid. So n8n-node lint runs in a
 * temporary copy holding what n8n's tooling treats as the package source (package.json,
 * eslint.config.mjs, tsconfig.json, nodes/, credentials/), with this repo's node_modules.
 *
 *   node scripts/n8n-lint.js [packageDir]   exit code 1 when either tool reports an error
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

// eslint-plugin-n8n-nodes-base has a test mode, on when NODE_ENV=test (as under jest), that
// replaces file names with its own; n8n's checks never run in it.
delete process.env.NODE_ENV;

const ROOT = path.resolve(__dirname, '..');
const STAGED_SOURCE = [
	'package.json',
	'eslint.config.mjs',
	'tsconfig.json',
	'nodes',
	'credentials',
];
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Findings from ESLint's "stylish" output, the format both tools print:
 * a file path line, then "  line:col  error|warning  message  rule-id" lines.
 */
function parseStylish(text, tool, baseDir) {
	const findings = [];
	let file = '';
	for (const line of text.replace(ANSI, '').split('\n')) {
		if (line.startsWith('/')) {
			file = path.relative(baseDir, line.trim());
			continue;
		}
		const match = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)\s{2,}(\S+)\s*$/.exec(line);
		if (match) {
			const [, row, column, severity, message, rule] = match;
			findings.push({
				tool,
				file,
				line: Number(row),
				column: Number(column),
				severity,
				message,
				rule,
			});
		}
	}
	return findings;
}

function stage(packageDir) {
	const staged = fs.mkdtempSync(path.join(os.tmpdir(), 'kick-n8n-lint-'));
	for (const entry of STAGED_SOURCE) {
		const from = path.join(packageDir, entry);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(staged, entry), { recursive: true });
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(staged, 'node_modules'), 'dir');
	return staged;
}

function runN8nNodeLint(packageDir) {
	const staged = stage(packageDir);
	try {
		const cli = path.join(ROOT, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');
		const result = spawnSync(process.execPath, [cli, 'lint'], {
			cwd: staged,
			encoding: 'utf8',
		});
		const output = `${result.stdout}${result.stderr}`;
		const findings = parseStylish(output, 'n8n-node lint', staged);
		const passed = result.status === 0;
		// A failure without findings is not an ESLint report (strict mode, a crash): show it whole.
		const details = passed || findings.length ? '' : output.replace(ANSI, '').trim();
		return { tool: 'n8n-node lint', passed, findings, details };
	} finally {
		fs.rmSync(staged, { recursive: true, force: true });
	}
}

async function runScannerRules(packageDir, label = 'scanner rules', patterns) {
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const result = await scanner.analyzePackage(packageDir, patterns ?? scanner.SOURCE_FILE_PATTERNS);
	const findings = parseStylish(result.details ?? '', label, packageDir);
	const details = result.passed || findings.length ? '' : `${result.message ?? ''}`;
	return { tool: label, passed: result.passed, findings, details };
}

/** Both tools on the package source; the shared step of `npm run lint` and `npm run scan`. */
async function lintPackageSource(packageDir = ROOT) {
	return [runN8nNodeLint(packageDir), await runScannerRules(packageDir)];
}

function report(results) {
	let passed = true;
	for (const result of results) {
		const errors = result.findings.filter((finding) => finding.severity === 'error').length;
		const warnings = result.findings.length - errors;
		console.log(
			`${result.passed ? 'PASS' : 'FAIL'} ${result.tool}: ${errors} errors, ${warnings} warnings`,
		);
		for (const f of result.findings) {
			console.log(`  ${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.message}  ${f.rule}`);
		}
		if (result.details) console.log(result.details);
		passed &&= result.passed;
	}
	const rules = [...new Set(results.flatMap((r) => r.findings.map((f) => f.rule)))].sort();
	if (rules.length) console.log(`rules that fired: ${rules.join(', ')}`);
	return passed;
}

module.exports = { lintPackageSource, runScannerRules, report, parseStylish };

if (require.main === module) {
	const packageDir = path.resolve(process.argv[2] ?? ROOT);
	lintPackageSource(packageDir)
		.then((results) => {
			process.exitCode = report(results) ? 0 : 1;
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
