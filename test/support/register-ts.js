/*
 * Minimal require hook: lets plain Node load this repo's TypeScript test helpers without
 * ts-node. Types are not checked (tsc does that); files are transpiled one by one.
 *   node -r ./test/support/register-ts.js test/fake-kick/main.ts --port 443
 */
'use strict';
const fs = require('fs');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2022,
	esModuleInterop: true,
	isolatedModules: true,
	inlineSourceMap: true,
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
