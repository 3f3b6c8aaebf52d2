/** The route table: spec operation key ("METHOD /path/{template}") -> handler. */
import { catalogRoutes } from './api-catalog';
import { chatRoutes } from './api-chat';
import { eventRoutes } from './api-events';
import { rewardRoutes } from './api-rewards';
import type { Handler } from './handler';
import { introspect, oauthRoutes } from './oauth';

export const ROUTES: Readonly<Record<string, Handler>> = {
	...oauthRoutes,
	...catalogRoutes,
	...rewardRoutes,
	...chatRoutes,
	...eventRoutes,
	'POST /public/v1/token/introspect': introspect, // deprecated twin of id.kick.com's introspect
};
