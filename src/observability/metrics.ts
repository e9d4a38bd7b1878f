/**
 * Prometheus metrics (prom-client) on a registry of the gateway's own, so
 * two gateways in one process (tests, `gatea demo`) never share counters.
 * Every label value comes from a closed set — tool names from the registry,
 * route templates from the code, outcome kinds — never from what a caller
 * sends, so a client cannot grow the series without bound.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Where a tool call came in. */
export type Surface = 'mcp' | 'sse' | 'rest' | 'stdio';

/** Seconds buckets for calls that cross the network (Gitea, tool calls). */
const NETWORK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds buckets for the store (local SQLite is sub-millisecond; PostgreSQL a few ms). */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The gateway's metrics; each method records one event. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #toolCalls = new Counter({
    name: 'gatea_tool_calls_total',
    help: 'Tool calls by surface, tool and outcome (ok, or the refusal/failure kind).',
    labelNames: ['surface', 'tool', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #toolSeconds = new Histogram({
    name: 'gatea_tool_call_duration_seconds',
    help: 'Time from the decision to the tool result, by tool.',
    labelNames: ['tool'] as const,
    buckets: NETWORK_BUCKETS,
    registers: [this.registry],
  });
  readonly #auth = new Counter({
    name: 'gatea_auth_total',
    help: 'Authentications by mode, API probe result (pass, fail:403, fail:401, skip:cached, skip:error) and reason.',
    labelNames: ['mode', 'api_probe', 'result'] as const,
    registers: [this.registry],
  });
  readonly #giteaSeconds = new Histogram({
    name: 'gatea_gitea_request_duration_seconds',
    help: 'Gitea API requests by method, route template and status (or timeout/unreachable).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: NETWORK_BUCKETS,
    registers: [this.registry],
  });
  readonly #refreshes = new Counter({
    name: 'gatea_token_refreshes_total',
    help: "Token refreshes: clients refreshing Gatea's tokens, and Gatea refreshing Gitea's, by outcome.",
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #storeSeconds = new Histogram({
    name: 'gatea_store_operation_duration_seconds',
    help: 'Store operations by name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });
  #sseSessions: () => number = () => 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gatea_' });
    const sessions = () => this.#sseSessions();
    new Gauge({
      name: 'gatea_sse_sessions',
      help: 'Open legacy HTTP+SSE sessions on this replica.',
      registers: [this.registry],
      collect() {
        this.set(sessions());
      },
    });
  }

  toolCall(surface: Surface, tool: string, outcome: string, seconds: number): void {
    this.#toolCalls.inc({ surface, tool, outcome });
    this.#toolSeconds.observe({ tool }, seconds);
  }

  auth(mode: string | null, apiProbe: string, result: string | null): void {
    this.#auth.inc({ mode: mode ?? 'none', api_probe: apiProbe, result: result ?? 'ok' });
  }

  giteaRequest(method: string, route: string, status: number | string, seconds: number): void {
    this.#giteaSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  tokenRefresh(kind: 'client' | 'upstream', outcome: string): void {
    this.#refreshes.inc({ kind, outcome });
  }

  storeOperation(operation: string, outcome: 'ok' | 'error', seconds: number): void {
    this.#storeSeconds.observe({ operation, outcome }, seconds);
  }

  /** Where the SSE session gauge reads its value. */
  countSseSessions(count: () => number): void {
    this.#sseSessions = count;
  }

  /** The text exposition format, and its content type. */
  async expose(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

/**
 * Wraps every method of `target` that returns a promise so its duration is
 * recorded under the method's name. Properties that are not functions pass through.
 */
export function timeOperations<T extends object>(
  target: T,
  record: (operation: string, outcome: 'ok' | 'error', seconds: number) => void,
): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = value.apply(obj, args);
        if (!(result instanceof Promise)) return result;
        const done = (outcome: 'ok' | 'error') => record(prop, outcome, (performance.now() - started) / 1000);
        return result.then(
          (v) => {
            done('ok');
            return v;
          },
          (err: unknown) => {
            done('error');
            throw err;
          },
        );
      };
    },
  });
}
