/**
 * Every local link of the documentation resolves: README.md, CONTRIBUTING.md, CHANGELOG.md and
 * docs/*.md link files that exist and anchors that the target's headings have, as GitHub (and
 * npm, and n8n's package page, which show the README) compute them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';

import {
	githubSlug,
	headingAnchors,
	headingText,
	localLinks,
	withoutCode,
} from '../support/markdown-links';

const ROOT = join(__dirname, '..', '..');
const DOCUMENTS = [
	'README.md',
	'CONTRIBUTING.md',
	'CHANGELOG.md',
	...readdirSync(join(ROOT, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => `docs/${file}`),
];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('GitHub heading anchors', () => {
	test.each([
		['Queue mode (main, webhook processes, workers)', 'queue-mode-main-webhook-processes-workers'],
		['Running on n8n 3.0 (Docker)', 'running-on-n8n-30-docker'],
		[
			'Trigger versions: 2 for new triggers, saved version 1 triggers keep working',
			'trigger-versions-2-for-new-triggers-saved-version-1-triggers-keep-working',
		],
		[
			'Over months: dropped subscriptions, ownership, restarts, dead tokens',
			'over-months-dropped-subscriptions-ownership-restarts-dead-tokens',
		],
		['What `npm start` does', 'what-npm-start-does'],
		['Kick’s docs & **more**', 'kicks-docs--more'],
		['snake_case stays', 'snake_case-stays'],
	])('%s → #%s', (heading, anchor) => {
		expect(githubSlug(headingText(heading))).toBe(anchor);
	});

	test('repeated headings are numbered, code blocks are not headings', () => {
		const markdown = '# Setup\n\n## Setup\n\n```bash\n# not a heading\n```\n\n### Setup\n';
		expect([...headingAnchors(markdown)]).toEqual(['setup', 'setup-1', 'setup-2']);
	});

	test('links inside code are not links; web links are not local', () => {
		const markdown =
			'See [a](docs/a.md#x), ![b](docs/b.png) and [web](https://kick.com).\n`[c](nope.md)`\n```\n[d](nope.md)\n```\n[e](#here)';
		expect(withoutCode(markdown)).not.toContain('nope.md');
		expect(localLinks(markdown)).toEqual([
			{ target: 'docs/a.md#x', file: 'docs/a.md', anchor: 'x' },
			{ target: 'docs/b.png', file: 'docs/b.png' },
			{ target: '#here', file: '', anchor: 'here' },
		]);
	});
});

describe('local links of the documentation', () => {
	test('the documents are there', () => {
		expect(DOCUMENTS).toEqual(
			expect.arrayContaining([
				'README.md',
				'CONTRIBUTING.md',
				'CHANGELOG.md',
				'docs/verification.md',
			]),
		);
	});

	test.each(DOCUMENTS)('%s: every local link and anchor resolves', (document) => {
		const broken: string[] = [];
		for (const link of localLinks(read(document))) {
			const file =
				link.file === '' ? document : relative(ROOT, join(ROOT, dirname(document), link.file));
			if (!existsSync(join(ROOT, file))) {
				broken.push(`${link.target}: no file ${file}`);
				continue;
			}
			if (link.anchor === undefined) continue;
			if (!file.endsWith('.md') || statSync(join(ROOT, file)).isDirectory()) {
				broken.push(`${link.target}: an anchor into a file that is not Markdown`);
				continue;
			}
			if (!headingAnchors(read(file)).has(link.anchor))
				broken.push(`${link.target}: ${file} has no heading with the anchor #${link.anchor}`);
		}
		expect(broken).toEqual([]);
	});
});
