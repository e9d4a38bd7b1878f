import { describe, expect, it } from 'vitest';
import { ConfigError, listSettings, loadConfig } from '../../../src/config/index.js';

const KEY_HEX = 'ab'.repeat(32);
const KEY_B64 = Buffer.alloc(32, 7).toString('base64');

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
  it('applies documented defaults and freezes the result at every depth', () => {
    const c = loadConfig({ GITEA_URL: 'https://git.example.com/' });
    expect(c.gitea).toEqual({ url: 'https://git.example.com', timeoutMs: 15_000, token: null });
    expect(c.http).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      legacySse: false,
    });
    expect(c.oauth).toEqual({
      mode: 'none',
      client: null,
      directTokens: false,
      encryptionKey: null,
      previousEncryptionKeys: [],
    });
    expect(c.tools).toEqual({ toolsets: undefined, tools: undefined, exclude: undefined, readOnly: true });
    expect(c.store).toEqual({ databaseUrl: 'sqlite:./gatea.db', backend: 'sqlite' });
    expect(c.log.level).toBe('info');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.http)).toBe(true);
    expect(Object.isFrozen(c.http.allowedOrigins)).toBe(true);
  });

  it('keeps a sub-path of GITEA_URL and treats empty values as unset', () => {
    const c = loadConfig({ GITEA_URL: ' https://example.com/gitea// ', GATEA_PORT: '', GATEA_READ_ONLY: '  ' });
    expect([c.gitea.url, c.http.port, c.tools.readOnly]).toEqual(['https://example.com/gitea', 8080, true]);
  });

  it('lets flags override env, in both --name value and --name=value forms', () => {
    const c = loadConfig({ GITEA_URL: 'http://g', GATEA_PORT: '1', GATEA_READ_ONLY: 'true' }, [
      '--port',
      '0',
      '--public-url=https://gatea.example.com/',
      '--read-only',
      'no',
    ]);
    expect(c.http.port).toBe(0);
    expect(c.http.publicUrl).toBe('https://gatea.example.com');
    expect(c.http.publicUrlExplicit).toBe(true);
    expect(c.tools.readOnly).toBe(false);
  });

  it('names a flag that is unknown, lacks a value, or is not a flag', () => {
    expect(problemsOf({ GITEA_URL: 'http://g' }, ['--bogus=1', '--port', '--host', 'x', 'stray'])).toEqual([
      '--bogus is not a known flag (see gatea --help)',
      '--port needs a value',
      'stray is not a flag (flags look like --name value or --name=value)',
    ]);
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
        GITEA_TIMEOUT_MS: '5s',
        GATEA_ALLOWED_ORIGINS: 'https://claude.ai,*,https://x.test/path',
      },
      ['--bogus'],
    );
    expect(problems).toEqual([
      '--bogus is not a known flag (see gatea --help)',
      'GITEA_URL is not set',
      'GATEA_PORT must be a whole number from 0 to 65535, not "eighty"',
      'GITEA_OAUTH_CLIENT_SECRET looks like a placeholder ("changeme"); set the real value',
      'GATEA_DATABASE_URL must start with sqlite: or postgres://',
      expect.stringMatching(/^GATEA_ENCRYPTION_KEY must be 32 random bytes/),
      'GATEA_READ_ONLY must be true or false (or 1/0, yes/no), not "maybe"',
      'GATEA_ALLOWED_ORIGINS must list origins; "*" is not allowed',
      'GATEA_ALLOWED_ORIGINS has "https://x.test/path", which is not an origin like https://claude.ai (scheme://host[:port], no path)',
      'GITEA_TIMEOUT_MS must be a whole number from 100 to 600000 ms, not "5s"',
      'GATEA_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
    ]);
  });

  it('accepts only the listed boolean spellings', () => {
    for (const [v, b] of [
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
      ['No', false],
    ] as const)
      expect(loadConfig({ GITEA_URL: 'http://g', GATEA_DIRECT_TOKENS: v }).oauth.directTokens).toBe(b);
    for (const v of ['on', 'off', 'y', '2', 'enabled'])
      expect(problemsOf({ GITEA_URL: 'http://g', GATEA_LEGACY_SSE: v })[0]).toMatch(
        /^GATEA_LEGACY_SSE must be true or false/,
      );
  });

  it('takes only http(s) URLs without credentials, query or fragment', () => {
    const bad = (v: string) => problemsOf({ GITEA_URL: v })[0];
    expect(bad('git.example.com')).toBe('GITEA_URL is not a URL: "git.example.com"');
    expect(bad('ftp://git.example.com')).toBe('GITEA_URL must be an http:// or https:// URL');
    expect(bad('https://admin:hunter2@git.example.com')).toBe('GITEA_URL must not contain a user name or password');
    expect(bad('https://git.example.com/?x=1')).toBe('GITEA_URL must not have a query (?…) or fragment (#…)');
    expect(problemsOf({ GITEA_URL: 'https://a:hunter2@' }).join()).not.toContain('hunter2');
  });

  it('rejects empty and placeholder secrets by name without echoing them whole', () => {
    for (const secret of [
      '',
      '   ',
      '---',
      '-----BEGIN',
      'xxx',
      'XXXX-XXXX',
      '<your secret>',
      'TODO',
      'your-client-secret',
      // An unexpanded shell or compose variable.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the point
      '${SECRET}',
    ])
      expect(
        problemsOf({
          GITEA_URL: 'http://g',
          GITEA_OAUTH_CLIENT_ID: 'id',
          GITEA_OAUTH_CLIENT_SECRET: secret,
          GATEA_ENCRYPTION_KEY: KEY_HEX,
        }),
      ).toEqual([expect.stringMatching(/^GITEA_OAUTH_CLIENT_SECRET (is empty|looks like a placeholder)/)]);
    for (const name of ['GITEA_TOKEN', 'GATEA_ENCRYPTION_KEY'])
      expect(problemsOf({ GITEA_URL: 'http://g', [name]: 'changeme' })).toEqual([
        `${name} looks like a placeholder ("changeme"); set the real value`,
      ]);
    const longish = problemsOf({ GITEA_URL: 'http://g', GITEA_TOKEN: 'your-token-0123456789abcdef' })[0];
    expect(longish).not.toContain('0123456789abcdef');
  });

  it('reads a 32-byte encryption key as hex or base64, nothing else', () => {
    expect(loadConfig({ GITEA_URL: 'http://g', GATEA_ENCRYPTION_KEY: KEY_HEX }).oauth.encryptionKey).toEqual(
      Buffer.alloc(32, 0xab),
    );
    expect(loadConfig({ GITEA_URL: 'http://g', GATEA_ENCRYPTION_KEY: KEY_B64 }).oauth.encryptionKey).toEqual(
      Buffer.alloc(32, 7),
    );
    const b64url = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(loadConfig({ GITEA_URL: 'http://g', GATEA_ENCRYPTION_KEY: b64url }).oauth.encryptionKey).toEqual(
      Buffer.alloc(32, 0xfb),
    );
    for (const key of ['ab'.repeat(16), Buffer.alloc(16).toString('base64'), `${KEY_B64.slice(0, -2)}!=`])
      expect(problemsOf({ GITEA_URL: 'http://g', GATEA_ENCRYPTION_KEY: key })[0]).toMatch(
        /^GATEA_ENCRYPTION_KEY must be 32/,
      );
  });

  it('reads old encryption keys as a comma list in the same format, naming a bad one by position only', () => {
    const env = { GITEA_URL: 'http://g', GATEA_ENCRYPTION_KEY: KEY_HEX };
    const c = loadConfig({ ...env, GATEA_ENCRYPTION_KEY_PREVIOUS: ` ${KEY_B64} , ${'cd'.repeat(32)},` });
    expect(c.oauth.previousEncryptionKeys).toEqual([Buffer.alloc(32, 7), Buffer.alloc(32, 0xcd)]);
    expect(Object.isFrozen(c.oauth.previousEncryptionKeys)).toBe(true);
    const bad = problemsOf({ ...env, GATEA_ENCRYPTION_KEY_PREVIOUS: `${KEY_B64},not-a-key-but-secret` });
    expect(bad).toEqual([
      'GATEA_ENCRYPTION_KEY_PREVIOUS must be 32 random bytes as 64 hex or 44 base64 characters (openssl rand -base64 32) (key 2 of 2)',
    ]);
    expect(bad[0]).not.toContain('secret');
    expect(problemsOf({ ...env, GATEA_ENCRYPTION_KEY_PREVIOUS: 'short' })).toEqual([
      expect.stringMatching(/^GATEA_ENCRYPTION_KEY_PREVIOUS must be 32 random bytes .*\)$/),
    ]);
    expect(problemsOf({ ...env, GATEA_ENCRYPTION_KEY_PREVIOUS: '' })).toEqual([
      'GATEA_ENCRYPTION_KEY_PREVIOUS is empty',
    ]);
    expect(problemsOf({ ...env, GATEA_ENCRYPTION_KEY_PREVIOUS: ' , ' })).toEqual([
      expect.stringMatching(/^GATEA_ENCRYPTION_KEY_PREVIOUS lists no keys/),
    ]);
    expect(problemsOf({ GITEA_URL: 'http://g', GATEA_ENCRYPTION_KEY_PREVIOUS: KEY_B64 })).toEqual([
      expect.stringMatching(/^GATEA_ENCRYPTION_KEY is not set, but GATEA_ENCRYPTION_KEY_PREVIOUS is/),
    ]);
  });

  it('derives broker mode from the OAuth client and then requires a key and an https public URL', () => {
    const oauth = { GITEA_URL: 'https://g', GITEA_OAUTH_CLIENT_ID: 'cid', GITEA_OAUTH_CLIENT_SECRET: 'gto_real' };
    const c = loadConfig({ ...oauth, GATEA_ENCRYPTION_KEY: KEY_HEX });
    expect(c.oauth).toMatchObject({ mode: 'broker', client: { id: 'cid', secret: 'gto_real' } });
    expect(problemsOf(oauth)).toEqual([expect.stringMatching(/^GATEA_ENCRYPTION_KEY is not set, but broker mode/)]);
    expect(
      problemsOf({ ...oauth, GATEA_ENCRYPTION_KEY: KEY_HEX, GATEA_PUBLIC_URL: 'http://gatea.example.com' }),
    ).toEqual(['GATEA_PUBLIC_URL must be https:// in broker mode (OAuth needs TLS except on loopback)']);
    expect(problemsOf({ ...oauth, GATEA_ENCRYPTION_KEY: KEY_HEX, GATEA_HOST: '0.0.0.0' })).toEqual([
      expect.stringMatching(/^GATEA_PUBLIC_URL is not set: in broker mode/),
    ]);
    expect(problemsOf({ GITEA_URL: 'https://g', GITEA_OAUTH_CLIENT_ID: 'cid' })).toEqual([
      'GITEA_OAUTH_CLIENT_SECRET is not set, but GITEA_OAUTH_CLIENT_ID is: set both or neither',
    ]);
  });

  it('checks the database URL without repeating its password', () => {
    expect(loadConfig({ GITEA_URL: 'http://g', GATEA_DATABASE_URL: 'postgres://u:pw@db/gatea' }).store.backend).toBe(
      'postgres',
    );
    expect(problemsOf({ GITEA_URL: 'http://g', GATEA_DATABASE_URL: 'sqlite:' })).toEqual([
      'GATEA_DATABASE_URL needs a file path after sqlite:',
    ]);
    const bad = problemsOf({ GITEA_URL: 'http://g', GATEA_DATABASE_URL: 'postgres://u:s3cr3t@[bad/gatea' });
    expect(bad).toEqual(['GATEA_DATABASE_URL is not a valid postgres:// URL']);
  });

  it('splits lists, and derives a connectable public URL from a wildcard host', () => {
    const c = loadConfig({
      GITEA_URL: 'http://g',
      GATEA_TOOLSETS: ' repos, ,files ',
      GATEA_EXCLUDE_TOOLS: 'delete_file',
      GATEA_ALLOWED_ORIGINS: 'https://claude.ai/,http://localhost:6274',
      GATEA_HOST: '0.0.0.0',
      GITEA_TOKEN: 'f'.repeat(40),
    });
    expect(c.tools.toolsets).toEqual(['repos', 'files']);
    expect(c.tools.exclude).toEqual(['delete_file']);
    expect(c.http.allowedOrigins).toEqual(['https://claude.ai', 'http://localhost:6274']);
    expect(c.http.publicUrl).toBe('http://127.0.0.1:8080');
    expect(c.gitea.token).toBe('f'.repeat(40));
  });

  it('documents every setting, and every flag maps to a setting', () => {
    const settings = listSettings();
    expect(settings.map((s) => s.env)).toContain('GATEA_ENCRYPTION_KEY');
    for (const s of settings) expect(s.description.length).toBeGreaterThan(10);
    const flags = settings.flatMap((s) => (s.flag ? [s.flag] : []));
    expect(new Set(flags).size).toBe(flags.length);
  });
});
