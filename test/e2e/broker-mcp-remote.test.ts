/**
 * A second real MCP client through broker mode: mcp-remote (npm), the stdio
 * bridge many desktop clients use, started with nothing but Gatea's URL. It
 * discovers the metadata, registers itself, prints the authorization URL (a
 * browser stand-in follows it through Gatea's and Gitea's pages and hands the
 * code to mcp-remote's loopback callback), exchanges the code and then
 * proxies tool calls, which run as the signed-in user.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrokerRig, Browser, startBrokerRig } from '../integration/broker/harness.js';

let rig: BrokerRig;
let configDir: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  rig = await startBrokerRig();
  configDir = await mkdtemp(join(tmpdir(), 'gatea-mcp-remote-'));
});
afterAll(async () => {
  await rig?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

describe('mcp-remote through broker mode', () => {
  it('signs in with only the URL, then calls tools as the user', async () => {
    const proxy = createRequire(import.meta.url).resolve('mcp-remote/dist/proxy.js');
    const callbackPort = await freePort();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [proxy, `${rig.base}/mcp`, String(callbackPort), '--host', '127.0.0.1'],
      // Its token cache in a temp folder; no DISPLAY and no BROWSER, so it only prints the URL.
      env: { PATH: process.env.PATH ?? '', HOME: configDir, MCP_REMOTE_CONFIG_DIR: configDir, BROWSER: 'true' },
      stderr: 'pipe',
    });
    let stderr = '';
    const waiters: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const w of waiters) {
        const m = w.pattern.exec(stderr);
        if (m) w.resolve(m);
      }
    });
    /** Resolves when mcp-remote's stderr (so far or later) matches `pattern`; fails after 20 s. */
    const printed = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`mcp-remote did not print ${pattern}`)), 20_000);
        const done = (m: RegExpExecArray) => {
          clearTimeout(timer);
          resolve(m);
        };
        waiters.push({ pattern, resolve: done });
        const m = pattern.exec(stderr);
        if (m) done(m);
      });
    const authorizeUrl = printed(/Please authorize this client by visiting:\s*(\S+)/).then((m) => m[1] as string);
    // mcp-remote prints the URL first and starts its callback server after (it coordinates with
    // other instances on demand); a person in a browser is never faster than that, the stand-in is.
    const callbackListening = printed(/OAuth callback server running at http:\/\/127\.0\.0\.1:(\d+)/);
    callbackListening.catch(() => undefined); // awaited below, after the browser's pages
    const client = new Client({ name: 'via-mcp-remote', version: '1.0.0' });
    const connected = client.connect(transport);
    // Awaited below; if the test fails before that, its rejection is part of the same failure.
    connected.catch(() => undefined);
    try {
      const browser = new Browser(rig, 'carol');
      await browser.signIn();
      const landed = await browser.authorize(await authorizeUrl);
      expect(landed.host).toBe(`127.0.0.1:${callbackPort}`);
      expect(landed.searchParams.get('iss')).toBe(rig.base);
      // The browser's last hop: mcp-remote's own callback server takes the code.
      expect((await callbackListening)[1]).toBe(String(callbackPort));
      await fetch(landed);
      await connected;
      const me = await client.callTool({ name: 'get_me', arguments: {} });
      expect(JSON.parse((me.content as { text: string }[])[0]?.text ?? '')).toMatchObject({ login: 'carol' });
    } catch (err) {
      // mcp-remote reports why it stopped only on its stderr: keep it with the failure.
      throw new Error(`${err instanceof Error ? err.message : String(err)}\nmcp-remote's stderr:\n${stderr}`, {
        cause: err,
      });
    } finally {
      await client.close();
    }
    expect(rig.logs.some((l) => l.msg === 'oauth_register' && String(l.client_name).length > 0)).toBe(true);
  }, 60_000);
});
