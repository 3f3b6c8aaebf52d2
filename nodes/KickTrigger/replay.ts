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
 * once all its ids are too old to be accepted. A slice that stopped growing is fitted to its ids
 * (REPLAY_BYTES_PER_ID each), whatever its time: a future-dated delivery or a skewed clock cannot
 * leave half-empty tables behind. A hard byte cap per trigger fails safe: when it bites, the
 * oldest slice is forgotten and deliveries sent before the forgotten time are no longer run at
 * receipt (each such delivery is logged), so no id can run twice. The execution stage never
 * drops an item for that: its delivery was already accepted and answered 200.
 *
 * Time is the process's steady clock (clock.ts), the one the webhook's age check uses: it never
 * goes backwards, so an id the memory has freed cannot become young enough to be accepted again.
 */
import { createHash } from 'crypto';

import type { Clock } from './clock';
import { steadyNow } from './clock';

/** Where a message id is checked: on receipt (webhook) or when its execution runs. */
export type ReplayStage = 'received' | 'executed';

const STAGE_BIT: Record<ReplayStage, number> = { received: 1, executed: 2 };

/**
 * Set on every recorded id and never cleared: release() takes a stage back, but the slot must stay
 * taken (flags 0 marks an empty slot, and emptying one would cut the probe chains through it).
 */
const KNOWN = 4;

/** Per trigger and process. Sized for a sustained 1,000 ids/s over the default 60-minute window. */
export const REPLAY_MEMORY_MAX_BYTES = 128 * 1024 * 1024;

/** A slice covers at least a minute of Kick timestamps; windows over 64 minutes get wider slices. */
const MIN_SLICE_MS = 60_000;
const MAX_SLICES_PER_WINDOW = 64;

/**
 * How often the memory frees expired slices and fits idle ones. A quarter of a slice: the slice
 * that just stopped filling is fitted within half a minute.
 */
const TIDY_INTERVAL_MS = MIN_SLICE_MS / 4;

const KEY_WORDS = 4;
const BYTES_PER_SLOT = KEY_WORDS * 4 + 1;
const INITIAL_SLOTS = 64;
const MAX_LOAD = 0.8;

/**
 * What one remembered id costs in a fitted slice (the figure the README states: 17 bytes a slot,
 * at most 80% of the slots used). Only the slices still filling cost more, up to twice that.
 */
export const REPLAY_BYTES_PER_ID = BYTES_PER_SLOT / MAX_LOAD;

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
 * (monotonic ULIDs count up), so every word counts. Computed once per check: every slice's table
 * is probed with it.
 */
function mix(key: Uint32Array): number {
	return fmix32(key[0] ^ fmix32(key[1] ^ fmix32(key[2] ^ fmix32(key[3]))));
}

/**
 * An open-addressing set of 16-byte keys, each with a byte of stage flags (0: an empty slot).
 * Every method takes the key with its hash, mix(key).
 */
class IdTable {
	private keys: Uint32Array;
	private flags: Uint8Array;
	size = 0;
	/** The size at the last fitIfIdle(): unchanged means the table stopped growing. */
	private sizeAtLastLook = 0;

	constructor(private capacity = INITIAL_SLOTS) {
		this.keys = new Uint32Array(capacity * KEY_WORDS);
		this.flags = new Uint8Array(capacity);
	}

	get bytes(): number {
		return this.capacity * BYTES_PER_SLOT;
	}

