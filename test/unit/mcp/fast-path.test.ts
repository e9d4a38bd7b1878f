/**
 * The fast path of `POST /mcp` must answer exactly as the SDK server does:
 * every case is sent to a handler with the fast path and to one without it,
 * and status, headers and body bytes are compared. Cases the fast path does
 * not take (batches, notifications, odd shapes) pin that the fallback is used.
 */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/auth/index.js';
import { createGiteaClient } from '../../../src/gitea/index.js';
import { answerFast } from '../../../src/mcp/fast-path.js';
import { createStreamableHttpHandler, createToolDispatcher, toResponse } from '../../../src/mcp/index.js';
import { buildToolRegistry } from '../../../src/tools/index.js';
import { echo, silent, write } from '../../support/http-app.js';

const registry = buildToolRegistry([echo, write], { toolsets: ['context'], readOnly: false });
const dispatcher = createToolDispatcher(registry);
const caller: Caller = { kind: 'oauth', login: 'alice', grantedScopes: ['read:user'], requestId: 'req-1' };
const gitea = createGiteaClient({ baseUrl: 'http://127.0.0.1:9', token: 't', timeoutMs: 1000, retries: 0 });
const contextFor = (signal: AbortSignal) => ({ gitea, caller, log: silent, signal, surface: 'mcp' as const });
const common = { dispatcher, log: silent, scopeChallenge: () => 'Bearer error="insufficient_scope"' };
const fast = createStreamableHttpHandler(common);
const sdk = createStreamableHttpHandler({ ...common, fastPath: false });

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function snapshot(res: Response) {
  return { status: res.status, headers: [...res.headers.entries()], body: await res.text() };
}

async function both(body: unknown, headers: Record<string, string> = HEADERS) {
  const make = () => {
    const req = new Request('http://gatea.test/mcp', { method: 'POST', headers, body: JSON.stringify(body) });
    return { method: req.method, headers: req.headers, signal: req.signal, web: () => req };
  };
  const viaFast = await snapshot(toResponse(await fast(make(), contextFor, body)));
  const viaSdk = await snapshot(toResponse(await sdk(make(), contextFor, body)));
  return { viaFast, viaSdk };
}

const call = (name: string, args?: unknown, id: unknown = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: args === undefined ? { name } : { name, arguments: args },
});
const init = (protocolVersion: string) => ({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'test', version: '1.0.0' } },
});

/** Cases the fast path answers itself; every other case goes to the SDK. */
const FAST = new Set([
  'tools/call success',
  'tools/call with a string id',
  'tools/call with a progress token',
  'tools/call unknown tool',
  'tools/call bad arguments',
  'tools/call missing arguments',
  'tools/call tool error',
  'tools/call insufficient scope (403)',
  'tools/list',
  'tools/list with a cursor',
  'ping',
  'initialize, supported version',
  'initialize, unknown version',
  'supported protocol version header',
  'notification',
  'notification with _meta',
]);

