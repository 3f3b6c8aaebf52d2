/** Read-mostly api.kick.com routes: categories, channels, livestreams, users, KICKs, public key. */
import {
	badRequest,
	decodeCursor,
	type Handler,
	KickError,
	noContent,
	notFound,
	ok,
	page,
	paginated,
	type RequestContext,
	requireTokenUser,
	tokenUserId,
} from './handler';
import { DEFAULT_USER_PICTURE, offlineChannel } from './recorded';
import type { Category, Channel, KicksGift } from './state';

const V1_CATEGORY_PAGE = 100;

export const categoryBrief = (c: Category | undefined) =>
	c ? { id: c.id, name: c.name, thumbnail: c.thumbnail } : null;

function selfChannelOr400(ctx: RequestContext, what: string): Channel {
	const userId = tokenUserId(ctx);
	if (userId === null) throw badRequest(`an app access token has no user: pass ${what}`);
	const channel = ctx.state.channel(userId);
	if (!channel) throw notFound(`user ${userId} has no channel`);
	return channel;
}

/**
 * stream.key / stream.url only for the token's own channel and only with streamkey:read. Recorded
 * mode: the gifted subscribers count Kick added, and an offline channel's zero values.
 */
function channelView(ctx: RequestContext, c: Channel) {
	const own =
		tokenUserId(ctx) === c.broadcaster_user_id &&
		(ctx.token?.scopes.includes('streamkey:read') ?? false);
	const recorded = ctx.config.mode === 'recorded';
	const view = {
		active_subscribers_count: c.active_subscribers_count,
		...(recorded ? { active_gifted_subscribers_count: c.active_gifted_subscribers_count } : {}),
		banner_picture: c.banner_picture,
		broadcaster_user_id: c.broadcaster_user_id,
		canceled_subscribers_count: c.canceled_subscribers_count,
		category: categoryBrief(ctx.state.category(c.category_id)),
		channel_description: c.channel_description,
		slug: c.slug,
		stream: {
			custom_tags: c.custom_tags,
			is_live: c.is_live,
			is_mature: c.is_mature,
			language: c.language,
			start_time: c.is_live ? c.start_time : '0001-01-01T00:00:00Z',
			thumbnail: c.thumbnail,
			viewer_count: c.is_live ? c.viewer_count : 0,
			...(own ? { key: c.stream_key, url: c.stream_url } : {}),
		},
		stream_title: c.stream_title,
	};
	return recorded && !c.is_live ? offlineChannel(view) : view;
}

const getChannels: Handler = (ctx) => {
	const { broadcaster_user_id: ids, slug: slugs } = ctx.input.query as {
		broadcaster_user_id?: number[];
		slug?: string[];
	};
	let channels: Array<Channel | undefined>;
	if (ids) channels = ids.map((id) => ctx.state.channel(id));
	else if (slugs) channels = slugs.map((s) => ctx.state.channelBySlug(s));
	else channels = [selfChannelOr400(ctx, 'broadcaster_user_id or slug')];
	return ok(channels.filter((c): c is Channel => c !== undefined).map((c) => channelView(ctx, c)));
};

const patchChannel: Handler = (ctx) => {
	const channel = ctx.state.channel(requireTokenUser(ctx));
	if (!channel) throw notFound('the token user has no channel');
	const body = ctx.input.body as {
		category_id?: number;
		custom_tags?: string[];
		stream_title?: string;
	};
	if (body.category_id !== undefined) {
		if (!ctx.state.category(body.category_id))
			throw new KickError(400, `category_id ${body.category_id} does not exist`);
		channel.category_id = body.category_id;
	}
	if (body.custom_tags !== undefined) channel.custom_tags = [...body.custom_tags];
	if (body.stream_title !== undefined) channel.stream_title = body.stream_title;
	return noContent();
};

const searchCategoriesV1: Handler = (ctx) => {
	const q = String(ctx.input.query.q).toLowerCase();
	const pageNumber = ctx.input.query.page as number;
	if (pageNumber < 1) throw badRequest(`query parameter 'page' must be >= 1 (got ${pageNumber})`);
	const hits = ctx.state.categories.filter((c) => c.name.toLowerCase().includes(q));
	const start = (pageNumber - 1) * V1_CATEGORY_PAGE;
	return ok(hits.slice(start, start + V1_CATEGORY_PAGE).map(categoryBrief));
};

const getCategoryV1: Handler = (ctx) => {
	const c = ctx.state.category(ctx.input.path.category_id as number);
	if (!c) throw notFound(`category ${ctx.input.path.category_id} not found`);
	return ok({
		id: c.id,
		name: c.name,
		tags: c.tags,
		thumbnail: c.thumbnail,
		viewer_count: c.viewer_count,
	});
};

