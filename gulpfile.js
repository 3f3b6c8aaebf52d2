'use strict';
const fs = require('fs');
const path = require('path');
const { src, dest, series } = require('gulp');
const { execFileSync } = require('child_process');

// Icons and codex files are not TypeScript: tsc leaves them behind, n8n needs them in dist/.
const ASSETS = [
	'nodes/**/*.svg',
	'nodes/**/*.png',
	'nodes/**/*.node.json',
	'credentials/**/*.svg',
	'credentials/**/*.png',
];

function clean(done) {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	done();
}

function copyAssets() {
	return src(ASSETS, { base: '.', allowEmpty: true, encoding: false }).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:assets'] = copyAssets;
exports.build = series(clean, compile, copyAssets);
exports.default = exports.build;
