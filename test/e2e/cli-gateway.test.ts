/**
 * The command-line contract (DESIGN §5) for the gateway commands: `gatea demo
 * --json` prints exactly one JSON line once it accepts connections and stops
 * cleanly on SIGTERM; `gatea serve` with a missing setting exits 2 naming it;
 * settings and a service key's Gitea token can come from `NAME_FILE` files.
 * (`gatea sim` has its own file, cli-sim.test.ts.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../sim/index.js';
import { Browser, TestClientProvider } from '../integration/broker/harness.js';
import { postToolCall } from '../support/mcp-http.js';

const ENTRY = ['--import', 'tsx', 'src/cli/main-entry.ts'];
const running: ChildProcess[] = [];

interface Gatea {
  child: ChildProcess;
  /**
   * The exit code, once the process has exited and its stdout and stderr have
   * ended ('close', not 'exit': at 'exit' output may still be unread). Taken
   * at spawn, so the event cannot be missed.
   */
  closed: Promise<number | null>;
}

function gatea(args: string[], env: NodeJS.ProcessEnv = { ...process.env, GATEA_LOG_LEVEL: 'warn' }): Gatea {
  const child = spawn(process.execPath, [...ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const closed = once(child, 'close').then(([code]) => code as number | null);
  running.push(child);
  return { child, closed };
}

async function firstLine(child: ChildProcess): Promise<string> {
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(rl, 'line')) as [string];
  rl.close();
  return line;
}

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('gatea CLI', () => {
  it('demo --json prints mcpUrl, giteaUrl, serviceKey and users; the key works', async () => {
    // --port 0: the default port (8787) would collide with a demo someone is running, or a parallel test run.
    const { child, closed } = gatea(['demo', '--json', '--port', '0']);
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
    expect(await closed).toBe(0);
  });

  it('demo on a port in use exits 2 saying to pass --port N or --port 0', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { child, closed } = gatea(['demo', '--port', String((taken.address() as AddressInfo).port)]);
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += String(d);
      });
      expect(await closed).toBe(2);
      expect(stderr).toMatch(/--port \d+ is in use .*pass --port N for another port, or --port 0 for a free one/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('serve exits 2 naming the missing setting', async () => {
    const serve = gatea(['serve'], { PATH: process.env.PATH ?? '' });
    let serveErr = '';
    serve.child.stderr?.on('data', (d) => {
      serveErr += String(d);
    });
    expect(await serve.closed).toBe(2);
    expect(serveErr).toMatch(/GITEA_URL is not set/);
  });

  it("serve reads settings and a service key's Gitea token from NAME_FILE files; an unreadable one exits 2", async () => {
    const sim = await startSimulator();
    const dir = mkdtempSync(join(tmpdir(), 'gatea-cli-files-'));
    try {
      const alice = sim.seed.users.find((u) => u.login === 'alice');
      if (!alice) throw new Error('no alice in the seed');
      const secretFile = (name: string, value: string) => {
        writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 });
        return join(dir, name);
      };
      const base = {
        PATH: process.env.PATH ?? '',
        GATEA_LOG_LEVEL: 'warn',
        GATEA_DATABASE_URL_FILE: secretFile('db', `sqlite:${join(dir, 'gatea.db')}`),
      };
      const keys = gatea(
        ['keys', 'create', '--name', 'files', '--scopes', 'read', '--gitea-token-env', 'ALICE_TOKEN'],
        base,
      );
      const key = (await firstLine(keys.child)).trim();
      expect(await keys.closed).toBe(0);
      expect(key).toMatch(/^gmk_/);

      const serve = gatea(['serve', '--port', '0'], {
        ...base,
        GITEA_URL_FILE: secretFile('url', sim.url),
        ALICE_TOKEN_FILE: secretFile('alice', alice.token),
      });
      const rl = createInterface({ input: serve.child.stderr as NodeJS.ReadableStream });
      const mcpUrl = await new Promise<string>((resolve) =>
        rl.on('line', (line) => {
          const m = /MCP endpoint (\S+)/.exec(line);
          if (m) resolve(m[1] as string);
        }),
      );
      const res = await postToolCall(mcpUrl, key, 'get_me', {});
      expect(res.status).toBe(200);
      const answer = JSON.parse(res.text) as { result: { isError?: boolean; content: { text: string }[] } };
      expect(answer.result.isError).toBeFalsy();
      expect(answer.result.content[0]?.text).toContain('alice');
      serve.child.kill('SIGTERM');
      expect(await serve.closed).toBe(0);

      const broken = gatea(['serve'], { ...base, GITEA_URL: sim.url, ALICE_TOKEN_FILE: join(dir, 'nope') });
      let stderr = '';
      broken.child.stderr?.on('data', (d) => {
        stderr += String(d);
      });
      expect(await broken.closed).toBe(2);
      expect(stderr).toContain(`ALICE_TOKEN_FILE names "${join(dir, 'nope')}", which cannot be read (ENOENT)`);
    } finally {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
