/**
 * Issue 3: one complete authorization-code + PKCE flow against the seeded
 * simulator, driven over plain HTTP like a browser and a client would:
 * sign-in form → authorize → consent → code → token → API → refresh →
 * userinfo → introspect → revoke on the settings page.
 */
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';
import { formFields, pkcePair, signIn, submitConsent, tokenRequest, WebClient } from '../../support/sim-oauth.js';

describe('authorization code + PKCE over plain HTTP (Gitea 1.25)', () => {
  let s: RunningSimulator;
  let clock = new Date('2026-04-01T10:00:00Z');
  beforeAll(async () => {
    s = await startTestSim({ version: '1.25.5', now: () => clock });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('runs login → consent → token → API → refresh → userinfo → introspect → revoke', async () => {
    // A public client registered through the API, as a native app would be.
    const created = await callApi<Record<string, unknown>>(s, 'POST', '/user/applications/oauth2', {
      token: seededToken(s, 'alice'),
      json: { name: 'cli', redirect_uris: ['http://127.0.0.1/callback'], confidential_client: false },
    });
    expect(created.status).toBe(201);
    const clientId = String(created.body.client_id);
    expect(created.body.client_secret).toMatch(/^gto_[a-z2-7]{52}$/);

    const web = new WebClient(s.url);
    const { verifier, challenge } = pkcePair();
    const authorizeUrl = `/login/oauth/authorize?${new URLSearchParams({
      client_id: clientId,
      redirect_uri: 'http://127.0.0.1:49152/callback',
      response_type: 'code',
      scope: 'openid profile email read:user',
      state: 'st-1',
      nonce: 'n-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;

    // Not signed in: 303 to /user/login, remembering where we were going.
    const anon = await web.fetch(authorizeUrl);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/user/login');
    expect(decodeURIComponent(web.cookies.get('redirect_to') ?? '')).toBe(authorizeUrl);

    // The sign-in form sends us back to /authorize.
    const login = await signIn(web, 'bob', 'bob-password-1');
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(authorizeUrl);

    const consent = await web.fetch(authorizeUrl);
    expect(consent.status).toBe(200);
    const html = await consent.text();
    expect(html).toContain('Authorize Application');
    expect(formFields(html)).toMatchObject({
      client_id: clientId,
      state: 'st-1',
      scope: 'openid profile email read:user',
    });

    const granted = await submitConsent(web, html, true);
    expect(granted.status).toBe(303);
    const back = new URL(granted.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe('http://127.0.0.1:49152/callback');
    const code = back.searchParams.get('code') ?? '';
    expect(code).toMatch(/^gta_[a-z2-7]{52}$/);
    expect(back.searchParams.get('state')).toBe('st-1');

    const token = await tokenRequest(s, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: 'http://127.0.0.1:49152/callback',
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(Object.keys(token.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'token_type',
    ]);
    expect(token.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const access = String(token.body.access_token);

    // The id_token verifies against the JWKS and carries the OIDC claims.
    const jwks = (await (await fetch(`${s.url}/login/oauth/keys`)).json()) as { keys: Record<string, string>[] };
    const jwk = jwks.keys[0] ?? {};
    const { payload } = await jwtVerify(String(token.body.id_token), await importJWK(jwk, 'RS256'), {
      currentDate: s.sim.now(),
    });
    const bob = s.sim.state.userByLogin('bob');
    expect(payload).toMatchObject({
      iss: s.url,
      sub: String(bob?.id),
      aud: [clientId],
      nonce: 'n-1',
      preferred_username: 'bob',
      name: 'Bob Builder',
      email: 'bob@example.com',
      email_verified: true,
    });
    expect(decodeProtectedHeader(access).kid).toBe(jwk.kid);

    // read:user: /user works, repositories are out of scope.
    expect((await callApi(s, 'GET', '/user', { token: access })).status).toBe(200);
    const denied = await callApi(s, 'GET', '/repos/search', { token: access });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      message:
        'token does not have at least one of required scope(s), required=[read:repository], token scope=read:user',
    });

    // Refresh rotates both tokens; no client secret needed for a public client.
    clock = new Date(clock.getTime() + 60_000);
    const refreshed = await tokenRequest(s, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: String(token.body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(token.body.refresh_token);
    const access2 = String(refreshed.body.access_token);
    expect(decodeJwt(access2)).toMatchObject({ tt: 0, gnt: decodeJwt(access).gnt, iat: clock.getTime() / 1000 });

    const info = await fetch(`${s.url}/login/oauth/userinfo`, { headers: { Authorization: `Bearer ${access2}` } });
    expect(await info.json()).toEqual({
      sub: String(bob?.id),
      name: 'Bob Builder',
      preferred_username: 'bob',
      email: 'bob@example.com',
      picture: `${s.url}/avatars/${bob?.id}`,
      groups: expect.any(Array),
    });

    const gatea = s.seed.oauthApp;
    if (!gatea) throw new Error('seed has no OAuth app');
    const intro = await fetch(`${s.url}/login/oauth/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token: access2 }),
      headers: { Authorization: `Basic ${Buffer.from(`${gatea.clientId}:${gatea.clientSecret}`).toString('base64')}` },
    });
    expect(await intro.json()).toEqual({
      active: true,
      scope: 'openid profile email read:user',
      username: 'bob',
      iss: s.url,
      sub: String(bob?.id),
      aud: [clientId],
    });

    // Revoking on the settings page kills the tokens at once.
    const settings = await web.fetch('/user/settings/applications');
    const settingsHtml = await settings.text();
    expect(settingsHtml).toContain('cli');
    const action = /action="(\/user\/settings\/applications\/oauth2\/\d+\/revoke\/\d+)"/.exec(settingsHtml)?.[1] ?? '';
    const revoked = await web.post(action, { _csrf: formFields(settingsHtml)._csrf ?? '' });
    expect(revoked.status).toBe(303);
    const after = await callApi(s, 'GET', '/user', { token: access2 });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ message: 'user does not exist [uid: 0, name: ]' });
    const refreshAfter = await tokenRequest(s, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: String(refreshed.body.refresh_token),
    });
    expect(refreshAfter).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'grant does not exist' },
    });
  });
});
