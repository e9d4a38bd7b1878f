/**
 * The Store contract on PostgreSQL (GATEA_TEST_DATABASE_URL, or an embedded
 * server), with a second Store on the same database playing another replica
 * so the take-once races really cross connections.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.js';
import { type TestPostgres, withTestPostgres } from '../../support/postgres.js';
import { client, describeStoreContract, grantInput, T0 } from './store-contract.js';

let server: TestPostgres;

beforeAll(async () => {
  server = await withTestPostgres();
});
afterAll(async () => {
  await server?.cleanup();
});

describeStoreContract('postgres', async () => {
  const url = await server.createDatabase();
  return { store: await openStore(url, { poolSize: 8 }), replica: () => openStore(url, { poolSize: 8 }) };
});

async function rows(url: string, text: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe('PostgreSQL backend', () => {
  it('lets several replicas start at once: one migrates, all work', async () => {
    const url = await server.createDatabase();
    const stores: Store[] = await Promise.all([1, 2, 3, 4].map(() => openStore(url, { poolSize: 2 })));
    expect(await rows(url, 'select name from gatea_migrations')).toEqual([{ name: '0001_initial' }]);
    await stores[0]?.registerClient(client());
    await stores[1]?.saveGrant(grantInput(), T0);
    expect(await stores[3]?.findGrant('grant-1')).toMatchObject({ giteaUserId: 42 });
    for (const s of stores) await s.close();
  });

  it('stores Gitea ciphertext as bytea, times as bigint', async () => {
    const url = await server.createDatabase();
    const store = await openStore(url);
    const types = await rows(
      url,
      "select column_name, data_type from information_schema.columns where table_name = 'gatea_grants' and column_name in ('gitea_access_token', 'created_at') order by column_name",
    );
    expect(types).toEqual([
      { column_name: 'created_at', data_type: 'bigint' },
      { column_name: 'gitea_access_token', data_type: 'bytea' },
    ]);
    await store.close();
  });

  it('refuses a database migrated by a newer Gatea', async () => {
    const url = await server.createDatabase();
    await (await openStore(url)).close();
    await rows(url, "insert into gatea_migrations (name, applied_at) values ('9999_future', 0)");
    await expect(openStore(url)).rejects.toMatchObject({ code: 'schema_newer' });
  });

  it('names GATEA_DATABASE_URL, not the password, when the database is unreachable', async () => {
    const err = await openStore('postgres://gatea:hunter2secret@127.0.0.1:1/gatea', { connectTimeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'unreachable', message: expect.stringContaining('GATEA_DATABASE_URL') });
    expect(err).toMatchObject({ message: expect.stringContaining('127.0.0.1:1/gatea') });
    expect(err).not.toMatchObject({ message: expect.stringContaining('hunter2') });
  });

  it('names GATEA_DATABASE_URL when the database does not exist', async () => {
    const missing = new URL(server.url);
    missing.pathname = '/gatea_no_such_database';
    await expect(openStore(missing.toString())).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringMatching(/GATEA_DATABASE_URL.*does not exist/),
    });
  });
});
