/**
 * Every way a broker flow must be refused, over real HTTP against the
 * gateway and the simulator: unknown clients and redirect URIs (a page,
 * never a redirect), missing or plain PKCE, foreign resources, forged
 * consent, a callback without the browser's state cookie, wrong verifiers,
 * replayed codes; and Gitea tokens refreshed (or found revoked) behind the
 * client's back.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formFields, WebClient } from '../../support/sim-oauth.js';
import { type BrokerRig, Browser, startBrokerRig } from './harness.js';

let rig: BrokerRig;
const REDIRECT = 'http://127.0.0.1:8123/callback';

beforeAll(async () => {
  rig = await startBrokerRig();
});
afterAll(async () => {
  await rig?.close();
});

async function register(body: object = {}): Promise<string> {
  const res = await fetch(`${rig.base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [REDIRECT],
      client_name: 'Rejections',
      token_endpoint_auth_method: 'none',
      ...body,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { client_id: string }).client_id;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(clientId: string, params: Record<string, string> = {}): string {
  return `${rig.base}/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    state: 's1',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    ...params,
  })}`;
}

function tokenRequest(fields: Record<string, string>) {
  return fetch(`${rig.base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

/** A full authorization for `login`; returns the code and what the client needs to redeem it. */
async function codeFor(login: string, params: Record<string, string> = {}) {
  const clientId = await register();
  const { verifier, challenge } = pkce();
  const browser = new Browser(rig, login);
  await browser.signIn();
  const landed = await browser.authorize(authorizeUrl(clientId, { code_challenge: challenge, ...params }));
  return { clientId, verifier, code: landed.searchParams.get('code') as string, browser };
}

/** Redeems the code of `c` at /token, with `extra` form fields. */
function redeem(c: { code: string; clientId: string; verifier: string }, extra: Record<string, string> = {}) {
  return tokenRequest({
    grant_type: 'authorization_code',
    code: c.code,
    client_id: c.clientId,
    redirect_uri: REDIRECT,
    code_verifier: c.verifier,
    ...extra,
  });
}

/** A full sign-in of `login` and the code exchange: the client's tokens. */
async function tokensFor(
  login: string,
  params: Record<string, string> = {},
): Promise<{ access_token: string; refresh_token: string; scope: string }> {
  const res = await redeem(await codeFor(login, params));
  return (await res.json()) as { access_token: string; refresh_token: string; scope: string };
}

describe('refused before anything is redirected', () => {
  it('an unknown client and an unregistered redirect URI get a page, never a redirect', async () => {
    const clientId = await register();
    for (const url of [
      authorizeUrl('no-such-client'),
      authorizeUrl(clientId, { redirect_uri: 'https://evil.example/cb' }),
      authorizeUrl(clientId, { redirect_uri: 'http://127.0.0.1:8123/other' }),
    ]) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    }
  });

  it('a loopback redirect URI matches on any port (RFC 8252 §7.3)', async () => {
    const clientId = await register();
    const res = await fetch(authorizeUrl(clientId, { redirect_uri: 'http://127.0.0.1:59999/callback' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Rejections');
  });

  it('a Client ID Metadata Document on a private address is never fetched', async () => {
    const res = await fetch(authorizeUrl('https://127.0.0.1:1/client.json'), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toMatch(/could not use the application/);
  });

  it('the OAuth body cap stays on the OAuth endpoints: /mcp takes a larger body, from a browser too', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(20 * 1024) } });
    for (const origin of [undefined, rig.base]) {
      const res = await fetch(`${rig.base}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body,
      });
      // Not 413: the request reaches authentication (and is refused there, without a token).
      expect(res.status, origin ?? 'no Origin').toBe(401);
    }
  });

  it('oversized bodies at the OAuth endpoints are refused with 413', async () => {
    for (const path of ['/register', '/token', '/revoke', '/authorize/consent', '/connections/revoke']) {
      const res = await fetch(`${rig.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `a=${'x'.repeat(20 * 1024)}`,
      });
      expect(res.status, path).toBe(413);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
    }
  });

  it('registration refuses javascript:, plain http elsewhere and fragments', async () => {
    for (const uri of ['javascript:alert(1)', 'http://example.com/cb', 'https://example.com/cb#x']) {
      const res = await fetch(`${rig.base}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://inspector.example' },
        body: JSON.stringify({ redirect_uris: [uri] }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_redirect_uri');
    }
  });
});

describe('refused with an error sent back to the client (with state and iss)', () => {
  it.each([
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge: '' }, 'invalid_request'],
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ resource: 'https://other.example/mcp' }, 'invalid_target'],
  ])('%j → %s', async (params, error) => {
    const clientId = await register();
    const res = await fetch(authorizeUrl(clientId, params), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error, state: 's1', iss: rig.base });
  });

  it('Deny on the consent page sends access_denied', async () => {
    const clientId = await register();
    const browser = new Browser(rig, 'alice');
    const page = await browser.open(authorizeUrl(clientId));
    const res = await browser.consent(await page.text(), 'deny');
    const location = new URL(res.headers.get('location') as string);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      error: 'access_denied',
      state: 's1',
      iss: rig.base,
    });
  });
});

describe('forgery and replay', () => {
  it('a consent form posted without its cookie, or altered, is refused', async () => {
    const clientId = await register();
    const browser = new Browser(rig, 'alice');
    const html = await (await browser.open(authorizeUrl(clientId))).text();
    const fields = formFields(html);
    // Another browser (no cookie) posting the same form: cross-site request forgery.
    const attacker = new WebClient(rig.base);
    const forged = await attacker.post('/authorize/consent', { ...fields, decision: 'allow' });
    expect(forged.status).toBe(400);
    // The same browser with an altered request (asking for writes after being shown reads).
    const request = JSON.parse(Buffer.from(fields.request as string, 'base64url').toString('utf8'));
    const altered = Buffer.from(JSON.stringify({ ...request, redirectUri: 'http://127.0.0.1:1/x' })).toString(
      'base64url',
    );
    const res = await browser.web.post(`${rig.base}/authorize/consent`, {
      ...fields,
      request: altered,
      decision: 'allow',
    });
    expect(res.status).toBe(400);
  });

  it('Gitea’s redirect replayed in another browser (no state cookie) is refused', async () => {
    const clientId = await register();
    const browser = new Browser(rig, 'alice');
    await browser.signIn();
    const html = await (await browser.open(authorizeUrl(clientId))).text();
    let res = await browser.web.post(`${rig.base}/authorize/consent`, { ...formFields(html), decision: 'allow' });
    res = await browser.web.fetch(res.headers.get('location') as string);
    if (res.status === 200) {
      const { submitConsent } = await import('../../support/sim-oauth.js');
      res = await submitConsent(browser.web, await res.text(), true);
    }
    const callback = res.headers.get('location') as string;
    expect(callback).toContain('/oauth/callback');
    const victim = await fetch(callback, { redirect: 'manual' });
    expect(victim.status).toBe(400);
    expect(victim.headers.get('location')).toBeNull();
  });

  it('a wrong PKCE verifier is refused; a replayed code revokes what it issued', async () => {
    const wrong = await redeem({ ...(await codeFor('alice')), verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');

    const b = await codeFor('alice');
    const first = await redeem(b);
    expect(first.status).toBe(200);
    const tokens = (await first.json()) as { access_token: string; scope: string };
    expect(tokens.scope).toBe('read:repository');
    const call = () =>
      fetch(`${rig.base}/api/tools/get_me`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
    expect((await call()).status).toBe(200);
    const replay = await redeem(b);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    const after = await call();
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('a token for another resource is refused at the token endpoint', async () => {
    const res = await redeem(await codeFor('alice'), { resource: 'https://other.example/mcp' });
    expect(((await res.json()) as { error: string }).error).toBe('invalid_target');
  });
});

describe('no scope means read', () => {
  it('a read grant cannot write: 403 naming write:repository', async () => {
    const tokens = await tokensFor('alice');
    const res = await fetch(`${rig.base}/api/tools/create_branch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ owner: 'alice', repo: 'hello-world', branch: 'nope' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/scope="write:repository"/);
  });
});

