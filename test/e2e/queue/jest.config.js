/** Queue-mode suite: n8n main + webhook process + worker on PostgreSQL and Redis (npm run test:e2e:queue). */
const base = require('../../../jest.config.js');

/** @type {import("jest").Config} */
module.exports = {
	...base,
	rootDir: '../../..',
	roots: ['<rootDir>/test/e2e/queue'],
	testMatch: ['**/*.queue.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 600000,
	maxWorkers: 1,
};
