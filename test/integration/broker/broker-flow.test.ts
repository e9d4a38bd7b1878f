/**
 * Broker mode with the official SDK client: discovery, Dynamic Client
 * Registration, Gatea's consent, Gitea's login and consent, the code
 * exchange, then tool calls as the signed-in user over Streamable HTTP;
 * the client's own refresh when its token stops working; and the log line of
 * each OAuth step.
 */

import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, seededToken } from '../../support/sim.js';
import { type BrokerRig, Browser, connectClient, loginOf, startBrokerRig, TestClientProvider } from './harness.js';

let rig: BrokerRig;

beforeAll(async () => {
  rig = await startBrokerRig();
});
afterAll(async () => {
  await rig?.close();
});

async function connect(provider: TestClientProvider, scope?: string) {
  const serverUrl = `${rig.base}/mcp`;
  expect(await auth(provider, { serverUrl, ...(scope ? { scope } : {}) })).toBe('REDIRECT');
  const landed = provider.landed as URL;
  expect(landed.searchParams.get('iss')).toBe(rig.base);
  expect(landed.searchParams.get('state')).toBe('client-state-1');
  const code = landed.searchParams.get('code') as string;
  expect(await auth(provider, { serverUrl, authorizationCode: code })).toBe('AUTHORIZED');
  return connectClient(serverUrl, provider);
}

describe('an MCP client connects with zero setup', () => {
  it('publishes metadata whose issuer is the PRM authorization server', async () => {
    const prm = (await (await fetch(`${rig.base}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<
      string,
      unknown
    >;
    const as = (await (await fetch(`${rig.base}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(prm.authorization_servers).toEqual([rig.base]);
    expect(as).toMatchObject({
      issuer: rig.base,
      code_challenge_methods_supported: ['S256'],
      registration_endpoint: `${rig.base}/register`,
      revocation_endpoint: `${rig.base}/revoke`,
      authorization_response_iss_parameter_supported: true,
    });
    const oidc = await (await fetch(`${rig.base}/.well-known/openid-configuration`)).json();
    expect(oidc).toEqual(as);
  });

  it('DCR → consent → Gitea → code → token → tools/call as alice, with the scopes the PRM lists', async () => {
    const browser = new Browser(rig, 'alice');
    await browser.signIn();
    const provider = new TestClientProvider(browser);
    const client = await connect(provider);
    try {
      // The SDK asks for the PRM's scopes_supported: with writes enabled, read and write.
      expect(provider.saved).toMatchObject({ token_type: 'Bearer', scope: 'read:repository write:repository' });
      expect(provider.saved?.access_token).toMatch(/^gat_/);
      expect(await loginOf(client)).toBe('alice');
      const tools = (await client.listTools()).tools;
      expect(tools.some((t) => t.name === 'create_branch')).toBe(true);
    } finally {
      await client.close();
    }
    // One log line per OAuth step, none holding a secret.
    const steps = new Set(rig.logs.map((l) => l.msg));
    for (const step of ['oauth_register', 'oauth_authorize', 'oauth_callback', 'oauth_token', 'oauth_auth_summary'])
      expect(steps).toContain(step);
    const log = rig.logText();
    expect(log).not.toContain(provider.saved?.access_token as string);
    expect(log).not.toContain(provider.saved?.refresh_token as string);
    expect(log).not.toContain(seededToken(rig.sim, 'alice'));
  });

  it('a client asking for every advertised scope still connects, and gets writes', async () => {
    const browser = new Browser(rig, 'bob');
    await browser.signIn();
    const provider = new TestClientProvider(browser, {}, 'http://localhost:9911/cb');
    const client = await connect(provider, 'read:repository write:repository offline_access claudeai');
    try {
      expect(provider.saved?.scope).toBe('read:repository write:repository');
      const made = await client.callTool({
        name: 'create_branch',
        arguments: { owner: 'alice', repo: 'hello-world', branch: 'from-broker' },
      });
      expect(made.isError).not.toBe(true);
      const check = await callApi(rig.sim, 'GET', '/repos/alice/hello-world/branches/from-broker', {
        token: seededToken(rig.sim, 'alice'),
      });
      expect(check.status).toBe(200);
      expect(await loginOf(client)).toBe('bob');
    } finally {
      await client.close();
    }
  });

  it('when its access token stops working, the SDK client refreshes (rotation) and carries on', async () => {
    const browser = new Browser(rig, 'carol');
    await browser.signIn();
    const provider = new TestClientProvider(browser, {}, 'http://127.0.0.1:9922/cb');
    const client = await connect(provider);
    try {
      const first = provider.saved as { access_token: string; refresh_token: string };
      const clientId = (provider.info as { client_id: string }).client_id;
      // RFC 7009: the client's access token is revoked; the next call gets 401 invalid_token.
      const revoke = await fetch(`${rig.base}/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: first.access_token, client_id: clientId }),
      });
      expect(revoke.status).toBe(200);
      expect(await loginOf(client)).toBe('carol');
      expect(provider.saved?.access_token).not.toBe(first.access_token);
      expect(provider.saved?.refresh_token).not.toBe(first.refresh_token);
      const refreshes = rig.logs.filter((l) => l.msg === 'oauth_token' && l.grant_type === 'refresh_token');
      expect(refreshes.at(-1)).toMatchObject({ outcome: 'ok', client_id: clientId });
    } finally {
      await client.close();
    }
  });
});
