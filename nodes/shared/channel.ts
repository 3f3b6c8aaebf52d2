import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quoted } from './copy';
import { KICK_CHANNEL_URL_REGEX, KICK_SLUG_REGEX, KICK_WEBSITE_URL } from './kick';
import type { LocatorOptions } from './locator';
import { locatorValue } from './locator';
import type { KickContext } from './transport/request';
import { dataList, kickRequest } from './transport/request';

export interface ChannelLocatorOptions extends LocatorOptions {
	hint?: string;
}

/** Where users would otherwise hunt for a numeric id: pick a channel, paste its URL or slug. */
export function channelLocator(options: ChannelLocatorOptions): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		hint: options.hint,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Your channel, or type a channel slug…',
				typeOptions: { searchListMethod: 'searchChannels', searchable: true },
			},
			{
				displayName: 'By Slug',
				name: 'slug',
				type: 'string',
				placeholder: 'e.g. xqc',
				validation: [
					{
						type: 'regex',
						properties: { regex: KICK_SLUG_REGEX, errorMessage: 'Not a valid Kick channel slug' },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://kick.com/xqc',
				extractValue: { type: 'regex', regex: KICK_CHANNEL_URL_REGEX },
				validation: [
					{
						type: 'regex',
						properties: { regex: KICK_CHANNEL_URL_REGEX, errorMessage: 'Not a Kick channel URL' },
					},
				],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 668 (the broadcaster user ID)',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9]+$', errorMessage: 'A broadcaster user ID is a number' },
					},
				],
			},
		],
	};
}

export function slugFromUrl(url: string): string | undefined {
	return new RegExp(KICK_CHANNEL_URL_REGEX).exec(url.trim())?.[1];
}

interface ResolveOptions {
	field: string;
	itemIndex?: number;
	cache?: Map<string, Promise<unknown>>;
}

async function lookupSlug(
	context: KickContext,
	slug: string,
	options: ResolveOptions,
): Promise<number> {
	const response = await kickRequest.call(context, {
		method: 'GET',
		path: '/public/v1/channels',
		qs: { slug: [slug] },
		scopes: ['channel:read'],
		itemIndex: options.itemIndex,
	});
	// Only the channel with exactly this slug (any case) will do: acting on another channel
	// Kick happens to answer with (a ban, a chat message) would be worse than failing.
	const channel = dataList(response).find(
		(entry) => String(entry.slug).toLowerCase() === slug.toLowerCase(),
	);
	const id = Number(channel?.broadcaster_user_id);
	if (!Number.isInteger(id)) {
		throw new NodeOperationError(
			context.getNode(),
			`${quoted(options.field)}: Kick has no channel with the slug "${slug}"`,
			{
				itemIndex: options.itemIndex,
			},
		);
	}
	return id;
}

function invalid(context: KickContext, value: unknown, options: ResolveOptions): never {
	throw new NodeOperationError(
		context.getNode(),
		`${quoted(options.field)}: expected a channel slug, a https://kick.com/<slug> URL or a numeric broadcaster user ID (got ${JSON.stringify(value)})`,
		{ itemIndex: options.itemIndex },
	);
}

/** The broadcaster user id a channel locator (or a plain id/slug/URL value) points at. */
export async function resolveBroadcasterId(
	context: KickContext,
	locator: INodeParameterResourceLocator | string | number,
	options: ResolveOptions,
): Promise<number> {
	const mode = typeof locator === 'object' && locator !== null ? locator.mode : undefined;
	const value = String(locatorValue(locator) ?? '').trim();
	if (!value) {
		throw new NodeOperationError(context.getNode(), `${quoted(options.field)}: choose a channel`, {
			itemIndex: options.itemIndex,
		});
	}
	if (/^[0-9]+$/.test(value) && mode !== 'slug') return Number(value);
	const slug =
		mode === 'slug' ? value : (slugFromUrl(value) ?? (mode === 'url' ? undefined : value));
	if (!slug || !new RegExp(KICK_SLUG_REGEX).test(slug)) invalid(context, value, options);
	const key = `channel-slug:${slug.toLowerCase()}`;
	let pending = options.cache?.get(key) as Promise<number> | undefined;
	if (!pending) {
		pending = lookupSlug(context, slug, options);
		options.cache?.set(key, pending);
	}
	return await pending;
}

/**
 * The user a user access token belongs to, i.e. the broadcaster id of the credential's own
 * channel: asked once per execution (the cache), from GET /public/v1/users without ids.
 */
export async function tokenUserId(
	context: KickContext,
	options: { itemIndex?: number; cache?: Map<string, Promise<unknown>> } = {},
): Promise<number> {
	const key = 'token-user-id';
	let pending = options.cache?.get(key) as Promise<number> | undefined;
	if (!pending) {
		pending = kickRequest
			.call(context, {
				method: 'GET',
				path: '/public/v1/users',
				scopes: ['user:read'],
				itemIndex: options.itemIndex,
			})
			.then((response) => {
				const id = Number(dataList(response)[0]?.user_id);
				if (Number.isInteger(id)) return id;
				throw new NodeOperationError(
					context.getNode(),
					'Kick did not say which user the access token belongs to',
					{ itemIndex: options.itemIndex },
				);
			});
		options.cache?.set(key, pending);
	}
	return await pending;
}

function toListItem(channel: IDataObject): INodeListSearchItems {
	const title =
		typeof channel.stream_title === 'string' && channel.stream_title
			? ` — ${channel.stream_title}`
			: '';
	return {
		name: `${channel.slug}${title}`,
		value: String(channel.broadcaster_user_id),
		url: `${KICK_WEBSITE_URL}/${channel.slug}`,
	};
}

/** The token's own channel, plus the channel whose slug the user is typing. */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const found = new Map<string, INodeListSearchItems>();
	const lookups: Array<Promise<IDataObject[]>> = [
		kickRequest.call(this, { method: 'GET', path: '/public/v1/channels' }).then(dataList, () => []),
	];
	const slug = filter?.trim() ? (slugFromUrl(filter) ?? filter.trim()) : undefined;
	if (slug && new RegExp(KICK_SLUG_REGEX).test(slug)) {
		lookups.push(
			kickRequest
				.call(this, { method: 'GET', path: '/public/v1/channels', qs: { slug: [slug] } })
				.then(dataList, () => []),
		);
	}
	for (const channels of await Promise.all(lookups)) {
		for (const channel of channels) {
			if (channel.broadcaster_user_id !== undefined)
				found.set(String(channel.broadcaster_user_id), toListItem(channel));
		}
	}
	return { results: [...found.values()] };
}
