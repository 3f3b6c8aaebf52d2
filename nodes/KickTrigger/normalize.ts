/**
 * A delivery's payload in the shape the README documents, whichever variant Kick sent. Kick's
 * recorded deliveries differ from its docs: `metadata.Category` with a capital C in
 * livestream.metadata.updated, and `emotes: null` in every chat message, the emotes being only
 * `[emote:ID:NAME]` tokens in `content`. The documented field is added; every field Kick sent
 * stays as Kick sent it. Pure: no I/O.
 */
import type { IDataObject } from 'n8n-workflow';

export interface EmotePosition {
	/** Where the token starts in `content` (a JavaScript string index). */
	s: number;
	/** Where it ends, inclusive: `content.slice(s, e + 1)` is the token. */
	e: number;
}

export interface Emote {
	emote_id: string;
	positions: EmotePosition[];
}

const EMOTE_TOKEN = /\[emote:(\d+):[^\]\s]*\]/g;

/** The documented `emotes` of a chat message, from its `[emote:ID:NAME]` tokens, in order of first use. */
export function emotesFromContent(content: string): Emote[] {
	const byId = new Map<string, Emote>();
	for (const match of content.matchAll(EMOTE_TOKEN)) {
		const id = match[1];
		const start = match.index;
		const emote = byId.get(id) ?? { emote_id: id, positions: [] };
		emote.positions.push({ s: start, e: start + match[0].length - 1 });
		byId.set(id, emote);
	}
	return [...byId.values()];
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function chatMessage(payload: IDataObject): IDataObject {
	if (payload.emotes !== null && payload.emotes !== undefined) return payload;
	if (typeof payload.content !== 'string') return payload;
	return { ...payload, emotes: emotesFromContent(payload.content) as unknown as IDataObject[] };
}

function metadataUpdate(payload: IDataObject): IDataObject {
	const { metadata } = payload;
	if (!isObject(metadata) || 'category' in metadata || !('Category' in metadata)) return payload;
	return { ...payload, metadata: { ...metadata, category: metadata.Category } };
}

/** The payload with the README's fields where Kick sent a variant of them; nothing else changes. */
export function normalizePayload(type: string, payload: IDataObject): IDataObject {
	if (type === 'chat.message.sent') return chatMessage(payload);
	if (type === 'livestream.metadata.updated') return metadataUpdate(payload);
	return payload;
}
