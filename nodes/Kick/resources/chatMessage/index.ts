import type { KickResource } from '../../helpers/types';
import { deleteChatMessage } from './delete';
import { sendChatMessage } from './send';

export const chatMessageResource: KickResource = {
	value: 'chatMessage',
	name: 'Chat Message',
	// Send first: it is the default operation.
	operations: [sendChatMessage, deleteChatMessage],
};