	/** The slot holding `key`, or the empty slot where it would go. */
	private slotOf(key: Uint32Array, hash: number): number {
		let slot = Math.floor((hash / 0x1_0000_0000) * this.capacity);
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

	/** Calls `visit` with each key held (a view: copy it to keep it) and its flags. */
	forEach(visit: (key: Uint32Array, flags: number) => void): void {
		for (let slot = 0; slot < this.flags.length; slot++) {
			if (this.flags[slot] !== 0)
				visit(this.keys.subarray(slot * KEY_WORDS, slot * KEY_WORDS + KEY_WORDS), this.flags[slot]);
		}
	}

	flagsOf(key: Uint32Array, hash: number): number {
		return this.flags[this.slotOf(key, hash)];
	}

	/** Adds `bits` to the key's flags; returns the flags it had before (0 when new). */
	mark(key: Uint32Array, hash: number, bits: number): number {
		let slot = this.slotOf(key, hash);
		const before = this.flags[slot];
		if (before === 0) {
			if (this.size + 1 > this.capacity * MAX_LOAD) {
				this.resize(this.capacity * 2);
				slot = this.slotOf(key, hash);
			}
			this.keys.set(key, slot * KEY_WORDS);
			this.size++;
		}
		this.flags[slot] = before | bits | KNOWN;
		return before;
	}

	/** Takes `bits` off a key's flags (its slot stays taken); whether any of them were set. */
	unmark(key: Uint32Array, hash: number, bits: number): boolean {
		const slot = this.slotOf(key, hash);
		const before = this.flags[slot];
		this.flags[slot] = before & ~bits;
		return (before & bits) !== 0;
	}

	/**
	 * Fits the table to its ids once it stopped growing since the last look. Each look costs
	 * nothing for a table that keeps filling or is already fitted; a fitted table that grows again
	 * doubles as usual and is fitted again once it stops.
	 */
	fitIfIdle(): void {
		if (this.size === this.sizeAtLastLook) this.compact();
		this.sizeAtLastLook = this.size;
	}

	/** Shrinks to just above the load limit. */
	private compact(): void {
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
			const target = this.slotOf(key, mix(key));
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
	/**
	 * Only at receipt: sent before what the memory still covers (its byte cap forgot that time),
	 * so it may have run already: not run.
	 */
	| { kind: 'forgotten'; coveredSince: number };

export interface ReplayMemoryOptions {
	maxBytes?: number;
	/** The time expiry goes by; the process's steady clock unless a test brings its own. */
	now?: Clock;
	/** Called when the byte cap makes the memory forget ids sent before `coveredSince`. */
	onCapReached?: (coveredSince: number, bytes: number) => void;
}

const FIRST: ReplayVerdict = Object.freeze({ kind: 'first' });
const REPEAT: ReplayVerdict = Object.freeze({ kind: 'repeat' });

/**
 * The message ids of one trigger, remembered until `sentAt + windowMs` (after which a delivery
 * is too old to run anyway). Check-and-record is synchronous: exact within a process.
 */
export class ReplayMemory {
	private readonly slices = new Map<number, IdTable>();
	private readonly sliceMs: number;
	private readonly maxBytes: number;
	private readonly now: Clock;
	private readonly key = new Uint32Array(KEY_WORDS);
	/** Deliveries sent before this were forgotten to respect the byte cap. */
	private coveredSince = Number.NEGATIVE_INFINITY;
	private nextTidy = Number.NEGATIVE_INFINITY;

	constructor(
		readonly windowMs: number,
		private readonly options: ReplayMemoryOptions = {},
	) {
		this.sliceMs = Math.max(MIN_SLICE_MS, Math.ceil(windowMs / MAX_SLICES_PER_WINDOW));
		this.maxBytes = options.maxBytes ?? REPLAY_MEMORY_MAX_BYTES;
		this.now = options.now ?? steadyNow;
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

	/**
	 * Checks `id` at `stage` and records it there; `sentAt` is its Kick timestamp (ms). The
	 * 'executed' stage answers 'first' or 'repeat', never 'forgotten' (see ReplayVerdict).
	 */
	check(id: string, sentAt: number, stage: ReplayStage): ReplayVerdict {
		this.tidy();
		const key = messageIdKey(id, this.key);
		const hash = mix(key);
		const bit = STAGE_BIT[stage];
		const known = this.tableHolding(key, hash);
		if (known) return known.mark(key, hash, bit) & bit ? REPEAT : FIRST;
		if (sentAt >= this.coveredSince) return this.record(key, hash, sentAt, bit);
		// The cap forgot that time. At receipt the id may have run already, so it does not run.
		if (stage === 'received') return { kind: 'forgotten', coveredSince: this.coveredSince };
		// An execution's delivery was accepted (answered 200): it runs, remembered where the
		// memory still covers, which keeps it at least as long as its own slice would have.
		return this.record(key, hash, this.coveredSince, bit);
	}

	/**
	 * Takes back `stage` for `id` (e.g. n8n did not answer Kick 2xx, so Kick will retry and the
	 * retry must run): the next check at that stage answers 'first' again. Returns whether the id
	 * held that stage.
	 */
	release(id: string, stage: ReplayStage): boolean {
		const key = messageIdKey(id, this.key);
		const hash = mix(key);
		return this.tableHolding(key, hash)?.unmark(key, hash, STAGE_BIT[stage]) ?? false;
	}

	/**
	 * Frees slices whose ids are all past their window, and fits the slices that stopped growing
	 * (at most every TIDY_INTERVAL_MS).
	 */
	tidy(now = this.now()): void {
		if (now < this.nextTidy) return;
		this.nextTidy = now + TIDY_INTERVAL_MS;
		for (const [index, table] of this.slices) {
			if (this.sliceEnd(index) + this.windowMs <= now) this.slices.delete(index);
			else table.fitIfIdle();
		}
	}

	clear(): void {
		this.slices.clear();
	}

	private tableHolding(key: Uint32Array, hash: number): IdTable | undefined {
		// A retry may carry another timestamp than the first delivery: look in every slice.
		for (const table of this.slices.values()) if (table.flagsOf(key, hash) !== 0) return table;
		return undefined;
	}

	private record(key: Uint32Array, hash: number, sentAt: number, bit: number): ReplayVerdict {
		const table = this.sliceFor(sentAt);
		const bytesBefore = table.size === 0 ? 0 : table.bytes;
		table.mark(key, hash, bit);
		// The byte count only changes when a table is created or grows.
		if (table.bytes !== bytesBefore) this.enforceCap();
		return FIRST;
	}

	/**
	 * Takes over every id of the memory this one replaces (Max Event Age changed in an edit of the
	 * active trigger), each filed at the start of its old slice and with the stages it had.
	 */
	takeOver(old: ReplayMemory): void {
		const key = new Uint32Array(KEY_WORDS);
		for (const [index, table] of old.slices) {
			const sentAt = index * old.sliceMs;
			table.forEach((held, flags) => {
				key.set(held);
				this.sliceFor(sentAt).mark(key, mix(key), flags);
			});
		}
		this.coveredSince = Math.max(this.coveredSince, old.coveredSince);
		this.enforceCap();
	}

	/** When the slice `index` ends: every id in it was sent before. */
	private sliceEnd(index: number): number {
		return (index + 1) * this.sliceMs;
	}

	private sliceFor(sentAt: number): IdTable {
		const index = Math.floor(sentAt / this.sliceMs);
		let table = this.slices.get(index);
		if (!table) {
			table = new IdTable();
			this.slices.set(index, table);
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
			this.coveredSince = Math.max(this.coveredSince, this.sliceEnd(index));
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
		memory.tidy(now);
		if (memory.isEmpty) memories.delete(key);
	}
}

/** This process's memory of one trigger's message ids, covering `windowMs` of Kick timestamps. */
export function replayMemoryFor(
	context: TriggerIdentity,
	windowMs: number,
	options: Omit<ReplayMemoryOptions, 'now'> = {},
): ReplayMemory {
	sweep(steadyNow());
	const key = memoryKey(context);
	let memory = memories.get(key);
	if (!memory || memory.windowMs !== windowMs) {
		// A changed Max Event Age (an edit) needs slices of another width: a new memory, holding
		// every id of the old one.
		const previous = memory;
		memory = new ReplayMemory(windowMs, options);
		if (previous) memory.takeOver(previous);
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