const getCategoriesV2: Handler = (ctx) => {
	const q = ctx.input.query as {
		cursor?: string;
		limit: number;
		name?: string[];
		tag?: string[];
		id?: number[];
	};
	const names = q.name?.map((n) => n.toLowerCase());
	const tags = q.tag?.map((t) => t.toLowerCase());
	const hits = ctx.state.categories.filter(
		(c) =>
			(!q.id || q.id.includes(c.id)) &&
			(!names || names.some((n) => c.name.toLowerCase().includes(n))) &&
			(!tags || c.tags.some((t) => tags.includes(t.toLowerCase()))),
	);
	const { items, nextCursor } = page(hits, decodeCursor(q.cursor), q.limit);
	return paginated(
		items.map((c) => ({ id: c.id, name: c.name, tags: c.tags, thumbnail: c.thumbnail })),
		nextCursor,
	);
};

function livestreamView(ctx: RequestContext, c: Channel) {
	return {
		broadcaster_user_id: c.broadcaster_user_id,
		category: categoryBrief(ctx.state.category(c.category_id)),
		channel_id: c.channel_id,
		custom_tags: c.custom_tags,
		has_mature_content: c.is_mature,
		language: c.language,
		profile_picture: ctx.state.user(c.broadcaster_user_id)?.profile_picture ?? '',
		slug: c.slug,
		started_at: c.start_time,
		stream_title: c.stream_title,
		thumbnail: c.thumbnail,
		viewer_count: c.viewer_count,
	};
}

const getLivestreams: Handler = (ctx) => {
	const q = ctx.input.query as {
		broadcaster_user_id?: number[];
		category_id?: number;
		language?: string;
		limit: number;
		sort: string;
	};
	const live = ctx.state.channels.filter(
		(c) =>
			c.is_live &&
			(!q.broadcaster_user_id || q.broadcaster_user_id.includes(c.broadcaster_user_id)) &&
			(q.category_id === undefined || c.category_id === q.category_id) &&
			(q.language === undefined || c.language === q.language),
	);
	const key = (c: Channel) => (q.sort === 'started_at' ? Date.parse(c.start_time) : c.viewer_count);
	live.sort((a, b) => key(b) - key(a));
	return ok(live.slice(0, q.limit).map((c) => livestreamView(ctx, c)));
};

const getLivestreamStats: Handler = (ctx) =>
	ok({ total_count: ctx.state.channels.filter((c) => c.is_live).length });

const getUsers: Handler = (ctx) => {
	const ids = ctx.input.query.id as number[] | undefined;
	const self = tokenUserId(ctx);
	if (!ids && self === null)
		throw badRequest(`an app access token has no user: pass one or more 'id' query parameters`);
	const users = (ids ?? [self as number])
		.map((id) => ctx.state.user(id))
		.filter((u) => u !== undefined);
	// Recorded: "" as the e-mail of others, Kick's default picture for users without one.
	const recorded = ctx.config.mode === 'recorded';
	return ok(
		users.map((u) => ({
			user_id: u.user_id,
			name: u.name,
			profile_picture: recorded && !u.profile_picture ? DEFAULT_USER_PICTURE : u.profile_picture,
			...(u.user_id === self ? { email: u.email } : recorded ? { email: '' } : {}),
		})),
	);
};

function leaderboard(ctx: RequestContext, gifts: KicksGift[], top: number) {
	const totals = new Map<number, number>();
	for (const g of gifts) totals.set(g.user_id, (totals.get(g.user_id) ?? 0) + g.amount);
	return [...totals.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([user_id, gifted_amount], i) => ({
			gifted_amount,
			rank: i + 1,
			user_id,
			username: ctx.state.user(user_id)?.name ?? '',
		}));
}

const getKicksLeaderboard: Handler = (ctx) => {
	const broadcaster = requireTokenUser(ctx);
	const top = ctx.input.query.top as number;
	const gifts = ctx.state.kicks.filter((g) => g.broadcaster_user_id === broadcaster);
	const within = (days: number) => gifts.filter((g) => g.days_ago <= days);
	return ok({
		lifetime: leaderboard(ctx, gifts, top),
		month: leaderboard(ctx, within(30), top),
		week: leaderboard(ctx, within(7), top),
	});
};

const getPublicKey: Handler = (ctx) => {
	if (ctx.config.publicKeyFailure)
		throw new KickError(500, 'internal server error (injected by setPublicKeyFailure)');
	return ok({ public_key: ctx.publicKeyPem });
};

export const catalogRoutes: Record<string, Handler> = {
	'GET /public/v1/categories': searchCategoriesV1,
	'GET /public/v1/categories/{category_id}': getCategoryV1,
	'GET /public/v2/categories': getCategoriesV2,
	'GET /public/v1/channels': getChannels,
	'PATCH /public/v1/channels': patchChannel,
	'GET /public/v1/livestreams': getLivestreams,
	'GET /public/v1/livestreams/stats': getLivestreamStats,
	'GET /public/v1/users': getUsers,
	'GET /public/v1/kicks/leaderboard': getKicksLeaderboard,
	'GET /public/v1/public-key': getPublicKey,
};
