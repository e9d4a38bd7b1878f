/**
 * The build output runs: scripts/bundle.mjs (the second half of `npm run build`)
 * bundles into a scratch directory laid out like the package (bin/gatea.js next
 * to dist/), and that launcher answers --version, starts the simulator, creates
 * a service key in SQLite (better-sqlite3 stays external: loaded from
 * node_modules) and serves a tools/call with it; bad arguments get the
 * validation answer (zod runs with only its English locale in the bundle). Every other e2e test runs the
 * sources through tsx; this one catches what only bundling breaks (a dynamic
 * require, a native module bundled by mistake, a lazy import gone missing).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToolCall } from '../support/mcp-http.js';

// Inside the repository (.tmp/ is ignored by git): Node then resolves the external
// better-sqlite3 from the repository's node_modules and reads "type": "module"
// from its package.json, as in an installed package.
mkdirSync('.tmp', { recursive: true });
const ROOT = mkdtempSync(join('.tmp', 'bundle-'));
const BIN = join(ROOT, 'bin', 'gatea.js');
const running: ChildProcess[] = [];

function lineOf(child: ChildProcess, which: 'stdout' | 'stderr', re: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child[which] as NodeJS.ReadableStream });
    rl.on('line', (line) => {
      const m = line.match(re);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before a line matching ${re}`)));
  });
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GATEA_LOG_LEVEL: 'warn', ...env },
  });
  running.push(child);
  return child;
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/bundle.mjs', join(ROOT, 'dist')], { stdio: 'pipe' });
  mkdirSync(join(ROOT, 'bin'));
  copyFileSync('bin/gatea.js', BIN);
}, 60_000);

afterAll(() => {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(ROOT, { recursive: true, force: true });
});

describe('the bundled build (bin/gatea.js → dist/)', () => {
  it('answers --version', () => {
    const out = execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs sim, keys create (SQLite) and serve; a tools/call through the service key answers', async () => {
    const sim = run(['sim', '--json', '--port', '0']);
    const [simLine] = await lineOf(sim, 'stdout', /^\{.*\}$/);
    const { url, users } = JSON.parse(simLine) as { url: string; users: { login: string; token?: string }[] };
    const alice = users.find((u) => u.login === 'alice' && u.token);
    expect(alice).toBeDefined();
    const db = `sqlite:${join(ROOT, 'gatea.db')}`;
    const key = execFileSync(
      process.execPath,
      [BIN, 'keys', 'create', '--name', 'bundle', '--scopes', 'read', '--gitea-token-env', 'BUNDLE_GITEA_TOKEN'],
      { env: { ...process.env, GATEA_DATABASE_URL: db }, encoding: 'utf8' },
    ).trim();
    const serve = run(['serve'], {
      GITEA_URL: url,
      GATEA_DATABASE_URL: db,
      GATEA_PORT: '0',
      BUNDLE_GITEA_TOKEN: alice?.token,
    });
    const [, mcpUrl] = await lineOf(serve, 'stderr', /MCP endpoint (http:\S+)/);
    const call = (args: Record<string, unknown>) => postToolCall(mcpUrl as string, key, 'get_repository', args);
    const ok = await call({ owner: 'alice', repo: 'hello-world' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text).toContain('hello-world');
    expect(ok.text).not.toContain('"isError":true');
    const bad = await call({ owner: 'alice', repo: 5 });
    expect(bad.status, bad.text).toBe(200);
    expect(bad.text).toContain('"isError":true');
    expect(bad.text).toContain('Invalid arguments for get_repository');
  }, 60_000);
});
