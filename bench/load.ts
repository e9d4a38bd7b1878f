/**
 * Load for the benchmark: autocannon when it is installed, else a minimal
 * closed-loop generator on an undici Pool (the same shape of numbers). Both run
 * in the benchmark's process, never in the gateway under test.
 */
import { Pool } from 'undici';

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

type Autocannon = (opts: Record<string, unknown>) => Promise<{
  latency: { p50: number; p99: number; average: number };
  requests: { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}>;

let cannon: Autocannon | null | undefined;

/** autocannon's programmatic API, when the package is installed. */
async function autocannon(): Promise<Autocannon | null> {
  if (cannon !== undefined) return cannon;
  try {
    const name = 'autocannon';
    const mod = (await import(name)) as { default: Autocannon };
    cannon = mod.default;
  } catch {
    cannon = null;
  }
  return cannon;
}

/** Which generator runs the load ("autocannon x.y" or the fallback). */
export async function loadGeneratorName(): Promise<string> {
  return (await autocannon()) ? 'autocannon' : 'built-in undici closed loop (autocannon is not installed)';
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Runs `spec` and summarises it. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const ac = await autocannon();
  if (ac) {
    const r = await ac({
      url: spec.url,
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      connections: spec.connections,
      ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationS }),
    });
    return {
      requests: r.requests.total,
      p50: r.latency.p50,
      p99: r.latency.p99,
      mean: r.latency.average,
      rps: r.requests.total / r.duration,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    };
  }
  return closedLoop(spec);
}

async function closedLoop(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const pool = new Pool(url.origin, { connections: spec.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = spec.durationS ? started + spec.durationS * 1000 : Number.POSITIVE_INFINITY;
  const more = () => (spec.amount ? sent < spec.amount : performance.now() < deadline);
  const worker = async () => {
    while (more()) {
      sent++;
      const t0 = performance.now();
      try {
        const res = await pool.request({
          path: url.pathname + url.search,
          method: spec.method,
          headers: spec.headers,
          body: spec.body,
        });
        await res.body.dump();
        if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    rps: latencies.length / seconds,
    errors,
    non2xx,
  };
}