const CASES: [string, unknown, Record<string, string>?][] = [
  ['tools/call success', call('get_echo', { text: 'hi' })],
  ['tools/call with a string id', call('get_echo', { text: 'hi' }, 'abc')],
  [
    'tools/call with a progress token',
    {
      ...call('get_echo', { text: 'hi' }),
      params: { name: 'get_echo', arguments: { text: 'x' }, _meta: { progressToken: 7 } },
    },
  ],
  ['tools/call unknown tool', call('no_such_tool', {})],
  ['tools/call bad arguments', call('get_echo', { text: 5 })],
  ['tools/call missing arguments', call('get_echo')],
  ['tools/call arguments not an object', call('get_echo', ['x'])],
  ['tools/call tool error', call('get_echo', { text: 'x', fail: true })],
  ['tools/call insufficient scope (403)', call('create_thing', {})],
  ['tools/call without a name', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: {} }],
  [
    'tools/call task-augmented',
    { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_echo', arguments: { text: 'x' }, task: {} } },
  ],
  ['tools/list', { jsonrpc: '2.0', id: 2, method: 'tools/list' }],
  ['tools/list with a cursor', { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { cursor: 'abc' } }],
  ['tools/list with a bad cursor', { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { cursor: 5 } }],
  ['ping', { jsonrpc: '2.0', id: 3, method: 'ping' }],
  ['ping with other _meta', { jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: { other: 1 } } }],
  ['initialize, supported version', init('2025-06-18')],
  ['initialize, unknown version', init('2099-01-01')],
  ['initialize, bad params', { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: 1 } }],
  ['notification', { jsonrpc: '2.0', method: 'notifications/initialized' }],
  [
    'notification with _meta',
    { jsonrpc: '2.0', method: 'notifications/initialized', params: { _meta: { progressToken: 'p' } } },
  ],
  ['notification with other _meta', { jsonrpc: '2.0', method: 'notifications/initialized', params: { _meta: 5 } }],
  ['notification with params not an object', { jsonrpc: '2.0', method: 'notifications/initialized', params: [1] }],
  ['another notification', { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } }],
  [
    'notification without event-stream in Accept',
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { ...HEADERS, accept: 'application/json' },
  ],
  [
    'notification with an unsupported protocol version',
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { ...HEADERS, 'mcp-protocol-version': '1999-01-01' },
  ],
  ['batch', [call('get_echo', { text: 'a' }, 1), { jsonrpc: '2.0', id: 2, method: 'ping' }]],
  ['batch with a scope refusal', [call('create_thing', {}, 1)]],
  ['unknown method', { jsonrpc: '2.0', id: 4, method: 'resources/list' }],
  ['extra top-level key', { ...call('get_echo', { text: 'hi' }), extra: true }],
  ['fractional id', call('get_echo', { text: 'hi' }, 1.5)],
  ['null params', { jsonrpc: '2.0', id: 3, method: 'ping', params: null }],
  ['wrong jsonrpc version', { jsonrpc: '1.0', id: 3, method: 'ping' }],
  [
    'unsupported protocol version header',
    call('get_echo', { text: 'hi' }),
    { ...HEADERS, 'mcp-protocol-version': '1999-01-01' },
  ],
  [
    'supported protocol version header',
    call('get_echo', { text: 'hi' }),
    { ...HEADERS, 'mcp-protocol-version': '2025-06-18' },
  ],
  ['no event-stream in Accept', call('get_echo', { text: 'hi' }), { ...HEADERS, accept: 'application/json' }],
  [
    'content type with a charset',
    call('get_echo', { text: 'hi' }),
    { ...HEADERS, 'content-type': 'application/json; charset=utf-8' },
  ],
  ['content type not JSON', call('get_echo', { text: 'hi' }), { ...HEADERS, 'content-type': 'text/plain' }],
];

describe('the fast path answers byte for byte as the SDK server', () => {
  it.each(CASES)('%s', async (_name, body, headers) => {
    const { viaFast, viaSdk } = await both(body, headers);
    expect(viaFast).toEqual(viaSdk);
  });

  it.each(CASES)('%s: taken by the fast path only when listed', async (name, body, headers = HEADERS) => {
    const context = () => contextFor(new AbortController().signal);
    const answer = await answerFast(new Headers(headers), body, { dispatcher, context, onToolFailure: () => {} });
    expect(answer !== undefined).toBe(FAST.has(name));
  });

  it('answers the common requests itself (pinned by the cases above being real answers)', async () => {
    const { viaFast } = await both(call('get_echo', { text: 'hi' }));
    expect(viaFast.status).toBe(200);
    expect(JSON.parse(viaFast.body)).toEqual({
      result: { content: [{ type: 'text', text: '{"text":"hi","kind":"oauth"}' }] },
      jsonrpc: '2.0',
      id: 1,
    });
    const refused = await both(call('create_thing', {}));
    expect(refused.viaFast.status).toBe(403);
    expect(refused.viaFast.headers).toContainEqual(['www-authenticate', 'Bearer error="insufficient_scope"']);
  });
});
