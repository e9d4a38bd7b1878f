/**
 * The command-line contract (DESIGN §5) for the gateway commands: `gatea demo
 * --json` prints exactly one JSON line once it accepts connections and stops
 * cleanly on SIGTERM; `gatea serve` with a missing setting exits 2 naming it.
 * (`gatea sim` has its own file, cli-sim.test.ts.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, TestClientProvider } from '../integration/broker/harness.js';

const ENTRY = ['--import', 'tsx', 'src/cli/main-entry.ts'];
const running: ChildProcess[] = [];

function gatea(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [...ENTRY, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GATEA_LOG_LEVEL: 'warn' },
  });
  running.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(rl, 'line')) as [string];
  rl.close();
  return line;
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('gatea CLI', () => {
  it('demo --json prints mcpUrl, giteaUrl, serviceKey and users; the key works', async () => {
    // --port 0: the default port (8787) would collide with a demo someone is running, or a parallel test run.
    const child = gatea(['demo', '--json', '--port', '0']);
    let stderr = '';
    const instructionsPrinted = new Promise<void>((resolve) => {
      child.stderr?.on('data', (d) => {
        stderr += String(d);
        if (stderr.includes('Press Ctrl+C to stop.')) resolve();
      });
    });
    const info = JSON.parse(await firstLine(child)) as {
      mcpUrl: string;
      giteaUrl: string;
      serviceKey: string;
      users: { login: string; password: string }[];
    };
    expect(info.serviceKey).toMatch(/^gmk_/);
    expect(info.users.length).toBeGreaterThan(2);
    const res = await fetch(info.mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${info.serviceKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_me', arguments: {} } }),
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('alice');
    // The human text names the URL and how each client connects to it.
    await instructionsPrinted;
    expect(stderr).toContain(`MCP endpoint ${info.mcpUrl}`);
    expect(stderr).toContain(
      `claude mcp add --transport http gatea ${info.mcpUrl} --header "Authorization: Bearer ${info.serviceKey}"`,
    );
    expect(stderr).toContain('npx @modelcontextprotocol/inspector');
    expect(stderr).toContain(`npx mcp-remote ${info.mcpUrl}`);
    // Broker mode: a client with no setup signs a user in through the browser and acts as that user.
    const gatewayUrl = info.mcpUrl.replace(/\/mcp$/, '');
    const bob = info.users.find((u) => u.login === 'bob') as { login: string; password: string };
    const browser = new Browser({ giteaUrl: info.giteaUrl, gatewayUrl }, 'bob', bob.password);
    await browser.signIn();
    const provider = new TestClientProvider(browser);
    expect(await auth(provider, { serverUrl: info.mcpUrl })).toBe('REDIRECT');
    const code = provider.landed?.searchParams.get('code') as string;
    expect(await auth(provider, { serverUrl: info.mcpUrl, authorizationCode: code })).toBe('AUTHORIZED');
    const asBob = await fetch(`${gatewayUrl}/api/tools/get_me`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provider.saved?.access_token}` },
    });
    expect(((await asBob.json()) as { login: string }).login).toBe('bob');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('demo on a port in use exits 2 saying to pass --port N or --port 0', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const child = gatea(['demo', '--port', String((taken.address() as AddressInfo).port)]);
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += String(d);
      });
      expect(await exitCode(child)).toBe(2);
      expect(stderr).toMatch(/--port \d+ is in use .*pass --port N for another port, or --port 0 for a free one/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('serve exits 2 naming the missing setting', async () => {
    const serve = spawn(process.execPath, [...ENTRY, 'serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    running.push(serve);
    let serveErr = '';
    serve.stderr?.on('data', (d) => {
      serveErr += String(d);
    });
    expect(await exitCode(serve)).toBe(2);
    expect(serveErr).toMatch(/GITEA_URL is not set/);
  });
});
