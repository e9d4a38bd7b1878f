/**
 * GiteaOidc's signing-key cache over real HTTP on 127.0.0.1: a token signed
 * with a key Gatea has not seen triggers one JWKS refetch (Gitea restarted
 * with a new key), refetches are rate-limited so forged `kid`s cannot make
 * Gatea hammer Gitea, and when the JWKS endpoint fails the last good keys
 * keep working. The issuer here is a minimal OIDC endpoint whose keys the
 * test swaps; Gitea-specific token behaviour is covered against the simulator
 * in direct-tokens.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectTokenError, GiteaOidc } from '../../../src/auth/index.js';
import { writeBytes } from '../../support/endless-answer.js';

interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function accessToken(key: TestKey, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ gnt: 7, tt: 0 })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(key.privateKey);
}

let server: Server;
let base: string;
let published: JWK[] = [];
let jwksUp = true;
let jwksFetches = 0;
let endlessClosed: Promise<number> | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration')
      return send(200, {
        issuer: base,
        jwks_uri: `${base}/login/oauth/keys`,
        userinfo_endpoint: `${base}/login/oauth/userinfo`,
      });
    // A second "Gitea" whose discovery names another issuer (GITEA_URL not Gitea's ROOT_URL).
    if (req.url === '/other/.well-known/openid-configuration')
      return send(200, {
        issuer: 'https://elsewhere.example',
        jwks_uri: `${base}/login/oauth/keys`,
        userinfo_endpoint: `${base}/login/oauth/userinfo`,
      });
    // A "Gitea" whose discovery answer never ends: Gatea must stop reading it.
    if (req.url === '/endless/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      endlessClosed = writeBytes(res);
      return;
    }
    if (req.url === '/login/oauth/keys') {
      jwksFetches++;
      return jwksUp ? send(200, { keys: published }) : send(500, { message: '' });
    }
    send(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

// Each test starts with the JWKS endpoint up, publishing nothing, and a fresh count.
beforeEach(() => {
  published = [];
  jwksUp = true;
  jwksFetches = 0;
});

describe('Gitea signing keys', () => {
  it('refetches the JWKS once for an unknown kid, then verifies with the new key', async () => {
    let now = Date.now();
    const oidc = new GiteaOidc({
      giteaUrl: base,
      fetch,
      now: () => now,
      timeoutMs: 5000,
      jwksRefetchCooldownMs: 30_000,
    });
    const a = await newKey('key-a');
    const b = await newKey('key-b');
    published = [a.jwk];
    jwksFetches = 0;
    expect((await oidc.verifyAccessJwt(await accessToken(a, now))).grantId).toBe(7);
    expect(jwksFetches).toBe(1);
    expect((await oidc.verifyAccessJwt(await accessToken(a, now))).grantId).toBe(7);
    expect(jwksFetches).toBe(1);

    // Gitea restarted with a new key; after the cooldown the unknown kid fetches the keys once more.
    published = [b.jwk];
    now += 31_000;
    expect((await oidc.verifyAccessJwt(await accessToken(b, now))).grantId).toBe(7);
    expect(jwksFetches).toBe(2);
  });

  it('refetches at most once per cooldown, whatever kids a forger sends', async () => {
    const now = Date.now();
    const oidc = new GiteaOidc({
      giteaUrl: base,
      fetch,
      now: () => now,
      timeoutMs: 5000,
      jwksRefetchCooldownMs: 30_000,
    });
    const real = await newKey('real');
    published = [real.jwk];
    jwksFetches = 0;
    await oidc.verifyAccessJwt(await accessToken(real, now));
    for (let i = 0; i < 5; i++) {
      const forged = await newKey(`forged-${i}`);
      const err = await oidc.verifyAccessJwt(await accessToken(forged, now)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DirectTokenError);
      expect((err as DirectTokenError).code).toBe('bad_signature');
    }
    expect(jwksFetches).toBe(1);
  });

  it('keeps verifying with the last good keys while the JWKS endpoint fails, retrying it at most once per cooldown', async () => {
    let now = Date.now();
    const oidc = new GiteaOidc({ giteaUrl: base, fetch, now: () => now, timeoutMs: 5000, jwksRefetchCooldownMs: 1000 });
    const a = await newKey('steady');
    published = [a.jwk];
    await oidc.verifyAccessJwt(await accessToken(a, now));
    expect(jwksFetches).toBe(1);
    jwksUp = false;

    // A known key needs no fetch at all.
    now += 5000;
    expect((await oidc.verifyAccessJwt(await accessToken(a, now))).grantId).toBe(7);
    expect(jwksFetches).toBe(1);

    // An unknown kid after the cooldown refetches once; the endpoint fails, the last good keys stay.
    const unknown = await newKey('new-but-unreachable');
    const err = await oidc.verifyAccessJwt(await accessToken(unknown, now)).catch((e: unknown) => e);
    expect((err as DirectTokenError).code).toBe('bad_signature');
    expect(jwksFetches).toBe(2);
    expect((await oidc.verifyAccessJwt(await accessToken(a, now))).grantId).toBe(7);

    // The failed fetch started a cooldown too: more unknown kids do not hammer the failing endpoint.
    now += 999;
    for (const kid of ['forged-1', 'forged-2']) {
      const forged = await newKey(kid);
      const refused = await oidc.verifyAccessJwt(await accessToken(forged, now)).catch((e: unknown) => e);
      expect((refused as DirectTokenError).code).toBe('bad_signature');
    }
    expect(jwksFetches).toBe(2);

    // Once the cooldown is over and Gitea serves its keys again, the new key is fetched and verifies.
    jwksUp = true;
    published = [a.jwk, unknown.jwk];
    now += 2;
    expect((await oidc.verifyAccessJwt(await accessToken(unknown, now))).grantId).toBe(7);
    expect(jwksFetches).toBe(3);
  });

  it('fails closed when no keys were ever fetched', async () => {
    const oidc = new GiteaOidc({ giteaUrl: base, fetch, now: Date.now, timeoutMs: 5000, jwksRefetchCooldownMs: 1000 });
    const a = await newKey('never-seen');
    published = [a.jwk];
    jwksUp = false;
    const err = await oidc.verifyAccessJwt(await accessToken(a, Date.now())).catch((e: unknown) => e);
    expect((err as DirectTokenError).code).toBe('keys_unavailable');
    expect(jwksFetches).toBe(1);
  });
});

describe('Gitea access token checks', () => {
  const newOidc = (giteaUrl = base, now = () => Date.now()) =>
    new GiteaOidc({ giteaUrl, fetch, now, timeoutMs: 5000, jwksRefetchCooldownMs: 30_000 });
  const refusal = async (oidc: GiteaOidc, token: string) => {
    const err = await oidc.verifyAccessJwt(token).catch((e: unknown) => e);
    if (!(err instanceof DirectTokenError)) throw new Error(`expected a DirectTokenError, got ${String(err)}`);
    return err;
  };
  const sign = (key: TestKey, claims: Record<string, unknown>, iat: number, exp?: number) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).setIssuedAt(iat);
    return (exp === undefined ? jwt : jwt.setExpirationTime(exp)).sign(key.privateKey);
  };

  it('tells apart malformed, refresh, future, claim-less and expired tokens', async () => {
    const key = await newKey('key-checks');
    published = [key.jwk];
    const oidc = newOidc();
    const now = Math.floor(Date.now() / 1000);
    expect((await refusal(oidc, 'not.a.jwt')).code).toBe('malformed');
    expect((await refusal(oidc, await sign(key, { gnt: 1, tt: 1 }, now, now + 60))).code).toBe('not_access_token');
    expect((await refusal(oidc, await sign(key, { gnt: 1, tt: 0 }, now + 600, now + 3600))).code).toBe('not_yet_valid');
    expect((await refusal(oidc, await sign(key, { tt: 0 }, now, now + 60))).code).toBe('malformed');
    expect((await refusal(oidc, await sign(key, { gnt: 1, tt: 0 }, now - 7200, now - 3600))).code).toBe('expired');
    await expect(oidc.verifyAccessJwt(await sign(key, { gnt: 1, tt: 0 }, now, now + 60))).resolves.toMatchObject({
      grantId: 1,
    });
  });

  it('stops reading an answer far larger than any discovery document, and fails discovery', async () => {
    const endless = await newOidc(`${base}/endless`)
      .discover()
      .catch((e: unknown) => e);
    expect(endless).toMatchObject({ code: 'discovery_failed', message: expect.stringMatching(/no usable OIDC/) });
    // Checked at the server: it was cut off after a few MiB at most, not the 512 MiB it would send.
    expect(await endlessClosed).toBeLessThan(64 * 1024 * 1024);
  });

  it('fails discovery when Gitea serves none, or names another issuer than GITEA_URL', async () => {
    const missing = await newOidc(`${base}/no-gitea-here`)
      .discover()
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'discovery_failed', message: expect.stringMatching(/ENABLED/) });
    const other = await newOidc(`${base}/other`)
      .discover()
      .catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'discovery_failed', message: expect.stringMatching(/ROOT_URL/) });
    const unreachable = await newOidc('http://127.0.0.1:9')
      .discover()
      .catch((e: unknown) => e);
    expect(unreachable).toMatchObject({
      code: 'discovery_failed',
      message: expect.stringMatching(/could not be reached/),
    });
  });
});
