/**
 * Issue 5 failure stories for service callers, through the real gateway
 * (startGateway) in front of the real simulator: empty header, "Bearer "
 * with no token, wrong and revoked keys, query-string tokens, a read-only key
 * calling a write tool, a misconfigured key's Gitea token, concurrent callers,
 * and no secret in any log line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { type RunningGateway, SERVICE_KEY_RECHECK_MS, startGateway } from '../../../src/cli/gateway.js';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { openStore } from '../../../src/store/index.js';
import { createServiceKey } from '../../support/service-keys.js';
import { seededToken, startTestSim } from '../../support/sim.js';

let sim: RunningSimulator;
let gateway: RunningGateway;
let dir: string;
const logLines: string[] = [];
const keys: Record<string, string> = {};
let env: Record<string, string>;

function logSink(): Writable {
  return new Writable({
    write(chunk, _e, cb) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
}

const createKey = (name: string, scopes: 'read' | 'write', tokenEnv: string) =>
  createServiceKey(env.GATEA_DATABASE_URL as string, name, scopes, tokenEnv);

function mcp(body: object, headers: Record<string, string>): Promise<Response> {
  return fetch(gateway.mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}

const callTool = (name: string, args: object, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

beforeAll(async () => {
  sim = await startTestSim();
  dir = await mkdtemp(join(tmpdir(), 'gatea-auth-'));
  env = {
    GITEA_URL: sim.url,
    GATEA_PORT: '0',
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
    GATEA_READ_ONLY: 'false',
    ALICE_GITEA_TOKEN: seededToken(sim, 'alice'),
    BOB_GITEA_TOKEN: seededToken(sim, 'bob'),
  };
  keys.aliceWrite = await createKey('alice-bot', 'write', 'ALICE_GITEA_TOKEN');
  keys.aliceRead = await createKey('alice-reader', 'read', 'ALICE_GITEA_TOKEN');
  keys.bob = await createKey('bob-bot', 'write', 'BOB_GITEA_TOKEN');
  keys.revoked = await createKey('old-bot', 'read', 'BOB_GITEA_TOKEN');
  keys.shortLived = await createKey('short-lived', 'read', 'ALICE_GITEA_TOKEN');
  keys.usedOnce = await createKey('used-once', 'read', 'ALICE_GITEA_TOKEN');
  const store = await openStore(env.GATEA_DATABASE_URL as string);
  const revokedId = (await store.listServiceKeys()).find((k) => k.name === 'old-bot')?.id as string;
  await store.revokeServiceKey(revokedId, Date.now());
  await store.close();
  gateway = await startGateway(loadConfig(env), env, createLogger({ level: 'info', destination: logSink() }));
});

afterAll(async () => {
  await gateway?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('service callers get a 401 that says which mistake they made', () => {
  const cases: [string, Record<string, string>, RegExp, string | null][] = [
    ['no Authorization header', {}, /No credentials were sent/, null],
    // RFC 6750 §3: a request without authentication information gets the challenge with no error code.
    ['an empty Authorization header', { authorization: '' }, /Authorization header is empty/, null],
    ['"Bearer " with no token', { authorization: 'Bearer ' }, /carries no token/, null],
    ['a Basic header', { authorization: 'Basic YWxpY2U6cHc=' }, /scheme Basic is not supported/, null],
    [
      'a wrong key',
      { authorization: `Bearer gmk_aaaaaaaaaaaa_${'A'.repeat(43)}` },
      /not known to Gatea/,
      'invalid_token',
    ],
    ['a truncated key', { authorization: 'Bearer gmk_abc' }, /malformed/, 'invalid_token'],
    [
      'a Gitea token while direct tokens are off',
      { authorization: `Bearer ${'a'.repeat(40)}` },
      /GATEA_DIRECT_TOKENS/,
      'invalid_token',
    ],
  ];
  for (const [what, headers, message, error] of cases)
    it(`${what}`, async () => {
      const res = await mcp(callTool('get_me', {}), headers);
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(
        /^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp", scope="read:repository write:repository"/,
      );
      if (error) expect(challenge).toContain(`error="${error}"`);
      else expect(challenge).not.toContain('error=');
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(message);
    });

  it('a revoked key', async () => {
    const res = await mcp(callTool('get_me', {}), { authorization: `Bearer ${keys.revoked}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/"old-bot" was revoked/);
  });

  it('a token in the query string gets 400 pointing at the header', async () => {
    const res = await fetch(`${gateway.mcpUrl}?access_token=${keys.aliceWrite}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/Authorization/);
  });
});

describe('service keys act with their own Gitea token', () => {
  it('a write key calls tools as its Gitea user', async () => {
    const res = await mcp(callTool('get_me', {}), { authorization: `Bearer ${keys.aliceWrite}` });
    expect(res.status).toBe(200);
    const text = ((await res.json()) as { result: { content: { text: string }[] } }).result.content[0]?.text ?? '';
    expect(JSON.parse(text)).toMatchObject({ login: 'alice' });
  });

  it('a read-only key calling a write tool gets 403 insufficient_scope and a sentence', async () => {
    const res = await mcp(callTool('create_branch', { owner: 'alice', repo: 'hello-world', branch: 'x' }), {
      authorization: `Bearer ${keys.aliceRead}`,
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(res.headers.get('www-authenticate')).toMatch(/scope="write:repository"/);
    const body = (await res.json()) as { result: { isError: boolean; content: { text: string }[] } };
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]?.text).toMatch(/read-only.*--scopes write/);
  });

  it('the REST surface refuses the same way', async () => {
    const res = await fetch(`${gateway.url}/api/tools/create_branch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.aliceRead}`, 'content-type': 'application/json' },
      body: JSON.stringify({ owner: 'alice', repo: 'hello-world', branch: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
  });

  it("concurrent callers never see each other's identity (randomized interleaving)", async () => {
    const callers = [
      { key: keys.aliceWrite as string, login: 'alice' },
      { key: keys.bob as string, login: 'bob' },
    ];
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const plan = Array.from({ length: 60 }, (_, i) => ({ i, caller: callers[next() % 2] as (typeof callers)[number] }));
    const results = await Promise.all(
      plan.map(async ({ i, caller }) => {
        const res = await mcp(callTool('get_me', {}, i), { authorization: `Bearer ${caller.key}` });
        const text =
          ((await res.json()) as { result: { content: { text: string }[] } }).result.content[0]?.text ?? '{}';
        return { expected: caller.login, got: (JSON.parse(text) as { login?: string }).login };
      }),
    );
    expect(results.filter((r) => r.expected !== r.got)).toEqual([]);
    expect(new Set(results.map((r) => r.got))).toEqual(new Set(['alice', 'bob']));
  });
});

describe('revocation and last use, while the gateway runs', () => {
  it('a key revoked by `gatea keys revoke` (another process) is refused once its record is re-read', async () => {
    const key = keys.shortLived as string;
    const first = await mcp(callTool('get_me', {}), { authorization: `Bearer ${key}` });
    expect(first.status).toBe(200);
    const store = await openStore(env.GATEA_DATABASE_URL as string);
    try {
      const id = (await store.listServiceKeys()).find((k) => k.name === 'short-lived')?.id as string;
      expect(await store.revokeServiceKey(id, Date.now())).toBe(true);
    } finally {
      await store.close();
    }
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + SERVICE_KEY_RECHECK_MS + 1 });
    try {
      const res = await mcp(callTool('get_me', {}), { authorization: `Bearer ${key}` });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(
        /"short-lived" was revoked/,
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('a call records when the key was last used, in the store', async () => {
    const key = keys.usedOnce as string;
    const before = Date.now();
    const res = await mcp(callTool('get_me', {}), { authorization: `Bearer ${key}` });
    expect(res.status).toBe(200);
    const store = await openStore(env.GATEA_DATABASE_URL as string);
    try {
      await vi.waitFor(async () => {
        const used = (await store.listServiceKeys()).find((k) => k.name === 'used-once');
        expect(used?.lastUsedAt).toBeGreaterThanOrEqual(before);
      });
    } finally {
      await store.close();
    }
  });
});

describe("the operator's view", () => {
  it('logs one oauth_auth_summary line per authenticated request, and no secret anywhere', async () => {
    const from = logLines.length;
    // Requests that pass and fail authentication: each leaves exactly one summary, under its own request id.
    const requests: [Record<string, string>, Record<string, unknown>][] = [
      [{ authorization: `Bearer ${keys.aliceWrite}` }, { token_type: 'service_key', login: 'service:alice-bot' }],
      [{ authorization: `Bearer ${keys.bob}` }, { token_type: 'service_key', login: 'service:bob-bot' }],
      [
        { authorization: `Bearer ${keys.aliceWrite}` },
        { token_type: 'service_key', login: 'service:alice-bot', api_probe: 'skip:cached' },
      ],
      [{ authorization: `Bearer ${keys.revoked}` }, { token_type: 'service_key', login: null, result: 'revoked_key' }],
      [{}, { token_type: null, login: null, result: 'none' }],
    ];
    const ids: string[] = [];
    for (const [i, [headers]] of requests.entries()) {
      const res = await mcp(callTool('get_me', {}, i), headers);
      await res.arrayBuffer();
      ids.push(res.headers.get('x-request-id') ?? '');
    }
    expect(new Set(ids).size).toBe(requests.length);
    const summaries = logLines
      .slice(from)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'oauth_auth_summary');
    expect(summaries.map((l) => l.request_id)).toEqual(ids);
    for (const [i, [, expected]] of requests.entries()) {
      expect(summaries[i]).toMatchObject({ mode: expected.token_type === null ? null : 'service_key', ...expected });
      expect(Object.keys(summaries[i] ?? {})).toEqual(
        expect.arrayContaining(['token_type', 'api_probe', 'login', 'client_id', 'mode']),
      );
    }
    const all = logLines.join('\n');
    for (const secret of [...Object.values(keys), env.ALICE_GITEA_TOKEN, env.BOB_GITEA_TOKEN])
      expect(all).not.toContain(secret);
  });

  it("refuses to start when a key's Gitea token variable is empty or a placeholder, naming it", async () => {
    for (const value of ['', 'changeme']) {
      const bad = { ...env, BOB_GITEA_TOKEN: value };
      const err = await startGateway(loadConfig(bad), bad, createLogger({ level: 'silent' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toMatch(
        /^BOB_GITEA_TOKEN \(the Gitea token of service key "bob-bot"\) (is empty|looks like a placeholder)/,
      );
    }
  });
});
