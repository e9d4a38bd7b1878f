/**
 * The simulator's HTTP application: web routes (OAuth provider, login pages)
 * at the root, the REST API under /api/v1, fault injection in front of both.
 */
import { Hono } from 'hono';
import { serveAttachment } from './attachment-download.js';
import type { SimContext, SimEnv } from './context.js';
import { apiAuth } from './http/auth.js';
import { giteaJson, renderApiError, SimApiError } from './http/errors.js';
import { type Fault, faultMiddleware } from './http/faults.js';
import type { SimRouter } from './http/route.js';

export interface SimWebRoutes {
  /** Registers non-API routes (OAuth2 provider, login and consent pages, well-known). */
  register(app: Hono<SimEnv>): void;
}

export function createSimApp(sim: SimContext, api: SimRouter, web: SimWebRoutes): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.use('*', async (c, next) => {
    c.set('sim', sim);
    c.set('doer', null);
    c.set('authKind', 'anonymous');
    c.set('tokenScope', null);
    c.set('basicAuth', false);
    const record = sim.requests.begin(c.req.method, new URL(c.req.url));
    c.set('request', record);
    try {
      await next();
    } finally {
      record.status = c.res.status;
    }
  });

  // Test control plane: not part of Gitea, kept under a path Gitea never serves.
  app.post('/-/sim/faults', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { faults?: Fault[]; clear?: boolean } | null;
    if (!body) return c.json({ message: 'body must be JSON {faults: [...]} or {clear: true}' }, 400);
    if (body.clear) sim.faults.clear();
    for (const f of body.faults ?? []) sim.faults.add(f);
    return c.body(null, 204);
  });
  // What reached the simulator since a mark (benchmarks count a gateway's upstream calls from outside).
  app.get('/-/sim/requests', (c) => {
    const since = Number(c.req.query('since') ?? 0);
    const requests = sim.requests.since(Number.isSafeInteger(since) ? since : 0);
    return c.json({ latest: sim.requests.mark(), requests: requests.filter((r) => r.path !== '/-/sim/requests') });
  });
  app.use('*', faultMiddleware());

  web.register(app);
  app.get('/attachments/:uuid', apiAuth(), serveAttachment);

  const v1 = new Hono<SimEnv>();
  v1.use('*', apiAuth());
  api.mount(v1);
  v1.all('*', (c) =>
    giteaJson(
      c,
      { errors: sim.profile.notFoundErrors, message: sim.profile.notFoundMessage, url: `${sim.appUrl()}api/swagger` },
      404,
    ),
  );
  app.route('/api/v1', v1);

  app.onError((err, c) => {
    if (err instanceof SimApiError) return renderApiError(c, err);
    console.error('simulator fault:', err);
    return giteaJson(c, { message: '', url: `${sim.appUrl()}api/swagger` }, 500);
  });
  return app;
}
