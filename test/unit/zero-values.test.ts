/**
 * Simplify answers null where Kick answers its zero values (an offline channel: "" texts, Go's
 * zero time, category id 0), which would otherwise read as real values.
 */
import { nullForZeroValues } from '../../nodes/Kick/helpers/output';

test("an offline channel's zero values become null; counts, flags and lists stay", () => {
	expect(
		nullForZeroValues({
			broadcaster_user_id: 123,
			slug: 'john-doe',
			stream_title: '',
			category_id: 0,
			category_name: '',
			is_live: false,
			viewer_count: 0,
			language: '',
			custom_tags: [],
			start_time: '0001-01-01T00:00:00Z',
		}),
	).toEqual({
		broadcaster_user_id: 123,
		slug: 'john-doe',
		stream_title: null,
		category_id: null,
		category_name: null,
		is_live: false,
		viewer_count: 0,
		language: null,
		custom_tags: [],
		start_time: null,
	});
});

test('real values are left alone', () => {
	const live = {
		stream_title: 'Speedrun',
		category_id: 15,
		category_name: 'Just Chatting',
		start_time: '2026-05-17T23:08:28Z',
		viewer_count: 45,
	};
	expect(nullForZeroValues(live)).toEqual(live);
});
