/**
 * Gatea's calls to Gitea's token endpoint (broker code exchange and refresh)
 * are held to the same limits as every other call to Gitea: a deadline
 * (GITEA_TIMEOUT_MS) and an answer read up to a bound. Real HTTP on loopback,
 * against a stand-in token endpoint that hangs or never stops answering.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GiteaOidc } from '../../../src/auth/index.js';
import { createGiteaOAuthClient, type GiteaOAuthClient } from '../../../src/oauth/index.js';
import { writeBytes } from '../../support/endless-answer.js';

let base: string;
let behaviour: 'hang' | 'endless' | 'ok' = 'ok';
/** Bytes the endless answer got onto the wire before Gatea hung up. */
let endlessSent: Promise<number> = Promise.resolve(0);
const hanging: ServerResponse[] = [];

const server = createServer((req, res) => {
  if (req.url === '/.well-known/openid-configuration') {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        issuer: base,
        authorization_endpoint: `${base}/login/oauth/authorize`,
        token_endpoint: `${base}/login/oauth/access_token`,
        jwks_uri: `${base}/login/oauth/keys`,
        userinfo_endpoint: `${base}/login/oauth/userinfo`,
      }),
    );
    return;
  }
  req.resume();
  if (behaviour === 'hang') return void hanging.push(res);
  res.setHeader('content-type', 'application/json');
  if (behaviour === 'ok') {
    res.end(JSON.stringify({ access_token: 'new-access', token_type: 'bearer', expires_in: 3600 }));
    return;
  }
  endlessSent = writeBytes(res);
});

let gitea: GiteaOAuthClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const oidc = new GiteaOidc({ giteaUrl: base, fetch, now: Date.now, timeoutMs: 2000, jwksRefetchCooldownMs: 1000 });
  gitea = createGiteaOAuthClient({
    oidc,
    clientId: 'gatea',
    clientSecret: 'gatea-secret',
    redirectUri: 'http://127.0.0.1:1/oauth/callback',
    timeoutMs: 300,
    now: Date.now,
  });
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('refreshes against a token endpoint that answers', async () => {
  behaviour = 'ok';
  await expect(gitea.refresh('old-refresh')).resolves.toMatchObject({ accessToken: 'new-access' });
});

it('gives up on a token endpoint that never answers after GITEA_TIMEOUT_MS', async () => {
  behaviour = 'hang';
  const started = performance.now();
  const err = await gitea.refresh('old-refresh').catch((e: unknown) => e);
  expect(err).toMatchObject({ name: 'TimeoutError' });
  // Bounded by the 300 ms deadline, not undici's 300 s header timeout.
  expect(performance.now() - started).toBeLessThan(10_000);
});

it('stops reading a token answer far larger than any token, and the endpoint is cut off', async () => {
  behaviour = 'endless';
  const err = await gitea.refresh('old-refresh').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TypeError);
  expect((err as Error).message).toMatch(/more than 65536 bytes/);
  expect(await endlessSent).toBeLessThan(64 * 1024 * 1024);
});
