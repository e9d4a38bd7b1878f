/** Every REST route module of the simulator, registered in one place. */
import { SimRouter } from '../http/route.js';
import { registerMiscRoutes } from './misc.js';

export function buildApiRouter(): SimRouter {
  const router = new SimRouter();
  registerMiscRoutes(router);
  return router;
}
