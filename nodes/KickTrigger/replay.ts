/**
 * Replay protection: which message ids a trigger already took, in this n8n process, for as long
 * as a delivery with that id could still be accepted (its Kick timestamp + Max Event Age).
 *
 * Kick retries a message whose answer it did not get. The trigger checks message ids twice, each
 * check exact within its process (Node runs one check-and-record at a time):
 * - on receipt (the webhook): a repeat is answered 200 and starts nothing;
 * - as the first step of the execution, where it runs (a worker in queue mode): a repeat that got
 *   through another process is dropped, so the rest of the workflow runs once per message.
 * Both stages share one record per id (a bit per stage). Nothing is shared between processes:
 * n8n 2.41 gives nodes no store that works for it, so the README says how to route.
 *
 * Memory: ids are kept as 16 bytes (a ULID's 128 bits; any other id as the first 16 bytes of its
 * SHA-256) in open-addressing tables, one per slice of Kick timestamps, so a slice is freed whole
 * once all its ids are too old to be accepted. A hard byte cap per trigger fails safe: when it
 * bites, the oldest slice is forgotten and deliveries sent before the forgotten time are no
 * longer run (each such delivery is logged), so no id can run twice.
 */
import { createHash } from 'crypto';

/** Where a message id is checked: on receipt (webhook) or when its execution runs. */
export type ReplayStage = 'received' | 'executed';

const STAGE_BIT: Record<ReplayStage, number> = { received: 1, executed: 2 };

/** Per trigger and process. Sized for a sustained 1,000 ids/s over the default 60-minute window. */
export const REPLAY_MEMORY_MAX_BYTES = 128 * 1024 * 1024;

/** A slice covers at least a minute of Kick timestamps; windows over 64 minutes get wider slices. */
const MIN_SLICE_MS = 60_000;
const MAX_SLICES_PER_WINDOW = 64;

const KEY_WORDS = 4;
const BYTES_PER_SLOT = KEY_WORDS * 4 + 1;
const INITIAL_SLOTS = 64;
const MAX_LOAD = 0.8;

// Crockford base32, as ULIDs are written (upper case, no I, L, O, U).
const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ULID_ALPHABET.length; i++) ULID_VALUES[ULID_ALPHABET.charCodeAt(i)] = i;
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** The 128 bits of a ULID: its first character carries 3 bits, the other 25 carry 5 each. */
function ulidWords(id: string, out: Uint32Array): void {
	let pending = ULID_VALUES[id.charCodeAt(0)];
	let pendingBits = 3;
	let word = 0;
	let byteIndex = 0;
	for (let i = 1; i < id.length; i++) {
		pending = (pending << 5) | ULID_VALUES[id.charCodeAt(i)];
		pendingBits += 5;
		if (pendingBits < 8) continue;
		pendingBits -= 8;
		word = (word << 8) | ((pending >>> pendingBits) & 0xff);
		pending &= (1 << pendingBits) - 1;
		if ((byteIndex & 3) === 3) out[byteIndex >>> 2] = word >>> 0;
		byteIndex++;
	}
}

/** The 16-byte key of a message id, written into `out` (4 words). */
export function messageIdKey(
	id: string,
	out: Uint32Array = new Uint32Array(KEY_WORDS),
): Uint32Array {
	if (ULID_PATTERN.test(id)) {
		ulidWords(id, out);
	} else {
		const digest = createHash('sha256').update(id, 'utf8').digest();
		for (let i = 0; i < KEY_WORDS; i++) out[i] = digest.readUInt32BE(i * 4);
	}
	return out;
}

