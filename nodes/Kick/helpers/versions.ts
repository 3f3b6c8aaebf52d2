/**
 * The Kick node's versions. A workflow keeps the version it was saved with (n8n stores
 * `typeVersion` on the node), so version 1 workflows keep their behaviour while new nodes get
 * version 2. What each version offers is declared on the operations (`KickOperation.versions`).
 */
export const KICK_NODE_VERSIONS = [1, 2] as const;
export type KickNodeVersion = (typeof KICK_NODE_VERSIONS)[number];

export const LATEST_KICK_NODE_VERSION: KickNodeVersion = 2;

/** Whether an operation (or a feature of one) declared for `versions` exists in `version`. */
export function offeredIn(versions: readonly number[] | undefined, version: number): boolean {
	return versions === undefined || versions.includes(version);
}
