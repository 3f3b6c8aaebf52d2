/**
 * What the jest configs share: the TypeScript transform and, for the suites that start the fake
 * Kick, one project per mode of the fake (documented: Kick as its docs say; recorded: Kick as
 * live Kick was recorded answering, test/fake-kick/recorded.ts). Each project's setup file sets
 * KICK_FAKE_MODE, which startKickForTest reads; pick one with --selectProjects, e.g.
 * `npm test -- --selectProjects engine/recorded`.
 */
'use strict';
const { join } = require('path');

const ROOT = join(__dirname, '..', '..');

/** @type {import("jest").Config} */
const BASE = {
	rootDir: ROOT,
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{
				tsconfig: 'test/tsconfig.json',
			},
		],
	},
};

/** The unit and engine tests' timeout. Jest honours testTimeout at a config's top level only. */
const TEST_TIMEOUT_MS = 30000;

const FAKE_MODES = ['documented', 'recorded'];

/** The project once per mode of the fake Kick, named `<displayName>/<mode>`. */
function perFakeMode(project) {
	return FAKE_MODES.map((mode) => ({
		...project,
		displayName: `${project.displayName}/${mode}`,
		setupFiles: [...(project.setupFiles ?? []), join(__dirname, `fake-mode.${mode}.js`)],
	}));
}

module.exports = { BASE, FAKE_MODES, perFakeMode, ROOT, TEST_TIMEOUT_MS };
