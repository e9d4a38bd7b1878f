/**
 * Schema migrations: one ordered list, applied at open, recorded in
 * `gatea_migrations`. The same schema is built on both backends with kysely's
 * schema builder; only the byte type differs (BLOB vs BYTEA).
 *
 * Several replicas may start at once: on PostgreSQL the whole run holds a
 * transaction-scoped advisory lock, on SQLite a `BEGIN IMMEDIATE` write lock,
 * so exactly one process applies each migration and the others wait for it.
 */
import { type Kysely, sql } from 'kysely';
import { StoreError } from './errors.js';
import type { Database } from './schema.js';

/** Which SQL backend a migration is building for. */
export type Backend = 'sqlite' | 'postgres';

/** One schema step; never edit a released one, append a new one instead. */
export interface Migration {
  name: string;
  up(db: Kysely<Database>, backend: Backend): Promise<void>;
}

/** Arbitrary constant identifying Gatea's migration lock among advisory locks. */
const PG_MIGRATION_LOCK_KEY = 7_146_512_301;

function bytesType(backend: Backend) {
  return backend === 'postgres' ? sql`bytea` : sql`blob`;
}

async function createOAuthTables(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('gatea_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('client_secret_hash', 'text')
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('client_name', 'text')
    .addColumn('grant_types', 'text', (c) => c.notNull())
    .addColumn('token_endpoint_auth_method', 'text', (c) => c.notNull())
    .addColumn('cimd', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('gatea_pending_authorizations')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('gatea_clients.client_id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('client_state', 'text')
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('code_challenge_method', 'text', (c) => c.notNull())
    .addColumn('gitea_code_verifier', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('resource', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gatea_pending_authorizations_expires_at')
    .on('gatea_pending_authorizations')
    .column('expires_at')
    .execute();
}

async function createGrantTables(db: Kysely<Database>, backend: Backend): Promise<void> {
  await db.schema
    .createTable('gatea_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('gatea_clients.client_id').onDelete('cascade'))
    .addColumn('gitea_user_id', 'bigint', (c) => c.notNull())
    .addColumn('gitea_login', 'text', (c) => c.notNull())
    .addColumn('gitea_access_token', bytesType(backend), (c) => c.notNull())
    .addColumn('gitea_refresh_token', bytesType(backend))
    .addColumn('gitea_token_expires_at', 'bigint')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('gatea_grants_client_user', ['client_id', 'gitea_user_id'])
    .execute();

  await db.schema
    .createTable('gatea_authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('gatea_clients.client_id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('code_challenge_method', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('gatea_grants.id').onDelete('cascade'))
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('resource', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('gatea_authorization_codes_expires_at')
    .on('gatea_authorization_codes')
    .column('expires_at')
    .execute();
}

async function createTokenTable(
  db: Kysely<Database>,
  table: 'gatea_access_tokens' | 'gatea_refresh_tokens',
): Promise<void> {
  let builder = db.schema
    .createTable(table)
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('gatea_grants.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint');
  if (table === 'gatea_refresh_tokens') builder = builder.addColumn('used_at', 'bigint');
  await builder.execute();
  for (const column of ['grant_id', 'family_id', 'expires_at'] as const) {
    await db.schema.createIndex(`${table}_${column}`).on(table).column(column).execute();
  }
}

async function createServiceKeysTable(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('gatea_service_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('gitea_token_env', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_initial',
    async up(db, backend) {
      await createOAuthTables(db);
      await createGrantTables(db, backend);
      await createTokenTable(db, 'gatea_access_tokens');
      await createTokenTable(db, 'gatea_refresh_tokens');
      await createServiceKeysTable(db);
    },
  },
];

async function applyPending(
  db: Kysely<Database>,
  backend: Backend,
  migrations: readonly Migration[],
  now: number,
): Promise<string[]> {
  await db.schema
    .createTable('gatea_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
  const rows = await db.selectFrom('gatea_migrations').select('name').orderBy('name').execute();
  const known = new Set(migrations.map((m) => m.name));
  const unknown = rows.map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new StoreError(
      'schema_newer',
      `The database (GATEA_DATABASE_URL) has migrations this Gatea does not know (${unknown.join(', ')}); it was upgraded by a newer Gatea. Run that version, or restore a backup.`,
    );
  }
  const applied = new Set(rows.map((r) => r.name));
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    await migration.up(db, backend);
    await db.insertInto('gatea_migrations').values({ name: migration.name, applied_at: now }).execute();
    done.push(migration.name);
  }
  return done;
}

/** Applies every migration not yet recorded, under a lock, in one transaction; returns the names applied. */
export async function runMigrations(
  db: Kysely<Database>,
  backend: Backend,
  now: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    if (backend === 'postgres') {
      await sql`begin`.execute(conn);
      await sql`select pg_advisory_xact_lock(${PG_MIGRATION_LOCK_KEY}::bigint)`.execute(conn);
    } else {
      await sql`begin immediate`.execute(conn);
    }
    try {
      const done = await applyPending(conn, backend, migrations, now);
      await sql`commit`.execute(conn);
      return done;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
