/**
 * The GitHub workflows parse, run .ci/run, publish with provenance only after it passed, and
 * name only steps, scripts, files and outputs that exist. GitHub itself cannot run here.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
};

interface Step {
	id?: string;
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	uses?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	outputs?: Record<string, string>;
	steps?: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
	// uniqueKeys: a key given twice is an error, as on GitHub.
	return parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8'), {
		uniqueKeys: true,
		prettyErrors: true,
	}) as Workflow;
}

const ci = workflow('ci.yml');
const publish = workflow('publish.yml');
const allSteps = [ci, publish].flatMap((flow) =>
	Object.values(flow.jobs).flatMap((job) => job.steps ?? []),
);
const shellLines = [
	...allSteps.flatMap((step) => (step.run ?? '').split('\n')),
	...readFileSync(join(ROOT, '.ci', 'run'), 'utf8').split('\n'),
];

/** GitHub's tag filter glob: `*` matches anything but "/". */
const tagFilter = (glob: string) =>
	new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

describe('.github/workflows/ci.yml', () => {
	it('runs .ci/run on pull requests, pushes to main and when publish.yml calls it', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
		expect(ci.on.push).toEqual({ branches: ['main'] });
		const runs = ci.jobs.ci.steps?.map((step) => step.run) ?? [];
		expect(runs).toContain('bash .ci/run');
	});

	it('hands publish.yml the commit the checks passed on, recorded after .ci/run', () => {
		const call = ci.on.workflow_call as { outputs: Record<string, { value: string }> };
		expect(call.outputs['checked-sha'].value).toBe('${{ jobs.ci.outputs.checked-sha }}');
		expect(ci.jobs.ci.outputs?.['checked-sha']).toBe('${{ steps.passed.outputs.sha }}');
		const steps = ci.jobs.ci.steps ?? [];
		const recorded = steps.findIndex((step) => step.id === 'passed');
		expect(recorded).toBeGreaterThan(steps.findIndex((step) => step.run === 'bash .ci/run'));
		expect(steps[recorded].run).toContain('git rev-parse HEAD');
	});
});

describe('.github/workflows/publish.yml', () => {
	const job = publish.jobs.publish;
	const publishStep = job.steps?.find((step) => step.run?.includes('npm publish'));

	it("runs on a tag of package.json's version, with or without v, and not on branches", () => {
		const push = publish.on.push as { tags: string[]; branches?: string[] };
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(push.branches).toBeUndefined();
		const matches = (tag: string) => push.tags.some((glob) => tagFilter(glob).test(tag));
		expect(matches(pkg.version)).toBe(true);
		expect(matches(`v${pkg.version}`)).toBe(true);
		expect(matches('main')).toBe(false);
	});

	it('publishes after the checks job (ci.yml) and only with what provenance needs', () => {
		expect(publish.jobs.checks.uses).toBe('./.github/workflows/ci.yml');
		expect(job.needs).toBe('checks');
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(publish.permissions).toEqual({ contents: 'read' });
		expect(publishStep?.run).toMatch(
			/^npm publish --provenance --access public --ignore-scripts=false$/m,
		);
		expect(publishStep?.env?.KICK_CHECKED_SHA).toBe('${{ needs.checks.outputs.checked-sha }}');
		// the checks job exposes that output (ci.yml's workflow_call outputs)
		expect((ci.on.workflow_call as { outputs: object }).outputs).toHaveProperty('checked-sha');
	});

	it('installs with npm ci before publishing (prepublishOnly builds, lints and scans)', () => {
		const runs = job.steps?.map((step) => step.run ?? '') ?? [];
		expect(runs.indexOf('npm ci')).toBeGreaterThan(-1);
		expect(runs.indexOf('npm ci')).toBeLessThan(runs.indexOf(publishStep?.run ?? ''));
		expect(pkg.scripts.prepublishOnly).toBe(
			'node scripts/release-guard.js && npm run build && npm run lint && npm run scan',
		);
	});
});

describe('every workflow step and .ci/run line names something that exists', () => {
	it('npm run <script>', () => {
		const named = shellLines.flatMap((line) =>
			[...line.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]),
		);
		expect(named.length).toBeGreaterThan(5);
		for (const script of named) expect(Object.keys(pkg.scripts)).toContain(script);
	});

	it('bash / node <file> and local workflows', () => {
		const files = shellLines.flatMap((line) =>
			[...line.matchAll(/\b(?:bash|node) ((?:\.ci|scripts)\/[\w./-]+)/g)].map((m) => m[1]),
		);
		const local = [ci, publish]
			.flatMap((flow) => Object.values(flow.jobs).map((job) => job.uses))
			.filter((uses): uses is string => Boolean(uses?.startsWith('./')));
		expect(files).toContain('.ci/run');
		for (const file of [...files, ...local]) expect(existsSync(join(ROOT, file))).toBe(true);
	});

	it('actions pinned to a major version', () => {
		const actions = allSteps.map((step) => step.uses).filter(Boolean);
		expect(actions.length).toBeGreaterThan(0);
		for (const action of actions) expect(action).toMatch(/^actions\/[\w-]+@v\d+$/);
	});
});
