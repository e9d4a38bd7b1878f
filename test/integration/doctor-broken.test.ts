/**
 * `gatea doctor` against deployments broken on purpose, one incident each,
 * through the real gateway and simulator (or, for what no Gatea would serve,
 * a tiny fake on loopback): each break is named in one line of the report,
 * and the report fails. The incidents are the ones support sees: a public
 * URL that does not match the Host, Gitea stopped, a token without API
 * scopes, a service key whose Gitea token is rejected (or that is unknown,
 * revoked, or never started because its token variable is empty), nothing
 * listening, an authorization server without PKCE S256, scopes that cannot
 * be granted, and an MCP URL that redirects elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { parseServiceKeyId } from '../../src/auth/index.js';
import { SERVICE_KEY_RECHECK_MS, startGateway } from '../../src/cli/gateway.js';
import { runKeys } from '../../src/cli/keys.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { type DoctorReport, type Finding, renderJson, renderText, runDoctor } from '../../src/doctor/index.js';
import { createLogger } from '../../src/observability/index.js';
import { openStore } from '../../src/store/index.js';
import { type DoctorRig, freePort, giteaOAuthToken, rigEnv, startDoctorRig } from '../support/doctor-rig.js';
import { type FakeAnswer, type FakeRequest, startFakeServer } from '../support/fake-http.js';
import { captureLogs } from '../support/log-capture.js';
import { createServiceKey } from '../support/service-keys.js';
import { seededToken, startTestSim } from '../support/sim.js';

const byId = (r: DoctorReport, id: string): Finding => {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} in ${r.findings.map((x) => x.id).join(', ')}`);
  return f;
};

/** The report failed, and exactly these findings failed. */
function expectFailed(r: DoctorReport, ids: readonly string[]): void {
  expect(r.ok).toBe(false);
  expect(r.findings.filter((f) => f.status === 'fail').map((f) => f.id)).toEqual(ids);
}

