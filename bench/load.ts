/**
 * Load for the benchmark: autocannon, run in the benchmark's process, never in
 * the gateway under test.
 */
import { createRequire } from 'node:module';
import autocannon from 'autocannon';

/** One load run. */
export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  /** Requests to send (bounded), or… */
  amount?: number;
  /** …seconds to run. */
  durationS?: number;
}

/** What a run measured; latencies in ms. */
export interface LoadResult {
  requests: number;
  p50: number;
  p99: number;
  mean: number;
  rps: number;
  errors: number;
  non2xx: number;
}

/** The load generator and its version, for the results header. */
export function loadGeneratorName(): string {
  const { version } = createRequire(import.meta.url)('autocannon/package.json') as { version: string };
  return `autocannon ${version}`;
}

/**
 * Runs `spec` and summarises it. autocannon's percentiles are whole milliseconds and its
 * `duration` whole seconds, too coarse for sub-millisecond hops; so throughput is counted
 * against the run's wall-clock time, and the mean latency follows from it (a closed loop of
 * N connections: mean = N × time / requests, exact at N = 1).
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const started = performance.now();
  const r = await autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationS }),
  });
  const elapsedMs = performance.now() - started;
  return {
    requests: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: (spec.connections * elapsedMs) / Math.max(1, r.requests.total),
    rps: r.requests.total / (elapsedMs / 1000),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}
