/**
 * Makes THIS process reach a FakeKick as https://api.kick.com and https://id.kick.com: the fake
 * listens on a loopback address of its own (127.x.y.z:443), `dns.lookup` / `dns.promises.lookup`
 * answer that address for the two Kick hostnames only, and the test CA joins Node's default CA
 * store (tls.setDefaultCACertificates, Node >= 22.19/24). `fake.stop()` undoes all of it.
 *
 * n8n-core's HTTP helpers (n8n-core 2.41 via @n8n/backend-network) build Node https agents with
 * no `ca` and, with SSRF protection off, no `lookup`, so they use exactly these defaults; with
 * SSRF protection on they resolve via dns.promises.lookup, which is patched too.
 *
 * The fake answers as Kick's docs say (`documented`) or as live Kick was recorded answering
 * (`recorded`): KICK_FAKE_MODE picks it for whole suites (jest's projects set it, see
 * jest.config.js), a test may pass `mode` itself.
 */
import http from 'http';
import https from 'https';
import tls from 'tls';

import { testCertificates } from '../fake-kick/certs';
import { type FakeMode, isFakeMode } from '../fake-kick/recorded';
import { FakeKick, type FakeKickOptions } from '../fake-kick/server';
import { KICK_HOSTNAMES, patchKickDns } from './kick-dns';

export { KICK_HOSTNAMES } from './kick-dns';

function trustTestCa(): () => void {
	const previous = tls.getCACertificates('default');
	tls.setDefaultCACertificates([...previous, testCertificates().caPem]);
	return () => tls.setDefaultCACertificates(previous);
}

/** A proxy from the environment would swallow the requests: exempt the Kick hosts while active. */
function bypassProxy(): () => void {
	const saved = { NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
	const hasProxy = [
		'HTTPS_PROXY',
		'https_proxy',
		'HTTP_PROXY',
		'http_proxy',
		'ALL_PROXY',
		'all_proxy',
	].some((k) => process.env[k]);
	if (!hasProxy) return () => undefined;
	const list = [saved.NO_PROXY ?? saved.no_proxy, ...KICK_HOSTNAMES].filter(Boolean).join(',');
	process.env.NO_PROXY = list;
	process.env.no_proxy = list;
	return () => {
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	};
}

/** 127.a.b.c from the jest worker id, the pid and randomness, so parallel workers never collide. */
function loopbackAddress(): string {
	const worker = Number(process.env.JEST_WORKER_ID ?? 0);
	const a = 10 + ((process.pid + worker * 31) % 240);
	const b = Math.floor(Math.random() * 254) + 1;
	const c = Math.floor(Math.random() * 253) + 2;
	return `127.${a}.${b}.${c}`;
}

async function startOnFreeLoopback(
	options: Omit<FakeKickOptions, 'host' | 'port'>,
): Promise<FakeKick> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await FakeKick.start({ ...options, host: loopbackAddress(), port: 443 });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 10) throw error;
		}
	}
}

/** The mode KICK_FAKE_MODE names (default documented); anything else is a mistake worth failing on. */
export function fakeModeFromEnv(env: NodeJS.ProcessEnv = process.env): FakeMode {
	const mode = env.KICK_FAKE_MODE?.trim() || 'documented';
	if (!isFakeMode(mode))
		throw new Error(`KICK_FAKE_MODE must be documented or recorded (got ${JSON.stringify(mode)})`);
	return mode;
}

/**
 * Starts a FakeKick reachable as https://api.kick.com / https://id.kick.com from this process,
 * in the mode given, else the one KICK_FAKE_MODE names.
 */
export async function startKickForTest(
	options: Omit<FakeKickOptions, 'host' | 'port'> = {},
): Promise<FakeKick> {
	const fake = await startOnFreeLoopback({ ...options, mode: options.mode ?? fakeModeFromEnv() });
	const restores = [patchKickDns(fake.address.host), trustTestCa(), bypassProxy()];
	fake.onStop(() => {
		for (const restore of restores.reverse()) restore();
		// Keep-alive pools are keyed by host name: a socket to this fake must not be reused
		// for the next file's fake, which answers for the same names at another address.
		https.globalAgent.destroy();
		http.globalAgent.destroy();
	});
	return fake;
}
