/**
 * Declarative API routes. Every route names its Swagger path template (the
 * exact key in gitea-swagger.v1.json), the token scope categories Gitea's
 * router puts it under (reference §3.4), and whether it needs a token. The
 * table is also what the contract test walks, so a route cannot exist without
 * a schema check.
 */
import type { Context, Hono } from 'hono';
import type { SimEnv } from '../context.js';
import type { ScopeCategory } from '../scopes.js';
import { requireSignedIn, requireTokenScope } from './auth.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SimRoute {
  method: HttpMethod;
  /** The Swagger path template under /api/v1, e.g. `/repos/{owner}/{repo}/issues/{index}`. */
  path: string;
  /** Token scope categories, all required (empty: no scope check, e.g. /version). */
  scope: readonly ScopeCategory[];
  /** Gitea's reqToken(): 401 "token is required" when anonymous. */
  reqToken?: boolean;
  handler: (c: Context<SimEnv>) => Response | Promise<Response>;
  /**
   * The trailing `*` parameter may be empty, as chi's `/*` allows: the route
   * also answers the path with a trailing slash and no parameter.
   */
  emptyWildcard?: boolean;
}

/** Path parameters that may contain slashes (Gitea routes them with `*`). */
const GREEDY_PARAMS = new Set(['filepath', 'basehead', 'ref', 'branch', 'tag', 'pageName', 'shaOrRef']);

/** `/repos/{owner}/{repo}/contents/{filepath}` → `/repos/:owner/:repo/contents/:filepath{.+}` */
export function toHonoPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (GREEDY_PARAMS.has(name) ? `:${name}{.+}` : `:${name}`));
}

export class SimRouter {
  readonly routes: SimRoute[] = [];

  add(...routes: SimRoute[]): void {
    this.routes.push(...routes);
  }

  /** Registers every route on `api` (mounted at /api/v1), scope check first as in Gitea. */
  mount(api: Hono<SimEnv>): void {
    for (const route of this.routes) {
      const paths = [toHonoPath(route.path)];
      if (route.emptyWildcard) paths.push(toHonoPath(route.path.replace(/\{\w+\}$/, '')));
      api.on(route.method, paths, async (c) => {
        const record = c.get('request');
        record.route = route.path;
        record.scope = route.scope;
        if (route.reqToken) requireSignedIn(c);
        requireTokenScope(c, route.scope);
        return route.handler(c);
      });
    }
  }
}
