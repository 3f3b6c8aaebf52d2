/** Deterministic ULIDs as Kick makes them: 10 characters of time (ms), 16 random (here: a counter). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulidAt(time: number, n: number): string {
	let head = '';
	for (let t = time, i = 0; i < 10; i++, t = Math.floor(t / 32)) head = CROCKFORD[t % 32] + head;
	let tail = '';
	for (let r = n, i = 0; i < 16; i++, r = Math.floor(r / 32)) tail = CROCKFORD[r % 32] + tail;
	return head + tail;
}
