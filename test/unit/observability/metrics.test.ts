/** GatewayMetrics keeps its own registry, and timeOperations times promises without changing them. */
import { describe, expect, it } from 'vitest';
import { GatewayMetrics, timeOperations } from '../../../src/observability/metrics.js';

async function value(m: GatewayMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await m.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('GatewayMetrics', () => {
  it('two gateways in one process count separately', async () => {
    const a = new GatewayMetrics();
    const b = new GatewayMetrics();
    a.toolCall('mcp', 'get_me', 'ok', 0.01);
    a.toolCall('mcp', 'get_me', 'ok', 0.01);
    b.toolCall('mcp', 'get_me', 'ok', 0.01);
    expect(await value(a, 'gatea_tool_calls_total', { tool: 'get_me' })).toBe(2);
    expect(await value(b, 'gatea_tool_calls_total', { tool: 'get_me' })).toBe(1);
  });

  it('names a missing auth mode and result', async () => {
    const m = new GatewayMetrics();
    m.auth(null, 'skip:error', 'none');
    m.auth('direct', 'pass', null);
    expect(await value(m, 'gatea_auth_total', { mode: 'none', result: 'none' })).toBe(1);
    expect(await value(m, 'gatea_auth_total', { mode: 'direct', api_probe: 'pass', result: 'ok' })).toBe(1);
  });
});

describe('timeOperations', () => {
  const target = {
    name: 'store',
    async find(x: number) {
      return x * 2;
    },
    async fail() {
      throw new Error('disk full');
    },
    sync() {
      return 'plain';
    },
  };

  it('records each promise-returning method by name and outcome, passing results and errors through', async () => {
    const seen: [string, string][] = [];
    const timed = timeOperations(target, (op, outcome, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      seen.push([op, outcome]);
    });
    expect(await timed.find(21)).toBe(42);
    await expect(timed.fail()).rejects.toThrow('disk full');
    expect(timed.sync()).toBe('plain');
    expect(timed.name).toBe('store');
    expect(seen).toEqual([
      ['find', 'ok'],
      ['fail', 'error'],
    ]);
  });
});
