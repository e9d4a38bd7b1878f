/**
 * The node:http lane of `POST /mcp` and the REST tool calls must answer exactly as the app (Hono's
 * Node adapter) does: every case is sent over loopback to a server with the
 * lane and to one without it, and status, headers and body are compared.
 * Requests the lane must leave to the app (an Origin, a foreign Host, another
 * method or path, a query string) are pinned as not taken.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authenticate } from '../../../src/auth/index.js';
import { createHttpHandlers } from '../../../src/http/index.js';
import { appDeps, serviceKey } from '../../support/http-app.js';

/** Authentication that fails with a programming error for one token: the 500 path of both lanes. */
const authenticate: Authenticate = (req, origin) => {
  if (req.headers.get('authorization') === 'Bearer explode') throw new TypeError('bug in the pipeline');
  return appDeps.authenticate(req, origin);
};
const handlers = createHttpHandlers({ ...appDeps, authenticate });
let taken = 0;
let withLane: Server;
let appOnly: Server;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const addresses: Record<'lane' | 'app', string> = { lane: '', app: '' };

beforeAll(async () => {
  const appListener = getRequestListener(handlers.app.fetch);
  withLane = createServer((req, res) => {
    if (handlers.nodeLane(req, res)) taken++;
    else void appListener(req, res);
  });
  appOnly = createServer((req, res) => void appListener(req, res));
  addresses.lane = await listen(withLane);
  addresses.app = await listen(appOnly);
});
afterAll(async () => {
  withLane.closeAllConnections();
  appOnly.closeAllConnections();
  await Promise.all([withLane, appOnly].map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** A string is sent with Content-Length; an array as chunks (Transfer-Encoding: chunked). */
  body?: string | Buffer | string[];
}
interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers of the connection, not of the answer: they may differ between the lanes. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function send(to: 'lane' | 'app', sent: Sent): Promise<Seen> {
  const [host, port] = addresses[to].split(':');
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, method: sent.method ?? 'POST', path: sent.path ?? '/mcp', headers: sent.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (!TRANSPORT_HEADERS.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    if (Array.isArray(sent.body)) for (const chunk of sent.body) req.write(chunk);
    req.end(Array.isArray(sent.body) ? undefined : sent.body);
  });
}

const MCP = {
  host: 'gatea.example.com',
  authorization: `Bearer ${serviceKey.key}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};
const REST = {
  host: 'gatea.example.com',
  authorization: `Bearer ${serviceKey.key}`,
  'content-type': 'application/json',
};
const rpc = (method: string, params?: unknown, id: unknown = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
const call = (name: string, args: unknown) => rpc('tools/call', { name, arguments: args });

/** Cases the lane serves itself. */
const LANE_CASES: [string, Sent][] = [
  ['tools/call', { headers: MCP, body: call('get_echo', { text: 'hi' }) }],
  ['tools/call at /mcp/sse', { path: '/mcp/sse', headers: MCP, body: call('get_echo', { text: 'hi' }) }],
  [
    'tools/call, body in chunks',
    { headers: MCP, body: [call('get_echo', { text: 'hi' }).slice(0, 9), call('get_echo', { text: 'hi' }).slice(9)] },
  ],
  [
    'tools/call, a byte order mark before the JSON',
    {
      headers: MCP,
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(call('get_echo', { text: 'é' }))]),
    },
  ],
  ['tools/call bad arguments', { headers: MCP, body: call('get_echo', { text: 5 }) }],
  ['tools/call tool error', { headers: MCP, body: call('get_echo', { text: 'x', fail: true }) }],
  ['tools/call programming error in a tool', { headers: MCP, body: call('get_boom', {}) }],
  ['tools/call unknown tool', { headers: MCP, body: call('create_thing', {}) }],
  ['tools/list', { headers: MCP, body: rpc('tools/list') }],
  ['ping', { headers: MCP, body: rpc('ping') }],
  [
    'initialize',
    {
      headers: MCP,
      body: rpc('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 't', version: '1' },
      }),
    },
  ],
  [
    'notifications/initialized',
    { headers: MCP, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) },
  ],
  [
    'a batch (answered by the SDK)',
    { headers: MCP, body: `[${rpc('ping', undefined, 1)},${rpc('ping', undefined, 2)}]` },
  ],
  [
    'an unsupported protocol version (the SDK refuses)',
    { headers: { ...MCP, 'mcp-protocol-version': '1999-01-01' }, body: rpc('ping') },
  ],
  ['no credentials', { headers: { ...MCP, authorization: '' }, body: rpc('ping') }],
  [
    'an unknown service key',
    { headers: { ...MCP, authorization: `Bearer gmk_aaaaaaaaaaaa_${'A'.repeat(43)}` }, body: rpc('ping') },
  ],
  ['Basic credentials', { headers: { ...MCP, authorization: 'Basic YTpi' }, body: rpc('ping') }],
  ['not JSON', { headers: MCP, body: '{"jsonrpc":' }],
  ['an empty body', { headers: MCP, body: '' }],
  ['a declared body over the cap', { headers: MCP, body: `{"x":"${'a'.repeat(4096)}"}` }],
  ['a chunked body over the cap', { headers: MCP, body: ['{"x":"', 'a'.repeat(1500), 'a'.repeat(1500), '"}'] }],
  [
    'a programming error while authenticating',
    { headers: { ...MCP, authorization: 'Bearer explode' }, body: rpc('ping') },
  ],
  [
    'the Host of the public URL with its port',
    { headers: { ...MCP, host: 'gatea.example.com:443' }, body: rpc('ping') },
  ],
  ['REST: a tool call', { path: '/api/tools/get_echo', headers: REST, body: '{"text":"hi"}' }],
  ['REST: an empty body (no arguments)', { path: '/api/tools/get_echo', headers: REST, body: '' }],
  ['REST: bad arguments', { path: '/api/tools/get_echo', headers: REST, body: '{"text":5}' }],
  ['REST: a tool error', { path: '/api/tools/get_echo', headers: REST, body: '{"text":"x","fail":true}' }],
  ['REST: a programming error in a tool', { path: '/api/tools/get_boom', headers: REST, body: '{}' }],
  ['REST: an unknown tool', { path: '/api/tools/no_such_tool', headers: REST, body: '{}' }],
  ['REST: not JSON', { path: '/api/tools/get_echo', headers: REST, body: '{"text":' }],
  ['REST: not an object', { path: '/api/tools/get_echo', headers: REST, body: '[1]' }],
  [
    'REST: a body over the cap',
    { path: '/api/tools/get_echo', headers: REST, body: ['{"x":"', 'a'.repeat(3000), '"}'] },
  ],
  ['REST: no credentials', { path: '/api/tools/get_echo', headers: { ...REST, authorization: '' }, body: '{}' }],
  ['REST: a write tool read-only mode hides', { path: '/api/tools/create_thing', headers: REST, body: '{}' }],
  [
    'REST envelope: a tool call',
    { path: '/mcp/tool/call', headers: REST, body: '{"tool":"get_echo","arguments":{"text":"hi"}}' },
  ],
  ['REST envelope: no tool named', { path: '/mcp/tool/call', headers: REST, body: '{"arguments":{}}' }],
  [
    'REST envelope: arguments not an object',
    { path: '/mcp/tool/call', headers: REST, body: '{"tool":"get_echo","arguments":3}' },
  ],
];

/** Cases the lane leaves to the app. */
const APP_CASES: [string, Sent][] = [
  ['an allowed browser Origin', { headers: { ...MCP, origin: 'https://inspector.example.com' }, body: rpc('ping') }],
  ['a foreign Origin', { headers: { ...MCP, origin: 'https://evil.example' }, body: rpc('ping') }],
  ['a foreign Host', { headers: { ...MCP, host: 'evil.example' }, body: rpc('ping') }],
  ['a token in the query string', { path: '/mcp?access_token=abc', headers: MCP, body: rpc('ping') }],
  ['GET /mcp', { method: 'GET', headers: MCP }],
  ['POST /mcp/', { path: '/mcp/', headers: MCP, body: rpc('ping') }],
  ['REST: a percent-encoded tool name', { path: '/api/tools/get%5Fecho', headers: REST, body: '{"text":"x"}' }],
  ['REST: a query string', { path: '/api/tools/get_echo?x=1', headers: REST, body: '{"text":"x"}' }],
  ['REST: no tool name', { path: '/api/tools/', headers: REST, body: '{}' }],
  [
    'REST: a browser Origin',
    {
      path: '/api/tools/get_echo',
      headers: { ...REST, origin: 'https://inspector.example.com' },
      body: '{"text":"x"}',
    },
  ],
  ['REST: GET', { method: 'GET', path: '/api/tools/get_echo', headers: REST }],
];

describe('the node:http lane answers POST /mcp and REST tool calls exactly as the app does', () => {
  it.each(LANE_CASES)('%s', async (_name, sent) => {
    const before = taken;
    const viaLane = await send('lane', sent);
    expect(taken - before, 'served by the lane').toBe(1);
    expect(viaLane).toEqual(await send('app', sent));
  });

  it.each(APP_CASES)('%s: left to the app', async (_name, sent) => {
    const before = taken;
    const viaLane = await send('lane', sent);
    expect(taken - before, 'served by the lane').toBe(0);
    expect(viaLane).toEqual(await send('app', sent));
  });

  it('answers the common case itself, with the headers every answer gets (pinned as real answers)', async () => {
    const seen = await send('lane', { headers: MCP, body: call('get_echo', { text: 'hi' }) });
    expect(seen.status).toBe(200);
    expect(JSON.parse(seen.body)).toMatchObject({ result: { content: [{ type: 'text' }] }, id: 1 });
    expect(seen.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-request-id': 'req-1',
      vary: 'Origin',
    });
    const tooBig = await send('lane', { headers: MCP, body: ['{"x":"', 'a'.repeat(3000), '"}'] });
    expect(tooBig.status).toBe(413);
    const rest = await send('lane', { path: '/api/tools/get_echo', headers: REST, body: '{"text":"hi"}' });
    expect(rest.status).toBe(200);
    expect(rest.headers).toMatchObject({ 'x-request-id': 'req-1', 'cache-control': 'no-store', vary: 'Origin' });
    expect(JSON.parse(rest.body)).toEqual({ text: 'hi', kind: 'service_key' });
    const unknown = await send('lane', { path: '/api/tools/no_such_tool', headers: REST, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: 'unknown_tool' });
  });
});
