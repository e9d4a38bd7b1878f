/** Every REST route module of the simulator, registered in one place. */
import { SimRouter } from '../http/route.js';
import { registerMiscRoutes } from './misc.js';
import { registerOrgRoutes } from './orgs.js';
import { registerRepoRoutes } from './repos.js';
import { registerUserRoutes } from './users.js';

export function buildApiRouter(): SimRouter {
  const router = new SimRouter();
  registerMiscRoutes(router);
  registerUserRoutes(router);
  registerOrgRoutes(router);
  registerRepoRoutes(router);
  return router;
}
