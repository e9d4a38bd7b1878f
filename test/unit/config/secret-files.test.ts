/**
 * Settings given as `NAME_FILE` (Docker and Compose secrets, Kubernetes secret
 * volumes): read from real files, one trailing line break dropped, every
 * problem reported at once naming the `_FILE` variable, and never the content.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, withSettingFiles } from '../../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gatea-secret-files-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
function problemsOf(fn: () => unknown): readonly { setting: string; problem: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('no ConfigError');
}

describe('withSettingFiles', () => {
  it('reads each named setting from its _FILE, dropping one trailing line break', () => {
    const env = withSettingFiles(
      {
        GITEA_URL_FILE: file('url', 'http://gitea.internal:3000\n'),
        GATEA_METRICS_TOKEN_FILE: file('metrics', 'm-token-1234\r\n'),
        GATEA_ENCRYPTION_KEY_FILE: file('key', 'k\n\n'),
        GATEA_PORT: '8080',
      },
      ['GITEA_URL', 'GATEA_METRICS_TOKEN', 'GATEA_ENCRYPTION_KEY', 'GATEA_PORT'],
    );
    expect(env.GITEA_URL).toBe('http://gitea.internal:3000');
    expect(env.GATEA_METRICS_TOKEN).toBe('m-token-1234');
    expect(env.GATEA_ENCRYPTION_KEY).toBe('k\n');
    expect(env.GATEA_PORT).toBe('8080');
  });

  it('leaves variables it was not asked about alone (SSL_CERT_FILE is not a setting)', () => {
    const env = withSettingFiles({ SSL_CERT_FILE: '/no/such/bundle.pem' }, ['GITEA_URL']);
    expect(env).toEqual({ SSL_CERT_FILE: '/no/such/bundle.pem' });
    expect(env.SSL_CERT).toBeUndefined();
  });

  it('treats an empty NAME as unset, so a template may leave it blank', () => {
    const env = withSettingFiles({ GITEA_TOKEN: '', GITEA_TOKEN_FILE: file('pat', 'pat-value') }, ['GITEA_TOKEN']);
    expect(env.GITEA_TOKEN).toBe('pat-value');
  });

  it('reports every problem at once, naming the _FILE variable and the path but never the content', () => {
    const secret = 'super-secret-value-9f8e7d';
    const problems = problemsOf(() =>
      withSettingFiles(
        {
          GITEA_TOKEN: 'from-env',
          GITEA_TOKEN_FILE: file('both', secret),
          GATEA_METRICS_TOKEN_FILE: join(dir, 'missing'),
          GATEA_ENCRYPTION_KEY_FILE: dir,
          GATEA_DATABASE_URL_FILE: file('huge', Buffer.alloc(70 * 1024, 'a')),
        },
        ['GITEA_TOKEN', 'GATEA_METRICS_TOKEN', 'GATEA_ENCRYPTION_KEY', 'GATEA_DATABASE_URL'],
      ),
    );
    expect(problems).toEqual([
      { setting: 'GITEA_TOKEN_FILE', problem: 'is set together with GITEA_TOKEN; set only one' },
      {
        setting: 'GATEA_METRICS_TOKEN_FILE',
        problem: `names "${join(dir, 'missing')}", which cannot be read (ENOENT); check the path and that Gatea's user may read it`,
      },
      {
        setting: 'GATEA_ENCRYPTION_KEY_FILE',
        problem: `names "${dir}", which cannot be read (EISDIR); check the path and that Gatea's user may read it`,
      },
      {
        setting: 'GATEA_DATABASE_URL_FILE',
        problem: `names "${join(dir, 'huge')}", which is larger than 64 KiB: not a secret file`,
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain(secret);
  });
});
