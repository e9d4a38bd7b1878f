/**
 * The command-line contract (DESIGN §5): `gatea sim --json` and `gatea demo
 * --json` print exactly one JSON line once they accept connections and stop
 * cleanly on SIGTERM; bad flags exit 2 naming the flag.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

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
  it('sim --json prints one line with the URL and seeded users, answers, and stops on SIGTERM', async () => {
    const child = gatea(['sim', '--json', '--port', '0', '--flavor', 'forgejo', '--version', '11.0.1']);
    const info = JSON.parse(await firstLine(child)) as {
      url: string;
      flavor: string;
      version: string;
      users: { login: string; token: string }[];
    };
    expect(info).toMatchObject({ flavor: 'forgejo', version: '11.0.1' });
    expect(info.users.map((u) => u.login)).toEqual(expect.arrayContaining(['alice', 'bob', 'admin']));
    const res = await fetch(`${info.url}/api/v1/version`);
    expect(await res.json()).toEqual({ version: '11.0.1+gitea-1.22.0' });
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('demo --json prints mcpUrl, giteaUrl, serviceKey and users; the key works', async () => {
    const child = gatea(['demo', '--json']);
    const info = JSON.parse(await firstLine(child)) as {
      mcpUrl: string;
      giteaUrl: string;
      serviceKey: string;
      users: unknown[];
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
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('exits 2 naming the bad flag or setting', async () => {
    const bad = gatea(['sim', '--flavor', 'gitlab']);
    let stderr = '';
    bad.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    expect(await exitCode(bad)).toBe(2);
    expect(stderr).toMatch(/--flavor must be gitea or forgejo/);

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
