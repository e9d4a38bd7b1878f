/**
 * The legacy HTTP+SSE transport (GET /sse + POST /messages) behind
 * GATEA_LEGACY_SSE, through the real gateway and auth pipeline, driven by the
 * official SDK's SSEClientTransport: it works when on, is 404 when off, refuses
 * unauthenticated streams, and a session cannot be used with someone else's
 * credentials.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seededToken, startTestSim } from '../support/sim.js';

let sim: RunningSimulator;
let on: TestGateway;
let off: TestGateway;
const clients: Client[] = [];

const base = (g: TestGateway) => g.mcpUrl.replace(/\/mcp$/, '');

beforeAll(async () => {
  sim = await startTestSim();
  on = await startTestGateway(sim, { readOnly: true, legacySse: true });
  off = await startTestGateway(sim, { readOnly: true });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await on?.close();
  await off?.close();
  await sim?.close();
});

async function connectSse(login: string): Promise<Client> {
  const authorization = `Bearer ${seededToken(sim, login)}`;
  const transport = new SSEClientTransport(new URL(`${base(on)}/sse`), {
    eventSourceInit: {
      fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers ?? {}), authorization } }),
    },
    requestInit: { headers: { authorization } },
  });
  const client = new Client({ name: 'gatea-sse-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** Opens a raw SSE stream and returns the session's POST path from its first event. */
async function openRawSession(token: string): Promise<{ endpoint: string; abort: () => void }> {
  const ac = new AbortController();
  const res = await fetch(`${base(on)}/sse`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: ac.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no SSE body');
  let text = '';
  while (!/data: (\S+)\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const endpoint = /event: endpoint\ndata: (\S+)\n/.exec(text)?.[1];
  if (!endpoint) throw new Error(`no endpoint event in ${text}`);
  return { endpoint, abort: () => ac.abort() };
}

describe('legacy HTTP+SSE (GATEA_LEGACY_SSE=true)', () => {
  it('lists tools and calls one as the signed-in user over the SDK SSE client', async () => {
    const client = await connectSse('carol');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['get_me', 'get_repository']));
    const me = await client.callTool({ name: 'get_me', arguments: {} });
    expect(JSON.parse((me.content as { text: string }[])[0]?.text ?? '{}')).toMatchObject({ login: 'carol' });
    // carol may read alice's private repository: the session acts with carol's own token.
    const secret = await client.callTool({
      name: 'get_repository',
      arguments: { owner: 'alice', repo: 'secret-notes' },
    });
    expect(secret.isError).toBeFalsy();
    expect(JSON.parse((secret.content as { text: string }[])[0]?.text ?? '{}')).toMatchObject({
      fullName: 'alice/secret-notes',
    });
  });

  it('answers an unauthenticated stream with 401 and a Bearer challenge', async () => {
    const res = await fetch(`${base(on)}/sse`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="/);
  });

  it('refuses a message for an unknown session', async () => {
    const res = await fetch(`${base(on)}/messages?sessionId=no-such-session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seededToken(sim, 'alice')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('unknown_session');
  });

  it("will not let bob use alice's session", async () => {
    const session = await openRawSession(seededToken(sim, 'alice'));
    try {
      const post = (token: string) =>
        fetch(`${base(on)}${session.endpoint}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
        });
      expect((await post(seededToken(sim, 'bob'))).status).toBe(404);
      expect((await post(seededToken(sim, 'alice'))).status).toBe(202);
    } finally {
      session.abort();
    }
  });
});

describe('legacy HTTP+SSE off (the default)', () => {
  it('answers /sse and /messages with 404 and a pointer to /mcp', async () => {
    const headers = { authorization: `Bearer ${seededToken(sim, 'alice')}` };
    const sse = await fetch(`${base(off)}/sse`, { headers });
    expect(sse.status).toBe(404);
    expect(((await sse.json()) as { message: string }).message).toMatch(/Streamable HTTP at \/mcp/);
    const messages = await fetch(`${base(off)}/messages?sessionId=x`, { method: 'POST', headers, body: '{}' });
    expect(messages.status).toBe(404);
  });
});
