/**
 * docs/verification.md stays true: every command it names runs in .ci/run, every file it names
 * exists, and every lint rule it names is an error in the ESLint config `npm run lint` applies.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const checklist = readFileSync(join(ROOT, 'docs', 'verification.md'), 'utf8');
const ciRun = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
const quoted = [...checklist.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

const PATH_LIKE =
	/^((\.github|\.ci|test|scripts|docs|credentials|nodes|examples|docker)\/[\w./-]*|[\w-]+\.(md|json|mjs|ts)|LICENSE)$/;
const RULE_LIKE = /^(n8n-nodes-base|@n8n\/community-nodes)\/[a-z-]+$/;

/** Rules and their severity in the config n8n-node lint applies to a file of the package. */
function rulesFor(file: string): Record<string, unknown[]> {
	const eslint = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
	const printed = execFileSync(process.execPath, [eslint, '--print-config', file], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return (JSON.parse(printed) as { rules: Record<string, unknown[]> }).rules;
}

describe('docs/verification.md', () => {
	it('every npm command it names runs in .ci/run', () => {
		const commands = [...checklist.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
		expect(new Set(commands)).toEqual(new Set(['lint', 'scan', 'test:release', 'test:e2e']));
		for (const command of commands) expect(ciRun).toMatch(new RegExp(`^npm run ${command} `, 'm'));
	});

	it('every file it names exists', () => {
		const files = quoted.filter((text) => PATH_LIKE.test(text));
		expect(files).toEqual(
			expect.arrayContaining(['test/tooling/metadata.test.ts', '.github/workflows/publish.yml']),
		);
		for (const file of files)
			expect(`${file}: ${existsSync(join(ROOT, file))}`).toBe(`${file}: true`);
	});

	it("every lint rule it names is an error in npm run lint's config", () => {
		const rules = quoted.filter((text) => RULE_LIKE.test(text));
		expect(rules.length).toBeGreaterThan(5);
		const applied = {
			...rulesFor('package.json'),
			...rulesFor('credentials/KickOAuth2Api.credentials.ts'),
			...rulesFor('nodes/Kick/Kick.node.ts'),
		};
		for (const rule of rules)
			expect(`${rule}: ${JSON.stringify(applied[rule]?.[0])}`).toBe(`${rule}: 2`);
	});

	it('names each verification guideline and UX guideline section', () => {
		for (const guideline of [
			'Use the `n8n-node` tool',
			'No external (runtime) dependencies',
			'No environment variables or file system',
			'English only',
			'License MIT',
			'Published from a GitHub Action with provenance',
			'Delete answers',
			'Simplify',
			'Booleans described with "Whether"',
			'Placeholders start with "e.g."',
			'Resource locator',
			'Errors: what happened',
		]) {
			expect(checklist).toContain(`| ${guideline}`);
		}
	});
});
