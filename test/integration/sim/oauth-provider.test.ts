/**
 * The simulator's OAuth2/OIDC provider, read side: discovery per version and
 * flavor, JWKS, Gitea's token claims, userinfo, introspection, and API calls
 * with OAuth tokens whose scope is derived from the grant (reference §1–§3).
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator, StartSimulatorOptions } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

const running: RunningSimulator[] = [];
async function sim(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const s = await startTestSim(opts);
  running.push(s);
  return s;
}
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

async function tokenFor(s: RunningSimulator, login: string, scope: string) {
  const user = s.sim.state.userByLogin(login);
  const app = [...s.oauth.store.apps.values()][0];
  if (!user || !app) throw new Error('seed lacks user or app');
  return s.oauth.issueTokens(user.id, app, scope);
}

describe('OIDC discovery', () => {
  it.each([
    ['gitea', '1.24.0', true],
    ['gitea', '1.25.0', false],
    ['forgejo', '11.0.1', true],
    ['forgejo', '12.0.0', false],
  ] as const)('%s %s: issuer with trailing slash = %s; no RFC 8414 document', async (flavor, version, slash) => {
    const s = await sim({ flavor, version });
    const doc = (await (await fetch(`${s.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(slash ? `${s.url}/` : s.url);
    expect(doc.scopes_supported).toEqual(['openid', 'profile', 'email', 'groups']);
    expect(doc.code_challenge_methods_supported).toEqual(['plain', 'S256']);
    expect(doc).not.toHaveProperty('registration_endpoint');
    expect((await fetch(`${s.url}/.well-known/oauth-authorization-server`)).status).toBe(404);
  });

  it('1.25 answers 404 when OAuth2 is disabled; 1.24 still serves it', async () => {
    const off = { oauth2: { oauth2Enabled: false } };
    expect(
      (await fetch(`${(await sim({ ...off, version: '1.25.0' })).url}/.well-known/openid-configuration`)).status,
    ).toBe(404);
    expect(
      (await fetch(`${(await sim({ ...off, version: '1.24.0' })).url}/.well-known/openid-configuration`)).status,
    ).toBe(200);
  });
});

describe('tokens, keys, userinfo and introspection', () => {
  it('issues JWTs with only gnt/tt/exp/iat (+cnt), signed by the published key', async () => {
    const s = await sim();
    const t = await tokenFor(s, 'alice', 'openid read:user');
    expect(Object.keys(decodeJwt(t.accessToken)).sort()).toEqual(['exp', 'gnt', 'iat', 'tt']);
    expect(decodeJwt(t.accessToken).tt).toBe(0);
    expect(decodeJwt(t.refreshToken)).toMatchObject({ tt: 1, cnt: 1 });
    const jwks = (await (await fetch(`${s.url}/login/oauth/keys`)).json()) as {
      keys: { kid: string; use: string; kty: string }[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kty: 'RSA',
      use: 'sig',
      alg: 'RS256',
      kid: decodeProtectedHeader(t.accessToken).kid,
    });
  });

  it('userinfo answers for OAuth tokens and PATs, and 401s Gitea-style otherwise', async () => {
    const s = await sim();
    const t = await tokenFor(s, 'alice', 'openid');
    for (const token of [t.accessToken, seededToken(s, 'alice')]) {
      const res = await fetch(`${s.url}/login/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
      expect(await res.json()).toMatchObject({
        preferred_username: 'alice',
        sub: String(s.sim.state.userByLogin('alice')?.id),
      });
    }
    const bad = await fetch(`${s.url}/login/oauth/userinfo`, {
      method: 'POST',
      headers: { Authorization: 'Bearer nope' },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="Gitea OAuth2"');
    expect(await bad.text()).toBe('no valid authorization');
  });

  it('introspection needs client Basic auth (1.23+) and reports the raw grant scope', async () => {
    const s = await sim();
    const t = await tokenFor(s, 'alice', 'openid read:repository');
    const app = s.seed.oauthApp;
    if (!app) throw new Error('no seeded app');
    const body = new URLSearchParams({ token: t.accessToken });
    expect((await fetch(`${s.url}/login/oauth/introspect`, { method: 'POST', body })).status).toBe(401);
    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
    const res = await fetch(`${s.url}/login/oauth/introspect`, {
      method: 'POST',
      body,
      headers: { Authorization: basic },
    });
    expect(await res.json()).toMatchObject({
      active: true,
      scope: 'openid read:repository',
      username: 'alice',
      aud: [app.clientId],
    });
    const junk = await fetch(`${s.url}/login/oauth/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'x.y.z' }),
      headers: { Authorization: basic },
    });
    expect(await junk.json()).toEqual({ active: false });
  });

  it('a deleted grant kills its tokens at once', async () => {
    const s = await sim();
    const t = await tokenFor(s, 'alice', 'openid');
    expect((await callApi(s, 'GET', '/user', { token: t.accessToken })).status).toBe(200);
    s.oauth.store.revokeGrant(t.grantId);
    const res = await callApi(s, 'GET', '/user', { token: t.accessToken });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ message: 'user does not exist [uid: 0, name: ]' });
  });
});

describe('API scope of OAuth tokens per version and flavor (reference §3.2)', () => {
  it('Gitea 1.25: openid read:user → read:user only, with the 1.23+ message', async () => {
    const s = await sim({ version: '1.25.0' });
    const t = await tokenFor(s, 'alice', 'openid read:user');
    expect((await callApi(s, 'GET', '/user', { token: t.accessToken })).status).toBe(200);
    const res = await callApi(s, 'GET', '/repos/alice/hello-world', { token: t.accessToken });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      message:
        'token does not have at least one of required scope(s), required=[read:repository], token scope=read:user',
    });
  });

  it('Gitea 1.25: OIDC-only or one unknown scope widens to all', async () => {
    const s = await sim({ version: '1.25.0' });
    for (const scope of ['openid profile email', 'read:user offline_access']) {
      const t = await tokenFor(s, scope.includes('offline') ? 'bob' : 'alice', scope);
      expect((await callApi(s, 'GET', '/repos/alice/hello-world', { token: t.accessToken })).status).toBe(200);
    }
  });

  it('Forgejo drops the unknown scope instead, with the old message', async () => {
    const s = await sim({ flavor: 'forgejo', version: '11.0.1' });
    const t = await tokenFor(s, 'alice', 'read:user offline_access');
    const res = await callApi(s, 'GET', '/repos/alice/hello-world', { token: t.accessToken });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      message: 'token does not have at least one of required scope(s): [read:repository]',
    });
  });

  it('Gitea 1.22 treats every OAuth token as all', async () => {
    const s = await sim({ version: '1.22.6' });
    const t = await tokenFor(s, 'alice', 'read:user');
    expect((await callApi(s, 'GET', '/repos/alice/hello-world', { token: t.accessToken })).status).toBe(200);
  });

  it('an expired or refresh token is refused with 401', async () => {
    const s = await sim();
    const user = s.sim.state.userByLogin('alice');
    const app = [...s.oauth.store.apps.values()][0];
    if (!user || !app) throw new Error('seed');
    const old = await s.oauth.issueTokens(user.id, app, 'openid', new Date(Date.now() - 2 * 3600_000));
    expect((await callApi(s, 'GET', '/user', { token: old.accessToken })).status).toBe(401);
    expect((await callApi(s, 'GET', '/user', { token: old.refreshToken })).status).toBe(401);
  });
});
