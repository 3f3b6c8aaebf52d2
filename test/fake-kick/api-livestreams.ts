/**
 * GET /public/v2/livestreams, as Kick's docs announce it (changelog 23/06/2026; parameters and
 * answer from public client code, not in the spec): a cursor, `limit` up to 1000, repeatable
 * `category_id` / `language_code` filters, live streams oldest first, no sort.
 */
import { categoryBrief } from './api-catalog';
import { decodeCursor, type Handler, page, paginated, type RequestContext } from './handler';
import type { Channel } from './state';

/** A stable UUID per channel: v2 items are identified by the stream, not the broadcaster. */
const streamId = (c: Channel): string =>
	`00000000-0000-4000-8000-${String(c.channel_id).padStart(12, '0')}`;

function livestreamV2View(ctx: RequestContext, c: Channel) {
	const user = ctx.state.user(c.broadcaster_user_id);
	return {
		id: streamId(c),
		title: c.stream_title,
		language_code: c.language,
		tags: c.custom_tags,
		broadcaster_user: {
			id: c.broadcaster_user_id,
			username: user?.name ?? c.slug,
			profile_picture: user?.profile_picture ?? '',
		},
		channel: { slug: c.slug },
		category: categoryBrief(ctx.state.category(c.category_id)),
		viewer_count: c.viewer_count,
		has_mature_content: c.is_mature,
		started_at: c.start_time,
		thumbnail: c.thumbnail,
	};
}

const getLivestreamsV2: Handler = (ctx) => {
	const q = ctx.input.query as {
		cursor?: string;
		limit: number;
		category_id?: number[];
		language_code?: string[];
	};
	const live = ctx.state.channels
		.filter(
			(c) =>
				c.is_live &&
				(!q.category_id || q.category_id.includes(c.category_id)) &&
				(!q.language_code || q.language_code.includes(c.language)),
		)
		.sort(
			(a, b) => Date.parse(a.start_time) - Date.parse(b.start_time) || a.channel_id - b.channel_id,
		);
	const { items, nextCursor } = page(live, decodeCursor(q.cursor), q.limit);
	return paginated(
		items.map((c) => livestreamV2View(ctx, c)),
		nextCursor,
	);
};

export const livestreamRoutes: Record<string, Handler> = {
	'GET /public/v2/livestreams': getLivestreamsV2,
};
