/**
 * Resolves api.kick.com and id.kick.com to a fake's address in this process, leaving every other
 * hostname alone. Covers dns.lookup (callback form, `all: true`, family number), its
 * util.promisify form and dns.promises.lookup (used by n8n's SSRF-aware resolver).
 */
import dns from 'dns';
import { promisify } from 'util';

export const KICK_HOSTNAMES: readonly string[] = ['api.kick.com', 'id.kick.com'];

type LookupCallback = (
	error: NodeJS.ErrnoException | null,
	address: string | dns.LookupAddress[],
	family?: number,
) => void;
type LookupFunction = (hostname: string, ...rest: unknown[]) => void;
type PromisesLookup = typeof dns.promises.lookup;

const isKickHost = (hostname: string): boolean => KICK_HOSTNAMES.includes(hostname.toLowerCase());

function lookupOptions(options: unknown): dns.LookupAllOptions | dns.LookupOneOptions {
	if (typeof options === 'number') return { family: options };
	return (options && typeof options === 'object' ? options : {}) as dns.LookupOneOptions;
}

function answer(address: string, options: unknown): dns.LookupAddress | dns.LookupAddress[] {
	const entry = { address, family: 4 };
	return (lookupOptions(options) as dns.LookupAllOptions).all ? [entry] : entry;
}

/** Returns a function that restores the previous lookups. */
export function patchKickDns(address: string): () => void {
	const originalLookup = dns.lookup;
	const originalPromisesLookup = dns.promises.lookup;

	const lookup = function kickLookup(hostname: string, ...rest: unknown[]): void {
		if (!isKickHost(hostname))
			return (originalLookup as unknown as LookupFunction).call(dns, hostname, ...rest);
		const callback = rest[rest.length - 1] as LookupCallback;
		const result = answer(address, rest.length > 1 ? rest[0] : undefined);
		process.nextTick(() =>
			Array.isArray(result)
				? callback(null, result)
				: callback(null, result.address, result.family),
		);
	};
	// util.promisify(dns.lookup) must keep resolving to {address, family} like the original.
	Object.defineProperty(lookup, promisify.custom, {
		value: (hostname: string, options?: unknown) =>
			dns.promises.lookup(hostname, lookupOptions(options)),
	});
	const promisesLookup = (async (hostname: string, options?: unknown) =>
		isKickHost(hostname)
			? answer(address, options)
			: originalPromisesLookup(hostname, lookupOptions(options))) as PromisesLookup;

	(dns as { lookup: unknown }).lookup = lookup;
	dns.promises.lookup = promisesLookup;
	return () => {
		(dns as { lookup: unknown }).lookup = originalLookup;
		dns.promises.lookup = originalPromisesLookup;
	};
}