function expectNoToken(r: DoctorReport, token: string): void {
  for (const text of [renderText(r), renderJson(r)]) expect(text).not.toContain(token);
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function rig(sim: RunningSimulator, opts: Parameters<typeof startDoctorRig>[1]): Promise<DoctorRig> {
  const r = await startDoctorRig(sim, opts);
  cleanups.push(() => r.close());
  return r;
}

describe('doctor names broken gateways (broker mode)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim();
    cleanups.push(() => sim.close());
  });

  it('GATEA_PUBLIC_URL naming another host: Gatea refuses the Host, and doctor says why', async () => {
    const elsewhere = `http://localhost:${await freePort()}`;
    const g = await rig(sim, { mode: 'broker', env: { GATEA_PUBLIC_URL: elsewhere } });
    const r = await runDoctor({ gatewayUrl: g.gateway.mcpUrl });
    expectFailed(r, ['prm.path']);
    expect(byId(r, 'prm.path').diagnosis).toBe(
      `Gatea refuses the Host ${new URL(g.gateway.url).host} (HTTP 421 host_not_allowed): the public URL does not match the Host.`,
    );
    expect(byId(r, 'prm.path').fix).toContain(`GATEA_PUBLIC_URL=${g.gateway.url}`);
    expect(byId(r, 'as.metadata').status).toBe('skip');
  });

  it('GATEA_PUBLIC_URL naming another host that is allowed in: the metadata names the wrong resource', async () => {
    const elsewhere = `http://localhost:${await freePort()}`;
    const g = await rig(sim, {
      mode: 'broker',
      env: { GATEA_PUBLIC_URL: elsewhere, GATEA_ALLOWED_HOSTS: '127.0.0.1' },
    });
    const r = await runDoctor({ gatewayUrl: g.gateway.mcpUrl });
    expect(byId(r, 'prm.resource')).toMatchObject({
      status: 'fail',
      diagnosis: `The metadata names ${elsewhere}/mcp, but you reached ${g.gateway.mcpUrl}: the public URL does not match the Host.`,
      cause: expect.stringContaining(`GATEA_PUBLIC_URL is ${elsewhere}`),
    });
    // Clients would follow the metadata to the public URL, where nothing answers.
    expect(byId(r, 'as.metadata').diagnosis).toMatch(
      /^The authorization server http:\/\/localhost:\d+ does not answer from here/,
    );
    expect(r.ok).toBe(false);
  });

  it('a service key whose Gitea token Gitea rejects, then the same key revoked, then mistyped', async () => {
    const g = await rig(sim, { mode: 'broker', serviceKeyGiteaToken: randomBytes(20).toString('hex') });
    const key = g.serviceKey as string;
    const rejected = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token: key });
    expectFailed(rejected, ['token.accepted']);
    expect(byId(rejected, 'token.accepted')).toMatchObject({
      diagnosis: 'Gitea rejects the Gitea token this service key acts with (revoked, expired, or from another Gitea).',
      fix: 'Create a new Gitea token for the key, put it in that variable of gatea serve, and restart Gatea.',
      details: { status: 401, error: 'invalid_token' },
    });
    expect(byId(rejected, 'mcp.session').status).toBe('skip');
    expectNoToken(rejected, key);

    const store = await openStore(g.databaseUrl);
    try {
      await runKeys(['revoke', parseServiceKeyId(key) as string], store, { out: () => undefined }, Date.now);
    } finally {
      await store.close();
    }
    // The gateway re-reads a key's record once its recheck interval has passed.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + SERVICE_KEY_RECHECK_MS + 1 });
    try {
      const revoked = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token: key });
      expect(byId(revoked, 'token.accepted').diagnosis).toBe('This service key was revoked.');
    } finally {
      vi.useRealTimers();
    }

    const mistyped = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    const unknown = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token: mistyped });
    expect(byId(unknown, 'token.accepted').diagnosis).toBe('Gatea does not know this service key.');
    expectNoToken(unknown, mistyped);
  });

  it('a Gitea token sent to a gateway without direct tokens, and an unknown Gatea access token', async () => {
    const g = await rig(sim, { mode: 'broker', env: { GATEA_DIRECT_TOKENS: 'false' } });
    const pat = seededToken(sim, 'alice');
    const direct = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token: pat });
    expectFailed(direct, ['token.accepted']);
    expect(byId(direct, 'token.accepted').diagnosis).toBe(
      'This gateway does not accept Gitea tokens sent straight to it (direct tokens are off).',
    );
    expectNoToken(direct, pat);
    const made = `gat_${randomBytes(32).toString('base64url')}`;
    const unknown = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token: made });
    expect(byId(unknown, 'token.accepted').diagnosis).toBe('Gatea does not know this access token.');
  });
});

describe('doctor names broken tokens (direct mode)', () => {
  let sim: RunningSimulator;
  let g: DoctorRig;
  beforeAll(async () => {
    sim = await startTestSim();
    cleanups.push(() => sim.close());
    g = await rig(sim, { mode: 'direct' });
  });

  it('a Gitea OAuth token without API scopes (openid read:user): 403, named with the missing scope', async () => {
    const token = await giteaOAuthToken(sim, 'bob', 'openid read:user');
    const r = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token });
    expectFailed(r, ['token.accepted']);
    expect(byId(r, 'token.accepted')).toMatchObject({
      diagnosis:
        'The Gitea OAuth access token reaches Gitea but lacks the API scope Gatea needs (read:repository): Gatea answers 403 insufficient_scope.',
      cause: expect.stringContaining('only openid and read:user'),
      details: { status: 403, error: 'insufficient_scope' },
    });
    expectNoToken(r, token);
  });

  it('an expired Gitea OAuth token: refused as expired, and its exp shown', async () => {
    const token = await giteaOAuthToken(sim, 'carol', 'openid read:repository', new Date(Date.now() - 2 * 3600_000));
    const r = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token });
    expectFailed(r, ['token.accepted', 'token.expiry']);
    expect(byId(r, 'token.accepted').diagnosis).toBe('The Gitea token has expired.');
    expect(byId(r, 'token.expiry').diagnosis).toMatch(/^The token expired at \d{4}-\d\d-\d\dT/);
  });

  it('a token whose client asked for OIDC scopes only: it works, but with full access, which doctor warns about', async () => {
    const token = await giteaOAuthToken(sim, 'dave', 'openid profile email');
    const r = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token });
    expect(r.ok).toBe(true);
    expect(byId(r, 'token.scopes')).toMatchObject({
      status: 'warn',
      diagnosis: 'This Gitea OAuth token has full access (all), though Gatea needs far less.',
    });
  });
});

