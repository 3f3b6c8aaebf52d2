/*
 * Loaded into the n8n process under test with `node --require`: resolves Kick's real hosts to
 * the fake Kick on loopback, so the package's code keeps calling https://api.kick.com and
 * https://id.kick.com. The fake's certificate is trusted through NODE_EXTRA_CA_CERTS.
 */
'use strict';
const dns = require('dns');

const address = process.env.KICK_FAKE_ADDRESS;
const hosts = new Set(['api.kick.com', 'id.kick.com']);

if (address) {
	const originalLookup = dns.lookup;
	dns.lookup = function lookup(hostname, options, callback) {
		if (typeof options === 'function') {
			callback = options;
			options = {};
		}
		if (!hosts.has(String(hostname).toLowerCase())) return originalLookup.call(dns, hostname, options, callback);
		const all = typeof options === 'object' && options !== null && options.all;
		process.nextTick(() => (all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)));
		return {};
	};
	const originalPromiseLookup = dns.promises.lookup;
	dns.promises.lookup = async function lookup(hostname, options) {
		if (!hosts.has(String(hostname).toLowerCase())) return originalPromiseLookup.call(dns.promises, hostname, options);
		const all = typeof options === 'object' && options !== null && options.all;
		return all ? [{ address, family: 4 }] : { address, family: 4 };
	};
}
