/**
 * Opens the store named by GATEA_DATABASE_URL, migrates it and returns it.
 *
 * - `sqlite:<path>` (also `sqlite://<path>`, `sqlite:///abs/path`): one file,
 *   WAL journal so readers never block the writer, a busy timeout instead of
 *   instant SQLITE_BUSY, foreign keys enforced. `sqlite::memory:` for tests.
 *   One process only: SQLite cannot be shared between replicas.
 * - `postgres://…` / `postgresql://…`: a pg Pool; any number of replicas.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase as SqliteDialectDatabase, sql } from 'kysely';
import { describeDriverError, StoreError } from './errors.js';
import { createKyselyStore } from './kysely-store.js';
import { type Backend, runMigrations } from './migrations.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** Options of `openStore`; each has a default that suits a single small deployment. */
export interface OpenStoreOptions {
  /** PostgreSQL connections per replica. Default 10. */
  poolSize?: number;
  /** How long to wait for a PostgreSQL connection. Default 5000. */
  connectTimeoutMs?: number;
  /** How long SQLite waits for another writer's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
  /** Receives errors of idle pooled PostgreSQL connections (the pool drops them and reconnects). */
  onPoolError?: (err: Error) => void;
  /** Clock for the `applied_at` of migrations. Default Date.now. */
  clock?: () => number;
}

/** A parsed GATEA_DATABASE_URL. */
export type DatabaseLocation =
  | { backend: 'sqlite'; path: string; describe: string }
  | { backend: 'postgres'; url: string; describe: string };

const URL_FORMS = '`sqlite:<path>` (e.g. sqlite:./data/gatea.db) or `postgres://user:password@host:5432/dbname`';

/** Parses a database URL; throws StoreError `bad_url` naming GATEA_DATABASE_URL. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    let path = trimmed.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '')
      throw new StoreError('bad_url', `GATEA_DATABASE_URL "sqlite:" has no file path; use ${URL_FORMS}.`);
    return { backend: 'sqlite', path, describe: `sqlite:${path}` };
  }
  if (trimmed.startsWith('postgres://') || trimmed.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new StoreError('bad_url', `GATEA_DATABASE_URL is not a valid PostgreSQL URL; use ${URL_FORMS}.`);
    }
    const db = parsed.pathname.replace(/^\//, '') || '(default database)';
    return { backend: 'postgres', url: trimmed, describe: `postgres://${parsed.host}/${db}` };
  }
  // The value itself is not echoed: it may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  throw new StoreError(
    'bad_url',
    `GATEA_DATABASE_URL has ${scheme ? `the unsupported scheme "${scheme}:"` : 'no scheme'}; use ${URL_FORMS}.`,
  );
}

function checkOptions(opts: OpenStoreOptions): void {
  for (const key of ['poolSize', 'connectTimeoutMs', 'busyTimeoutMs'] as const) {
    const v = opts[key];
    if (v !== undefined && (!Number.isInteger(v) || v <= 0)) {
      throw new TypeError(`openStore: ${key} must be a positive integer, got ${v}`);
    }
  }
}

// Each driver is imported only for its backend: pg costs ≈13 MB of memory and start-up time with SQLite.
async function openSqlite(path: string, opts: OpenStoreOptions): Promise<Kysely<Database>> {
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  const { default: SqliteDatabase } = await import('better-sqlite3');
  let database: SqliteDatabase.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new SqliteDatabase(path, { timeout: busyTimeoutMs });
    database.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  } catch (err) {
    throw new StoreError(
      'unreachable',
      `Cannot open the SQLite database sqlite:${path} (GATEA_DATABASE_URL): ${describeDriverError(err)}. Check that the directory exists and is writable.`,
      { cause: err },
    );
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

/** Compiled statements kept per connection: the queries are a fixed set written in the code. */
const MAX_CACHED_STATEMENTS = 256;

/**
 * The database as kysely's SQLite driver sees it, with compiled statements
 * kept by SQL text: the driver prepares every query anew, which was most of
 * the cost of a store read on the hot path (bench/RESULTS.md). A statement an
 * iterator is still reading (`busy`) is never handed out twice.
 */
export function withStatementCache(database: SqliteDatabase.Database): SqliteDialectDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        statements.set(sql, statement);
        if (statements.size > MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value as string);
      }
      return statement;
    },
  };
}

async function openPostgres(url: string, opts: OpenStoreOptions): Promise<Kysely<Database>> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
  });
  // Without a listener an idle connection's error (server restart) would crash the process.
  pool.on('error', (err) => opts.onPoolError?.(err));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens (and migrates) the database named by `url`, the value of GATEA_DATABASE_URL. */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  checkOptions(opts);
  const location = parseDatabaseUrl(url);
  const backend: Backend = location.backend;
  const db =
    location.backend === 'sqlite' ? await openSqlite(location.path, opts) : await openPostgres(location.url, opts);
  try {
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      throw new StoreError(
        'unreachable',
        `Cannot reach the database ${location.describe} (GATEA_DATABASE_URL): ${describeDriverError(err)}. Check the host, port, credentials and that the database exists.`,
        { cause: err },
      );
    }
    await runMigrations(db, backend, (opts.clock ?? Date.now)());
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
  return createKyselyStore(db, backend, location.describe);
}
