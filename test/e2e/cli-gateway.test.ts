/**
 * The command-line contract (DESIGN §5) for the gateway commands: `gatea demo
 * --json` prints exactly one JSON line once it accepts connections and stops
 * cleanly on SIGTERM; `gatea serve` with a missing setting exits 2 naming it.
 * (`gatea sim` has its own file, cli-sim.test.ts.)
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
