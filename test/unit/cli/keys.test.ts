/** `gatea keys create|list|revoke` against a real SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashServiceKey, parseServiceKeyId } from '../../../src/auth/index.js';
import { runKeys } from '../../../src/cli/keys.js';
import { ConfigError } from '../../../src/config/index.js';
import { openStore, type Store } from '../../../src/store/index.js';

let store: Store;
let out: string[];
const io = { out: (line: string) => out.push(line) };
const now = () => 1_700_000_000_000;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  out = [];
});
afterEach(async () => {
  await store.close();
});

describe('gatea keys', () => {
  it('creates a key shown once, stores only its hash, lists and revokes it', async () => {
    await runKeys(
      ['create', '--name', 'ci-bot', '--scopes', 'write', '--gitea-token-env', 'CI_BOT_TOKEN'],
      store,
      io,
      now,
    );
    const key = out[0] as string;
    const id = parseServiceKeyId(key) as string;
    const stored = await store.findServiceKey(id);
    expect(stored).toMatchObject({
      name: 'ci-bot',
      scopes: 'write',
      giteaTokenEnv: 'CI_BOT_TOKEN',
      keyHash: hashServiceKey(key),
    });
    expect(JSON.stringify(stored)).not.toContain(key);

    out = [];
    await runKeys(['list'], store, io, now);
    expect(JSON.parse(out[0] as string)).toMatchObject({ id, name: 'ci-bot', revoked: false });
    expect(out.join('')).not.toContain(key);

    out = [];
    await runKeys(['revoke', id], store, io, now);
    expect(out).toEqual([`revoked ${id}`]);
    expect((await store.findServiceKey(id))?.revoked).toBe(true);
    await expect(runKeys(['revoke', id], store, io, now)).rejects.toThrow(/no active key/);
  });

  it('names every bad flag', async () => {
    const err = await runKeys(['create', '--name', 'bad name!', '--scopes', 'admin'], store, io, now).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.setting)).toEqual(['--name', '--scopes', '--gitea-token-env']);
    await expect(runKeys(['rotate'], store, io, now)).rejects.toThrow(/create, list or revoke/);
  });
});
