/**
 * The Kick node's versions. A workflow keeps the version it was saved with (n8n stores
 * `typeVersion` on the node), so version 1 workflows keep their behaviour while new nodes get
 * the latest. What each version offers is declared on the operations (`KickOperation.versions`).
 * Version 2: Kick's v2 livestream list, Drops, n8n's answer guidelines (Simplify, deletes).
 * Version 3: Chat Message › Send writes as the user by default, in the credential's own channel
 * when Channel is empty (Kick answers 500 to chat as the bot); everything else as in version 2.
 */
export const KICK_NODE_VERSIONS = [1, 2, 3] as const;
export type KickNodeVersion = (typeof KICK_NODE_VERSIONS)[number];

export const LATEST_KICK_NODE_VERSION: KickNodeVersion = 3;

/** Whether an operation (or a feature of one) declared for `versions` exists in `version`. */
export function offeredIn(versions: readonly number[] | undefined, version: number): boolean {
	return versions === undefined || versions.includes(version);
}

/** `first` and every later version: what an operation added in `first` declares. */
export function fromVersion(first: KickNodeVersion): readonly KickNodeVersion[] {
	return KICK_NODE_VERSIONS.filter((version) => version >= first);
}

/** The versions before `next`: what an operation replaced in `next` declares. */
export function beforeVersion(next: KickNodeVersion): readonly KickNodeVersion[] {
	return KICK_NODE_VERSIONS.filter((version) => version < next);
}
