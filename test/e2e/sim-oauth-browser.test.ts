/**
 * Issue 3: the simulator's sign-in and consent pages work in a real browser.
 * Headless Chromium follows /authorize → /user/login → consent → the client's
 * callback; the code it lands with is exchanged for a token the API accepts.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { BROWSER_ENV, chooseBrowser, launchTestBrowser } from '../support/browser.js';
import { callApi, startTestSim } from '../support/sim.js';
import { addTestApp, addTestUser, pkcePair, tokenRequest } from '../support/sim-oauth.js';

describe('OAuth consent in headless Chromium', () => {
  let s: RunningSimulator;
  let browser: Browser | undefined;
  beforeAll(async () => {
    s = await startTestSim({ seed: false });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('signs in, authorizes, and lands on the callback with a code that works', async () => {
    // Debian's Chromium if installed, else the one @sparticuz/chromium ships. Launched in the
    // test, not in beforeAll, so a missing browser is a failed test (never a skipped one).
    browser = await launchTestBrowser();
    const alice = addTestUser(s, 'alice', { fullName: 'Alice Liddell' });
    const app = addTestApp(s, alice, { confidential: false, name: 'Browser App' });
    const { verifier, challenge } = pkcePair();
    // The client's loopback callback on a free port; the registered URI has none (public-client wildcard).
    let callback: URL | undefined;
    const server: Server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/callback') callback = url; // not the browser's /favicon.ico
      res.end('done');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    const page = await browser.newPage();
    const authorize = `${s.url}/login/oauth/authorize?${new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid read:user',
      state: 'browser-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;

    await page.goto(authorize);
    expect(new URL(page.url()).pathname).toBe('/user/login');
    await page.fill('#user_name', 'alice');
    await page.fill('#password', 'alice-password-1');
    await Promise.all([page.waitForURL(/\/login\/oauth\/authorize/), page.click('#sign-in')]);
    expect(await page.textContent('#app-name')).toBe('Browser App');
    await Promise.all([page.waitForURL((u) => u.pathname === '/callback'), page.click('#authorize-app')]);
    expect(await page.textContent('body')).toBe('done');
    await page.close();
    await new Promise((resolve) => server.close(resolve));

    expect(callback?.searchParams.get('state')).toBe('browser-state');
    const code = callback?.searchParams.get('code') ?? '';
    expect(code).toMatch(/^gta_[a-z2-7]{52}$/);
    const token = await tokenRequest(s, {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    });
    expect(token.status).toBe(200);
    const me = await callApi<{ login: string }>(s, 'GET', '/user', { token: String(token.body.access_token) });
    expect(me.status).toBe(200);
    expect(me.body.login).toBe('alice');
  });
});

describe('which browser the browser tests use (issue 10: no apt needed)', () => {
  it(`${BROWSER_ENV}=npm forces the npm-shipped Chromium, =system Debian's`, () => {
    expect(chooseBrowser({ [BROWSER_ENV]: 'npm' }).source).toBe('npm');
    expect(chooseBrowser({ [BROWSER_ENV]: 'system' }).source).toBe('system');
  });

  it('unset, it uses /usr/bin/chromium only when installed', () => {
    const choice = chooseBrowser({});
    expect(choice.source).toBe(existsSync('/usr/bin/chromium') ? 'system' : 'npm');
  });

  it('an unknown value is an error naming the choices', () => {
    expect(() => chooseBrowser({ [BROWSER_ENV]: 'firefox' })).toThrow(/use npm, system, or leave it unset/);
  });
});
