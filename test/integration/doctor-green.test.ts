/**
 * `gatea doctor` against healthy deployments, started as `gatea demo` and
 * `gatea serve` start them: broker mode (the demo's setup) and direct mode,
 * without a token and with each kind of valid token (a service key, a Gatea
 * access token from a real sign-in, a Gitea OAuth token, a personal access
 * token). Every check passes, or is skipped only for want of a token; the
 * token never appears in the report.
 */
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { type DoctorReport, type Finding, renderJson, renderText, runDoctor } from '../../src/doctor/index.js';
import { type DoctorRig, giteaOAuthToken, startDoctorRig } from '../support/doctor-rig.js';
import { seededToken, startTestSim } from '../support/sim.js';
import { Browser, TestClientProvider } from './broker/harness.js';

const byId = (r: DoctorReport, id: string): Finding => {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} in ${r.findings.map((x) => x.id).join(', ')}`);
  return f;
};

/** Every finding passed, except the ones listed as skipped (and those are skipped). */
function expectGreen(r: DoctorReport, skipped: readonly string[]): void {
  const notPassed = r.findings.filter((f) => f.status !== 'pass').map((f) => `${f.id}:${f.status}:${f.diagnosis}`);
  expect(notPassed).toEqual(skipped.map((id) => expect.stringMatching(new RegExp(`^${id.replace('.', '\\.')}:skip:`))));
  expect(r.ok).toBe(true);
  expect(r.summary.fail + r.summary.warn).toBe(0);
}

const TOKEN_CHECKS = ['token.accepted', 'mcp.session', 'token.identity', 'token.scopes', 'token.expiry'];
const GITEA_CHECKS = ['gitea.version', 'gitea.oidc'];
/** Gitea has no registration, and its /authorize needs a signed-in browser. */
const NOT_IN_DIRECT_MODE = ['as.register', 'scopes.all_advertised'];

function expectNoToken(r: DoctorReport, token: string): void {
  for (const text of [renderText(r), renderJson(r)]) expect(text).not.toContain(token);
}

describe('doctor: broker mode as gatea demo runs it', () => {
  let sim: RunningSimulator;
  let rig: DoctorRig;
  beforeAll(async () => {
    sim = await startTestSim();
    rig = await startDoctorRig(sim, { mode: 'broker', serviceKeyGiteaToken: seededToken(sim, 'alice') });
  });
  afterAll(async () => {
    await rig?.close();
    await sim?.close();
  });

  it('without a token: every deployment check passes; token and Gitea checks are skipped', async () => {
    const r = await runDoctor({ gatewayUrl: rig.gateway.mcpUrl });
    expect(r.mode).toBe('broker');
    expectGreen(r, [...TOKEN_CHECKS, ...GITEA_CHECKS]);
    expect(r.findings.map((f) => f.id)).toEqual([
      'gateway.url',
      'gateway.reachable',
      'gateway.ready',
      'prm.path',
      'prm.root',
      'prm.resource',
      'as.metadata',
      'as.pkce',
      'as.registration',
      'as.iss',
      'scopes.grantable',
      'as.register',
      'scopes.all_advertised',
      'as.authorize',
      'as.token',
      'mcp.challenge',
      ...TOKEN_CHECKS,
      ...GITEA_CHECKS,
    ]);
    expect(byId(r, 'mcp.challenge').diagnosis).toContain(
      `resource_metadata ${rig.gateway.url}/.well-known/oauth-protected-resource/mcp`,
    );
    // The throwaway registration really happened, with a loopback redirect URI and no secret.
    const registered = rig.logs.lines.find((l) => l.msg === 'oauth_register');
    expect(registered).toMatchObject({
      auth_method: 'none',
      redirect_uris: [expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//)],
    });
  });

  it('the base URL works as well as the MCP URL', async () => {
    const r = await runDoctor({ gatewayUrl: `${rig.gateway.url}/` });
    expect(r.mcpUrl).toBe(rig.gateway.mcpUrl);
    expectGreen(r, [...TOKEN_CHECKS, ...GITEA_CHECKS]);
  });

  it('with the service key: accepted, acts as alice, finds Gitea through get_me', async () => {
    const key = rig.serviceKey as string;
    const r = await runDoctor({ gatewayUrl: rig.gateway.mcpUrl, token: key });
    expectGreen(r, []);
    expect(byId(r, 'token.accepted').diagnosis).toBe('Gatea accepts the Gatea service key.');
    expect(byId(r, 'token.identity').diagnosis).toBe('Acts as Gitea user alice (service_key).');
    expect(byId(r, 'token.scopes').details).toMatchObject({
      grantedScopes: expect.arrayContaining(['read:repository']),
    });
    expect(byId(r, 'gitea.version').diagnosis).toBe(`Gitea 1.25.0 answers at ${sim.url}.`);
    expectNoToken(r, key);
  });

  it('with a Gatea access token from a real sign-in (bob, through the consent pages)', async () => {
    const browser = new Browser({ giteaUrl: sim.url, gatewayUrl: rig.gateway.url }, 'bob');
    await browser.signIn();
    const provider = new TestClientProvider(browser);
    expect(await auth(provider, { serverUrl: rig.gateway.mcpUrl })).toBe('REDIRECT');
    const code = provider.landed?.searchParams.get('code') as string;
    expect(await auth(provider, { serverUrl: rig.gateway.mcpUrl, authorizationCode: code })).toBe('AUTHORIZED');
    const token = provider.saved?.access_token as string;
    expect(token).toMatch(/^gat_/);
    const r = await runDoctor({ gatewayUrl: rig.gateway.mcpUrl, token });
    expectGreen(r, []);
    expect(byId(r, 'token.accepted').diagnosis).toBe('Gatea accepts the Gatea access token (broker mode).');
    expect(byId(r, 'token.identity').diagnosis).toBe('Acts as Gitea user bob (oauth).');
    expect(byId(r, 'token.expiry').diagnosis).toMatch(/opaque and live one hour/);
    expectNoToken(r, token);
  });
});

describe('doctor: direct mode (Gitea is the authorization server)', () => {
  let sim: RunningSimulator;
  let rig: DoctorRig;
  beforeAll(async () => {
    sim = await startTestSim();
    rig = await startDoctorRig(sim, { mode: 'direct' });
  });
  afterAll(async () => {
    await rig?.close();
    await sim?.close();
  });

  it("without a token: Gitea's discovery, keys and version are checked; registration is not expected", async () => {
    const r = await runDoctor({ gatewayUrl: rig.gateway.mcpUrl });
    expect(r.mode).toBe('direct');
    expectGreen(r, [...NOT_IN_DIRECT_MODE, ...TOKEN_CHECKS]);
    expect(byId(r, 'as.metadata').diagnosis).toBe(
      `Found at ${sim.url}/.well-known/openid-configuration (OpenID discovery); issuer ${sim.url} matches.`,
    );
    expect(byId(r, 'as.registration').diagnosis).toMatch(/Gitea offers no registration \(expected in direct mode\)/);
    expect(byId(r, 'scopes.grantable').diagnosis).toMatch(/^Gitea knows every advertised scope \(.*read:repository/);
    expect(byId(r, 'as.authorize').diagnosis).toBe(
      `Redirects to Gitea's sign-in (${sim.url}/user/login), as Gitea does before checking parameters.`,
    );
    expect(byId(r, 'gitea.oidc').diagnosis).toMatch(/1 signing key at .*\/login\/oauth\/keys\.$/);
  });

  it('with a Gitea OAuth token that has API scopes: accepted, its scopes and expiry reported', async () => {
    const token = await giteaOAuthToken(sim, 'alice', 'openid read:repository read:user');
    const r = await runDoctor({ gatewayUrl: rig.gateway.mcpUrl, token });
    expectGreen(r, NOT_IN_DIRECT_MODE);
    expect(byId(r, 'token.accepted').diagnosis).toBe('Gatea accepts the Gitea OAuth access token.');
    expect(byId(r, 'token.scopes').details).toEqual({ grantedScopes: ['read:repository', 'read:user'] });
    const expiresAt = Date.parse(byId(r, 'token.expiry').details?.expiresAt as string);
    expect(expiresAt - Date.now()).toBeGreaterThan(50 * 60_000);
    expectNoToken(r, token);
  });

  it("with a personal access token: accepted; Gatea says it cannot see the token's scopes", async () => {
    const token = seededToken(sim, 'carol');
    const r = await runDoctor({ gatewayUrl: rig.gateway.mcpUrl, token });
    expectGreen(r, NOT_IN_DIRECT_MODE);
    expect(byId(r, 'token.identity').diagnosis).toBe('Acts as Gitea user carol (direct).');
    expect(byId(r, 'token.scopes').diagnosis).toMatch(/cannot see this token's scopes \(a personal access token\)/);
    expectNoToken(r, token);
  });
});