/** murmur3's finaliser: spreads any 32 bits over all 32 bits. */
function fmix32(value: number): number {
	let h = value;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 32-bit hash of a key. ULIDs made in the same millisecond may differ only in their last bits
 * (monotonic ULIDs count up), so every word counts.
 */
function mix(key: Uint32Array): number {
	return fmix32(key[0] ^ fmix32(key[1] ^ fmix32(key[2] ^ fmix32(key[3]))));
}

/** An open-addressing set of 16-byte keys, each with a byte of stage flags. */
class IdTable {
	private keys: Uint32Array;
	private flags: Uint8Array;
	size = 0;

	constructor(private capacity = INITIAL_SLOTS) {
		this.keys = new Uint32Array(capacity * KEY_WORDS);
		this.flags = new Uint8Array(capacity);
	}

	get bytes(): number {
		return this.capacity * BYTES_PER_SLOT;
	}

	/** The slot holding `key`, or the empty slot where it would go. */
	private slotOf(key: Uint32Array): number {
		let slot = Math.floor((mix(key) / 0x1_0000_0000) * this.capacity);
		for (;;) {
			if (this.flags[slot] === 0) return slot;
			const at = slot * KEY_WORDS;
			const keys = this.keys;
			if (
				keys[at] === key[0] &&
				keys[at + 1] === key[1] &&
				keys[at + 2] === key[2] &&
				keys[at + 3] === key[3]
			) {
				return slot;
			}
			slot = slot + 1 === this.capacity ? 0 : slot + 1;
		}
	}

	flagsOf(key: Uint32Array): number {
		return this.flags[this.slotOf(key)];
	}

	/** Adds `bits` to the key's flags; returns the flags it had before (0 when new). */
	mark(key: Uint32Array, bits: number): number {
		let slot = this.slotOf(key);
		const before = this.flags[slot];
		if (before === 0) {
			if (this.size + 1 > this.capacity * MAX_LOAD) {
				this.resize(this.capacity * 2);
				slot = this.slotOf(key);
			}
			this.keys.set(key, slot * KEY_WORDS);
			this.size++;
		}
		this.flags[slot] = before | bits;
		return before;
	}

	/** Shrinks to just above the load limit (a slice that stopped growing). */
	compact(): void {
		const fitted = Math.max(INITIAL_SLOTS, Math.ceil(this.size / MAX_LOAD) + 1);
		if (fitted < this.capacity) this.resize(fitted);
	}

	private resize(capacity: number): void {
		const { keys, flags } = this;
		this.capacity = capacity;
		this.keys = new Uint32Array(capacity * KEY_WORDS);
		this.flags = new Uint8Array(capacity);
		const key = new Uint32Array(KEY_WORDS);
		for (let slot = 0; slot < flags.length; slot++) {
			if (flags[slot] === 0) continue;
			key.set(keys.subarray(slot * KEY_WORDS, slot * KEY_WORDS + KEY_WORDS));
			const target = this.slotOf(key);
			this.keys.set(key, target * KEY_WORDS);
			this.flags[target] = flags[slot];
		}
	}
}

export type ReplayVerdict =
	/** First time at this stage: go on. */
	| { kind: 'first' }
	/** Already taken at this stage. */
	| { kind: 'repeat' }
	/** Sent before what the memory still covers (its byte cap forgot that time): not run. */
	| { kind: 'forgotten'; coveredSince: number };

export interface ReplayMemoryOptions {
	maxBytes?: number;
	now?: () => number;
	/** Called when the byte cap makes the memory forget ids sent before `coveredSince`. */
	onCapReached?: (coveredSince: number, bytes: number) => void;
}

/**
 * The message ids of one trigger, remembered until `sentAt + windowMs` (after which a delivery
 * is too old to run anyway). Check-and-record is synchronous: exact within a process.
 */
export class ReplayMemory {
	private readonly slices = new Map<number, IdTable>();
	private readonly sliceMs: number;
	private readonly maxBytes: number;
	private readonly now: () => number;
	private readonly key = new Uint32Array(KEY_WORDS);
	/** Deliveries sent before this were forgotten to respect the byte cap. */
	private coveredSince = Number.NEGATIVE_INFINITY;
	private newestSlice = Number.NEGATIVE_INFINITY;
	private nextExpiryCheck = Number.NEGATIVE_INFINITY;

	constructor(
		readonly windowMs: number,
		private readonly options: ReplayMemoryOptions = {},
	) {
		this.sliceMs = Math.max(MIN_SLICE_MS, Math.ceil(windowMs / MAX_SLICES_PER_WINDOW));
		this.maxBytes = options.maxBytes ?? REPLAY_MEMORY_MAX_BYTES;
		this.now = options.now ?? Date.now;
	}

	/** Ids remembered. */
	get size(): number {
		let size = 0;
		for (const table of this.slices.values()) size += table.size;
		return size;
	}

	/** Bytes held by the tables (the figure the cap applies to). */
	get bytes(): number {
		let bytes = 0;
		for (const table of this.slices.values()) bytes += table.bytes;
		return bytes;
	}

	get isEmpty(): boolean {
		return this.slices.size === 0;
	}

	/** Checks `id` at `stage` and records it there; `sentAt` is its Kick timestamp (ms). */
	check(id: string, sentAt: number, stage: ReplayStage): ReplayVerdict {
		this.forgetExpired();
		if (sentAt < this.coveredSince) return { kind: 'forgotten', coveredSince: this.coveredSince };
		const key = messageIdKey(id, this.key);
		const bit = STAGE_BIT[stage];
		for (const table of this.slices.values()) {
			const flags = table.flagsOf(key);
			if (flags === 0) continue;
			if (flags & bit) return { kind: 'repeat' };
			table.mark(key, bit);
			return { kind: 'first' };
		}
		const table = this.sliceFor(sentAt);
		const bytesBefore = table.size === 0 ? 0 : table.bytes;
		table.mark(key, bit);
		// The byte count only changes when a table is created or grows.
		if (table.bytes !== bytesBefore) this.enforceCap();
		return { kind: 'first' };
	}

	/** Drops slices whose ids are all past their window (looked at once a minute at most). */
	forgetExpired(now = this.now()): void {
		if (now < this.nextExpiryCheck) return;
		this.nextExpiryCheck = now + MIN_SLICE_MS;
		for (const index of this.slices.keys()) {
			if ((index + 1) * this.sliceMs + this.windowMs <= now) this.slices.delete(index);
		}
	}

	clear(): void {
		this.slices.clear();
	}

	private sliceFor(sentAt: number): IdTable {
		const index = Math.floor(sentAt / this.sliceMs);
		let table = this.slices.get(index);
		if (!table) {
			table = new IdTable();
			this.slices.set(index, table);
			if (index > this.newestSlice) {
				// The previous newest slice stops growing now: fit it.
				this.slices.get(this.newestSlice)?.compact();
				this.newestSlice = index;
			}
		}
		return table;
	}

	private enforceCap(): void {
		let bytes = this.bytes;
		if (bytes <= this.maxBytes) return;
		const oldestFirst = [...this.slices.keys()].sort((a, b) => a - b);
		for (const index of oldestFirst) {
			if (bytes <= this.maxBytes || this.slices.size === 1) break;
			bytes -= this.slices.get(index)?.bytes ?? 0;
			this.slices.delete(index);
			this.coveredSince = Math.max(this.coveredSince, (index + 1) * this.sliceMs);
		}
		this.options.onCapReached?.(this.coveredSince, bytes);
	}
}

interface TriggerIdentity {
	getWorkflow(): { id?: string };
	getNode(): { id: string };
}

const memories = new Map<string, ReplayMemory>();
const SWEEP_INTERVAL_MS = 60_000;
let lastSweep = 0;

function memoryKey(context: TriggerIdentity): string {
	return `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
}

/** Frees memories whose ids have all expired (e.g. of workflows deactivated in another process). */
function sweep(now: number): void {
	if (now - lastSweep < SWEEP_INTERVAL_MS) return;
	lastSweep = now;
	for (const [key, memory] of memories) {
		memory.forgetExpired(now);
		if (memory.isEmpty) memories.delete(key);
	}
}

/** This process's memory of one trigger's message ids, covering `windowMs` of Kick timestamps. */
export function replayMemoryFor(
	context: TriggerIdentity,
	windowMs: number,
	options: Omit<ReplayMemoryOptions, 'now'> = {},
): ReplayMemory {
	sweep(Date.now());
	const key = memoryKey(context);
	let memory = memories.get(key);
	if (!memory || memory.windowMs !== windowMs) {
		// A changed Max Event Age starts a new memory: the old one covered another window.
		memory = new ReplayMemory(windowMs, options);
		memories.set(key, memory);
	}
	return memory;
}

/** Frees a trigger's memory (its workflow was deactivated). */
export function forgetReplayMemory(context: TriggerIdentity): void {
	memories.delete(memoryKey(context));
}

/** How many trigger memories this process holds (for the benchmark and tests). */
export function replayMemoryCount(): number {
	return memories.size;
}
