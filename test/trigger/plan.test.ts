/**
 * The subscription plan (plan.ts), a pure function: ownership, healing and the bound on
 * subscriptions, whatever Kick's list says.
 */
import type {
	PlanInput,
	RecordedSubscription,
	Subscription,
	WantedSubscription,
} from '../../nodes/KickTrigger/plan';
import {
	appearedMeanwhile,
	blockedByUndeleted,
	coversWanted,
	planSubscriptions,
} from '../../nodes/KickTrigger/plan';

const CHANNEL = 668;
const OTHER_CHANNEL = 777;

const want = (event: string, broadcasterUserId = CHANNEL): WantedSubscription => ({
	event,
	version: 1,
	broadcasterUserId,
});
const at = (id: string, event: string, broadcasterUserId = CHANNEL): Subscription => ({
	id,
	event,
	version: 1,
	broadcasterUserId,
});
const mine = (id: string, event: string, broadcasterUserId = CHANNEL): RecordedSubscription => ({
	...at(id, event, broadcasterUserId),
	owned: true,
});
const theirs = (id: string, event: string): RecordedSubscription => ({
	...at(id, event),
	owned: false,
});

function plan(input: Partial<PlanInput>) {
	return planSubscriptions({
		wanted: [],
		recorded: [],
		listed: [],
		delivering: new Set(),
		...input,
	});
}

const ids = (subscriptions: readonly Subscription[]) => subscriptions.map((s) => s.id).sort();

describe('first activation', () => {
	test('nothing at Kick: every wanted event and channel is created', () => {
		const wanted = [
			want('chat.message.sent'),
			want('channel.followed'),
			want('chat.message.sent', OTHER_CHANNEL),
		];
		const result = plan({ wanted });
		expect(result.create).toEqual(wanted);
		expect(result.use).toEqual([]);
		expect(result.retire).toEqual([]);
	});

	test('an existing subscription of someone else is used, not owned, and nothing is created for it', () => {
		const result = plan({
			wanted: [want('channel.followed')],
			listed: [at('S-hand', 'channel.followed')],
		});
		expect(result.create).toEqual([]);
		expect(result.use).toEqual([theirs('S-hand', 'channel.followed')]);
	});

	test('a subscription of the same event for another channel is not used', () => {
		const result = plan({
			wanted: [want('channel.followed')],
			listed: [at('S-other', 'channel.followed', OTHER_CHANNEL)],
		});
		expect(result.create).toEqual([want('channel.followed')]);
	});
});

describe('ownership: only ids from its own subscribe requests are ever deleted', () => {
	test('Kick dropped everything and the streamer made one by hand: that one is used and never owned', () => {
		const result = plan({
			wanted: [want('channel.followed'), want('chat.message.sent')],
			recorded: [mine('S1', 'channel.followed'), mine('S2', 'chat.message.sent')],
			listed: [at('S-hand', 'channel.followed')],
		});
		expect(result.use).toEqual([theirs('S-hand', 'channel.followed')]);
		expect(result.create).toEqual([want('chat.message.sent')]);
		// Its own dropped ones are deleted (a no-op at Kick when they are gone); the streamer's is not.
		expect(ids(result.retire)).toEqual(['S1', 'S2']);
		expect(result.retire.every((s) => s.owned)).toBe(true);
	});

	test('a subscription it does not know (e.g. made before a restart it could not save) is never claimed', () => {
		const result = plan({
			wanted: [want('chat.message.sent')],
			recorded: [mine('S1', 'chat.message.sent')],
			listed: [at('S-unknown', 'chat.message.sent')],
		});
		expect(result.use).toEqual([theirs('S-unknown', 'chat.message.sent')]);
		expect(result.use.some((s) => s.owned)).toBe(false);
	});

	test('events or channels no longer wanted: its own go, others are left alone', () => {
		const result = plan({
			wanted: [want('chat.message.sent')],
			recorded: [
				mine('S1', 'chat.message.sent'),
				mine('S2', 'channel.followed'),
				mine('S3', 'chat.message.sent', OTHER_CHANNEL),
				theirs('S4', 'kicks.gifted'),
			],
			listed: [
				at('S1', 'chat.message.sent'),
				at('S2', 'channel.followed'),
				at('S4', 'kicks.gifted'),
			],
		});
		expect(ids(result.use)).toEqual(['S1']);
		expect(ids(result.retire)).toEqual(['S2', 'S3']);
	});

	test('own ids retired earlier (their delete failed) are deleted again', () => {
		const result = plan({
			wanted: [want('chat.message.sent')],
			recorded: [
				mine('S1', 'chat.message.sent'),
				{ ...mine('S0', 'chat.message.sent'), retired: true },
			],
			listed: [at('S1', 'chat.message.sent'), at('S0', 'chat.message.sent')],
		});
		expect(ids(result.use)).toEqual(['S1']);
		expect(ids(result.retire)).toEqual(['S0']);
		expect(result.duplicates).toEqual([]);
	});
});

