/**
 * Two `gatea serve` processes (here: two gateways in one test process, each
 * with its own store connection) on one PostgreSQL database behind a
 * "load balancer" that alternates between them: registration, authorize,
 * consent, Gitea's callback, the token exchange, tool calls and refresh all
 * work whichever replica answers, and a revocation on one is seen by the other.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { appByClientId } from '../../../sim/oauth/apps.js';
import { type RunningGateway, startGateway } from '../../../src/cli/gateway.js';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { type TestPostgres, withTestPostgres } from '../../support/postgres.js';
import { startTestSim } from '../../support/sim.js';
import { formFields, signIn, submitConsent, WebClient } from '../../support/sim-oauth.js';

let pg: TestPostgres;
let sim: RunningSimulator;
const replicas: RunningGateway[] = [];
let dir: string;
const PUBLIC = 'http://127.0.0.1:1'; // what clients see; every request is sent to a replica instead

beforeAll(async () => {
  pg = await withTestPostgres();
  sim = await startTestSim();
  dir = await mkdtemp(join(tmpdir(), 'gatea-replicas-'));
  const app = sim.seed.oauthApp;
  if (!app) throw new Error('no seeded OAuth app');
  // Both replicas share the public URL (issuer, resource, callback), the key and the database.
  const env = {
    GITEA_URL: sim.url,
    GATEA_PORT: '0',
    GATEA_PUBLIC_URL: PUBLIC,
    GATEA_ALLOWED_HOSTS: '127.0.0.1',
    GATEA_DATABASE_URL: pg.url,
    GITEA_OAUTH_CLIENT_ID: app.clientId,
    GITEA_OAUTH_CLIENT_SECRET: app.clientSecret,
    GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  };
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  for (let i = 0; i < 2; i++)
    replicas.push(await startGateway(loadConfig(env), env, createLogger({ level: 'warn', destination: quiet })));
  appByClientId(sim.sim.state, app.clientId)?.redirectUris.push(`${PUBLIC}/oauth/callback`);
}, 120_000);

afterAll(async () => {
  for (const r of replicas) await r.close();
  await sim?.close();
  await pg?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The load balancer: request n goes to replica n mod 2, with the public URL rewritten to it. */
let turn = 0;
const errors: string[] = [];
function replicaUrl(publicUrl: string): string {
  const replica = replicas[turn++ % replicas.length] as RunningGateway;
  return publicUrl.replace(PUBLIC, replica.url);
}
async function viaBalancer(web: WebClient | null, url: string, init: RequestInit = {}): Promise<Response> {
  const target = replicaUrl(url);
  const res = web ? await web.fetch(target, init) : await fetch(target, { ...init, redirect: 'manual' });
  if (res.status >= 500) errors.push(`${res.status} ${url}`);
  return res;
}

describe('two replicas on one PostgreSQL', () => {
  it('a whole sign-in and its use alternate between replicas with no error', async () => {
    const redirect = 'http://127.0.0.1:8555/cb';
    const reg = await viaBalancer(null, `${PUBLIC}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [redirect], token_endpoint_auth_method: 'none', client_name: 'Replicas' }),
    });
    const { client_id } = (await reg.json()) as { client_id: string };
    const verifier = 'v'.repeat(50);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');

    const web = new WebClient(sim.url);
    expect((await signIn(web, 'alice', 'alice-password-1')).status).toBe(303);
    const authorize = `${PUBLIC}/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: redirect,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st',
    })}`;
    const consentPage = await viaBalancer(web, authorize);
    expect(consentPage.status).toBe(200);
    const toGitea = await viaBalancer(web, `${PUBLIC}/authorize/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...formFields(await consentPage.text()), decision: 'allow' }).toString(),
    });
    expect(toGitea.status).toBe(302);
    let gitea = await web.fetch(toGitea.headers.get('location') as string);
    if (gitea.status === 200) gitea = await submitConsent(web, await gitea.text(), true);
    const callback = await viaBalancer(web, gitea.headers.get('location') as string);
    const landed = new URL(callback.headers.get('location') as string);
    expect(landed.searchParams.get('iss')).toBe(PUBLIC);
    const token = (form: Record<string, string>) =>
      viaBalancer(null, `${PUBLIC}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id, ...form }),
      });
    const tokens = (await (
      await token({
        grant_type: 'authorization_code',
        code: landed.searchParams.get('code') as string,
        redirect_uri: redirect,
        code_verifier: verifier,
      })
    ).json()) as { access_token: string; refresh_token: string };

    const getMe = (access: string) =>
      viaBalancer(null, `${PUBLIC}/api/tools/get_me`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access}` },
      });
    for (let i = 0; i < 4; i++)
      expect(((await (await getMe(tokens.access_token)).json()) as { login: string }).login).toBe('alice');

    const refreshed = (await (
      await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json()) as {
      access_token: string;
    };
    for (let i = 0; i < 2; i++) expect((await getMe(refreshed.access_token)).status).toBe(200);

    // Revoked through one replica, refused by both.
    const revoke = await viaBalancer(null, `${PUBLIC}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id, token: refreshed.access_token }),
    });
    expect(revoke.status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await getMe(refreshed.access_token)).status).toBe(401);
    expect(errors).toEqual([]);
    expect(turn).toBeGreaterThan(10);
  });
});
