/**
 * The fake's world: users, channels, categories, rewards, redemptions, chat, subscriptions, bans,
 * OAuth grants. Plain data so tests can seed and inspect it (`fake.state.*`); `seed()` restores
 * the documented starting point (see SEED below).
 */
import { seedUlid } from './ids';
import type { FakeMode } from './recorded';

export interface User {
	user_id: number;
	name: string;
	email: string;
	/** "" for a user without a picture (recorded mode seeds one: webhooks then send ""). */
	profile_picture: string;
	is_verified: boolean;
}

export interface Channel {
	broadcaster_user_id: number;
	channel_id: number;
	slug: string;
	channel_description: string;
	banner_picture: string;
	stream_title: string;
	category_id: number;
	custom_tags: string[];
	is_live: boolean;
	is_mature: boolean;
	language: string;
	viewer_count: number;
	start_time: string;
	thumbnail: string;
	stream_key: string;
	stream_url: string;
	active_subscribers_count: number;
	/** The gifted part of active_subscribers_count (Kick added it in 2026, KickDevDocs PR #406). */
	active_gifted_subscribers_count: number;
	canceled_subscribers_count: number;
	moderators: number[];
}

export interface Category {
	id: number;
	name: string;
	tags: string[];
	thumbnail: string;
	viewer_count: number;
}

export interface Reward {
	id: string;
	broadcaster_user_id: number;
	title: string;
	description: string;
	cost: number;
	background_color: string;
	is_enabled: boolean;
	is_paused: boolean;
	is_user_input_required: boolean;
	should_redemptions_skip_request_queue: boolean;
	/** Only the app that created a reward may update/delete it or its redemptions. */
	created_by_client_id: string;
	is_deleted: boolean;
}

export type RedemptionStatus = 'pending' | 'accepted' | 'rejected';

export interface Redemption {
	id: string;
	reward_id: string;
	broadcaster_user_id: number;
	redeemer_user_id: number;
	user_input: string;
	status: RedemptionStatus;
	redeemed_at: string;
}

export interface ChatMessage {
	message_id: string;
	broadcaster_user_id: number;
	sender_user_id: number;
	type: 'user' | 'bot';
	content: string;
	reply_to_message_id: string | null;
	created_at: string;
	is_deleted: boolean;
}

export interface EventSubscription {
	id: string;
	app_id: string;
	broadcaster_user_id: number;
	event: string;
	version: number;
	method: string;
	created_at: string;
	updated_at: string;
}

export interface Ban {
	broadcaster_user_id: number;
	user_id: number;
	moderator_user_id: number;
	reason: string | null;
	/** minutes; null = permanent ban */
	duration: number | null;
	created_at: string;
	expires_at: string | null;
}

export interface KicksGift {
	broadcaster_user_id: number;
	user_id: number;
	amount: number;
	days_ago: number;
}

/** A Drops reward claim (Kick's docs: drops/public-api.md); no external_status until the app sets one. */
export interface DropsClaim {
	claim_id: string;
	user_id: number;
	campaign_id: string;
	reward_id: string;
	external_id?: string;
	external_status?: string;
	created_at: string;
	updated_at: string;
}

export interface AccessToken {
	token: string;
	kind: 'user' | 'app';
	client_id: string;
	user_id: number | null;
	scopes: string[];
	expires_at: number;
	revoked: boolean;
	refresh_token: string | null;
}

export interface RefreshToken {
	token: string;
	client_id: string;
	user_id: number;
	scopes: string[];
	access_token: string;
	revoked: boolean;
}

export interface AuthorizationCode {
	code: string;
	client_id: string;
	redirect_uri: string;
	scopes: string[];
	code_challenge: string;
	user_id: number;
	expires_at: number;
	used: boolean;
}

export interface OAuthClient {
	clientId: string;
	clientSecret: string;
	/** undefined = accept any redirect_uri */
	redirectUris?: string[];
}