describe('one Gitea scope for every sign-in', () => {
  it('a user who first connected a read-only client can later connect one that writes', async () => {
    // Gitea ≤1.25 keeps a user's first grant scope for every later token of the app.
    expect((await tokensFor('carol')).scope).toBe('read:repository');
    const writer = await tokensFor('carol', { scope: 'write:repository' });
    expect(writer.scope).toBe('read:repository write:repository');
    const res = await fetch(`${rig.base}/api/tools/create_branch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writer.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ owner: 'carol', repo: 'hello-world', branch: 'second-sign-in' }),
    });
    expect(res.status).toBe(200);
  });
});

describe('Gitea tokens behind the grant', () => {
  it('are refreshed at Gitea when about to expire; a grant revoked in Gitea asks the user to reconnect', async () => {
    const tokens = await tokensFor('dave');
    const call = () =>
      fetch(`${rig.base}/api/tools/get_me`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
    const store = rig.gateway.store;
    const expireGiteaToken = async () => {
      const lookup = await store.lookupAccessToken(
        createHash('sha256').update(tokens.access_token).digest('hex'),
        Date.now(),
      );
      if (lookup.status !== 'active') throw new Error(lookup.status);
      const g = lookup.grant;
      await store.replaceGiteaTokens(
        g.id,
        g.version,
        {
          giteaAccessToken: g.giteaAccessToken,
          giteaRefreshToken: g.giteaRefreshToken,
          giteaTokenExpiresAt: Date.now() - 1,
        },
        Date.now(),
      );
      return g;
    };
    const before = await expireGiteaToken();
    expect((await call()).status).toBe(200);
    const refreshed = await store.findGrant(before.id);
    expect(refreshed?.version).toBeGreaterThan(before.version + 1);
    expect(refreshed?.giteaTokenExpiresAt).toBeGreaterThan(Date.now());
    expect(rig.logText()).not.toMatch(/gto_|gtr_/);

    // The user revokes Gatea's app in Gitea; the next refresh fails and the grant is dropped.
    const user = rig.sim.sim.state.userByLogin('dave');
    for (const grant of rig.sim.oauth.store.grants.values())
      if (grant.userId === user?.id) rig.sim.oauth.store.revokeGrant(grant.id);
    await expireGiteaToken();
    const res = await call();
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/Reconnect/);
    expect((await store.findGrant(before.id))?.revokedAt).not.toBeNull();
  });
});
