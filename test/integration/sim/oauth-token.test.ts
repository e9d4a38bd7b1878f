/**
 * /login/oauth/access_token (reference §1.4): client authentication in the
 * body or Basic, Gitea's odd error codes and quoting, single-use expiring
 * codes, PKCE verification, refresh rotation with and without
 * INVALIDATE_REFRESH_TOKENS, token lifetimes on the injected clock, HS256.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator, StartSimulatorOptions } from '../../../sim/index.js';
import { callApi, startTestSim } from '../../support/sim.js';
import { addTestApp, addTestUser, obtainCode, pkcePair, signedIn, tokenRequest } from '../../support/sim-oauth.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

const CB = 'http://127.0.0.1/callback';

async function setup(opts: StartSimulatorOptions = {}) {
  const clock = { now: new Date('2026-04-01T10:00:00Z') };
  const s = await startTestSim({ seed: false, now: () => clock.now, ...opts });
  running.push(s);
  const alice = addTestUser(s, 'alice');
  const conf = addTestApp(s, alice);
  const pub = addTestApp(s, alice, { confidential: false, name: 'public' });
  const web = await signedIn(s, 'alice');
  const tick = (seconds: number) => {
    clock.now = new Date(clock.now.getTime() + seconds * 1000);
  };
  return { s, alice, conf, pub, web, tick };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function confidentialCode(t: Setup, scope = 'openid'): Promise<string> {
  return obtainCode(t.web, { client_id: t.conf.clientId, redirect_uri: CB, scope });
}

function exchange(t: Setup, code: string, extra: Record<string, string> = {}) {
  return tokenRequest(t.s, {
    grant_type: 'authorization_code',
    client_id: t.conf.clientId,
    client_secret: t.conf.clientSecret,
    code,
    redirect_uri: CB,
    ...extra,
  });
}

const err = (error: string, error_description: string) => ({ status: 400, body: { error, error_description } });

describe('authorization_code errors', () => {
  it("answers 400 application/json;charset=utf-8 with Gitea's codes", async () => {
    const t = await setup();
    const code = await confidentialCode(t);
    const other = await tokenRequest(t.s, { grant_type: 'password' });
    expect(other).toMatchObject(
      err('unsupported_grant_type', 'Only refresh_token or authorization_code grant type is supported'),
    );
    expect(other.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(await exchange(t, code, { client_id: 'ghost' })).toMatchObject(
      err('invalid_client', "cannot load client with client id: 'ghost'"),
    );
    expect(await exchange(t, code, { client_secret: 'gto_wrong' })).toMatchObject(
      err('unauthorized_client', 'invalid client secret'),
    );
    expect(await exchange(t, code, { client_secret: '' })).toMatchObject(
      err('unauthorized_client', 'invalid empty client secret'),
    );
    expect(await exchange(t, code, { redirect_uri: 'http://elsewhere.example/cb' })).toMatchObject(
      err('unauthorized_client', 'unexpected redirect URI'),
    );
    expect(await exchange(t, 'gta_unknown')).toMatchObject(err('unauthorized_client', 'client is not authorized'));
    // The code survived all of the above, works once, and is gone afterwards.
    expect((await exchange(t, code)).status).toBe(200);
    expect(await exchange(t, code)).toMatchObject(err('unauthorized_client', 'client is not authorized'));
  });

  it('a code of another app is invalid_grant "invalid grant"', async () => {
    const t = await setup();
    const code = await confidentialCode(t);
    const third = addTestApp(t.s, t.alice, { name: 'third' });
    const res = await tokenRequest(t.s, {
      grant_type: 'authorization_code',
      client_id: third.clientId,
      client_secret: third.clientSecret,
      code,
    });
    expect(res).toMatchObject(err('invalid_grant', 'invalid grant'));
  });

  it('Basic client auth, and body values that contradict it', async () => {
    const t = await setup();
    const code = await confidentialCode(t);
    const basic = (id: string, secret: string) => ({
      Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    });
    const form = { grant_type: 'authorization_code', code, redirect_uri: CB };
    expect(await tokenRequest(t.s, form, { Authorization: 'Bearer x' })).toMatchObject(
      err('invalid_request', 'cannot parse basic auth header'),
    );
    expect(
      await tokenRequest(t.s, { ...form, client_id: 'other' }, basic(t.conf.clientId, t.conf.clientSecret)),
    ).toMatchObject(err('invalid_request', 'client_id in request body inconsistent with Authorization header'));
    expect(
      await tokenRequest(t.s, { ...form, client_secret: t.conf.clientSecret }, basic(t.conf.clientId, 'gto_other')),
    ).toMatchObject(err('invalid_request', 'client_secret in request body inconsistent with Authorization header'));
    expect((await tokenRequest(t.s, form, basic(t.conf.clientId, t.conf.clientSecret))).status).toBe(200);
  });

  it('accepts a JSON body', async () => {
    const t = await setup();
    const code = await confidentialCode(t);
    const res = await fetch(`${t.s.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: t.conf.clientId,
        client_secret: t.conf.clientSecret,
        code,
        redirect_uri: CB,
      }),
    });
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as object)).not.toContain('scope');
  });
});

describe('PKCE at the token endpoint', () => {
  it.each(['S256', 'plain'] as const)('%s: a wrong or missing verifier fails; the right one works', async (method) => {
    const t = await setup();
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(t.web, {
      client_id: t.pub.clientId,
      redirect_uri: CB,
      code_challenge: method === 'S256' ? challenge : verifier,
      code_challenge_method: method,
    });
    const body = { grant_type: 'authorization_code', client_id: t.pub.clientId, code, redirect_uri: CB };
    expect(await tokenRequest(t.s, { ...body, code_verifier: 'wrong' })).toMatchObject(
      err('unauthorized_client', 'failed PKCE code challenge'),
    );
    expect(await tokenRequest(t.s, body)).toMatchObject(err('unauthorized_client', 'failed PKCE code challenge'));
    expect((await tokenRequest(t.s, { ...body, code_verifier: verifier })).status).toBe(200);
  });

  it('S256 is enforced on the first-consent path too (fixed CVE-2026-26247)', async () => {
    const t = await setup();
    const { challenge } = pkcePair();
    const code = await obtainCode(t.web, {
      client_id: t.pub.clientId,
      redirect_uri: CB,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(t.s.sim.state.oauthCodes.get(code)).toMatchObject({ codeChallengeMethod: 'S256', codeChallenge: challenge });
  });
});

describe('code lifetime per version', () => {
  it('1.25.5+: a code expires after 600 s (invalid_grant) and is deleted', async () => {
    const t = await setup({ version: '1.25.5' });
    const fresh = await confidentialCode(t);
    t.tick(600);
    expect((await exchange(t, fresh)).status).toBe(200);
    const late = await confidentialCode(t);
    t.tick(601);
    expect(await exchange(t, late)).toMatchObject(err('invalid_grant', 'authorization code expired'));
    expect(await exchange(t, late)).toMatchObject(err('unauthorized_client', 'client is not authorized'));
  });

  it('1.25.0 and Forgejo: codes never expire', async () => {
    for (const opts of [{ version: '1.25.0' }, { flavor: 'forgejo', version: '11.0.1' }] as const) {
      const t = await setup(opts);
      const code = await confidentialCode(t);
      t.tick(24 * 3600);
      expect((await exchange(t, code)).status).toBe(200);
    }
  });

  it('1.26.2+: the redirect_uri must equal the authorize one; before, it may be omitted', async () => {
    const t = await setup({ version: '1.26.2' });
    const code = await confidentialCode(t);
    expect(await exchange(t, code, { redirect_uri: '' })).toMatchObject(
      err('invalid_grant', 'redirect_uri differs from the original authorization request'),
    );
    expect(await exchange(t, code, { redirect_uri: 'HTTP://127.0.0.1/callback/' })).toMatchObject(
      err('invalid_grant', 'redirect_uri differs from the original authorization request'),
    );
    expect((await exchange(t, code)).status).toBe(200);
    const old = await setup({ version: '1.26.1' });
    expect((await exchange(old, await confidentialCode(old), { redirect_uri: '' })).status).toBe(200);
  });
});

describe('tokens and refresh', () => {
  it('access and refresh JWTs carry only gnt/tt/exp/iat (+cnt) and expire on the injected clock', async () => {
    const t = await setup();
    const res = await exchange(t, await confidentialCode(t));
    const access = String(res.body.access_token);
    const iat = Date.parse('2026-04-01T10:00:00Z') / 1000;
    expect(decodeJwt(access)).toEqual({ gnt: 1, tt: 0, exp: iat + 3600, iat });
    expect(decodeJwt(String(res.body.refresh_token))).toEqual({ gnt: 1, tt: 1, cnt: 1, exp: iat + 730 * 3600, iat });
    expect((await callApi(t.s, 'GET', '/user', { token: access })).status).toBe(200);
    t.tick(3601);
    const expired = await callApi(t.s, 'GET', '/user', { token: access });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ message: 'user does not exist [uid: 0, name: ]' });
  });

  it('an access token issued in the future is refused', async () => {
    const t = await setup();
    const res = await exchange(t, await confidentialCode(t));
    t.tick(-60);
    expect((await callApi(t.s, 'GET', '/user', { token: String(res.body.access_token) })).status).toBe(401);
  });

  it('refresh errors: quoting, invalid_client for a bad secret, unparseable and expired tokens', async () => {
    const t = await setup();
    const res = await exchange(t, await confidentialCode(t));
    const refresh = (extra: Record<string, string>) =>
      tokenRequest(t.s, {
        grant_type: 'refresh_token',
        client_id: t.conf.clientId,
        client_secret: t.conf.clientSecret,
        refresh_token: String(res.body.refresh_token),
        ...extra,
      });
    expect(await refresh({ client_id: 'ghost' })).toMatchObject(
      err('invalid_client', 'cannot load client with client id: "ghost"'),
    );
    expect(await refresh({ client_secret: 'gto_bad' })).toMatchObject(err('invalid_client', 'invalid client secret'));
    expect(await refresh({ client_secret: '' })).toMatchObject(err('invalid_client', 'invalid empty client secret'));
    expect(await refresh({ refresh_token: 'not.a.jwt' })).toMatchObject(
      err('unauthorized_client', 'unable to parse refresh token'),
    );
    t.tick(730 * 3600 + 1);
    expect(await refresh({})).toMatchObject(err('unauthorized_client', 'unable to parse refresh token'));
  });

  it('Gitea default (INVALIDATE_REFRESH_TOKENS=false): old refresh tokens stay valid and tt is not checked', async () => {
    const t = await setup();
    const first = await exchange(t, await confidentialCode(t));
    const refresh = (token: unknown) =>
      tokenRequest(t.s, {
        grant_type: 'refresh_token',
        client_id: t.conf.clientId,
        client_secret: t.conf.clientSecret,
        refresh_token: String(token),
      });
    t.tick(10);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await refresh(first.body.refresh_token)).status).toBe(200);
    expect((await refresh(first.body.access_token)).status).toBe(200);
  });

  it('Forgejo default (INVALIDATE_REFRESH_TOKENS=true): rotation, and reuse is "token was already used"', async () => {
    const t = await setup({ flavor: 'forgejo', version: '11.0.1' });
    const first = await exchange(t, await confidentialCode(t));
    expect(decodeJwt(String(first.body.refresh_token)).cnt).toBe(2);
    const refresh = (token: unknown) =>
      tokenRequest(t.s, {
        grant_type: 'refresh_token',
        client_id: t.conf.clientId,
        client_secret: t.conf.clientSecret,
        refresh_token: String(token),
      });
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(await refresh(first.body.refresh_token)).toMatchObject(err('unauthorized_client', 'token was already used'));
    expect(await refresh(second.body.access_token)).toMatchObject(err('unauthorized_client', 'token was already used'));
  });

  it('INVALIDATE_REFRESH_TOKENS can be switched on for Gitea', async () => {
    const t = await setup({ oauth2: { invalidateRefreshTokens: true } });
    const first = await exchange(t, await confidentialCode(t));
    const body = {
      grant_type: 'refresh_token',
      client_id: t.conf.clientId,
      client_secret: t.conf.clientSecret,
      refresh_token: String(first.body.refresh_token),
    };
    expect((await tokenRequest(t.s, body)).status).toBe(200);
    expect(await tokenRequest(t.s, body)).toMatchObject(err('unauthorized_client', 'token was already used'));
  });

  it('1.26.2+: a refresh token only works for its own app; before, any app could use it', async () => {
    for (const [version, ok] of [
      ['1.26.2', false],
      ['1.25.0', true],
    ] as const) {
      const t = await setup({ version });
      const res = await exchange(t, await confidentialCode(t));
      const third = addTestApp(t.s, t.alice, { name: 'third' });
      const other = await tokenRequest(t.s, {
        grant_type: 'refresh_token',
        client_id: third.clientId,
        client_secret: third.clientSecret,
        refresh_token: String(res.body.refresh_token),
      });
      if (ok) expect(other.status).toBe(200);
      else expect(other).toMatchObject(err('invalid_grant', 'refresh token belongs to a different client'));
    }
  });
});

describe('JWT_SIGNING_ALGORITHM=HS256', () => {
  it('publishes an oct key without material and signs the id_token with the client secret', async () => {
    const t = await setup({ oauth2: { jwtSigningAlgorithm: 'HS256' } });
    const jwks = await (await fetch(`${t.s.url}/login/oauth/keys`)).json();
    expect(jwks).toEqual({ keys: [{ kty: 'oct', alg: 'HS256', use: 'sig' }] });
    const res = await exchange(t, await confidentialCode(t, 'openid'));
    expect(decodeProtectedHeader(String(res.body.access_token))).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(String(res.body.id_token), new TextEncoder().encode(t.conf.clientSecret), {
      currentDate: t.s.sim.now(),
    });
    expect(payload.aud).toEqual([t.conf.clientId]);
    expect((await callApi(t.s, 'GET', '/user', { token: String(res.body.access_token) })).status).toBe(200);
  });
});
