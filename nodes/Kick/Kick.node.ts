import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { KICK_NODE_VERSIONS, LATEST_KICK_NODE_VERSION } from './helpers/versions';
import { KickVersion } from './KickVersion';

/**
 * The Kick node, one description per version (n8n's full versioning, as its Airtable node does):
 * workflows saved with version 1 keep it, new nodes get the latest.
 */
export class Kick extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Kick',
			name: 'kick',
			icon: { light: 'file:kick.svg', dark: 'file:kick.dark.svg' },
			group: ['transform'],
			description: 'Chat, channels, rewards, moderation, livestreams and events on Kick.com',
			defaultVersion: LATEST_KICK_NODE_VERSION,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {};
		for (const version of KICK_NODE_VERSIONS)
			nodeVersions[version] = new KickVersion(baseDescription, version);
		super(nodeVersions, baseDescription);
	}
}
