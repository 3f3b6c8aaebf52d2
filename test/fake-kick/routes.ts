/** The route table: operation key ("METHOD /path/{template}", spec or Kick's docs) -> handler. */
import { catalogRoutes } from './api-catalog';
import { chatRoutes } from './api-chat';
import { dropsRoutes } from './api-drops';
import { eventRoutes } from './api-events';
import { livestreamRoutes } from './api-livestreams';
import { rewardRoutes } from './api-rewards';
import type { Handler } from './handler';
import { introspect, oauthRoutes } from './oauth';

export const ROUTES: Readonly<Record<string, Handler>> = {
	...oauthRoutes,
	...catalogRoutes,
	...rewardRoutes,
	...chatRoutes,
	...eventRoutes,
	...livestreamRoutes,
	...dropsRoutes,
	'POST /public/v1/token/introspect': introspect, // deprecated twin of id.kick.com's introspect
};