export const DEFAULT_CLIENT: Readonly<OAuthClient> = {
	clientId: 'kick-test-client-id',
	clientSecret: 'kick-test-client-secret',
};
/** The app that "created" rewards on kick.com's own dashboard: this app may not manage them. */
export const OTHER_APP_CLIENT_ID = 'kick-dashboard';

export const SEED = {
	streamer: 1001,
	moderator: 1002,
	liveChannels: [1001, 1003, 1004],
	viewers: [2001, 2002, 2003, 2004, 2005],
	categoryCount: 2600,
	rewards: {
		songRequest: seedUlid(1, 1),
		hydrate: seedUlid(1, 2),
		shoutout: seedUlid(1, 3),
	},
	chatMessage: '5f0c1a9e-2b7d-4c3e-9a41-000000000001',
	drops: {
		campaigns: [seedUlid(300, 1), seedUlid(300, 2)],
		/** Claims per campaign: 25 in the first, 5 in the second. */
		claims: [25, 5],
	},
} as const;

const picture = (n: number) =>
	`https://files.kick.com/images/user/${n}/profile_image/conversion/default.webp`;

/** The seeded viewer who has no profile picture in recorded mode. */
export const VIEWER_WITHOUT_PICTURE = SEED.viewers[1];

export function seedUsers(mode: FakeMode = 'documented'): User[] {
	const named: Array<[number, string, boolean]> = [
		[1001, 'streamer', true],
		[1002, 'moderator', false],
		[1003, 'speedrunner', true],
		[1004, 'chef', false],
		[1005, 'quietcaster', false],
		...SEED.viewers.map((id, i): [number, string, boolean] => [id, `viewer${i + 1}`, false]),
	];
	return named.map(([user_id, name, is_verified]) => ({
		user_id,
		name,
		email: `${name}@example.test`,
		profile_picture:
			mode === 'recorded' && user_id === VIEWER_WITHOUT_PICTURE ? '' : picture(user_id),
		is_verified,
	}));
}

const LIVE: Record<number, Partial<Channel>> = {
	1001: {
		stream_title: 'Chill stream, chatting with you',
		category_id: 1,
		custom_tags: ['chill', 'english'],
		language: 'en',
		viewer_count: 1234,
		start_time: '2025-06-01T18:00:00Z',
	},
	1003: {
		stream_title: 'Any% world record attempts',
		category_id: 3,
		custom_tags: ['speedrun'],
		language: 'en',
		viewer_count: 5400,
		start_time: '2025-06-01T16:30:00Z',
	},
	1004: {
		stream_title: 'Cocinando paella',
		category_id: 1,
		custom_tags: ['cooking'],
		language: 'es',
		viewer_count: 87,
		start_time: '2025-06-01T19:15:00Z',
		is_mature: false,
	},
};

function seedChannel(user: User, index: number): Channel {
	const live = LIVE[user.user_id];
	return {
		broadcaster_user_id: user.user_id,
		channel_id: 5000 + index,
		slug: user.name,
		channel_description: `The ${user.name} channel`,
		banner_picture: `https://files.kick.com/images/channel/${user.user_id}/banner_image/default.webp`,
		stream_title: '',
		category_id: 1,
		custom_tags: [],
		is_live: live !== undefined,
		is_mature: false,
		language: 'en',
		viewer_count: 0,
		start_time: '0001-01-01T00:00:00Z',
		thumbnail: `https://images.kick.com/video_thumbnails/${user.name}/thumb.webp`,
		stream_key: `sk_us-west-2_${user.name}_secret`,
		stream_url: 'rtmps://fa723fc1b171.global-contribute.live-video.net',
		active_subscribers_count: user.user_id === SEED.streamer ? 150 : 3,
		active_gifted_subscribers_count: user.user_id === SEED.streamer ? 40 : 0,
		canceled_subscribers_count: user.user_id === SEED.streamer ? 25 : 0,
		moderators: user.user_id === SEED.streamer ? [SEED.moderator] : [],
		...live,
	};
}

