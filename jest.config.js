/**
 * npm test: unit tests of pure logic once; the engine and Kick Trigger suites (they start the
 * fake Kick) once per mode of the fake, documented and recorded (test/support/jest-projects.js).
 */
const { BASE, perFakeMode, TEST_TIMEOUT_MS } = require('./test/support/jest-projects.js');

/** Kick Trigger tests that need no fake Kick: they run once, with the unit tests. */
const PURE_TRIGGER_TESTS = ['pure', 'replay-memory'];

/** @type {import("jest").Config} */
module.exports = {
	// A global option: jest does not honour it per project.
	testTimeout: TEST_TIMEOUT_MS,
	projects: [
		{
			...BASE,
			displayName: 'unit',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: [
				'/node_modules/',
				'/test/(e2e|tooling|engine)/',
				`/test/trigger/(?!(${PURE_TRIGGER_TESTS.join('|')})\\.test\\.ts$)`,
			],
		},
		...perFakeMode({
			...BASE,
			displayName: 'engine',
			roots: ['<rootDir>/test/engine', '<rootDir>/test/trigger'],
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: [
				'/node_modules/',
				`/test/trigger/(${PURE_TRIGGER_TESTS.join('|')})\\.test\\.ts$`,
			],
		}),
	],
};
