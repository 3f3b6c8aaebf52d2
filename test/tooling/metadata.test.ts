/**
 * n8n's package source verification: repository, homepage, bugs, author and license agree with
 * each other, with LICENSE and with the README.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
	name: string;
	license: string;
	homepage: string;
	bugs: { url: string };
	author: { name: string; email: string };
	repository: { type: string; url: string };
	keywords: string[];
	dependencies?: object;
	files: string[];
};
const repo = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository.url)?.[1];
const readme = read('README.md');
const licenseSection = readme.slice(readme.indexOf('\n## License'));

describe('package.json metadata', () => {
	it('names a public GitHub repository the way npm links it', () => {
		expect(pkg.repository.type).toBe('git');
		expect(repo).toBe('n8n-nodes-kick/n8n-nodes-kick');
	});

	it('homepage and bugs are that repository', () => {
		expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
		expect(pkg.bugs.url).toBe(`https://github.com/${repo}/issues`);
	});

	it('the README links the same repository and issues', () => {
		expect(readme).toContain(`https://github.com/${repo}`);
		expect(readme).toContain(`https://github.com/${repo}/issues`);
	});

	it('MIT in package.json, LICENSE and the README, with the author as copyright holder', () => {
		expect(pkg.license).toBe('MIT');
		const license = read('LICENSE');
		expect(license.split('\n')[0]).toBe('MIT License');
		expect(license).toMatch(new RegExp(`^Copyright \\(c\\) \\d{4} ${pkg.author.name}$`, 'm'));
		expect(licenseSection).toContain('MIT');
		expect(licenseSection).toContain(pkg.author.name);
	});

	it('a community node package with no runtime dependencies', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.files).toEqual(['dist', 'README.md', 'LICENSE', 'CHANGELOG.md']);
	});
});
