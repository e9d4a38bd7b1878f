/**
 * Broker mode in a real browser: headless Chromium opens Gatea's /authorize,
 * allows on Gatea's consent page (its cookies, CSP and form work as a browser
 * enforces them), signs in to the simulated Gitea, allows there, passes
 * Gatea's callback and lands on the client's loopback callback with a code
 * that the token endpoint exchanges for a token acting as the user.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrokerRig, startBrokerRig } from '../integration/broker/harness.js';
import { launchTestBrowser } from '../support/browser.js';

let rig: BrokerRig;
let browser: Browser | undefined;
let server: Server;
let landed: URL | undefined;
let redirectUri: string;

beforeAll(async () => {
  rig = await startBrokerRig();
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/callback') landed = url;
    res.end('connected');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  await rig?.close();
});

describe('broker sign-in in headless Chromium', () => {
  it('consent at Gatea, sign-in and consent at Gitea, back to the client with a working code', async () => {
    // Launched in the test, so a missing browser fails the test instead of skipping it.
    browser = await launchTestBrowser();
    const reg = await fetch(`${rig.base}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [redirectUri],
        client_name: 'Chromium Client',
        token_endpoint_auth_method: 'none',
      }),
    });
    const { client_id } = (await reg.json()) as { client_id: string };
    const verifier = randomBytes(32).toString('base64url');
    const authorize = `${rig.base}/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: redirectUri,
      state: 'chromium-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      scope: 'read:repository',
    })}`;

    const page = await browser.newPage();
    const response = await page.goto(authorize);
    expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('Chromium Client');
    expect(text).toContain(redirectUri);

    await Promise.all([page.waitForURL((u) => u.pathname === '/user/login'), page.click('button[value=allow]')]);
    await page.fill('#user_name', 'alice');
    await page.fill('#password', 'alice-password-1');
    await Promise.all([page.waitForURL(/\/login\/oauth\/authorize/), page.click('#sign-in')]);
    await Promise.all([page.waitForURL((u) => u.pathname === '/callback'), page.click('#authorize-app')]);

    expect(landed?.searchParams.get('state')).toBe('chromium-state');
    expect(landed?.searchParams.get('iss')).toBe(rig.base);
    const token = await fetch(`${rig.base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id,
        code: landed?.searchParams.get('code') ?? '',
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const me = await fetch(`${rig.base}/api/tools/get_me`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(((await me.json()) as { login: string }).login).toBe('alice');
  });
});
