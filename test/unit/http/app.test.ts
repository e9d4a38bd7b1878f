/**
 * The HTTP app in-process (`app.request`), with synthetic tools so the
 * transport, guards and REST mapping are tested without Gitea.
 */
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../src/http/index.js';

import { appDeps, errors, serviceKey } from '../../support/http-app.js';

const app = createHttpApp(appDeps);

const HOST = 'gatea.example.com';
const MCP_HEADERS = {
  host: HOST,
  authorization: `Bearer ${serviceKey.key}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

function rpc(body: unknown, headers: Record<string, string> = {}, path = '/mcp') {
  return app.request(path, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body: JSON.stringify(body) });
}
function init(protocolVersion: string, path = '/mcp') {
  return rpc(
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion, capabilities: {}, clientInfo: { name: 't', version: '1' } },
    },
    {},
    path,
  );
}
async function call(name: string, args: unknown, path = '/mcp') {
  const res = await rpc(
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } },
    { 'mcp-protocol-version': '2025-11-25' },
    path,
  );
  return (await res.json()) as {
    result?: { content: { text: string }[]; isError?: boolean };
    error?: { code: number; message: string };
  };
}

describe('MCP endpoint', () => {
  it.each(['2025-03-26', '2025-06-18', '2025-11-25'])('initializes with protocol %s, statelessly', async (v) => {
    const res = await init(v);
    expect(res.status).toBe(200);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    const body = (await res.json()) as {
      result: { protocolVersion: string; serverInfo: { name: string }; instructions: string };
    };
    expect(body.result.protocolVersion).toBe(v);
    expect(body.result.serverInfo.name).toBe('gatea');
    expect(body.result.instructions).toMatch(/get_me/);
  });

  it('lists only the selected tools (the write tool is hidden in read-only mode)', async () => {
    const res = await rpc({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'mcp-protocol-version': '2025-06-18' });
    const body = (await res.json()) as { result: { tools: { name: string }[] } };
    expect(body.result.tools.map((t) => t.name)).toEqual(['get_echo', 'get_boom']);
  });

  it('calls a tool and returns compact JSON text', async () => {
    const out = await call('get_echo', { text: 'hi' });
    expect(out.result?.isError).toBeUndefined();
    expect(JSON.parse(out.result?.content[0]?.text ?? '')).toEqual({ text: 'hi', kind: 'service_key' });
  });

  it('turns invalid arguments into an isError result naming the parameter', async () => {
    const out = await call('get_echo', { text: '' });
    expect(out.result?.isError).toBe(true);
    expect(out.result?.content[0]?.text).toMatch(/Invalid arguments for get_echo: "text"/);
    const failed = await call('get_echo', { text: 'x', fail: true });
    expect(failed.result?.content[0]?.text).toBe('get_echo: fail was requested.');
  });

  it('explains a hidden write tool instead of "unknown tool"', async () => {
    const out = await call('create_thing', {});
    expect(out.result?.isError).toBe(true);
    expect(out.result?.content[0]?.text).toMatch(/read-only.*GATEA_READ_ONLY=false/);
  });

  it('answers an unknown tool with -32602, never -32603', async () => {
    const out = await call('no_such_tool', {});
    expect(out.error?.code).toBe(-32602);
    // The message as the spec's example has it, without the SDK's "MCP error -32602: " prefix
    // (which the client's SDK adds again).
    expect(out.error?.message).toMatch(/^Unknown tool: no_such_tool\b/);
  });

  it('hides internal errors behind a request id and logs the detail', async () => {
    const out = await call('get_boom', {});
    expect(out.result?.isError).toBe(true);
    expect(out.result?.content[0]?.text).toMatch(/internal error.*request id req-1/);
    expect(out.result?.content[0]?.text).not.toMatch(/secret/);
    expect(JSON.stringify(errors.at(-1), (_k, v) => (v instanceof Error ? v.message : v))).toMatch(
      /secret internal detail/,
    );
  });

  it('refuses a 2026-07-28 request with a plain 400 so modern clients fall back to initialize', async () => {
    const res = await rpc(
      {
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/list',
        params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
      },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32000);
    expect(body.error.message).toMatch(/Unsupported protocol version: 2026-07-28/);
    expect((await init('2025-11-25')).status).toBe(200);
  });

  it('ignores a stale Mcp-Session-Id and Last-Event-ID (no sessions to lose)', async () => {
    const res = await rpc(
      { jsonrpc: '2.0', id: 4, method: 'tools/list' },
      { 'mcp-session-id': 'stale', 'last-event-id': '42', 'mcp-protocol-version': '2025-11-25' },
    );
    expect(res.status).toBe(200);
  });

  it('accepts notifications with 202', async () => {
    const res = await rpc(
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { 'mcp-protocol-version': '2025-11-25' },
    );
    expect(res.status).toBe(202);
  });

  it.each(['GET', 'DELETE'])('answers %s with 405 and Allow: POST', async (method) => {
    const res = await app.request('/mcp', { method, headers: { host: HOST, accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('returns a JSON-RPC parse error for a non-JSON body', async () => {
    const res = await app.request('/mcp', { method: 'POST', headers: MCP_HEADERS, body: '{nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });
});

describe('authentication', () => {
  it('answers a request without credentials with 401 and a Bearer challenge, never a fallback token', async () => {
    const res = await app.request('/mcp', {
      method: 'POST',
      headers: { host: HOST, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="https:\/\/gatea\.example\.com\//);
    expect(res.headers.get('www-authenticate')).not.toMatch(/error=/);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/No credentials/);
  });

  it('says what is wrong with an empty bearer', async () => {
    const res = await app.request('/api/tools/get_echo', {
      method: 'POST',
      headers: { host: HOST, authorization: 'Bearer ' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    // RFC 6750 §3: no token at all is a plain challenge, explained in the body.
    expect(res.headers.get('www-authenticate')).not.toMatch(/error=/);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/carries no token/);
  });

  it('accepts Gitea-style "token <key>"', async () => {
    const res = await app.request('/api/tools/get_echo', {
      method: 'POST',
      headers: { host: HOST, authorization: `token ${serviceKey.key}` },
      body: JSON.stringify({ text: 'x' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-1');
  });
});

describe('guards', () => {
  it('refuses a foreign Origin with 403 (DNS rebinding / CSRF)', async () => {
    const res = await rpc({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('lets an allowed origin through with CORS headers that expose WWW-Authenticate', async () => {
    const pre = await app.request('/mcp', {
      method: 'OPTIONS',
      headers: {
        host: HOST,
        origin: 'https://inspector.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, mcp-protocol-version',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://inspector.example.com');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/MCP-Protocol-Version/i);
    const res = await app.request('/mcp', {
      method: 'POST',
      headers: { host: HOST, origin: 'https://gatea.example.com' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/);
  });

  it('refuses a Host that is not the public one with 421, except on /healthz', async () => {
    const res = await app.request('/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, host: 'evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(421);
    expect((await app.request('/healthz', { headers: { host: '10.0.0.7:8080' } })).status).toBe(200);
  });

  it('caps request bodies with 413', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(4096) });
    expect((await app.request('/mcp', { method: 'POST', headers: MCP_HEADERS, body: big })).status).toBe(413);
    const rest = await app.request('/api/tools/get_echo', { method: 'POST', headers: MCP_HEADERS, body: big });
    expect(rest.status).toBe(413);
  });
});

describe('REST tool endpoint', () => {
  const post = (name: string, body: string) =>
    app.request(`/api/tools/${name}`, {
      method: 'POST',
      headers: { host: HOST, authorization: `Bearer ${serviceKey.key}` },
      body,
    });

  it('returns the tool result as JSON', async () => {
    const res = await post('get_echo', JSON.stringify({ text: 'hey' }));
    expect(await res.json()).toEqual({ text: 'hey', kind: 'service_key' });
  });

  it('answers invalid input with 400 and the message', async () => {
    const res = await post('get_echo', JSON.stringify({ text: 5 }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_input', message: expect.stringMatching(/"text"/) });
    expect((await post('get_echo', 'not json')).status).toBe(400);
    expect((await post('get_echo', '[1]')).status).toBe(400);
  });

  it('answers unknown and hidden tools with 404 and a reason', async () => {
    expect(await (await post('nope_tool', '{}')).json()).toMatchObject({ error: 'unknown_tool' });
    const hidden = await post('create_thing', '{}');
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ error: 'tool_unavailable' });
  });

  it('serves the OpenAPI document built from the same registry', async () => {
    const res = await app.request('/openapi.json', { headers: { host: HOST } });
    const doc = (await res.json()) as { paths: Record<string, unknown>; servers: { url: string }[] };
    expect(Object.keys(doc.paths)).toEqual(['/api/tools/get_echo', '/api/tools/get_boom']);
    expect(doc.servers[0]?.url).toBe('https://gatea.example.com');
  });
});

describe('/mcp/sse (the URL older Gitea MCP setups document)', () => {
  it('answers POST exactly like /mcp: initialize, tools/list and tools/call', async () => {
    const res = await init('2025-06-18', '/mcp/sse');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { protocolVersion: string; serverInfo: { name: string } } };
    expect(body.result).toMatchObject({ protocolVersion: '2025-06-18', serverInfo: { name: 'gatea' } });
    const listed = await rpc({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, {}, '/mcp/sse');
    expect(await listed.json()).toEqual(await (await rpc({ jsonrpc: '2.0', id: 3, method: 'tools/list' })).json());
    expect(await call('get_echo', { text: 'hi' }, '/mcp/sse')).toEqual(await call('get_echo', { text: 'hi' }));
    expect(await call('create_thing', {}, '/mcp/sse')).toEqual(await call('create_thing', {}));
  });

  it('authenticates like /mcp and caps the body like /mcp', async () => {
    const anonymous = await app.request('/mcp/sse', { method: 'POST', headers: { host: HOST }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata=/);
    const big = JSON.stringify({ text: 'x'.repeat(4096) });
    expect((await app.request('/mcp/sse', { method: 'POST', headers: MCP_HEADERS, body: big })).status).toBe(413);
  });

  it.each(['GET', 'DELETE'])('answers %s with 405 like /mcp while legacy SSE is off', async (method) => {
    const res = await app.request('/mcp/sse', { method, headers: { host: HOST, accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('opens the legacy SSE stream on GET when legacy SSE is on', async () => {
    const legacyApp = createHttpApp({ ...appDeps, legacySse: true });
    const res = await legacyApp.request('/mcp/sse', {
      headers: { host: HOST, authorization: `Bearer ${serviceKey.key}`, accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(first).toMatch(/^event: endpoint\ndata: \/messages\?sessionId=/);
    const anonymous = await legacyApp.request('/mcp/sse', { headers: { host: HOST } });
    expect(anonymous.status).toBe(401);
  });
});

describe('POST /mcp/tool/call ({"tool", "arguments"})', () => {
  const headers = { host: HOST, authorization: `Bearer ${serviceKey.key}` };
  const envelope = (body: string) => app.request('/mcp/tool/call', { method: 'POST', headers, body });
  const rest = (name: string, body: string) => app.request(`/api/tools/${name}`, { method: 'POST', headers, body });
  /** Status, selected headers and JSON body: what must be the same on both routes. */
  const answer = async (res: Response) => ({
    status: res.status,
    headers: ['content-type', 'cache-control', 'x-request-id', 'www-authenticate'].map((h) => res.headers.get(h)),
    body: (await res.json()) as Record<string, unknown>,
  });

  it('returns the tool result as JSON', async () => {
    const res = await envelope(JSON.stringify({ tool: 'get_echo', arguments: { text: 'hey' } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'hey', kind: 'service_key' });
  });

  it.each([
    ['a result', 'get_echo', { text: 'hey' }],
    ['invalid arguments', 'get_echo', { text: 5 }],
    ['a tool error', 'get_echo', { text: 'x', fail: true }],
    ['an internal error', 'get_boom', {}],
    ['an unknown tool', 'nope_tool', {}],
    ['a hidden tool', 'create_thing', {}],
  ])('answers %s exactly like /api/tools/{name}', async (_what, tool, args) => {
    const viaEnvelope = await answer(await envelope(JSON.stringify({ tool, arguments: args })));
    expect(viaEnvelope).toEqual(await answer(await rest(tool, JSON.stringify(args))));
  });

  it('answers an unknown tool with the same 404 as /api/tools', async () => {
    const res = await envelope(JSON.stringify({ tool: 'nope_tool', arguments: {} }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'unknown_tool', message: expect.stringMatching(/nope_tool/) });
  });

  it('treats missing arguments as {}', async () => {
    const viaEnvelope = await answer(await envelope(JSON.stringify({ tool: 'get_echo' })));
    expect(viaEnvelope.status).toBe(400);
    expect(viaEnvelope.body.message).toMatch(/"text"/);
    expect(viaEnvelope).toEqual(await answer(await rest('get_echo', '{}')));
    expect((await envelope(JSON.stringify({ tool: 'get_boom' }))).status).toBe(500);
  });

  it.each([
    ['not JSON', '{nope', 'invalid_json'],
    ['empty', '', 'invalid_input'],
    ['an array', JSON.stringify([{ tool: 'get_echo' }]), 'invalid_input'],
    ['without tool', JSON.stringify({ arguments: { text: 'x' } }), 'invalid_input'],
    ['with a non-string tool', JSON.stringify({ tool: 7, arguments: {} }), 'invalid_input'],
    ['with non-object arguments', JSON.stringify({ tool: 'get_echo', arguments: ['x'] }), 'invalid_input'],
    ['with null arguments', JSON.stringify({ tool: 'get_echo', arguments: null }), 'invalid_input'],
  ])('refuses a body that is %s with 400 naming the expected shape', async (_what, body, error) => {
    const res = await envelope(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error,
      message: expect.stringContaining('Send a JSON object {"tool": "<tool name>", "arguments": {…}}'),
    });
  });

  it('caps the body with 413 before parsing it', async () => {
    const res = await envelope(JSON.stringify({ tool: 'get_echo', arguments: { text: 'x'.repeat(4096) } }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'body_too_large' });
  });

  it('authenticates like /api/tools', async () => {
    const res = await app.request('/mcp/tool/call', {
      method: 'POST',
      headers: { host: HOST },
      body: JSON.stringify({ tool: 'get_echo', arguments: { text: 'x' } }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata=/);
  });
});

describe('legacy SSE', () => {
  it('is off by default with a pointer to /mcp', async () => {
    const res = await app.request('/sse', { headers: { host: HOST, authorization: `Bearer ${serviceKey.key}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'legacy_sse_disabled' });
  });
});
