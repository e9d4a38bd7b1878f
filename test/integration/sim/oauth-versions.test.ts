/**
 * Version and flavor differences of the provider, seen through real flows:
 * the API scope of the resulting tokens (reference §3.2), id_token issuer,
 * introspection, userinfo POST and public-only groups (§1.5–§1.7, §5, §7).
 */
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator, StartSimulatorOptions } from '../../../sim/index.js';
import type { SimUser } from '../../../sim/state.js';
import { callApi, startTestSim } from '../../support/sim.js';
import { addTestApp, addTestUser, obtainCode, signedIn, tokenRequest } from '../../support/sim-oauth.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

const CB = 'http://127.0.0.1/callback';

/** A fresh simulator where alice authorizes a confidential app for `scope`; returns the token response. */
async function flow(opts: StartSimulatorOptions, scope: string) {
  const s = await startTestSim({ seed: false, ...opts });
  running.push(s);
  const alice = addTestUser(s, 'alice');
  const app = addTestApp(s, alice);
  const web = await signedIn(s, 'alice');
  const code = await obtainCode(web, { client_id: app.clientId, redirect_uri: CB, scope, nonce: 'nn' });
  const res = await tokenRequest(s, {
    grant_type: 'authorization_code',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code,
  });
  expect(res.status).toBe(200);
  return { s, alice, app, access: String(res.body.access_token), body: res.body };
}

const SCOPE_403_NEW = (required: string, have: string) =>
  `token does not have at least one of required scope(s), required=[${required}], token scope=${have}`;
const SCOPE_403_OLD = (required: string) => `token does not have at least one of required scope(s): [${required}]`;

describe('API scope of OAuth tokens', () => {
  it('Gitea 1.25, grant "openid read:user": /user 200, /repos/search 403 naming both scopes', async () => {
    const { s, access } = await flow({ version: '1.25.0' }, 'openid read:user');
    expect((await callApi(s, 'GET', '/user', { token: access })).status).toBe(200);
    const res = await callApi(s, 'GET', '/repos/search', { token: access });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: SCOPE_403_NEW('read:repository', 'read:user'), url: `${s.url}/api/swagger` });
  });

  it('Gitea 1.22, same grant: every OAuth token is all', async () => {
    const { s, access } = await flow({ version: '1.22.6' }, 'openid read:user');
    expect((await callApi(s, 'GET', '/repos/search', { token: access })).status).toBe(200);
  });

  it('Gitea 1.23+, OIDC-only grant: all', async () => {
    const { s, access } = await flow({ version: '1.23.0' }, 'openid profile email');
    expect((await callApi(s, 'GET', '/repos/search', { token: access })).status).toBe(200);
  });

  it('"read:repository offline_access": all on Gitea 1.25, read:repository on Forgejo 11', async () => {
    const gitea = await flow({ version: '1.25.0' }, 'read:repository offline_access');
    expect((await callApi(gitea.s, 'GET', '/user', { token: gitea.access })).status).toBe(200);
    const forgejo = await flow({ flavor: 'forgejo', version: '11.0.1' }, 'read:repository offline_access');
    expect((await callApi(forgejo.s, 'GET', '/repos/search', { token: forgejo.access })).status).toBe(200);
    const res = await callApi(forgejo.s, 'GET', '/user', { token: forgejo.access });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ message: SCOPE_403_OLD('read:user') });
  });
});

describe('issuer and id_token per version', () => {
  it.each([
    [{ version: '1.24.0' }, true],
    [{ version: '1.25.0' }, false],
    [{ flavor: 'forgejo', version: '11.0.1' }, true],
    [{ flavor: 'forgejo', version: '12.0.0' }, false],
  ] as const)('%o: iss with trailing slash = %s', async (opts, slash) => {
    const { s, body } = await flow(opts, 'openid');
    const claims = decodeJwt(String(body.id_token));
    expect(claims.iss).toBe(slash ? `${s.url}/` : s.url);
    expect(claims.nonce).toBe('nn');
    // Only `openid`: no profile or email claims.
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'nonce', 'sub']);
  });

  it('no openid, no id_token', async () => {
    const { body } = await flow({}, 'read:user');
    expect(body).not.toHaveProperty('id_token');
  });
});

describe('introspection per version', () => {
  it('Gitea 1.22: no client auth needed, no username', async () => {
    const { s, access, app } = await flow({ version: '1.22.6' }, 'openid');
    const res = await fetch(`${s.url}/login/oauth/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token: access }),
    });
    expect(await res.json()).toEqual({
      active: true,
      scope: 'openid',
      iss: `${s.url}/`,
      sub: expect.any(String),
      aud: [app.clientId],
    });
  });

  it('Forgejo: client auth required (401 Basic realm), no username; refresh tokens count as active', async () => {
    const { s, body, app } = await flow({ flavor: 'forgejo', version: '11.0.1' }, 'openid');
    const anon = await fetch(`${s.url}/login/oauth/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token: String(body.refresh_token) }),
    });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Basic realm="Gitea OAuth2"');
    expect(await anon.text()).toBe('no valid authorization');
    const res = await fetch(`${s.url}/login/oauth/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token: String(body.refresh_token) }),
      headers: { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` },
    });
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.active).toBe(true);
    expect(json).not.toHaveProperty('username');
  });
});

describe('userinfo', () => {
  it('POST exists from 1.22.4; GET always', async () => {
    for (const [version, post] of [
      ['1.22.3', false],
      ['1.22.4', true],
    ] as const) {
      const { s, access } = await flow({ version }, 'openid');
      const headers = { Authorization: `Bearer ${access}` };
      expect((await fetch(`${s.url}/login/oauth/userinfo`, { headers })).status).toBe(200);
      expect((await fetch(`${s.url}/login/oauth/userinfo`, { method: 'POST', headers })).status).toBe(post ? 200 : 404);
    }
  });

  it('groups list orgs and org:team; a public-only grant hides private orgs (1.23+)', async () => {
    const addOrg = (s: RunningSimulator, login: string, visibility: SimUser['visibility'], members: SimUser[]) => {
      const org = addTestUser(s, login, { type: 'organization', password: '', visibility });
      const id = s.sim.state.nextId('team');
      s.sim.state.teams.set(id, {
        id,
        orgId: org.id,
        name: 'Owners',
        description: '',
        permission: 'owner',
        includesAllRepositories: true,
        canCreateOrgRepo: true,
        memberIds: new Set(members.map((m) => m.id)),
        repoIds: new Set(),
      });
    };
    for (const [scope, groups] of [
      ['openid groups', ['acme', 'acme:owners', 'secret', 'secret:owners']],
      ['openid groups public-only read:user', ['acme', 'acme:owners']],
    ] as const) {
      const { s, alice, access, body } = await flow({ version: '1.25.0' }, scope);
      addOrg(s, 'secret', 'private', [alice]);
      addOrg(s, 'acme', 'public', [alice]);
      const info = await fetch(`${s.url}/login/oauth/userinfo`, { headers: { Authorization: `Bearer ${access}` } });
      expect(((await info.json()) as { groups: string[] }).groups).toEqual(groups);
      expect(decodeJwt(String(body.id_token))).not.toHaveProperty('groups');
    }
  });

  it('refuses a refresh token and Basic credentials with 401 Bearer realm', async () => {
    const { s, body } = await flow({}, 'openid');
    for (const Authorization of [`Bearer ${String(body.refresh_token)}`, 'Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQtMQ==']) {
      const res = await fetch(`${s.url}/login/oauth/userinfo`, { headers: { Authorization } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Gitea OAuth2"');
      expect(await res.text()).toBe('no valid authorization');
    }
  });
});
