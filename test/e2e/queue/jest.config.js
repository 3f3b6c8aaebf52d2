/**
 * Queue-mode suite: n8n main + webhook process + worker on PostgreSQL and Redis (npm run
 * test:e2e:queue), once per mode of the fake Kick (test/support/jest-projects.js).
 */
const { BASE, perFakeMode } = require('../../support/jest-projects.js');

/** @type {import("jest").Config} */
module.exports = {
	projects: perFakeMode({
		...BASE,
		displayName: 'e2e-queue',
		roots: ['<rootDir>/test/e2e/queue'],
		testMatch: ['**/*.queue.test.ts'],
		testPathIgnorePatterns: ['/node_modules/'],
	}),
	// A global option: jest does not honour it per project.
	testTimeout: 600000,
	maxWorkers: 1,
};
