/**
 * What an operator watches: `/metrics` (with its token on the main port, open
 * on GATEA_METRICS_PORT), the audit event of every tool call, and a shutdown
 * that lets calls in flight finish. Real gateway, simulator and HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../src/cli/gateway.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/index.js';
import { openSse, postMcp, postRest, type SecurityRig, startSecurityRig, toolCall } from '../security/harness.js';
import { captureLogs } from '../support/log-capture.js';
import { seededToken } from '../support/sim.js';

const METRICS_TOKEN = 'metrics-scrape-token-6c1f0e9a';
let rig: SecurityRig;

beforeAll(async () => {
  rig = await startSecurityRig('alice', {}, { GATEA_METRICS_TOKEN: METRICS_TOKEN, GATEA_METRICS_PORT: '0' });
});
afterAll(() => rig?.close());

const scrape = async (authorization?: string) => {
  const res = await fetch(`${rig.base}/metrics`, { headers: authorization ? { authorization } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
};

/** The value of one sample line, e.g. `gatea_tool_calls_total{surface="rest",tool="get_repository",outcome="ok"}`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] as string).split(',');
    if (wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  it('counts tool calls by surface, tool and outcome; unknown names share one label', async () => {
    const key = `Bearer ${rig.keys.aliceRead}`;
    const repo = { owner: 'alice', repo: 'hello-world' };
    expect((await postRest(rig, 'get_repository', repo, key)).status).toBe(200);
    expect((await postMcp(rig, toolCall('get_repository', repo), key)).status).toBe(200);
    expect((await postMcp(rig, toolCall('issue_read', { ...repo, method: 'get', index: 1 }), key)).status).toBe(200);
    // A write with a read-only key: refused by Gatea.
    expect((await postRest(rig, 'create_branch', { ...repo, branch: 'x' }, key)).status).toBe(403);
    await postMcp(rig, toolCall('no_such_tool_e3b0c442', {}), key);

    const { status, text, type } = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    const calls = (labels: Record<string, string>) => sample(text, 'gatea_tool_calls_total', labels);
    expect(calls({ surface: 'rest', tool: 'get_repository', outcome: 'ok' })).toBe(1);
    expect(calls({ surface: 'mcp', tool: 'get_repository', outcome: 'ok' })).toBe(1);
    expect(calls({ surface: 'mcp', tool: 'issue_read', outcome: 'ok' })).toBe(1);
    expect(calls({ surface: 'rest', tool: 'create_branch', outcome: 'insufficient_scope' })).toBe(1);
    expect(calls({ surface: 'mcp', tool: '(unknown)', outcome: 'unknown_tool' })).toBe(1);
    expect(text).not.toContain('no_such_tool_e3b0c442');
    expect(sample(text, 'gatea_tool_call_duration_seconds_count', { tool: 'get_repository' })).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('times Gitea by route template, never by the filled path, and the store by operation', async () => {
    await postRest(rig, 'get_repository', { owner: 'alice', repo: 'hello-world' }, `Bearer ${rig.keys.aliceRead}`);
    const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(
      sample(text, 'gatea_gitea_request_duration_seconds_count', {
        method: 'GET',
        route: '/repos/{owner}/{repo}',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('hello-world');
    expect(
      sample(text, 'gatea_store_operation_duration_seconds_count', { operation: 'findServiceKey', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toContain('gatea_process_resident_memory_bytes');
    expect(/^gatea_sse_sessions (\d+)$/m.exec(text)?.[1]).toBe('0');
  });

  it('counts auth outcomes by mode, API probe result and reason', async () => {
    const before = await scrape(`Bearer ${METRICS_TOKEN}`);
    const bad = await postRest(rig, 'get_me', {}, 'Bearer gmk_truncated');
    expect(bad.status).toBe(401);
    const after = await scrape(`Bearer ${METRICS_TOKEN}`);
    const labels = { mode: 'service_key', api_probe: 'skip:error', result: 'malformed_key' };
    expect(sample(after.text, 'gatea_auth_total', labels)).toBe(
      (sample(before.text, 'gatea_auth_total', labels) ?? 0) + 1,
    );
    // The key's first request passed the API probe; later ones were answered from the cached pass.
    expect(sample(after.text, 'gatea_auth_total', { mode: 'service_key', api_probe: 'pass', result: 'ok' })).toBe(1);
    expect(
      sample(after.text, 'gatea_auth_total', { mode: 'service_key', api_probe: 'skip:cached', result: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('needs the metrics token on the main port, compared exactly; secrets never appear', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN.slice(0, -1)}`)).status).toBe(401);
    expect((await scrape(`Basic ${METRICS_TOKEN}`)).status).toBe(401);
    const ok = await scrape(`Bearer ${METRICS_TOKEN}`);
    for (const secret of [METRICS_TOKEN, rig.keys.aliceRead, rig.keys.aliceWrite, seededToken(rig.sim, 'alice')])
      expect(ok.text).not.toContain(secret);
  });

  it('gauges open legacy SSE sessions', async () => {
    const session = await openSse(rig, `Bearer ${rig.keys.aliceRead}`);
    try {
      expect(/^gatea_sse_sessions (\d+)$/m.exec((await scrape(`Bearer ${METRICS_TOKEN}`)).text)?.[1]).toBe('1');
    } finally {
      await session.close();
    }
  });

  it('is open on GATEA_METRICS_PORT, which serves nothing else', async () => {
    const url = rig.gateway.metricsUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('gatea_tool_calls_total');
    expect((await fetch(`${url}/mcp`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(404);
  });
});

describe('/metrics when nothing exposes it on the main port', () => {
  it('off (the default): not counted, /metrics says how to turn it on, tool calls work', async () => {
    const off = await startSecurityRig('alice');
    try {
      const res = await fetch(`${off.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: 'metrics_off',
        message: expect.stringContaining('GATEA_METRICS_TOKEN'),
      });
      expect(off.gateway.metricsUrl).toBeNull();
      const call = await postRest(
        off,
        'get_repository',
        { owner: 'alice', repo: 'hello-world' },
        `Bearer ${off.keys.aliceRead}`,
      );
      expect(call.status).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('GATEA_METRICS_PORT alone: counted and served there, the main port says it is off there', async () => {
    const portOnly = await startSecurityRig('alice', {}, { GATEA_METRICS_PORT: '0' });
    try {
      await postRest(
        portOnly,
        'get_repository',
        { owner: 'alice', repo: 'hello-world' },
        `Bearer ${portOnly.keys.aliceRead}`,
      );
      expect((await fetch(`${portOnly.base}/metrics`)).status).toBe(404);
      const text = await (await fetch(`${portOnly.gateway.metricsUrl}/metrics`)).text();
      expect(sample(text, 'gatea_tool_calls_total', { surface: 'rest', tool: 'get_repository', outcome: 'ok' })).toBe(
        1,
      );
    } finally {
      await portOnly.close();
    }
  });
});

describe('the audit event', () => {
  it('says who called which tool, how, on which repository, and how it ended — without arguments or results', async () => {
    const key = `Bearer ${rig.keys.aliceRead}`;
    const marker = 'audit-body-marker-9f2c';
    await postMcp(rig, toolCall('issue_read', { owner: 'alice', repo: 'hello-world', method: 'get', index: 1 }), key);
    await postRest(rig, 'create_branch', { owner: 'alice', repo: 'hello-world', branch: marker }, key);
    const audits = rig.logs.filter((l) => l.msg === 'tool_call');
    const read = audits.findLast((l) => l.tool === 'issue_read');
    expect(read).toMatchObject({
      surface: 'mcp',
      mode: 'service_key',
      login: 'alice-reader',
      client_id: null,
      tool: 'issue_read',
      method: 'get',
      repository: 'alice/hello-world',
      outcome: 'ok',
    });
    expect(typeof read?.request_id).toBe('string');
    expect(read?.duration_ms).toEqual(expect.any(Number));
    expect(typeof read?.time).toBe('string');
    const refused = audits.findLast((l) => l.tool === 'create_branch');
    expect(refused).toMatchObject({ surface: 'rest', outcome: 'insufficient_scope', repository: 'alice/hello-world' });
    expect(rig.logText()).not.toContain(marker);
  });
});

describe('shutdown', () => {
  it('stops accepting, lets the call in flight finish, and ends SSE streams', async () => {
    const own = await startSecurityRig();
    try {
      const key = `Bearer ${own.keys.aliceRead}`;
      const repo = { owner: 'alice', repo: 'hello-world' };
      expect((await postRest(own, 'get_repository', repo, key)).status).toBe(200);
      const sse = await openSse(own, key);
      own.sim.sim.faults.add({ path: '^/api/v1/repos/alice/hello-world$', kind: 'latency', delayMs: 700, times: 1 });
      const inFlight = postRest(own, 'get_repository', repo, key);
      await new Promise((r) => setTimeout(r, 200));
      const closing = own.gateway.close();
      await new Promise((r) => setTimeout(r, 50));
      // A new connection (not one from this process's pool) is refused.
      const fresh = new Agent();
      try {
        await expect(request(`${own.base}/healthz`, { dispatcher: fresh })).rejects.toThrow();
      } finally {
        await fresh.close();
      }
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ fullName: 'alice/hello-world' });
      await expect(sse.answer(1)).rejects.toThrow('SSE stream ended');
      await closing;
    } finally {
      await own.close();
    }
  });
});

describe('start-up', () => {
  it('broker mode without Gitea names GITEA_URL and what broker mode needs from it', async () => {
    // A port that refuses connections: listen, note it, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dir = await mkdtemp(join(tmpdir(), 'gatea-startup-'));
    try {
      const env = {
        GITEA_URL: `http://127.0.0.1:${port}`,
        GATEA_PORT: '0',
        GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
        GITEA_OAUTH_CLIENT_ID: 'gatea-app-id-0123',
        GITEA_OAUTH_CLIENT_SECRET: 'gto_secret0123456789',
        GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        GATEA_PUBLIC_URL: 'http://127.0.0.1:8787',
      };
      const err = await startGateway(
        loadConfig(env),
        env,
        createLogger({ level: 'silent', destination: captureLogs().sink }),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      const [problem] = (err as ConfigError).problems;
      expect(problem?.setting).toBe('GITEA_URL');
      expect(problem?.problem).toMatch(/OpenID discovery, which broker mode \(signing users in through Gitea\) need/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('per-client limits behind a load balancer', () => {
  /** One unknown 40-hex token (each costs a validation), sent as if forwarded for `client`. */
  const unknownToken = (base: string, i: number, client: string) =>
    fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${i.toString(16).padStart(40, 'b')}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-forwarded-for': client,
      },
      body: JSON.stringify(toolCall('get_me', {})),
    }).then((r) => r.status);

  /** Spends `client`'s validation budget; the status of the first refused request. */
  async function exhaust(base: string, client: string): Promise<number> {
    for (let i = 0; i < 40; i++) {
      const status = await unknownToken(base, i, client);
      if (status !== 401) return status;
    }
    return 401;
  }

  it('with the proxy trusted (GATEA_TRUSTED_PROXIES), each forwarded client has its own budget', async () => {
    const own = await startSecurityRig('alice', {}, { GATEA_TRUSTED_PROXIES: '127.0.0.1,::1' });
    try {
      expect(await exhaust(own.base, '198.51.100.1')).toBe(429);
      expect(await unknownToken(own.base, 99, '198.51.100.2')).toBe(401);
      expect(await unknownToken(own.base, 98, '198.51.100.1')).toBe(429);
    } finally {
      await own.close();
    }
  });

  // Last in the file: it spends the shared rig's validation budget for the minute.
  it('without it, X-Forwarded-For is ignored: a client cannot claim a fresh budget', async () => {
    expect(await exhaust(rig.base, '198.51.100.1')).toBe(429);
    expect(await unknownToken(rig.base, 99, '198.51.100.2')).toBe(429);
  });
});