describe("Kick's list leaves out a live subscription (KickDevDocs #419)", () => {
	test('an own subscription that still delivers is kept and not re-created', () => {
		const result = plan({
			wanted: [want('chat.message.sent')],
			recorded: [mine('S1', 'chat.message.sent')],
			listed: [],
			delivering: new Set(['S1']),
		});
		expect(result.create).toEqual([]);
		expect(result.use).toEqual([mine('S1', 'chat.message.sent')]);
		expect(result.unlisted).toEqual([mine('S1', 'chat.message.sent')]);
		expect(result.retire).toEqual([]);
	});

	test('an own subscription gone from the list that delivered nothing is deleted, then replaced', () => {
		const result = plan({
			wanted: [want('chat.message.sent')],
			recorded: [mine('S1', 'chat.message.sent')],
		});
		expect(ids(result.retire)).toEqual(['S1']);
		expect(result.create).toEqual([want('chat.message.sent')]);
		expect(result.vanished).toEqual([mine('S1', 'chat.message.sent')]);
	});

	test('checks after checks with a list that never shows its own: never more than one of its own at Kick', () => {
		// Simulates Kick: every created subscription exists and is never listed.
		const atKick = new Set<string>();
		let recorded: RecordedSubscription[] = [];
		let next = 0;
		for (let check = 0; check < 20; check++) {
			const result = plan({ wanted: [want('chat.message.sent')], recorded, listed: [] });
			for (const s of result.retire) atKick.delete(s.id); // the shell deletes first
			const { ready } = blockedByUndeleted(result.create, []);
			const created = ready.map((w) => ({ ...w, id: `S${next++}`, owned: true }));
			for (const s of created) atKick.add(s.id);
			recorded = [...result.use, ...created];
			expect(atKick.size).toBeLessThanOrEqual(1);
		}
	});

	test('a delete that fails blocks creating another for that event and channel', () => {
		const undeleted = [{ ...mine('S1', 'chat.message.sent'), retired: true }];
		const { ready, blocked } = blockedByUndeleted(
			[want('chat.message.sent'), want('channel.followed')],
			undeleted,
		);
		expect(ready).toEqual([want('channel.followed')]);
		expect(blocked).toEqual([want('chat.message.sent')]);
	});
});

describe('duplicates at Kick', () => {
	test('its own is used and the others are reported, never deleted', () => {
		const result = plan({
			wanted: [want('chat.message.sent')],
			recorded: [mine('S1', 'chat.message.sent')],
			listed: [at('S1', 'chat.message.sent'), at('S-other', 'chat.message.sent')],
		});
		expect(ids(result.use)).toEqual(['S1']);
		expect(result.retire).toEqual([]);
		expect(result.duplicates).toEqual([
			{ used: mine('S1', 'chat.message.sent'), others: [at('S-other', 'chat.message.sent')] },
		]);
	});

	test("two of its own for one event (an older version's record): one is used, the other deleted", () => {
		const result = plan({
			wanted: [want('chat.message.sent')],
			recorded: [mine('S1', 'chat.message.sent'), mine('S2', 'chat.message.sent')],
			listed: [at('S1', 'chat.message.sent'), at('S2', 'chat.message.sent')],
		});
		expect(ids(result.use)).toEqual(['S1']);
		expect(ids(result.retire)).toEqual(['S2']);
	});
});

describe('whether the record still covers what is wanted (checkExists)', () => {
	const wanted = [want('chat.message.sent'), want('channel.followed')];
	const recorded = [mine('S1', 'chat.message.sent'), theirs('S2', 'channel.followed')];

	test('all listed: yes', () => {
		expect(
			coversWanted(
				wanted,
				recorded,
				[at('S1', 'chat.message.sent'), at('S2', 'channel.followed')],
				new Set(),
			),
		).toBe(true);
	});

	test('its own unlisted but delivering: yes; another’s unlisted: no', () => {
		expect(coversWanted(wanted, recorded, [at('S2', 'channel.followed')], new Set(['S1']))).toBe(
			true,
		);
		expect(coversWanted(wanted, recorded, [at('S1', 'chat.message.sent')], new Set(['S2']))).toBe(
			false,
		);
	});

	test('another event wanted, or an own id waiting to be deleted: no', () => {
		const listed = [at('S1', 'chat.message.sent'), at('S2', 'channel.followed')];
		expect(coversWanted([...wanted, want('kicks.gifted')], recorded, listed, new Set())).toBe(
			false,
		);
		expect(
			coversWanted(
				wanted,
				[...recorded, { ...mine('S0', 'kicks.gifted'), retired: true }],
				listed,
				new Set(),
			),
		).toBe(false);
	});
});

test('after a subscribe request failed without an answer, only new subscriptions for what was asked count as appeared', () => {
	const before = [at('S-old', 'chat.message.sent')];
	const after = [...before, at('S-new', 'chat.message.sent'), at('S-elsewhere', 'kicks.gifted')];
	expect(appearedMeanwhile([want('chat.message.sent')], before, after)).toEqual([
		at('S-new', 'chat.message.sent'),
	]);
});
