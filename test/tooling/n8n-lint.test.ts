/**
 * `npm run lint` and `npm run scan` catch what n8n's own checks catch: both run `n8n-node lint`
 * and the community package scanner's rules (scripts/n8n-lint.js) on a package source. Proven
 * on lint-fixture/, a package whose every marked line breaks one rule.
 */
import { spawnSync } from 'child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'lint-fixture');
const NODE = 'nodes/Bad/Bad.node.ts';
const CREDENTIAL = 'credentials/BadApi.credentials.ts';

/** What each tool must report on the fixture: file and rule. */
const SCANNER_AND_N8N_NODE_LINT = [
	`${NODE} n8n-nodes-base/node-param-display-name-miscased`,
	`${NODE} n8n-nodes-base/node-param-description-excess-final-period`,
	`${NODE} n8n-nodes-base/node-param-description-boolean-without-whether`,
	`${NODE} @n8n/community-nodes/icon-validation`,
	`${CREDENTIAL} n8n-nodes-base/cred-class-field-display-name-miscased`,
	`${CREDENTIAL} @n8n/community-nodes/credential-test-required`,
];
// ESLint's recommended rules come with n8n-node lint's config only.
const N8N_NODE_LINT_ONLY = [`${NODE} prefer-const`];

interface Report {
	status: number | null;
	output: string;
	/** Tool name → "file rule" of each finding. */
	findings: Map<string, Set<string>>;
}

function run(script: string, packageDir: string): Report {
	const result = spawnSync(process.execPath, [join(ROOT, 'scripts', script), packageDir], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const output = `${result.stdout}${result.stderr}`;
	const findings = new Map<string, Set<string>>();
	let tool = '';
	for (const line of output.split('\n')) {
		const header = /^(?:PASS|FAIL) (.+?): \d+ errors/.exec(line);
		if (header) findings.set((tool = header[1]), new Set());
		const finding = /^ {2}(\S+):\d+:\d+ {2}(?:error|warning) {2}.* {2}(\S+)$/.exec(line);
		if (finding && tool) findings.get(tool)?.add(`${finding[1]} ${finding[2]}`);
	}
	return { status: result.status, output, findings };
}

const sorted = (values: Iterable<string> | undefined) => [...(values ?? [])].sort();

describe("n8n's lint rules in npm run lint and npm run scan", () => {
	let lint: Report;
	let scan: Report;

	beforeAll(() => {
		lint = run('n8n-lint.js', FIXTURE);
		scan = run('scan-package.js', FIXTURE);
	}, 180_000);

	it('npm run lint fails the fixture with every rule of n8n-node lint and of the scanner', () => {
		expect(lint.status).toBe(1);
		expect(sorted(lint.findings.get('n8n-node lint'))).toEqual(
			sorted([...SCANNER_AND_N8N_NODE_LINT, ...N8N_NODE_LINT_ONLY]),
		);
		expect(sorted(lint.findings.get('scanner rules'))).toEqual(sorted(SCANNER_AND_N8N_NODE_LINT));
	});

	it('npm run scan reports the same findings on the source as npm run lint', () => {
		expect(scan.status).toBe(1);
		for (const tool of ['n8n-node lint', 'scanner rules']) {
			expect(sorted(scan.findings.get(tool))).toEqual(sorted(lint.findings.get(tool)));
		}
		expect(scan.findings.has('scanner rules (tarball)')).toBe(true);
	});

	it("n8n-node lint refuses an eslint.config.mjs that is not n8n's default (strict mode)", () => {
		const copy = mkdtempSync(join(tmpdir(), 'kick-lint-fixture-'));
		try {
			cpSync(FIXTURE, copy, { recursive: true });
			appendFileSync(
				join(copy, 'eslint.config.mjs'),
				"export const rules = { 'no-console': 'off' };\n",
			);
			const changed = run('n8n-lint.js', copy);
			expect(changed.status).toBe(1);
			expect(changed.output).toContain('Strict mode violation');
		} finally {
			rmSync(copy, { recursive: true, force: true });
		}
	}, 120_000);
});
