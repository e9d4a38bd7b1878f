/**
 * Fault injection for tests: latency, 5xx answers, connection resets and
 * malformed JSON on chosen routes. Faults are set in-process
 * (`sim.faults.add`) or over HTTP (`POST /-/sim/faults`, simulator-only).
 */
import type { MiddlewareHandler } from 'hono';
import type { SimEnv } from '../context.js';

export interface Fault {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** Regular expression source matched against the request path (no query). */
  path: string;
  kind: 'latency' | 'status' | 'reset' | 'malformed-json';
  /** Delay for `latency`, in milliseconds. */
  delayMs?: number;
  /** Status for `status` (default 500). */
  status?: number;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
}

interface ActiveFault extends Fault {
  re: RegExp;
  remaining: number;
}

export class FaultTable {
  private faults: ActiveFault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, re: new RegExp(fault.path), remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching the request, consuming one of its uses. */
  take(method: string, path: string): Fault | undefined {
    const hit = this.faults.find((f) => f.remaining > 0 && (!f.method || f.method === method) && f.re.test(path));
    if (hit) hit.remaining--;
    return hit;
  }
}

type NodeBindings = { incoming?: { socket?: { destroy(): void } } };

/** Applies matching faults before the real handler runs. */
export function faultMiddleware(): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const fault = c.get('sim').faults.take(c.req.method, c.req.path);
    if (!fault) return next();
    switch (fault.kind) {
      case 'latency':
        await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
        return next();
      case 'status':
        return c.json(
          { message: 'simulated failure', url: `${c.get('sim').appUrl()}api/swagger` },
          (fault.status ?? 500) as 500,
        );
      case 'malformed-json':
        return c.body('{"message": "truncated', 200, { 'Content-Type': 'application/json;charset=utf-8' });
      case 'reset': {
        (c.env as NodeBindings | undefined)?.incoming?.socket?.destroy();
        return new Response(null, { status: 500 });
      }
    }
  };
}