const NAMED_CATEGORIES: Array<[string, string[]]> = [
	['Just Chatting', ['IRL', 'Talk']],
	['Slots & Casino', ['Gambling']],
	['Grand Theft Auto V', ['Action', 'Adventure', 'Open World']],
	['Counter-Strike 2', ['FPS', 'Shooter', 'Competitive']],
	['Old School Runescape', ['MMORPG', 'RPG']],
	['Rust', ['FPS', 'Shooter', 'Adventure', 'Survival']],
	['Fortnite', ['Shooter', 'Battle Royale']],
	['League of Legends', ['MOBA', 'Strategy', 'Competitive']],
	['Minecraft', ['Sandbox', 'Survival']],
	['VALORANT', ['FPS', 'Shooter', 'Competitive']],
];
const FILLER_TAGS = ['Indie', 'Puzzle', 'Strategy', 'Racing', 'Sports', 'Horror', 'Simulation'];

function seedCategories(): Category[] {
	return Array.from({ length: SEED.categoryCount }, (_, i) => {
		const id = i + 1;
		const [name, tags] = NAMED_CATEGORIES[i] ?? [
			`Game ${String(id).padStart(4, '0')}`,
			[FILLER_TAGS[id % FILLER_TAGS.length]],
		];
		const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
		return {
			id,
			name,
			tags,
			thumbnail: `https://files.kick.com/images/subcategories/${id}/banner/${slug}.webp`,
			viewer_count: Math.max(0, 50000 - id * 17),
		};
	});
}

function seedRewards(clientId: string): Reward[] {
	const base = {
		broadcaster_user_id: SEED.streamer,
		background_color: '#00e701',
		is_enabled: true,
		is_paused: false,
		should_redemptions_skip_request_queue: false,
		is_deleted: false,
	};
	return [
		{
			...base,
			id: SEED.rewards.songRequest,
			title: 'Song Request',
			description: 'Request a song by providing a URL',
			cost: 100,
			is_user_input_required: true,
			created_by_client_id: clientId,
		},
		{
			...base,
			id: SEED.rewards.hydrate,
			title: 'Hydrate!',
			description: 'Make the streamer drink water',
			cost: 50,
			is_user_input_required: false,
			created_by_client_id: OTHER_APP_CLIENT_ID,
			background_color: '#1475e1',
		},
		{
			...base,
			id: SEED.rewards.shoutout,
			title: 'Shoutout',
			description: 'Get a shoutout on stream',
			cost: 500,
			is_user_input_required: false,
			created_by_client_id: clientId,
		},
	];
}

/** 30 pending + 2 accepted + 1 rejected Song Requests, 3 pending Hydrate!, 2 pending Shoutouts. */
function seedRedemptions(): Redemption[] {
	const plan: Array<[string, number, 'pending' | 'accepted' | 'rejected']> = [
		...Array.from({ length: 30 }, (): [string, number, RedemptionStatus] => [
			SEED.rewards.songRequest,
			1,
			'pending',
		]),
		[SEED.rewards.songRequest, 1, 'accepted'],
		[SEED.rewards.songRequest, 1, 'accepted'],
		[SEED.rewards.songRequest, 1, 'rejected'],
		[SEED.rewards.hydrate, 2, 'pending'],
		[SEED.rewards.hydrate, 2, 'pending'],
		[SEED.rewards.hydrate, 2, 'pending'],
		[SEED.rewards.shoutout, 3, 'pending'],
		[SEED.rewards.shoutout, 3, 'pending'],
	];
	return plan.map(([reward_id, series, status], i) => ({
		id: seedUlid(100 + series, i + 1),
		reward_id,
		broadcaster_user_id: SEED.streamer,
		redeemer_user_id: SEED.viewers[i % SEED.viewers.length],
		user_input: reward_id === SEED.rewards.songRequest ? `https://youtu.be/song${i + 1}` : '',
		status,
		redeemed_at: new Date(Date.UTC(2025, 5, 1, 18, 0, i)).toISOString().replace('.000Z', 'Z'),
	}));
}

