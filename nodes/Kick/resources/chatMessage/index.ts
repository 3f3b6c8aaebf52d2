import type { KickResource } from '../../helpers/types';
import { deleteChatMessage } from './delete';
import { sendChatMessageAsBotByDefault, sendChatMessageAsUserByDefault } from './send';

export const chatMessageResource: KickResource = {
	value: 'chatMessage',
	name: 'Chat Message',
	// Send first (one of the two per version): it is the default operation.
	operations: [sendChatMessageAsBotByDefault, sendChatMessageAsUserByDefault, deleteChatMessage],
};
