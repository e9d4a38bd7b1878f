/**
 * `GET /readyz`: ready when the store answers and Gitea is reachable, so a
 * load balancer stops sending traffic to a replica that cannot serve it
 * (`/healthz` stays a liveness check that never leaves the process). The
 * answer is cached briefly: probes arrive every few seconds from every node.
 */

/** One named dependency check; it throws (with a message safe to show) when the dependency is down. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessOptions {
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
  /** How long one answer is reused. */
  readonly cacheMs: number;
  readonly now: () => number;
}

/** Runs the checks at most once per `cacheMs`; concurrent probes share one run. */
export function createReadiness(opts: ReadinessOptions): () => Promise<Response> {
  let cached: { at: number; body: Promise<{ ready: boolean; checks: Record<string, string> }> } | undefined;
  const run = async () => {
    const entries = await Promise.all(
      Object.entries(opts.checks).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, err instanceof Error ? err.message : String(err)] as const;
        }
      }),
    );
    return { ready: entries.every(([, v]) => v === 'ok'), checks: Object.fromEntries(entries) };
  };
  return async () => {
    if (!cached || opts.now() - cached.at >= opts.cacheMs) cached = { at: opts.now(), body: run() };
    const { ready, checks } = await cached.body;
    return Response.json(
      { status: ready ? 'ready' : 'not_ready', checks },
      { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
    );
  };
}
