import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { KickNodeVersion } from './versions';

/** The two kinds of Kick access token a credential may hold. */
export type KickTokenKind = 'user' | 'app';

/** Per-execution memo, e.g. channel slug → broadcaster id, so each slug costs one request. */
export type ExecutionCache = Map<string, Promise<unknown>>;

export interface KickOperation {
	/** The `operation` parameter value: a contract, keep it stable. */
	value: string;
	name: string;
	/** Sentence shown in the nodes panel and to AI agents, e.g. "Send chat message" (no articles, as n8n asks). */
	action: string;
	description: string;
	/** The operation's own parameters; the node adds the resource/operation display options. */
	properties: INodeProperties[];
	/**
	 * The token kind the operation always needs, checked before any request: `user` for what
	 * acts on the credential's own channel (an app token has none), `app` for Drops.
	 */
	token?: KickTokenKind;
	/** A delete: from node version 2 on it answers one `{deleted: true}` item. */
	deletes?: boolean;
	/**
	 * For answers of more than 10 fields: the most useful ones (at most 10, nested ones
	 * flattened). From node version 2 on the operation gets a Simplify option, on by default.
	 */
	simplify?: (object: IDataObject) => IDataObject;
	/** Node versions that offer this operation; every version when left out. */
	versions?: readonly KickNodeVersion[];
	/** Runs the operation for one input item and returns one object per Kick object. */
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		cache: ExecutionCache,
	): Promise<IDataObject[]>;
}

export interface KickResource {
	value: string;
	name: string;
	description?: string;
	operations: KickOperation[];
}