describe('doctor names Gitea stopped', () => {
  it('broker mode: /readyz names Gitea, and the service key session says Gatea cannot reach it', async () => {
    const sim = await startTestSim();
    const g = await rig(sim, { mode: 'broker', serviceKeyGiteaToken: seededToken(sim, 'alice') });
    await sim.close();
    const r = await runDoctor({ gatewayUrl: g.gateway.mcpUrl, token: g.serviceKey });
    expectFailed(r, ['gateway.ready', 'token.identity']);
    expect(byId(r, 'gateway.ready').diagnosis).toBe(
      `Gatea cannot reach Gitea: Gitea at ${sim.url} does not answer /api/v1/version`,
    );
    expect(byId(r, 'token.identity').diagnosis).toMatch(/^get_me failed: Gatea cannot reach Gitea right now/);
  });

  it('direct mode: Gitea is the authorization server, and does not answer', async () => {
    const sim = await startTestSim();
    const g = await rig(sim, { mode: 'direct' });
    await sim.close();
    const r = await runDoctor({ gatewayUrl: g.gateway.mcpUrl });
    expectFailed(r, ['gateway.ready', 'as.metadata']);
    expect(byId(r, 'as.metadata').diagnosis).toBe(
      `The authorization server ${sim.url} does not answer from here: Nothing is listening at ${new URL(sim.url).host} (connection refused).`,
    );
  });
});

describe('doctor names a gateway that is not there', () => {
  it('nothing listening: one finding, connection refused', async () => {
    const port = await freePort();
    const r = await runDoctor({ gatewayUrl: `http://127.0.0.1:${port}/mcp` });
    expect(r.findings.map((f) => [f.id, f.status])).toEqual([
      ['gateway.url', 'pass'],
      ['gateway.reachable', 'fail'],
    ]);
    expect(byId(r, 'gateway.reachable').diagnosis).toBe(
      `Nothing is listening at 127.0.0.1:${port} (connection refused).`,
    );
  });

  it('a service key with an empty Gitea token: Gatea refuses to start, and doctor points at that', async () => {
    const sim = await startTestSim();
    cleanups.push(() => sim.close());
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'gatea-doctor-empty-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    const env: Record<string, string> = {
      ...rigEnv(sim, 'broker', dir),
      GATEA_PORT: String(port),
      CI_BOT_GITEA_TOKEN: '',
    };
    await createServiceKey(env.GATEA_DATABASE_URL as string, 'ci-bot', 'read', 'CI_BOT_GITEA_TOKEN');
    const started = startGateway(
      loadConfig(env),
      env,
      createLogger({ level: 'warn', destination: captureLogs().sink }),
    );
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/CI_BOT_GITEA_TOKEN \(the Gitea token of service key "ci-bot"\) is empty/);
    const r = await runDoctor({ gatewayUrl: `http://127.0.0.1:${port}` });
    expect(byId(r, 'gateway.reachable')).toMatchObject({
      status: 'fail',
      diagnosis: `Nothing is listening at 127.0.0.1:${port} (connection refused).`,
      cause: expect.stringContaining('refuses to start on a bad setting (an empty or placeholder secret'),
    });
  });
});

