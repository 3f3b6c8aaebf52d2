/** End-to-end suite: a real n8n (cached install, see scripts/n8n.js) against the fake Kick. */
const base = require('../../jest.config.js');

/** @type {import("jest").Config} */
module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 300000,
	maxWorkers: 1,
};
