/**
 * Broker mode in a real browser: the official SDK client registers and sends
 * headless Chromium to Gatea's /authorize; Chromium allows on Gatea's consent
 * page (its cookies, CSP and form work as a browser enforces them), signs in
 * to the simulated Gitea, allows there, passes Gatea's callback and lands on
 * the client's loopback callback; the SDK exchanges the code and calls tools
 * as the user.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokerRig,
  connectClient,
  loginOf,
  startBrokerRig,
  TestClientProvider,
} from '../integration/broker/harness.js';
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
  it('the SDK client signs in through real pages: consent at Gatea, sign-in and consent at Gitea, then tool calls', async () => {
    // Launched in the test, so a missing browser fails the test instead of skipping it.
    browser = await launchTestBrowser();
    const page = await browser.newPage();
    let consentCsp = '';
    const chromium = {
      async authorize(url: string | URL): Promise<URL> {
        const response = await page.goto(String(url));
        consentCsp = response?.headers()['content-security-policy'] ?? '';
        const text = (await page.textContent('body')) ?? '';
        expect(text).toContain('Chromium Client');
        expect(text).toContain(redirectUri);
        await Promise.all([page.waitForURL((u) => u.pathname === '/user/login'), page.click('button[value=allow]')]);
        await page.fill('#user_name', 'alice');
        await page.fill('#password', 'alice-password-1');
        await Promise.all([page.waitForURL(/\/login\/oauth\/authorize/), page.click('#sign-in')]);
        await Promise.all([page.waitForURL((u) => u.pathname === '/callback'), page.click('#authorize-app')]);
        return landed as URL;
      },
    };
    const provider = new TestClientProvider(chromium, { client_name: 'Chromium Client' }, redirectUri);
    const serverUrl = `${rig.base}/mcp`;
    expect(await auth(provider, { serverUrl })).toBe('REDIRECT');
    expect(consentCsp).toMatch(/frame-ancestors 'none'/);
    expect(landed?.searchParams.get('state')).toBe('client-state-1');
    expect(landed?.searchParams.get('iss')).toBe(rig.base);
    expect(await auth(provider, { serverUrl, authorizationCode: landed?.searchParams.get('code') ?? '' })).toBe(
      'AUTHORIZED',
    );
    const client = await connectClient(serverUrl, provider);
    try {
      expect(await loginOf(client)).toBe('alice');
    } finally {
      await client.close();
    }
  });
});
