/**
 * A client that goes away stops its tool call: the Gitea request is
 * abandoned at once instead of running to Gitea's answer or the timeout, on
 * the node lane (no Origin) and the app's lane (a browser's Origin), for MCP
 * (the fast path and the SDK's) and the REST tool endpoint alike, and the audit line says `cancelled` (not an internal error).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SecurityRig, startSecurityRig } from '../security/harness.js';

let rig: SecurityRig;
beforeAll(async () => {
  rig = await startSecurityRig();
});
afterAll(async () => {
  await rig?.close();
});

const GITEA_DELAY_MS = 3000;

describe('a client that disconnects cancels its tool call', () => {
  const mcpCall = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'get_repository', arguments: { owner: 'alice', repo: 'hello-world' } },
  });
  const restCall = JSON.stringify({ owner: 'alice', repo: 'hello-world' });
  it.each([
    ['POST /mcp, node lane (no Origin)', '/mcp', {}, mcpCall],
    ['POST /mcp, app lane (a browser Origin)', '/mcp', { origin: 'http://127.0.0.1:3000' }, mcpCall],
    ['POST /mcp, a batch (answered by the SDK)', '/mcp', {}, `[${mcpCall}]`],
    ['POST /api/tools/get_repository, node lane (no Origin)', '/api/tools/get_repository', {}, restCall],
    [
      'POST /api/tools/get_repository, app lane (a browser Origin)',
      '/api/tools/get_repository',
      { origin: 'http://127.0.0.1:3000' },
      restCall,
    ],
  ])('%s', async (_lane, path, extraHeaders, body) => {
    rig.sim.sim.faults.add({
      path: '^/api/v1/repos/alice/hello-world$',
      kind: 'latency',
      delayMs: GITEA_DELAY_MS,
      times: 1,
    });
    const from = rig.logs.length;
    const client = new AbortController();
    const call = fetch(`${rig.base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${rig.keys.aliceRead}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...extraHeaders,
      },
      body,
      signal: client.signal,
    });
    setTimeout(() => client.abort(), 300);
    await expect(call).rejects.toThrow();
    const line = await vi.waitFor(
      () => {
        const found = rig.logs.slice(from).find((l) => l.msg === 'tool_call');
        if (!found) throw new Error('no tool_call line yet');
        return found;
      },
      { timeout: GITEA_DELAY_MS / 2, interval: 50 },
    );
    expect(line).toMatchObject({ tool: 'get_repository', outcome: 'cancelled' });
    expect(rig.logs.slice(from).filter((l) => l.msg === 'tool_internal_error')).toEqual([]);
    expect(line.duration_ms).toBeLessThan(GITEA_DELAY_MS / 2);
  });
});
