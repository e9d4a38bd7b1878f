/**
 * `gatea doctor` as a process, against `gatea demo --json` as a user runs it:
 * exit 0 when nothing fails (with and without the demo's service key, given
 * on the command line or in GATEA_DOCTOR_TOKEN), 1 when something fails (a
 * wrong key, nothing listening), 2 for bad usage; `--json` prints one JSON
 * document; the token never appears on stdout or stderr, not even in part.
 * Output is read on 'close' (all of stdout and stderr flushed), not 'exit'.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/doctor-rig.js';

// The same `main()` bin/gatea.js runs, from source (bin/ loads dist/, which only `npm run build` refreshes).
const ENTRY = ['--import', 'tsx', 'src/cli/main-entry.ts'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gatea doctor …` to the end; resolves on 'close', when both pipes are drained. */
async function doctor(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { GATEA_DOCTOR_TOKEN: _drop, ...inherited } = process.env;
  const child = spawn(process.execPath, [...ENTRY, 'doctor', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** No 8-character piece of `token` appears in `text` (nothing of it is printed, not even a prefix). */
function expectNothingOf(token: string, text: string): void {
  const pieces = Array.from({ length: token.length - 7 }, (_, i) => token.slice(i, i + 8));
  expect(pieces.filter((p) => text.includes(p))).toEqual([]);
}

let demo: ChildProcess;
let info: { mcpUrl: string; serviceKey: string; users: { login: string; token: string }[] };

beforeAll(async () => {
  demo = spawn(process.execPath, [...ENTRY, 'demo', '--json', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GATEA_LOG_LEVEL: 'warn' },
  });
  demo.stderr?.resume();
  const rl = createInterface({ input: demo.stdout as NodeJS.ReadableStream });
  const [line] = (await once(rl, 'line')) as [string];
  rl.close();
  info = JSON.parse(line);
});

afterAll(async () => {
  if (demo && demo.exitCode === null) {
    demo.kill('SIGTERM');
    await once(demo, 'close');
  }
});

describe('gatea doctor (process)', () => {
  it('exits 0 against the demo without a token, printing each check and a summary', async () => {
    const run = await doctor([info.mcpUrl]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`gatea doctor ${info.mcpUrl} (mode: broker)`);
    expect(run.stdout).toMatch(/^PASS {2}prm\.resource: resource is http:\/\/127\.0\.0\.1:\d+\/mcp\.$/m);
    expect(run.stdout).toMatch(/^SKIP {2}token\.accepted: Not checked: no token given/m);
    expect(run.stdout).toMatch(/\n16 passed, 0 warnings, 0 failed, 7 skipped\.\n$/);
    expect(run.code).toBe(0);
  });

  it('exits 0 with the service key from GATEA_DOCTOR_TOKEN, prints one JSON document, and nothing of the key', async () => {
    const run = await doctor([info.mcpUrl, '--json'], { GATEA_DOCTOR_TOKEN: info.serviceKey });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      tokenChecked: boolean;
      findings: { id: string; status: string; diagnosis: string }[];
    };
    expect(report).toMatchObject({ ok: true, tokenChecked: true });
    expect(report.findings.find((f) => f.id === 'token.identity')?.diagnosis).toBe(
      'Acts as Gitea user alice (service_key).',
    );
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expectNothingOf(info.serviceKey, run.stdout + run.stderr);
  });

  it('exits 0 with a personal access token on the command line, with a hint to use the variable instead', async () => {
    const pat = info.users.find((u) => u.login === 'bob')?.token as string;
    const run = await doctor([info.mcpUrl, '--token', pat]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS {2}token\.identity: Acts as Gitea user bob \(direct\)\.$/m);
    expect(run.stderr).toBe(
      'note: prefer GATEA_DOCTOR_TOKEN=… over --token: command lines end up in shell history and ps.\n',
    );
    expectNothingOf(pat, run.stdout + run.stderr);
  });

  it('exits 1 for a service key Gatea does not know, naming the break, and prints nothing of the key', async () => {
    const wrong = `${info.serviceKey.slice(0, -4)}${info.serviceKey.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const run = await doctor([info.mcpUrl, `--token=${wrong}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}token\.accepted: Gatea does not know this service key\.$/m);
    expect(run.stdout).toMatch(/\n\d+ passed, 0 warnings, 1 failed, \d+ skipped\.\n$/);
    expectNothingOf(wrong, run.stdout + run.stderr);
  });

  it('exits 1 when nothing listens at the URL', async () => {
    const port = await freePort();
    const run = await doctor([`http://127.0.0.1:${port}/mcp`, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; findings: { id: string; diagnosis: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.diagnosis)).toContain(
      `Nothing is listening at 127.0.0.1:${port} (connection refused).`,
    );
  });

  it('exits 2 for bad usage, naming it on stderr, with nothing on stdout and nothing of a token', async () => {
    const none = await doctor([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('<gateway-url> is required');

    const notUrl = await doctor(['gateway.example']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('<gateway-url> is not a URL');

    const empty = await doctor([info.mcpUrl], { GATEA_DOCTOR_TOKEN: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('GATEA_DOCTOR_TOKEN is empty');

    const padded = `Bearer ${info.serviceKey}`;
    const bad = await doctor([info.mcpUrl, '--token', padded]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--token contains whitespace');
    expectNothingOf(info.serviceKey, bad.stdout + bad.stderr);
  }, 60_000);
});
