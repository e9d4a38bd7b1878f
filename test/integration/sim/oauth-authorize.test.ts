/**
 * /login/oauth/authorize, the sign-in and consent pages, redirect-URI
 * matching and PKCE at the authorize step (reference §1.3), each error with
 * Gitea's exact status and text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator, StartSimulatorOptions } from '../../../sim/index.js';
import { startTestSim } from '../../support/sim.js';
import {
  addTestApp,
  addTestUser,
  authorizePath,
  formFields,
  locationParams,
  obtainCode,
  pkcePair,
  signedIn,
  signIn,
  submitConsent,
  WebClient,
} from '../../support/sim-oauth.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

async function setup(opts: StartSimulatorOptions = {}) {
  const s = await startTestSim({ seed: false, ...opts });
  running.push(s);
  const alice = addTestUser(s, 'alice', { fullName: 'Alice' });
  return { s, alice };
}

describe('sign-in page', () => {
  it("re-renders with Gitea's message on a wrong password and refuses a missing CSRF token", async () => {
    const { s } = await setup();
    const web = new WebClient(s.url);
    const bad = await signIn(web, 'alice', 'wrong');
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('Username or password is incorrect.');
    const noCsrf = await web.post('/user/login', { user_name: 'alice', password: 'alice-password-1' });
    expect(noCsrf.status).toBe(400);
    expect(await noCsrf.text()).toBe('Invalid CSRF token.\n');
    const ok = await signIn(web, 'alice@example.com', 'alice-password-1');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
  });
});

describe('authorize errors', () => {
  it('unknown client_id and unregistered redirect_uri are 400 HTML pages, never redirects', async () => {
    const { s, alice } = await setup();
    const app = addTestApp(s, alice);
    const web = await signedIn(s, 'alice');
    const unknown = await web.fetch(authorizePath({ client_id: 'nope', redirect_uri: 'http://127.0.0.1/callback' }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(await unknown.text()).toContain('Client ID not registered');
    const unregistered = await web.fetch(
      authorizePath({ client_id: app.clientId, redirect_uri: 'http://evil.example/cb' }),
    );
    expect(unregistered.status).toBe(400);
    expect(unregistered.headers.get('location')).toBeNull();
    expect(await unregistered.text()).toContain('Unregistered Redirect URI');
  });

  it('other errors 303 back with error, error_description and state', async () => {
    const { s, alice } = await setup();
    const pub = addTestApp(s, alice, { confidential: false });
    const web = await signedIn(s, 'alice');
    const base = { client_id: pub.clientId, redirect_uri: 'http://127.0.0.1/callback', state: 'xyz' };
    const cases: [Record<string, string>, string, string][] = [
      [{ response_type: 'token' }, 'unsupported_response_type', 'Only code response type is supported.'],
      [{}, 'invalid_request', 'PKCE is required for public clients'],
      [{ code_challenge_method: 'S512', code_challenge: 'x' }, 'invalid_request', 'unsupported code challenge method'],
    ];
    for (const [extra, error, description] of cases) {
      const res = await web.fetch(authorizePath({ ...base, ...extra }));
      expect(res.status).toBe(303);
      const q = locationParams(res);
      expect(Object.fromEntries(q)).toEqual({ error, error_description: description, state: 'xyz' });
    }
    const raw = await web.fetch(authorizePath({ ...base, response_type: 'token' }));
    expect(raw.headers.get('location')).toBe(
      'http://127.0.0.1/callback?error=unsupported_response_type&error_description=Only+code+response+type+is+supported.&state=xyz',
    );
  });

  it('consent denial → access_denied; a consent that does not match the session → 400', async () => {
    const { s, alice } = await setup();
    const app = addTestApp(s, alice);
    const web = await signedIn(s, 'alice');
    const page = await (
      await web.fetch(
        authorizePath({ client_id: app.clientId, redirect_uri: 'http://127.0.0.1/callback', state: 's1' }),
      )
    ).text();
    const denied = await submitConsent(web, page, false);
    expect(Object.fromEntries(locationParams(denied))).toEqual({
      error: 'access_denied',
      error_description: 'the request is denied',
      state: 's1',
    });
    const tampered = await web.post('/login/oauth/grant', { ...formFields(page), state: 'other', granted: 'true' });
    expect(tampered.status).toBe(400);
    const noCsrf = await web.post('/login/oauth/grant', { ...formFields(page), _csrf: 'x', granted: 'true' });
    expect(noCsrf.status).toBe(400);
    expect(await noCsrf.text()).toBe('Invalid CSRF token.\n');
  });

  it('scopes are never validated; a second consent with another scope fails with server_error', async () => {
    const { s, alice } = await setup();
    const pub = addTestApp(s, alice, { confidential: false });
    const web = await signedIn(s, 'alice');
    const { challenge } = pkcePair();
    const params = {
      client_id: pub.clientId,
      redirect_uri: 'http://127.0.0.1/callback',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    await obtainCode(web, { ...params, scope: 'mcp offline_access totally:bogus' });
    expect([...s.oauth.store.grants.values()][0]?.scope).toBe('mcp offline_access totally:bogus');
    // Public clients always see the consent page again…
    const again = await web.fetch(authorizePath({ ...params, scope: 'read:user', state: 'k' }));
    expect(again.status).toBe(200);
    const res = await submitConsent(web, await again.text(), true);
    expect(Object.fromEntries(locationParams(res))).toEqual({
      error: 'server_error',
      error_description: 'a grant exists with different scope',
      state: 'k',
    });
  });
});

describe('auto-approval', () => {
  it('a confidential app with a grant skips consent and keeps the old scope; a public one asks again', async () => {
    const { s, alice } = await setup();
    const conf = addTestApp(s, alice);
    const web = await signedIn(s, 'alice');
    const params = {
      client_id: conf.clientId,
      redirect_uri: 'http://127.0.0.1/callback',
      scope: 'read:user',
      state: 'a',
    };
    await obtainCode(web, params);
    const direct = await web.fetch(authorizePath({ ...params, scope: 'write:repository' }));
    expect(direct.status).toBe(303);
    expect(locationParams(direct).get('code')).toMatch(/^gta_[a-z2-7]{52}$/);
    expect(locationParams(direct).get('state')).toBe('a');
    expect([...s.oauth.store.grants.values()][0]?.scope).toBe('read:user');
  });

  it('skip_secondary_authorization auto-approves a public client on 1.23+, not on 1.22', async () => {
    for (const [version, auto] of [
      ['1.23.0', true],
      ['1.22.6', false],
    ] as const) {
      const { s, alice } = await setup({ version });
      const pub = addTestApp(s, alice, { confidential: false, skip: true });
      const web = await signedIn(s, 'alice');
      const { challenge } = pkcePair();
      const params = {
        client_id: pub.clientId,
        redirect_uri: 'http://127.0.0.1/callback',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      };
      await obtainCode(web, params);
      expect((await web.fetch(authorizePath(params))).status).toBe(auto ? 303 : 200);
    }
  });
});

describe('redirect URI matching (ContainsRedirectURI)', () => {
  it.each([
    ['HTTP://127.0.0.1/Callback/', false, true],
    ['http://127.0.0.1/callback?x=1', false, false],
    ['http://127.0.0.1:49152/callback', false, true],
    ['http://127.0.0.1:49152/callback', true, false],
    ['http://127.5.6.7:8080/callback', false, false],
    ['https://127.0.0.1:8443/callback', false, false],
    ['http://localhost:49152/callback', false, false],
  ])('%s (confidential=%s) → registered=%s', async (uri, confidential, ok) => {
    const { s, alice } = await setup();
    const app = addTestApp(s, alice, {
      confidential,
      redirectUris: ['http://127.0.0.1/callback', 'https://127.0.0.1/callback', 'http://localhost/callback'],
    });
    const web = await signedIn(s, 'alice');
    const res = await web.fetch(
      authorizePath({
        client_id: app.clientId,
        redirect_uri: uri,
        code_challenge: 'c',
        code_challenge_method: 'plain',
      }),
    );
    expect(res.status).toBe(ok ? 200 : 400);
  });

  it('any 127.0.0.0/8 address gets the port wildcard when registered; [::1] loses its brackets as in Go', async () => {
    const { s, alice } = await setup();
    const app = addTestApp(s, alice, {
      confidential: false,
      redirectUris: ['http://127.5.6.7/cb', 'http://[::1]/cb', 'http://::1/v6'],
    });
    const web = await signedIn(s, 'alice');
    const status = async (uri: string) =>
      (
        await web.fetch(
          authorizePath({
            client_id: app.clientId,
            redirect_uri: uri,
            code_challenge: 'c',
            code_challenge_method: 'plain',
          }),
        )
      ).status;
    expect(await status('http://127.5.6.7:9000/cb')).toBe(200);
    expect(await status('http://[::1]/cb')).toBe(200);
    expect(await status('http://[::1]:9000/cb')).toBe(400);
    expect(await status('http://[::1]:9000/v6')).toBe(200);
  });
});

describe('[oauth2] ENABLED=false', () => {
  it('every /login/oauth route answers 403 Forbidden', async () => {
    const { s } = await setup({ oauth2: { oauth2Enabled: false } });
    for (const [method, path] of [
      ['GET', '/login/oauth/authorize'],
      ['POST', '/login/oauth/access_token'],
      ['GET', '/login/oauth/keys'],
      ['GET', '/login/oauth/userinfo'],
      ['POST', '/login/oauth/introspect'],
    ] as const) {
      const res = await fetch(`${s.url}${path}`, { method, redirect: 'manual' });
      expect(res.status, path).toBe(403);
      expect(await res.text()).toBe('Forbidden\n');
    }
  });
});
