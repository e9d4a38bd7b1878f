/**
 * `gatea doctor` arguments: one gateway URL (its base or its MCP endpoint),
 * `--token` or GATEA_DOCTOR_TOKEN, `--json`. Bad usage is a ConfigError naming
 * what is wrong — and never repeating a token, even a bad one.
 */
import { describe, expect, it } from 'vitest';
import { DOCTOR_TOKEN_ENV, parseDoctorFlags } from '../../../src/cli/doctor.js';
import { ConfigError } from '../../../src/config/index.js';

function problems(argv: string[], env: Record<string, string> = {}): string[] {
  try {
    parseDoctorFlags(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.setting} ${p.problem}`);
    throw err;
  }
  throw new Error('no ConfigError');
}

describe('gatea doctor flags', () => {
  it('takes the URL, --token or --token=, and --json in any order', () => {
    expect(parseDoctorFlags(['https://g.example/mcp'], {})).toEqual({
      gatewayUrl: 'https://g.example/mcp',
      token: undefined,
      tokenFrom: undefined,
      json: false,
    });
    expect(parseDoctorFlags(['--json', '--token', 'gmk_abc_defghijk', 'https://g.example'], {})).toMatchObject({
      gatewayUrl: 'https://g.example',
      token: 'gmk_abc_defghijk',
      tokenFrom: '--token',
      json: true,
    });
    expect(parseDoctorFlags(['https://g.example', '--token=tok_1234567890'], {}).token).toBe('tok_1234567890');
  });

  it('reads the token from GATEA_DOCTOR_TOKEN; --token wins when both are given', () => {
    expect(DOCTOR_TOKEN_ENV).toBe('GATEA_DOCTOR_TOKEN');
    expect(parseDoctorFlags(['https://g.example'], { GATEA_DOCTOR_TOKEN: 'from-env-123456' })).toMatchObject({
      token: 'from-env-123456',
      tokenFrom: 'GATEA_DOCTOR_TOKEN',
    });
    expect(
      parseDoctorFlags(['https://g.example', '--token', 'from-flag-123456'], { GATEA_DOCTOR_TOKEN: 'from-env-123456' }),
    ).toMatchObject({ token: 'from-flag-123456', tokenFrom: '--token' });
  });

  it('refuses a missing, doubled or unusable URL, and unknown flags, all at once', () => {
    expect(problems([])).toEqual(['<gateway-url> is required: gatea doctor <gateway-url> [--token T] [--json]']);
    expect(problems(['https://a.example', 'https://b.example'])).toEqual([
      '<gateway-url> is given 2 times; doctor checks one gateway',
    ]);
    expect(problems(['ftp://g.example', '--verbose'])).toEqual([
      '--verbose is not a flag of gatea doctor <gateway-url> [--token T] [--json]',
      "<gateway-url> ftp: is not http or https; give the gateway's address, e.g. https://gatea.example.com/mcp",
    ]);
    expect(problems(['https://g.example/mcp?token=x'])).toEqual([
      '<gateway-url> the URL carries a query or fragment; give the gateway address without',
    ]);
  });

  it('refuses an empty, placeholder or padded token without repeating it', () => {
    expect(problems(['https://g.example', '--token', ''])).toEqual([
      '--token is empty (did the variable it came from expand to nothing?)',
    ]);
    expect(problems(['https://g.example', '--token'])).toEqual([
      '--token is empty (did the variable it came from expand to nothing?)',
    ]);
    expect(problems(['https://g.example', '--token', '--json'])).toEqual([
      '--token is empty (did the variable it came from expand to nothing?)',
    ]);
    expect(problems(['https://g.example'], { GATEA_DOCTOR_TOKEN: '<your-token-here>' })).toEqual([
      'GATEA_DOCTOR_TOKEN looks like a placeholder, not a token',
    ]);
    const pasted = 'Bearer gmk_secretsecret_secret';
    const said = problems(['https://g.example'], { GATEA_DOCTOR_TOKEN: pasted });
    expect(said).toEqual(['GATEA_DOCTOR_TOKEN contains whitespace (give the token alone, without "Bearer ")']);
    expect(said.join()).not.toContain('secret');
  });

  it('never repeats a token given where the URL belongs', () => {
    const said = problems(['gmk_abcdefghijkl_notaurlatall']);
    expect(said).toEqual([
      "<gateway-url> is not a URL; give the gateway's address, e.g. https://gatea.example.com/mcp",
    ]);
  });
});
