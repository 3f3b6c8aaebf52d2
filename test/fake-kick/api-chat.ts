/** Chat messages and moderation (bans/timeouts). */
import {
	badRequest,
	forbidden,
	type Handler,
	KickError,
	noContent,
	notFound,
	nowIso,
	ok,
	type RequestContext,
	requireTokenUser,
} from './handler';
import { uuid } from './ids';
import { botChatFailure } from './recorded';
import type { Ban, Channel } from './state';

const isActive = (b: Ban): boolean =>
	b.expires_at === null || Date.parse(b.expires_at) > Date.now();

function findBan(ctx: RequestContext, broadcaster: number, userId: number): Ban | undefined {
	return ctx.state.bans.find(
		(b) => b.broadcaster_user_id === broadcaster && b.user_id === userId && isActive(b),
	);
}

function existingChannel(ctx: RequestContext, broadcaster: number): Channel {
	const channel = ctx.state.channel(broadcaster);
	if (!channel) throw notFound(`channel of broadcaster ${broadcaster} not found`);
	return channel;
}

/** Broadcasters and their moderators may moderate a channel. */
function requireModerator(ctx: RequestContext, channel: Channel): number {
	const actor = requireTokenUser(ctx);
	if (actor !== channel.broadcaster_user_id && !channel.moderators.includes(actor)) {
		throw forbidden(
			`user ${actor} is not the broadcaster or a moderator of channel ${channel.slug}`,
		);
	}
	return actor;
}

interface ChatBody {
	content: string;
	type: 'user' | 'bot';
	broadcaster_user_id?: number;
	reply_to_message_id?: string;
}

const postChat: Handler = (ctx) => {
	const sender = requireTokenUser(ctx);
	const body = ctx.input.body as ChatBody;
	if (body.type === 'bot' && ctx.config.mode === 'recorded') return botChatFailure();
	// As a bot the message always goes to the token's own channel; as a user the target is required.
	if (body.type === 'user' && body.broadcaster_user_id === undefined)
		throw badRequest('body broadcaster_user_id is required when type is "user"');
	const channel = existingChannel(
		ctx,
		body.type === 'bot' ? sender : (body.broadcaster_user_id as number),
	);
	if (findBan(ctx, channel.broadcaster_user_id, sender))
		throw forbidden(`user ${sender} is banned from ${channel.slug}'s chat`);
	const replyTo = body.reply_to_message_id;
	if (
		replyTo &&
		!ctx.state.chatMessages.some(
			(m) =>
				m.message_id === replyTo &&
				m.broadcaster_user_id === channel.broadcaster_user_id &&
				!m.is_deleted,
		)
	) {
		throw new KickError(
			400,
			`reply_to_message_id ${replyTo} is not a message in ${channel.slug}'s chat`,
		);
	}
	const message_id = uuid();
	ctx.state.chatMessages.push({
		message_id,
		broadcaster_user_id: channel.broadcaster_user_id,
		sender_user_id: sender,
		type: body.type,
		content: body.content,
		reply_to_message_id: replyTo ?? null,
		created_at: nowIso(),
		is_deleted: false,
	});
	return ok({ is_sent: true, message_id });
};

const deleteChat: Handler = (ctx) => {
	const id = ctx.input.path.message_id as string;
	const message = ctx.state.chatMessages.find((m) => m.message_id === id && !m.is_deleted);
	if (!message) throw notFound(`chat message ${id} not found`);
	requireModerator(ctx, existingChannel(ctx, message.broadcaster_user_id));
	message.is_deleted = true;
	return noContent();
};

function banTarget(ctx: RequestContext): { channel: Channel; userId: number; actor: number } {
	const body = ctx.input.body as { broadcaster_user_id: number; user_id: number };
	const channel = existingChannel(ctx, body.broadcaster_user_id);
	const actor = requireModerator(ctx, channel);
	if (!ctx.state.user(body.user_id))
		throw new KickError(400, `user ${body.user_id} does not exist`);
	return { channel, userId: body.user_id, actor };
}

const ban: Handler = (ctx) => {
	const { channel, userId, actor } = banTarget(ctx);
	if (userId === channel.broadcaster_user_id)
		throw new KickError(400, 'the broadcaster cannot be banned from their own channel');
	const { duration, reason } = ctx.input.body as { duration?: number; reason?: string };
	const created = new Date();
	ctx.state.bans = ctx.state.bans.filter(
		(b) => !(b.broadcaster_user_id === channel.broadcaster_user_id && b.user_id === userId),
	);
	ctx.state.bans.push({
		broadcaster_user_id: channel.broadcaster_user_id,
		user_id: userId,
		moderator_user_id: actor,
		reason: reason ?? null,
		duration: duration ?? null,
		created_at: created.toISOString(),
		expires_at: duration ? new Date(created.getTime() + duration * 60_000).toISOString() : null,
	});
	return ok({});
};

const unban: Handler = (ctx) => {
	const { channel, userId } = banTarget(ctx);
	if (!findBan(ctx, channel.broadcaster_user_id, userId))
		throw new KickError(400, `user ${userId} is not banned or timed out in ${channel.slug}`);
	ctx.state.bans = ctx.state.bans.filter(
		(b) => !(b.broadcaster_user_id === channel.broadcaster_user_id && b.user_id === userId),
	);
	return ok({});
};

export const chatRoutes: Record<string, Handler> = {
	'POST /public/v1/chat': postChat,
	'DELETE /public/v1/chat/{message_id}': deleteChat,
	'POST /public/v1/moderation/bans': ban,
	'DELETE /public/v1/moderation/bans': unban,
};
