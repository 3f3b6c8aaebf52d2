/**
 * Return All over Kick's cursors must end: when Kick answers a cursor it gave before (a bug on
 * its side, or a proxy replaying a page), the node stops instead of asking for the same pages
 * forever, keeps what it has, and warns that Kick may hold more.
 */
import { encodeCursor } from '../fake-kick/handler';
import type { KickRunResult } from '../support/engine';
import { jsonOf, requestsTo, runWith, useFakeKick } from './kick-operations';

const fake = useFakeKick();

const CATEGORIES = 'GET /public/v2/categories';
const REDEMPTIONS = 'GET /public/v1/channels/rewards/redemptions';
const LIVESTREAMS = 'GET /public/v2/livestreams';

const hintsOf = (result: KickRunResult) =>
	result.run.data.resultData.runData.Kick?.[0]?.hints ?? [];

/** The request to `operation` after `after` good ones answers this page and cursor instead. */
function answerNext(operation: string, after: number, data: unknown[], nextCursor: string) {
	fake().failNext({
		method: 'GET',
		path: operation.replace(/^GET /, ''),
		status: 200,
		after,
		body: { data, message: 'OK', pagination: { next_cursor: nextCursor } },
	});
}

describe('Return All with a cursor Kick repeats', () => {
	test('Category › Get Many: Kick answers the cursor it was asked with; the list stops there', async () => {
		const secondPage = encodeCursor(1000); // what the fake answers with the first page
		answerNext(CATEGORIES, 1, [{ id: 9001, name: 'Replayed' }], secondPage);
		const result = await runWith(fake(), {
			resource: 'category',
			operation: 'getMany',
			returnAll: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1001);
		expect(jsonOf(result).at(-1)).toEqual({ id: 9001, name: 'Replayed' });
		expect(requestsTo(fake(), CATEGORIES).map((request) => request.query.cursor)).toEqual([
			undefined,
			[secondPage],
		]);
		expect(hintsOf(result)).toEqual([
			{
				type: 'warning',
				message: expect.stringMatching(
					/^Kick answered a page cursor it had given before, so the list stopped after 1001 results/,
				),
			},
		]);
	});

	test('Reward Redemption › Get Many: a cycle of two cursors ends after one round', async () => {
		// Page 1 points at A, page A at B, page B back at A.
		const group = (id: string) => ({ reward: { id: 'reward' }, redemptions: [{ id }] });
		answerNext(REDEMPTIONS, 0, [group('r1')], 'cursor-a');
		answerNext(REDEMPTIONS, 0, [group('r2')], 'cursor-b');
		answerNext(REDEMPTIONS, 0, [group('r3')], 'cursor-a');
		const result = await runWith(
			fake(),
			{ resource: 'rewardRedemption', operation: 'getMany', returnAll: true },
			{ scopes: ['channel:rewards:read'] },
		);

		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((item) => item.id)).toEqual(['r1', 'r2', 'r3']);
		expect(requestsTo(fake(), REDEMPTIONS).map((request) => request.query.cursor)).toEqual([
			undefined,
			['cursor-a'],
			['cursor-b'],
		]);
		expect(hintsOf(result)).toHaveLength(1);
	});

	test('Livestream › Get Many: an empty page ends the list even with a new cursor', async () => {
		answerNext(LIVESTREAMS, 0, [], 'never-ending');
		const result = await runWith(fake(), {
			resource: 'livestream',
			operation: 'getMany',
			returnAll: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([]);
		expect(requestsTo(fake(), LIVESTREAMS)).toHaveLength(1);
		expect(hintsOf(result)).toEqual([]);
	});

	test('a list that ends normally shows no warning', async () => {
		const result = await runWith(fake(), {
			resource: 'category',
			operation: 'getMany',
			returnAll: true,
		});

		expect(result.output).toHaveLength(2600);
		expect(hintsOf(result)).toEqual([]);
	});
});
