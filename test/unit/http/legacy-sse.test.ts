/** Legacy SSE sessions end when idle and count per caller. */
import { describe, expect, it } from 'vitest';
import type { AuthenticatedCaller } from '../../../src/auth/index.js';
import { createLegacySseEndpoints } from '../../../src/http/legacy-sse.js';
import { createToolDispatcher } from '../../../src/mcp/index.js';
import { createToolRegistry, type ToolContext } from '../../../src/tools/index.js';

const auth = {
  caller: { kind: 'service_key', login: 'k', requestId: 'r' },
  gitea: {} as AuthenticatedCaller['gitea'],
} satisfies AuthenticatedCaller;
const contextFor = (signal: AbortSignal): ToolContext => ({
  gitea: auth.gitea,
  caller: auth.caller,
  log: { debug() {}, info() {}, warn() {}, error() {} },
  signal,
  surface: 'sse',
});

describe('legacy SSE sessions', () => {
  it('a session nobody posts to is closed after the idle time; posting keeps it open', async () => {
    let now = 0;
    const sse = createLegacySseEndpoints({
      dispatcher: createToolDispatcher(createToolRegistry([])),
      enabled: true,
      now: () => now,
      idleMs: 20,
    });
    const req = new Request('http://gw/sse', { headers: { authorization: 'Bearer k' } });
    const res = await sse.open(req, contextFor, auth);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const sessionId = /sessionId=([\w-]+)/.exec(first)?.[1] ?? '';
    expect(sse.sessionCount()).toBe(1);

    // Activity before the deadline keeps it: a ping posted at t=15 ms moves the deadline.
    now = 15;
    const post = new Request(`http://gw/messages?sessionId=${sessionId}`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
    });
    expect((await sse.post(post, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }))).status).toBe(202);
    now = 30;
    await new Promise((r) => setTimeout(r, 60));
    expect(sse.sessionCount()).toBe(1);

    now = 40;
    for (;;) if ((await reader.read()).done) break;
    expect(sse.sessionCount()).toBe(0);
  });
});