/** What a fake deployment serves besides the defaults (a healthy broker-mode Gatea, in outline). */
interface FakeSpec {
  /** Metadata fields over the defaults (S256, registration, iss). */
  as?: (base: string) => Record<string, unknown>;
  /** Answers before the defaults. */
  override?: (req: FakeRequest, base: string) => FakeAnswer | undefined;
  prmScopes?: string[];
  /** The authorization server the metadata names (default: the fake itself). */
  authorizationServer?: string;
}

/** A minimal deployment as doctor sees it, served by a fake. */
function fakeDeployment(spec: FakeSpec) {
  return (req: FakeRequest, base: string): FakeAnswer | undefined => {
    const path = req.url.split('?')[0];
    const mine = spec.override?.(req, base);
    if (mine) return mine;
    if (path === '/healthz') return { status: 200, body: { status: 'ok' } };
    if (path === '/readyz') return { status: 200, body: { status: 'ready', checks: { store: 'ok', gitea: 'ok' } } };
    if (path?.startsWith('/.well-known/oauth-protected-resource'))
      return {
        status: 200,
        body: {
          resource: `${base}/mcp`,
          authorization_servers: [spec.authorizationServer ?? base],
          scopes_supported: spec.prmScopes ?? ['read:repository'],
        },
      };
    if (path === '/.well-known/oauth-authorization-server' || path === '/.well-known/openid-configuration')
      return {
        status: 200,
        body: {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          registration_endpoint: `${base}/register`,
          code_challenge_methods_supported: ['S256'],
          authorization_response_iss_parameter_supported: true,
          scopes_supported: ['read:repository'],
          ...spec.as?.(base),
        },
      };
    if (path === '/register' && req.method === 'POST') return { status: 201, body: { client_id: 'c1' } };
    if (path === '/authorize' && req.method === 'GET')
      return req.url.includes('?') ? { status: 200, body: '<p>consent</p>' } : { status: 400, body: 'no such client' };
    if (path === '/token' && req.method === 'POST') return { status: 400, body: { error: 'invalid_request' } };
    if (path === '/mcp' && req.method === 'POST')
      return {
        status: 401,
        headers: {
          'www-authenticate': `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp", scope="read:repository"`,
        },
        body: { error_description: 'No credentials were sent.' },
      };
    return undefined;
  };
}

async function fake(route: Parameters<typeof startFakeServer>[0]) {
  const server = await startFakeServer(route);
  cleanups.push(() => server.close());
  return server;
}

