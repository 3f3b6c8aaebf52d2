/**
 * Release and tooling checks (npm run test:release): n8n's lint on a bad fixture, the GitHub
 * workflows, what npm publishes, the release guard, package metadata, the compose file and the
 * verification checklist. Needs a build (the tarball ships dist/).
 */
const { BASE } = require('../support/jest-projects.js');

/** @type {import("jest").Config} */
module.exports = {
	...BASE,
	roots: ['<rootDir>/test/tooling'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 180000,
	maxWorkers: 1,
};
