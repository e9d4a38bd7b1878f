/** `gatea sim` flag parsing and the ready line, without a process. */
import { describe, expect, it } from 'vitest';
import { parseSimFlags, runSim } from '../../../src/cli/sim.js';
import { ConfigError } from '../../../src/config/index.js';

function problems(argv: string[]): string[] {
  try {
    parseSimFlags(argv);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => `${p.setting} ${p.problem}`);
  }
}

describe('parseSimFlags', () => {
  it('has defaults and reads both flag forms', () => {
    expect(parseSimFlags([])).toEqual({ json: false, port: 0, host: '127.0.0.1', flavor: 'gitea', version: undefined });
    expect(
      parseSimFlags(['--json', '--port=3000', '--host', '::1', '--flavor', 'forgejo', '--version', '11.0.1']),
    ).toEqual({ json: true, port: 3000, host: '::1', flavor: 'forgejo', version: '11.0.1' });
  });

  it('names every bad flag', () => {
    expect(problems(['--port', '-1', '--flavor=gogs', '--version', '1.x', '--host', '--nope'])).toEqual([
      '--port must be a whole number from 0 to 65535, not "-1"',
      '--flavor must be gitea or forgejo, not "gogs"',
      '--version must look like X.Y.Z, not "1.x"',
      '--host needs a value',
      '--nope is not a flag of gatea sim (see gatea sim --help)',
    ]);
  });
});

describe('runSim', () => {
  it('prints one ready line with only the contract fields, then closes when told to stop', async () => {
    const out: string[] = [];
    const err: string[] = [];
    let url = '';
    const code = await runSim(
      ['--json'],
      async () => {
        const line = JSON.parse(out.join('')) as { url: string; users: Record<string, unknown>[] };
        url = line.url;
        expect((await fetch(`${url}/api/v1/version`)).status).toBe(200);
        expect(line.users.length).toBeGreaterThan(0);
      },
      { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
    );
    expect(code).toBe(0);
    expect(out.join('').split('\n')).toHaveLength(2);
    expect(err.join('')).toContain(url);
    await expect(fetch(`${url}/api/v1/version`)).rejects.toThrow();
  });
});