describe('doctor names authorization servers no Gatea would be (fakes on loopback)', () => {
  it('metadata advertising PKCE plain only, or no PKCE at all: MCP clients refuse to sign in', async () => {
    const plain = await fake(fakeDeployment({ as: () => ({ code_challenge_methods_supported: ['plain'] }) }));
    const r = await runDoctor({ gatewayUrl: `${plain.url}/mcp` });
    expectFailed(r, ['as.pkce']);
    expect(byId(r, 'as.pkce').diagnosis).toBe(
      'The authorization server advertises PKCE plain but not S256: MCP clients refuse to sign in.',
    );
    const none = await fake(fakeDeployment({ as: () => ({ code_challenge_methods_supported: undefined }) }));
    expect(byId(await runDoctor({ gatewayUrl: `${none.url}/mcp` }), 'as.pkce').diagnosis).toBe(
      'The authorization server metadata has no code_challenge_methods_supported: MCP clients refuse to sign in.',
    );
  });

  it('a server that refuses a request for every scope it advertises (invalid_scope)', async () => {
    const server = await fake(
      fakeDeployment({
        as: () => ({ scopes_supported: ['read:repository', 'admin'] }),
        override: (req, base) =>
          req.url.startsWith('/authorize?') && new URL(req.url, base).searchParams.get('scope')?.includes('admin')
            ? {
                status: 302,
                headers: {
                  location: 'http://127.0.0.1:1/cb?error=invalid_scope&error_description=admin+is+not+for+you',
                },
              }
            : undefined,
      }),
    );
    const r = await runDoctor({ gatewayUrl: `${server.url}/mcp` });
    expectFailed(r, ['scopes.all_advertised']);
    expect(byId(r, 'scopes.all_advertised').diagnosis).toBe(
      'Asking for every advertised scope (read:repository admin) is refused with invalid_scope: admin is not for you.',
    );
  });

  it('direct mode whose metadata advertises a scope Gitea does not know (offline_access)', async () => {
    // Gitea stand-in: OpenID discovery only, no registration, no RFC 8414 document.
    const gitea = await fake((req, base) =>
      req.url === '/.well-known/openid-configuration'
        ? {
            status: 200,
            body: {
              issuer: base,
              authorization_endpoint: `${base}/login/oauth/authorize`,
              token_endpoint: `${base}/login/oauth/access_token`,
              userinfo_endpoint: `${base}/login/oauth/userinfo`,
              jwks_uri: `${base}/login/oauth/keys`,
              code_challenge_methods_supported: ['plain', 'S256'],
              scopes_supported: ['openid', 'profile', 'email', 'groups'],
            },
          }
        : undefined,
    );
    const server = await fake(
      fakeDeployment({ authorizationServer: gitea.url, prmScopes: ['read:repository', 'offline_access'] }),
    );
    const r = await runDoctor({ gatewayUrl: `${server.url}/mcp` });
    expect(r.mode).toBe('direct');
    expect(byId(r, 'scopes.grantable')).toMatchObject({
      status: 'fail',
      diagnosis:
        'scopes_supported lists offline_access, unknown to Gitea: a client that asks for every advertised scope gets a full-access token on Gitea 1.23+.',
    });
  });

  it('a proxy that strips the Authorization header: the token arrives as no credentials at all', async () => {
    // The fake answers /mcp as Gatea does when no Authorization header reached it.
    const server = await fake(fakeDeployment({}));
    const token = `gmk_${'b'.repeat(12)}_${randomBytes(32).toString('base64url')}`;
    const r = await runDoctor({ gatewayUrl: `${server.url}/mcp`, token });
    expectFailed(r, ['token.accepted']);
    expect(byId(r, 'token.accepted')).toMatchObject({
      diagnosis: 'Gatea saw no usable Authorization header although doctor sent one.',
      cause: 'A proxy in front of Gatea strips or rewrites the Authorization header.',
    });
    expect(server.requests.filter((q) => q.headers.authorization === `Bearer ${token}`)).toHaveLength(1);
  });

  it('an MCP URL that redirects to another origin: the token is never sent there', async () => {
    const elsewhere = await fake(() => ({ status: 200, body: {} }));
    const server = await fake(
      fakeDeployment({
        override: (req) =>
          req.url === '/mcp' ? { status: 307, headers: { location: `${elsewhere.url}/mcp` } } : undefined,
      }),
    );
    const token = `gmk_${'a'.repeat(12)}_${randomBytes(32).toString('base64url')}`;
    const r = await runDoctor({ gatewayUrl: `${server.url}/mcp`, token });
    expect(byId(r, 'mcp.challenge').diagnosis).toBe(`${server.url}/mcp redirects (HTTP 307) instead of answering MCP.`);
    expect(byId(r, 'mcp.session').diagnosis).toBe(
      `The MCP URL redirects (HTTP 307) to ${elsewhere.url}/mcp; doctor did not follow it with the token.`,
    );
    expect(elsewhere.requests).toEqual([]);
    // The token went to the MCP URL only, in the Authorization header.
    const withToken = server.requests.filter((q) => q.headers.authorization === `Bearer ${token}`);
    expect(withToken.map((q) => `${q.method} ${q.url}`)).toEqual(['POST /mcp']);
    expect(server.requests.filter((q) => q.headers.authorization !== undefined)).toHaveLength(1);
    expectNoToken(r, token);
  });
});
