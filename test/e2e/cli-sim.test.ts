/**
 * `gatea sim` as a process (DESIGN §5): one JSON line on stdout once it
 * listens, the seeded users' tokens work, SIGTERM stops it with exit 0, and
 * bad flags exit 2 naming the flag.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const ENTRY = ['--import', 'tsx', 'src/cli/main-entry.ts'];
const running: ChildProcess[] = [];

interface Gatea {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  /**
   * The exit code, once the process has exited and its stdout and stderr have
   * ended ('close', not 'exit': at 'exit' output may still be unread). Taken
   * at spawn, so the event cannot be missed.
   */
  closed: Promise<number | null>;
}

function gatea(args: string[]): Gatea {
  const child = spawn(process.execPath, [...ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = once(child, 'close').then(([code]) => code as number | null);
  running.push(child);
  const stdout: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => stdout.push(l));
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  return { child, stdout, stderr: () => stderr, closed };
}

async function firstLine(p: Gatea): Promise<string> {
  let ended = false;
  void p.closed.then(() => {
    ended = true;
  });
  while (p.stdout.length === 0) {
    if (ended) throw new Error(`gatea ended before printing a line: ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return p.stdout[0] as string;
}

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('gatea sim', () => {
  it('prints exactly one JSON line with the contract fields, serves, and exits 0 on SIGTERM', async () => {
    const sim = gatea(['sim', '--json', '--port', '0']);
    const { child, stdout, stderr, closed } = sim;
    const info = JSON.parse(await firstLine(sim)) as Record<string, unknown>;
    expect(Object.keys(info).filter((k) => k !== 'oauthApp')).toEqual(['url', 'flavor', 'version', 'users']);
    expect(info).toMatchObject({
      flavor: 'gitea',
      version: '1.25.0',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const users = info.users as { login: string; password: string; token: string; admin: boolean }[];
    for (const u of users) expect(Object.keys(u).sort()).toEqual(['admin', 'login', 'password', 'token']);
    const alice = users.find((u) => u.login === 'alice');
    expect(alice?.admin).toBe(false);
    if (info.oauthApp !== undefined)
      expect(info.oauthApp).toMatchObject({ clientId: expect.any(String), clientSecret: expect.any(String) });

    const me = await fetch(`${info.url}/api/v1/user`, { headers: { authorization: `token ${alice?.token}` } });
    expect(((await me.json()) as { login: string }).login).toBe('alice');
    expect(stderr()).toContain('Gitea simulator (gitea 1.25.0)');

    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stdout).toHaveLength(1);
    await expect(fetch(`${info.url}/api/v1/version`)).rejects.toThrow();
  });

  it('exits 2 naming each bad flag, before starting anything', async () => {
    const bad = gatea(['sim', '--json', '--flavor', 'gitlab', '--port=99999', '--verbose']);
    expect(await bad.closed).toBe(2);
    expect(bad.stdout).toEqual([]);
    expect(bad.stderr()).toContain('--flavor must be gitea or forgejo, not "gitlab"');
    expect(bad.stderr()).toContain('--port must be a whole number from 0 to 65535, not "99999"');
    expect(bad.stderr()).toContain('--verbose is not a flag of gatea sim');

    const version = gatea(['sim', '--version', '0.1.0']);
    expect(await version.closed).toBe(2);
    expect(version.stderr()).toMatch(/--version unsupported Gitea version "0\.1\.0"/);
  });
});
