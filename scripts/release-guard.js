#!/usr/bin/env node
/*
 * prepublishOnly's first step: refuses any publish that is not .github/workflows/publish.yml
 * running on this repository for the tag of this version, with npm provenance, after
 * .github/workflows/ci.yml (.ci/run) passed on the very commit being published.
 * n8n requires community packages to be published from a GitHub Action with a provenance
 * statement; the scanner rejects the rest.
 *
 * .npmrc sets ignore-scripts=true (see CONTRIBUTING.md, Development), which also skips prepublishOnly:
 * publish.yml passes --ignore-scripts=false, and package.json's publishConfig.provenance makes
 * npm itself refuse a publish from anywhere but a CI with an OIDC identity.
 *
 *   node scripts/release-guard.js   exit code 1 and the reasons when the publish is refused
 */
'use strict';
const fs = require('fs');
const path = require('path');

const WORKFLOW = '.github/workflows/publish.yml';

/** owner/name of the GitHub repository package.json names. */
function repositoryOf(pkg) {
	const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	const match = /github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url ?? '');
	return match?.[1];
}

/** Why a publish with this environment must not go ahead; empty when it may. */
function refusals(env, pkg) {
	const reasons = [];
	const repository = repositoryOf(pkg);
	if (env.GITHUB_ACTIONS !== 'true') {
		reasons.push('not running in GitHub Actions');
		return reasons;
	}
	if (env.GITHUB_REPOSITORY !== repository) {
		reasons.push(`repository is ${env.GITHUB_REPOSITORY}, package.json names ${repository}`);
	}
	if (env.GITHUB_WORKFLOW_REF?.split('@')[0] !== `${repository}/${WORKFLOW}`) {
		reasons.push(`workflow is ${env.GITHUB_WORKFLOW_REF}, not ${WORKFLOW}`);
	}
	const tags = [pkg.version, `v${pkg.version}`];
	if (env.GITHUB_REF_TYPE !== 'tag' || !tags.includes(env.GITHUB_REF_NAME)) {
		reasons.push(`ref is ${env.GITHUB_REF}, not the tag ${tags.join(' or ')}`);
	}
	if (!env.KICK_CHECKED_SHA || env.KICK_CHECKED_SHA !== env.GITHUB_SHA) {
		reasons.push(
			`the checks (ci.yml, .ci/run) did not pass on ${env.GITHUB_SHA} (passed on: ${env.KICK_CHECKED_SHA || 'none'})`,
		);
	}
	if (env.npm_config_provenance !== 'true') {
		reasons.push('npm publish was not given --provenance');
	}
	return reasons;
}

module.exports = { refusals, repositoryOf };

if (require.main === module) {
	const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
	const reasons = refusals(process.env, pkg);
	if (reasons.length) {
		console.error(
			`Refusing to publish ${pkg.name}@${pkg.version}: releases are published by ${WORKFLOW} on a version tag (git tag ${pkg.version} && git push --tags).`,
		);
		for (const reason of reasons) console.error(`  - ${reason}`);
		process.exit(1);
	}
	console.log(`Release guard: ${pkg.name}@${pkg.version} from ${process.env.GITHUB_WORKFLOW_REF}`);
}
