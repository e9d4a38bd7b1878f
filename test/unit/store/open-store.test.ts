/** GATEA_DATABASE_URL parsing and option checks, which need no database. */
import { describe, expect, it } from 'vitest';
import { openStore, parseDatabaseUrl, StoreError } from '../../../src/store/index.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/gatea.db', './data/gatea.db'],
    ['sqlite:/var/lib/gatea/gatea.db', '/var/lib/gatea/gatea.db'],
    ['sqlite:///var/lib/gatea/gatea.db', '/var/lib/gatea/gatea.db'],
    ['sqlite://data/gatea.db', 'data/gatea.db'],
    ['sqlite::memory:', ':memory:'],
  ])('reads %s as the SQLite file %s', (url, path) => {
    expect(parseDatabaseUrl(url)).toEqual({ backend: 'sqlite', path, describe: `sqlite:${path}` });
  });

  it.each(['postgres://u:p@db:5432/gatea', 'postgresql://u:p@db:5432/gatea'])('reads %s as PostgreSQL', (url) => {
    const loc = parseDatabaseUrl(url);
    expect(loc).toEqual({ backend: 'postgres', url, describe: 'postgres://db:5432/gatea' });
  });

  it.each([
    ['mysql://root:sekret@db/gatea', /unsupported scheme "mysql:"/],
    ['./gatea.db', /no scheme/],
    ['sqlite:', /no file path/],
  ])('refuses %s naming GATEA_DATABASE_URL and the accepted forms', (url, reason) => {
    const err = (() => {
      try {
        parseDatabaseUrl(url);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'bad_url', message: expect.stringMatching(reason) });
    expect(err).toMatchObject({ message: expect.stringContaining('GATEA_DATABASE_URL') });
    expect(err).toMatchObject({ message: expect.stringContaining('sqlite:<path>') });
    expect(err).not.toMatchObject({ message: expect.stringContaining('sekret') });
  });
});

describe('openStore options', () => {
  it('rejects a pool size that cannot work before touching the database', async () => {
    await expect(openStore('postgres://db/gatea', { poolSize: 0 })).rejects.toThrow(TypeError);
    await expect(openStore('sqlite::memory:', { busyTimeoutMs: -1 })).rejects.toThrow(/busyTimeoutMs/);
  });
});
