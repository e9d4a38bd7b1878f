/**
 * Issue 5 failure stories for Gitea tokens sent straight to Gatea
 * (GATEA_DIRECT_TOKENS=true), through the real gateway and simulator: the API
 * scope probe on Gitea 1.25 and Forgejo, a grant revoked while cached, expired
 * tokens, tokens signed by another key or another Gitea, PATs, and Gitea's key
 * endpoint going down after start.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { type RunningGateway, startGateway } from '../../../src/cli/gateway.js';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { seededToken, startTestSim } from '../../support/sim.js';

interface Setup {
  sim: RunningSimulator;
  gateway: RunningGateway;
  dir: string;
  logs: Record<string, unknown>[];
  secrets: string[];
}

async function setup(flavor: 'gitea' | 'forgejo', version: string): Promise<Setup> {
  const sim = await startTestSim({ flavor, version });
  const dir = await mkdtemp(join(tmpdir(), 'gatea-direct-'));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const app = sim.seed.oauthApp;
  if (!app) throw new Error('no seeded OAuth app');
  const env = {
    GITEA_URL: sim.url,
    GATEA_PORT: '0',
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
    GATEA_DIRECT_TOKENS: 'true',
    // Direct mode alone: Gitea is the authorization server; the app only introspects tokens.
    GATEA_BROKER: 'false',
    GITEA_OAUTH_CLIENT_ID: app.clientId,
    GITEA_OAUTH_CLIENT_SECRET: app.clientSecret,
    GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  };
  const gateway = await startGateway(loadConfig(env), env, createLogger({ level: 'info', destination: sink }));
  return { sim, gateway, dir, logs, secrets: [app.clientSecret] };
}

async function teardown(s: Setup | undefined): Promise<void> {
  if (!s) return;
  await s.gateway.close();
  await s.sim.close();
  await rm(s.dir, { recursive: true, force: true });
}

async function token(
  s: Setup,
  login: string,
  scope: string,
  now?: Date,
): Promise<{ accessToken: string; grantId: number }> {
  const user = s.sim.sim.state.userByLogin(login);
  const app = [...s.sim.oauth.store.apps.values()][0];
  if (!user || !app) throw new Error('seed');
  const t = await s.sim.oauth.issueTokens(user.id, app, scope, now);
  s.secrets.push(t.accessToken, t.refreshToken);
  return t;
}

async function getMe(s: Setup, bearer: string) {
  const res = await fetch(s.gateway.mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_me', arguments: {} } }),
  });
  const body = (await res.json()) as Record<string, unknown>;
  const result = body.result as { isError?: boolean; content?: { text: string }[] } | undefined;
  return {
    status: res.status,
    challenge: res.headers.get('www-authenticate') ?? '',
    body,
    text: result?.content?.[0]?.text ?? '',
    isError: result?.isError === true,
  };
}

const summaries = (s: Setup) => s.logs.filter((l) => l.msg === 'oauth_auth_summary');

describe('direct Gitea tokens on Gitea 1.25', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup('gitea', '1.25.0');
  });
  afterAll(async () => {
    const all = JSON.stringify(s?.logs ?? []);
    for (const secret of s?.secrets ?? []) expect(all).not.toContain(secret);
    await teardown(s);
  });

  it('advertises the Gitea issuer exactly as Gitea spells it, and the Gitea scopes the tools need', async () => {
    const prm = (await (await fetch(`${s.gateway.url}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<
      string,
      unknown
    >;
    expect(prm.authorization_servers).toEqual([s.sim.url]);
    expect(prm.resource).toBe(s.gateway.mcpUrl);
    expect(prm.scopes_supported).toEqual(expect.arrayContaining(['read:repository', 'read:user']));
  });

  it('a token with API scope passes the probe once, then is served from the cache', async () => {
    const t = await token(s, 'alice', 'openid read:repository read:user');
    const first = await getMe(s, t.accessToken);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ login: 'alice' });
    expect((await getMe(s, t.accessToken)).status).toBe(200);
    const mine = summaries(s).filter((l) => l.login === 'alice' && l.token_type === 'jwt');
    expect(mine.map((l) => l.api_probe)).toEqual(['pass', 'skip:cached']);
    expect(mine[0]).toMatchObject({
      mode: 'direct',
      scopes_observed: ['openid', 'read:repository', 'read:user'],
      scopes_effective: ['read:repository', 'read:user'],
    });
  });

  it('a token without API scope (openid read:user) gets 403 with re-authorize guidance, not -32603', async () => {
    const t = await token(s, 'bob', 'openid read:user');
    const r = await getMe(s, t.accessToken);
    expect(r.status).toBe(403);
    expect(r.challenge).toMatch(/error="insufficient_scope"/);
    expect(JSON.stringify(r.body)).toMatch(/lacks the read:repository scope.*Reconnect/);
    expect(s.logs.find((l) => l.msg === 'oauth_token_lacks_api_scope' && l.login === 'bob')).toMatchObject({
      status: 403,
    });
  });

  it('an OIDC-only token is all on Gitea 1.23+, so it passes', async () => {
    const t = await token(s, 'carol', 'openid profile email');
    expect((await getMe(s, t.accessToken)).status).toBe(200);
    expect(summaries(s).find((l) => l.login === 'carol')).toMatchObject({
      api_probe: 'pass',
      scopes_effective: ['all'],
    });
  });

  it('a grant revoked while cached: the next call is told to reconnect, and the cache lets go', async () => {
    const t = await token(s, 'dave', 'openid read:repository read:user');
    expect((await getMe(s, t.accessToken)).status).toBe(200);
    s.sim.oauth.store.revokeGrant(t.grantId);
    const cached = await getMe(s, t.accessToken);
    expect(cached.isError).toBe(true);
    expect(cached.text).toMatch(/Reconnect/);
    const next = await getMe(s, t.accessToken);
    expect(next.status).toBe(401);
    expect(next.challenge).toMatch(/error="invalid_token"/);
    expect(JSON.stringify(next.body)).toMatch(/no longer accepts this token/);
  });

  it('two users with cached passes calling interleaved never see each other (randomized)', async () => {
    const alice = await token(s, 'alice', 'openid read:repository read:user');
    // admin: bob's grant already exists with another scope, and Gitea ≤1.25 keeps a grant's first scope.
    const admin = await token(s, 'admin', 'read:repository read:user');
    const callers = [
      { bearer: alice.accessToken, login: 'alice' },
      { bearer: admin.accessToken, login: 'admin' },
    ];
    let seed = 7;
    const pick = () => {
      seed = (seed * 48271) % 2147483647;
      return callers[seed % 2] as (typeof callers)[number];
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const c = pick();
        const r = await getMe(s, c.bearer);
        return { expected: c.login, got: (JSON.parse(r.text || '{}') as { login?: string }).login };
      }),
    );
    expect(results.filter((r) => r.expected !== r.got)).toEqual([]);
  });

  it('an expired token gets 401 saying so', async () => {
    const t = await token(s, 'alice', 'openid read:repository', new Date(Date.now() - 3 * 3600_000));
    const r = await getMe(s, t.accessToken);
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.body)).toMatch(/expired/);
  });

  it('a token from another Gitea (another signing key) gets 401 naming the key', async () => {
    const other = await startTestSim();
    try {
      const user = other.sim.state.userByLogin('alice');
      const app = [...other.oauth.store.apps.values()][0];
      if (!user || !app) throw new Error('seed');
      const foreign = await other.oauth.issueTokens(user.id, app, 'openid read:repository');
      s.secrets.push(foreign.accessToken);
      const r = await getMe(s, foreign.accessToken);
      expect(r.status).toBe(401);
      expect(JSON.stringify(r.body)).toMatch(/not signed by this Gitea/);
    } finally {
      await other.close();
    }
  });

  it('a personal access token works as an opaque direct token', async () => {
    const pat = seededToken(s.sim, 'bob');
    s.secrets.push(pat);
    const r = await getMe(s, pat);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ login: 'bob' });
    expect(summaries(s).find((l) => l.token_type === 'opaque')).toMatchObject({ api_probe: 'pass', login: 'bob' });
  });

  it('a probe that cannot reach Gitea is skip:error and the request proceeds', async () => {
    s.sim.sim.faults.add({ path: '^/api/v1/repos/search$', kind: 'reset', times: 2 });
    try {
      const t = await token(s, 'carol', 'openid read:repository read:user');
      const r = await getMe(s, t.accessToken);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toMatchObject({ login: 'carol' });
      expect(summaries(s).at(-1)).toMatchObject({ api_probe: 'skip:error', login: 'carol' });
    } finally {
      s.sim.sim.faults.clear();
    }
  });

  it("survives Gitea's key endpoint going down once keys are known", async () => {
    // The keys become known with a first token, checked before the outage.
    const before = await token(s, 'alice', 'openid read:repository read:user');
    expect((await getMe(s, before.accessToken)).status).toBe(200);
    s.sim.sim.faults.add({ path: '^/login/oauth/keys$', kind: 'status', status: 503 });
    try {
      const t = await token(s, 'alice', 'openid read:repository read:user');
      const r = await getMe(s, t.accessToken);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toMatchObject({ login: 'alice' });
      // A key Gatea has not seen is still refused as such, not as an outage or an internal error.
      const other = await startTestSim();
      try {
        const user = other.sim.state.userByLogin('alice');
        const app = [...other.oauth.store.apps.values()][0];
        if (!user || !app) throw new Error('seed');
        const foreign = await other.oauth.issueTokens(user.id, app, 'openid read:repository');
        s.secrets.push(foreign.accessToken);
        const refused = await getMe(s, foreign.accessToken);
        expect(refused.status).toBe(401);
        expect(JSON.stringify(refused.body)).toMatch(/not signed by this Gitea/);
      } finally {
        await other.close();
      }
    } finally {
      s.sim.sim.faults.clear();
    }
  });
});

describe('direct Gitea tokens on Forgejo', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup('forgejo', '11.0.1');
  });
  afterAll(async () => {
    await teardown(s);
  });

  it('drops an unknown scope instead of widening: read:user offline_access lacks API scope', async () => {
    const t = await token(s, 'alice', 'read:user offline_access');
    const r = await getMe(s, t.accessToken);
    expect(r.status).toBe(403);
    expect(JSON.stringify(r.body)).toMatch(/read:repository/);
    expect(summaries(s).find((l) => l.login === 'alice')).toMatchObject({
      api_probe: 'fail:403',
      scopes_effective: ['read:user'],
    });
  });
});
