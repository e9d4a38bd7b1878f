/**
 * `GET /metrics` (Prometheus text format). Two ways to expose it, both off by
 * default: on the main port to scrapers that send GATEA_METRICS_TOKEN as a
 * bearer token, or on a separate port (GATEA_METRICS_PORT) that only the
 * cluster can reach. Metric names and labels carry no secrets, but tool
 * names and traffic volumes are still not for the public internet.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { readCredentials } from '../auth/index.js';
import type { GatewayMetrics } from '../observability/index.js';
import { json } from './responses.js';

async function exposition(metrics: GatewayMetrics): Promise<Response> {
  const { body, contentType } = await metrics.expose();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `/metrics` on the main port: the bearer token must match (compared as
 * digests, in constant time). Without a token, or with no metrics counted, it
 * says how to turn them on.
 */
export function protectedMetricsEndpoint(metrics: GatewayMetrics | undefined, token: string | null) {
  const expected = token === null ? null : digest(token);
  return (req: Request): Promise<Response> | Response => {
    if (!expected || !metrics)
      return json(404, {
        error: 'metrics_off',
        message:
          'Metrics are off on this port. The operator enables them with GATEA_METRICS_TOKEN or GATEA_METRICS_PORT.',
      });
    const creds = readCredentials(req);
    if (creds.kind !== 'bearer' || !timingSafeEqual(digest(creds.token), expected))
      return json(
        401,
        { error: 'unauthorized', message: 'Send the metrics token (GATEA_METRICS_TOKEN) as a bearer token.' },
        { 'www-authenticate': 'Bearer realm="metrics"' },
      );
    return exposition(metrics);
  };
}

/** The separate metrics listener: `GET /metrics` and nothing else. */
export function createMetricsApp(metrics: GatewayMetrics): Hono {
  const app = new Hono();
  app.get('/metrics', () => exposition(metrics));
  app.notFound(() => json(404, { error: 'not_found', message: 'This port serves GET /metrics only.' }));
  return app;
}
