/**
 * The Store contract on SQLite (a real file in a temporary directory), plus
 * what only SQLite has: pragmas, file paths, reopening.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { client, describeStoreContract, grantInput, T0 } from './store-contract.js';

let dir: string;
let counter = 0;
const nextPath = () => join(dir, `gatea-${++counter}.db`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatea-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Another process (as a second Gatea on the same file would be) takes SQLite's
 * write lock with BEGIN IMMEDIATE, holds it for `holdMs`, then commits. Resolves
 * once the lock is held; `done` resolves when the process has ended.
 */
async function holdWriteLock(path: string, holdMs: number): Promise<{ done: Promise<unknown> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec('COMMIT');
    db.close();`;
  const child = spawn(process.execPath, ['-e', script, path, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = once(child, 'close');
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  expect(line).toBe('locked');
  return { done };
}

/** How long `work` took, and how it ended. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  return { ms: performance.now() - started, error };
}

// One connection per file: SQLite serves a single Gatea process, so there is no second replica.
describeStoreContract('sqlite file', async () => ({
  store: await openStore(`sqlite:${nextPath()}`),
  replica: async () => null,
}));

describe('SQLite backend', () => {
  it('uses WAL and enforced foreign keys', async () => {
    const path = nextPath();
    const store = await openStore(`sqlite:${path}`);
    // Foreign keys are per connection, so check the behaviour: a pending authorization needs its client.
    await expect(
      store.savePendingAuthorization({
        state: 's',
        clientId: 'missing',
        redirectUri: 'http://127.0.0.1/cb',
        clientState: null,
        codeChallenge: 'x',
        codeChallengeMethod: 'S256',
        giteaCodeVerifier: null,
        scopes: [],
        resource: null,
        createdAt: T0,
        expiresAt: T0 + 1,
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
    const raw = new SqliteDatabase(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it("waits for another connection's write lock, and succeeds once it is released within busyTimeoutMs", async () => {
    const path = nextPath();
    const store = await openStore(`sqlite:${path}`, { busyTimeoutMs: 5000 });
    try {
      const lock = await holdWriteLock(path, 600);
      const write = await timed(() => store.registerClient(client('waited')));
      expect(write.error).toBeNull();
      // It waited for the other process's commit rather than failing at once with SQLITE_BUSY.
      expect(write.ms).toBeGreaterThan(300);
      await lock.done;
      expect(await store.findClient('waited')).toMatchObject({ clientId: 'waited' });
    } finally {
      await store.close();
    }
  });

  it('fails with SQLITE_BUSY once busyTimeoutMs has passed while another connection holds the lock', async () => {
    const path = nextPath();
    const store = await openStore(`sqlite:${path}`, { busyTimeoutMs: 200 });
    try {
      const lock = await holdWriteLock(path, 3000);
      const write = await timed(() => store.registerClient(client('too-late')));
      expect(write.error).toMatchObject({ code: 'SQLITE_BUSY' });
      // It waited its 200 ms, not the default 5 s nor until the lock went away.
      expect(write.ms).toBeGreaterThanOrEqual(150);
      expect(write.ms).toBeLessThan(2000);
      await lock.done;
      expect(await store.findClient('too-late')).toBeNull();
      await store.registerClient(client('too-late'));
      expect(await store.findClient('too-late')).toMatchObject({ clientId: 'too-late' });
    } finally {
      await store.close();
    }
  });

  it('keeps data across reopening and does not re-run migrations', async () => {
    const path = nextPath();
    const first = await openStore(`sqlite:${path}`);
    await first.registerClient(client());
    await first.saveGrant(grantInput(), T0);
    await first.close();
    const second = await openStore(`sqlite://${path}`);
    expect(await second.findGrant('grant-1')).toMatchObject({ giteaLogin: 'alice' });
    await second.close();
    const raw = new SqliteDatabase(path, { readonly: true });
    expect(raw.prepare('select name from gatea_migrations').all()).toEqual([{ name: '0001_initial' }]);
    raw.close();
  });

  it('creates missing parent directories for the file', async () => {
    const store = await openStore(`sqlite:${join(dir, 'nested', 'deeper', 'gatea.db')}`);
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });

  it('supports an in-memory database for tests', async () => {
    const store = await openStore('sqlite::memory:');
    await store.registerClient(client());
    expect(await store.findClient('client-1')).toMatchObject({ clientName: 'Claude' });
    await store.close();
  });

  it('refuses a database migrated by a newer Gatea', async () => {
    const path = nextPath();
    await (await openStore(`sqlite:${path}`)).close();
    const raw = new SqliteDatabase(path);
    raw.prepare("insert into gatea_migrations (name, applied_at) values ('9999_future', 0)").run();
    raw.close();
    await expect(openStore(`sqlite:${path}`)).rejects.toMatchObject({
      code: 'schema_newer',
      message: expect.stringContaining('9999_future'),
    });
  });

  it('names GATEA_DATABASE_URL when the file cannot be opened', async () => {
    const blocker = nextPath();
    await (await openStore(`sqlite:${blocker}`)).close();
    // A path below a regular file can never be created.
    await expect(openStore(`sqlite:${join(blocker, 'x.db')}`)).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('GATEA_DATABASE_URL'),
    });
  });
});
