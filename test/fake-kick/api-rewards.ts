/** Channel-points rewards and their redemptions, always on the token user's channel. */
import {
	decodeCursor,
	forbidden,
	type Handler,
	KickError,
	noContent,
	notFound,
	ok,
	page,
	paginated,
	type RequestContext,
	requireTokenUser,
} from './handler';
import { ulid } from './ids';
import type { Redemption, RedemptionStatus, Reward } from './state';

export const MAX_REWARDS_PER_CHANNEL = 15;

const rewardView = (r: Reward) => ({
	background_color: r.background_color,
	cost: r.cost,
	description: r.description,
	id: r.id,
	is_enabled: r.is_enabled,
	is_paused: r.is_paused,
	is_user_input_required: r.is_user_input_required,
	should_redemptions_skip_request_queue: r.should_redemptions_skip_request_queue,
	title: r.title,
});

const ownedByApp = (ctx: RequestContext, r: Reward): boolean =>
	r.created_by_client_id === ctx.token?.client_id;

const channelRewards = (ctx: RequestContext): Reward[] => {
	const broadcaster = requireTokenUser(ctx);
	return ctx.state.rewards.filter((r) => r.broadcaster_user_id === broadcaster && !r.is_deleted);
};

/** The reward named in the path, if it is on the token's channel and this app may manage it. */
function manageableReward(ctx: RequestContext): Reward {
	const id = ctx.input.path.id as string;
	const reward = channelRewards(ctx).find((r) => r.id === id);
	if (!reward) throw notFound(`reward ${id} not found on this channel`);
	if (!ownedByApp(ctx, reward))
		throw forbidden(
			`reward ${id} was not created by this app: only the app that created a reward can change it`,
		);
	return reward;
}

const listRewards: Handler = (ctx) => ok(channelRewards(ctx).map(rewardView));

const createReward: Handler = (ctx) => {
	const existing = channelRewards(ctx);
	if (existing.length >= MAX_REWARDS_PER_CHANNEL)
		throw new KickError(400, `a channel can have at most ${MAX_REWARDS_PER_CHANNEL} rewards`);
	const body = ctx.input.body as Partial<Reward> & Pick<Reward, 'title' | 'cost'>;
	const reward: Reward = {
		id: ulid(),
		broadcaster_user_id: requireTokenUser(ctx),
		description: '',
		background_color: '#00e701',
		is_enabled: true,
		is_paused: false,
		is_user_input_required: false,
		should_redemptions_skip_request_queue: false,
		...body,
		created_by_client_id: ctx.token?.client_id ?? '',
		is_deleted: false,
	};
	ctx.state.rewards.push(reward);
	return ok(rewardView(reward));
};

const updateReward: Handler = (ctx) => {
	const reward = manageableReward(ctx);
	Object.assign(reward, ctx.input.body as Partial<Reward>);
	return ok(rewardView(reward));
};

const deleteReward: Handler = (ctx) => {
	manageableReward(ctx).is_deleted = true; // kept so old redemptions can still name it
	return noContent();
};

function minimalReward(ctx: RequestContext, r: Reward | undefined, rewardId: string) {
	if (!r) return { id: rewardId, title: '', can_manage: false, is_deleted: true };
	return {
		id: r.id,
		title: r.title,
		cost: r.cost,
		description: r.description,
		can_manage: ownedByApp(ctx, r),
		...(r.is_deleted ? { is_deleted: true } : {}),
	};
}

/** Groups a page of redemptions by reward, in first-seen order (spec: RedemptionsByReward). */
function groupByReward(ctx: RequestContext, redemptions: Redemption[]) {
	const groups = new Map<string, Redemption[]>();
	for (const r of redemptions) groups.set(r.reward_id, [...(groups.get(r.reward_id) ?? []), r]);
	return [...groups.entries()].map(([rewardId, list]) => ({
		reward: minimalReward(ctx, ctx.state.reward(rewardId), rewardId),
		redemptions: list.map((r) => ({
			id: r.id,
			redeemed_at: r.redeemed_at,
			redeemer: { user_id: r.redeemer_user_id },
			status: r.status,
			user_input: r.user_input,
		})),
	}));
}

const listRedemptions: Handler = (ctx) => {
	const broadcaster = requireTokenUser(ctx);
	const q = ctx.input.query as {
		reward_id?: string;
		status?: RedemptionStatus;
		id?: string[];
		cursor?: string;
	};
	// Without ids Kick lists pending redemptions unless another status is asked for.
	const status = q.status ?? (q.id ? undefined : 'pending');
	const matches = ctx.state.redemptions
		.filter(
			(r) =>
				r.broadcaster_user_id === broadcaster &&
				(!q.reward_id || r.reward_id === q.reward_id) &&
				(!q.id || q.id.includes(r.id)) &&
				(!status || r.status === status),
		)
		.sort((a, b) => (a.id < b.id ? -1 : 1));
	const { items, nextCursor } = page(
		matches,
		decodeCursor(q.cursor),
		ctx.config.redemptionsPageSize,
	);
	return paginated(groupByReward(ctx, items), nextCursor);
};

type FailureReason = 'NOT_FOUND' | 'NOT_OWNED' | 'NOT_PENDING';

function decide(ctx: RequestContext, outcome: RedemptionStatus): ReturnType<Handler> {
	const broadcaster = requireTokenUser(ctx);
	const failures: Array<{ id: string; reason: FailureReason }> = [];
	for (const id of (ctx.input.body as { ids: string[] }).ids) {
		const r = ctx.state.redemptions.find(
			(x) => x.id === id && x.broadcaster_user_id === broadcaster,
		);
		const reward = r && ctx.state.reward(r.reward_id);
		let reason: FailureReason | undefined;
		if (!r) reason = 'NOT_FOUND';
		else if (!reward || !ownedByApp(ctx, reward)) reason = 'NOT_OWNED';
		else if (r.status !== 'pending') reason = 'NOT_PENDING';
		if (reason) failures.push({ id, reason });
		else if (r) r.status = outcome;
	}
	return ok(failures);
}

export const rewardRoutes: Record<string, Handler> = {
	'GET /public/v1/channels/rewards': listRewards,
	'POST /public/v1/channels/rewards': createReward,
	'PATCH /public/v1/channels/rewards/{id}': updateReward,
	'DELETE /public/v1/channels/rewards/{id}': deleteReward,
	'GET /public/v1/channels/rewards/redemptions': listRedemptions,
	'POST /public/v1/channels/rewards/redemptions/accept': (ctx) => decide(ctx, 'accepted'),
	'POST /public/v1/channels/rewards/redemptions/reject': (ctx) => decide(ctx, 'rejected'),
};
