/**
 * Starts a FakeKick from the command line (for end-to-end suites that drive a real n8n):
 *   node -r ./test/support/register-ts.js test/fake-kick/main.ts [--host 127.0.0.1] [--port 443] [--ca-bundle FILE] [--mode documented|recorded]
 * Env FAKE_KICK_HOST / FAKE_KICK_PORT / FAKE_KICK_CA_BUNDLE / KICK_FAKE_MODE work too. Prints one line
 *   FAKE_KICK_READY {"host":…,"port":…,"mode":…,"caBundle":…,"clientId":…,"clientSecret":…}
 * and then serves until SIGINT/SIGTERM. Drive it through the /_fake/ control API.
 */
import { writeCaBundle } from './certs';
import { isFakeMode } from './recorded';
import { FakeKick } from './server';

export const READY_PREFIX = 'FAKE_KICK_READY ';

function option(argv: string[], name: string, env: string): string | undefined {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 ? argv[i + 1] : process.env[env];
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<FakeKick> {
	const host = option(argv, 'host', 'FAKE_KICK_HOST') ?? '127.0.0.1';
	const port = Number(option(argv, 'port', 'FAKE_KICK_PORT') ?? 443);
	const mode = option(argv, 'mode', 'KICK_FAKE_MODE') ?? 'documented';
	if (!isFakeMode(mode)) throw new Error(`--mode must be documented or recorded (got ${mode})`);
	const fake = await FakeKick.start({ host, port, mode });
	const caBundle = writeCaBundle(option(argv, 'ca-bundle', 'FAKE_KICK_CA_BUNDLE'));
	const { clientId, clientSecret } = fake.client;
	process.stdout.write(
		`${READY_PREFIX}${JSON.stringify({ ...fake.address, mode, caBundle, clientId, clientSecret })}\n`,
	);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			void fake.stop().then(() => process.exit(0));
		});
	}
	return fake;
}

if (require.main === module) {
	main().catch((error: Error) => {
		process.stderr.write(`fake-kick failed to start: ${error.stack ?? error.message}\n`);
		process.exit(1);
	});
}