/** Claims in claim_id (creation) order; the first three of each campaign already "processed". */
function seedDropsClaims(): DropsClaim[] {
	return SEED.drops.campaigns.flatMap((campaign_id, c) =>
		Array.from({ length: SEED.drops.claims[c] }, (_, i): DropsClaim => {
			const at = new Date(Date.UTC(2025, 6, 1 + c, 12, 0, i)).toISOString().replace('.000Z', 'Z');
			return {
				claim_id: seedUlid(310 + c, i + 1),
				user_id: SEED.viewers[i % SEED.viewers.length],
				campaign_id,
				reward_id: seedUlid(320 + c, (i % 2) + 1),
				...(i % 4 === 3 ? {} : { external_id: `game-account-${i + 1}` }),
				...(i < 3 ? { external_status: 'processed' } : {}),
				created_at: at,
				updated_at: at,
			};
		}),
	);
}

const seedKicks = (): KicksGift[] =>
	SEED.viewers.flatMap((user_id, i) => [
		{ broadcaster_user_id: SEED.streamer, user_id, amount: 1000 - i * 150, days_ago: 200 },
		{ broadcaster_user_id: SEED.streamer, user_id, amount: 100 + i * 40, days_ago: 20 },
		{ broadcaster_user_id: SEED.streamer, user_id, amount: 10 * (i + 1), days_ago: 2 },
	]);

export class KickState {
	users: User[] = [];
	channels: Channel[] = [];
	categories: Category[] = [];
	rewards: Reward[] = [];
	redemptions: Redemption[] = [];
	chatMessages: ChatMessage[] = [];
	subscriptions: EventSubscription[] = [];
	bans: Ban[] = [];
	kicks: KicksGift[] = [];
	dropsClaims: DropsClaim[] = [];
	/** Apps (client ids) that belong to a Kick organization: only they may use the Drops API. */
	organizationApps: string[] = [];
	accessTokens = new Map<string, AccessToken>();
	refreshTokens = new Map<string, RefreshToken>();
	authorizationCodes = new Map<string, AuthorizationCode>();

	constructor(
		private readonly clientId: string = DEFAULT_CLIENT.clientId,
		private readonly mode: FakeMode = 'documented',
	) {
		this.seed();
	}

	seed(): void {
		this.users = seedUsers(this.mode);
		this.channels = this.users.map(seedChannel);
		this.categories = seedCategories();
		this.rewards = seedRewards(this.clientId);
		this.redemptions = seedRedemptions();
		this.chatMessages = [
			{
				message_id: SEED.chatMessage,
				broadcaster_user_id: SEED.streamer,
				sender_user_id: SEED.viewers[0],
				type: 'user',
				content: 'hello chat!',
				reply_to_message_id: null,
				created_at: '2025-06-01T18:05:00Z',
				is_deleted: false,
			},
		];
		this.subscriptions = [];
		this.bans = [];
		this.kicks = seedKicks();
		this.dropsClaims = seedDropsClaims();
		this.organizationApps = [this.clientId];
		this.accessTokens.clear();
		this.refreshTokens.clear();
		this.authorizationCodes.clear();
	}

	user = (id: number): User | undefined => this.users.find((u) => u.user_id === id);
	channel = (userId: number): Channel | undefined =>
		this.channels.find((c) => c.broadcaster_user_id === userId);
	channelBySlug = (slug: string): Channel | undefined => this.channels.find((c) => c.slug === slug);
	category = (id: number): Category | undefined => this.categories.find((c) => c.id === id);
	reward = (id: string): Reward | undefined => this.rewards.find((r) => r.id === id);

	/** A JSON-friendly copy (tokens as arrays) for the control API. */
	snapshot(): Record<string, unknown> {
		const { accessTokens, refreshTokens, authorizationCodes, categories, mode, ...rest } = this;
		return {
			...JSON.parse(JSON.stringify(rest)),
			mode,
			categoryCount: categories.length,
			accessTokens: [...accessTokens.values()],
			refreshTokens: [...refreshTokens.values()],
			authorizationCodes: [...authorizationCodes.values()],
		};
	}
}
