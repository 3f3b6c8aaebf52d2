/**
 * Whether Kick could ever call a webhook URL: Kick only delivers to public HTTPS addresses, so a
 * trigger subscribed with a local URL would report success and never receive anything.
 */
const LOCAL_NAME_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan'];

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Parts(address: string): number[] {
	return address.split('.').map(Number);
}

/** Loopback, private, link-local, carrier-grade NAT or unspecified IPv4 addresses. */
function isLocalIpv4(address: string): boolean {
	const [a, b] = ipv4Parts(address);
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168)
	);
}

/** Loopback, unspecified, unique-local (fc00::/7), link-local (fe80::/10) or IPv4-mapped local IPv6. */
function isLocalIpv6(address: string): boolean {
	const lower = address.toLowerCase();
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
	if (mapped) return isLocalIpv4(mapped[1]);
	if (lower === '::' || lower === '::1') return true;
	const firstGroup = parseInt(lower.split(':')[0] || '0', 16);
	return (firstGroup & 0xfe00) === 0xfc00 || (firstGroup & 0xffc0) === 0xfe80;
}

/** Why Kick cannot deliver to `url`, or undefined when it may be reachable. */
export function unreachableReason(url: string | undefined): string | undefined {
	if (!url) return 'n8n did not give this trigger a URL';
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'it is not a valid URL';
	}
	if (parsed.protocol !== 'https:') return 'Kick only delivers to https:// URLs';
	const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || LOCAL_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
		return `${host} is a local name that Kick's servers cannot resolve`;
	}
	const local = IPV4.test(host) ? isLocalIpv4(host) : host.includes(':') && isLocalIpv6(host);
	if (local) {
		return `${host} is a loopback, private or link-local address that Kick's servers cannot reach`;
	}
	return undefined;
}

/** The fix to suggest with an unreachable URL. */
export const REACHABLE_URL_ADVICE =
	"Set n8n's WEBHOOK_URL environment variable to the public https:// address of this n8n (e.g. https://n8n.example.com/) and restart n8n. While testing on a machine without a public address, expose n8n through a tunnel (e.g. cloudflared or ngrok) and set WEBHOOK_URL to the tunnel's https:// address.";
