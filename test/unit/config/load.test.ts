import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

function problemsOf(env: Record<string, string>, argv: string[] = []): string[] {
  try {
    loadConfig(env, argv);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.setting} ${p.problem}`);
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies documented defaults and freezes the result', () => {
    const c = loadConfig({ GITEA_URL: 'https://git.example.com/' });
    expect(c.gitea.url).toBe('https://git.example.com');
    expect(c.tools.readOnly).toBe(true);
    expect(c.auth.directTokens).toBe(false);
    expect(c.store.databaseUrl).toBe('sqlite:./gatea.db');
    expect(c.http.publicUrl).toBe('http://127.0.0.1:8080');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lets flags override env', () => {
    const c = loadConfig({ GITEA_URL: 'http://g', GATEA_PORT: '1' }, [
      '--port',
      '0',
      '--public-url=https://gatea.example.com/',
    ]);
    expect(c.http.port).toBe(0);
    expect(c.http.publicUrl).toBe('https://gatea.example.com');
  });

  it('reports every problem at once, each naming its setting', () => {
    const problems = problemsOf(
      {
        GATEA_PORT: 'eighty',
        GATEA_READ_ONLY: 'maybe',
        GITEA_OAUTH_CLIENT_ID: 'abc',
        GITEA_OAUTH_CLIENT_SECRET: 'changeme',
        GATEA_ENCRYPTION_KEY: 'short',
        GATEA_DATABASE_URL: 'mysql://x',
        GATEA_LOG_LEVEL: 'loud',
      },
      ['--bogus'],
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        '--bogus is not a known flag (see gatea --help)',
        'GITEA_URL is not set',
        expect.stringMatching(/^GATEA_PORT must be a whole number/),
        'GATEA_READ_ONLY must be true or false, not "maybe"',
        expect.stringMatching(/^GITEA_OAUTH_CLIENT_SECRET looks like a placeholder/),
        expect.stringMatching(/^GATEA_ENCRYPTION_KEY must be 32 bytes/),
        'GATEA_DATABASE_URL must start with sqlite: or postgres://',
        expect.stringMatching(/^GATEA_LOG_LEVEL must be one of/),
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('rejects empty and placeholder secrets by name', () => {
    for (const secret of ['', '   ', '---', 'xxx', '<your secret>', 'TODO', 'your-client-secret'])
      expect(
        problemsOf({ GITEA_URL: 'http://g', GITEA_OAUTH_CLIENT_ID: 'id', GITEA_OAUTH_CLIENT_SECRET: secret })[0],
      ).toMatch(/^GITEA_OAUTH_CLIENT_SECRET (is empty|looks like a placeholder)/);
  });
});
