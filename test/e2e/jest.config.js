/**
 * End-to-end suite: a real n8n (cached install, see scripts/n8n.js) against the fake Kick, once
 * per mode of the fake (documented, recorded: test/support/jest-projects.js). Recorded deliveries
 * from live Kick are replayed against the recorded mode only.
 */
const { BASE, perFakeMode } = require('../support/jest-projects.js');

const RECORDED_ONLY = '/test/e2e/recorded-deliveries\\.e2e\\.test\\.ts$';

/** @type {import("jest").Config} */
module.exports = {
	projects: perFakeMode({
		...BASE,
		displayName: 'e2e',
		roots: ['<rootDir>/test/e2e'],
		testMatch: ['**/*.e2e.test.ts'],
		testPathIgnorePatterns: ['/node_modules/'],
	}).map((project) =>
		project.displayName === 'e2e/documented'
			? { ...project, testPathIgnorePatterns: [...project.testPathIgnorePatterns, RECORDED_ONLY] }
			: project,
	),
	// A global option: jest does not honour it per project.
	testTimeout: 300000,
	// One n8n port per suite: the files run one after the other.
	maxWorkers: 1,
};
