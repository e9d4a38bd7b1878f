/**
 * Gateways for `gatea doctor` to check, started as `gatea serve` and
 * `gatea demo` start them (src/cli/gateway.ts) in front of a simulator:
 * broker mode as the demo runs it (Gatea's OAuth app, direct tokens on,
 * read-only), or direct mode alone (Gitea is the authorization server; the app
 * only introspects). Service keys are created the way an operator does, before
 * start, acting with whatever Gitea token the test puts in their variable.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSimulator } from '../../sim/index.js';
import { type RunningGateway, startGateway } from '../../src/cli/gateway.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/index.js';
import { captureLogs, type LogCapture } from './log-capture.js';
import { createServiceKey } from './service-keys.js';

export type RigMode = 'broker' | 'direct';

export interface DoctorRigOptions {
  mode: RigMode;
  /** Settings over the mode's defaults (e.g. GATEA_PUBLIC_URL). */
  env?: Record<string, string>;
  /** A service key acting with this Gitea token (the variable is set to it before start). */
  serviceKeyGiteaToken?: string;
}

export interface DoctorRig {
  readonly gateway: RunningGateway;
  readonly databaseUrl: string;
  /** The `gmk_` key, when one was asked for. */
  readonly serviceKey: string | undefined;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

/** The settings of `mode` against `sim`, with `dir` for the SQLite file. */
export function rigEnv(sim: RunningSimulator, mode: RigMode, dir: string): Record<string, string> {
  const app = sim.seed.oauthApp;
  if (!app) throw new Error('the simulator seed has no OAuth app');
  return {
    GITEA_URL: sim.url,
    GATEA_PORT: '0',
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
    GITEA_OAUTH_CLIENT_ID: app.clientId,
    GITEA_OAUTH_CLIENT_SECRET: app.clientSecret,
    GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
    GATEA_DIRECT_TOKENS: 'true',
    GATEA_READ_ONLY: 'true',
    GATEA_LOG_LEVEL: 'debug',
    ...(mode === 'direct' ? { GATEA_BROKER: 'false' } : {}),
  };
}

/** Starts a gateway in front of `sim`; `close()` stops it (not the simulator). */
export async function startDoctorRig(sim: RunningSimulator, opts: DoctorRigOptions): Promise<DoctorRig> {
  const dir = await mkdtemp(join(tmpdir(), 'gatea-doctor-'));
  const env = { ...rigEnv(sim, opts.mode, dir), ...opts.env };
  const databaseUrl = env.GATEA_DATABASE_URL as string;
  let serviceKey: string | undefined;
  if (opts.serviceKeyGiteaToken !== undefined) {
    env.DOCTOR_TEST_GITEA_TOKEN = opts.serviceKeyGiteaToken;
    serviceKey = await createServiceKey(databaseUrl, 'doctor-test', 'read', 'DOCTOR_TEST_GITEA_TOKEN');
  }
  const logs = captureLogs();
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(loadConfig(env), env, createLogger({ level: 'debug', destination: logs.sink }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  // Gatea's callback is the one redirect URI of its app in Gitea; the port is known only now.
  for (const a of sim.oauth.store.apps.values())
    if (a.clientId === sim.seed.oauthApp?.clientId) a.redirectUris.push(`${gateway.url}/oauth/callback`);
  return {
    gateway,
    databaseUrl,
    serviceKey,
    logs,
    async close() {
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Gitea OAuth access token (JWT) for `login` from the seeded app, with `scope`; issued at `now` when given. */
export async function giteaOAuthToken(
  sim: RunningSimulator,
  login: string,
  scope: string,
  now?: Date,
): Promise<string> {
  const user = sim.sim.state.userByLogin(login);
  const app = [...sim.oauth.store.apps.values()].find((a) => a.clientId === sim.seed.oauthApp?.clientId);
  if (!user || !app) throw new Error(`no seeded user ${login} or OAuth app`);
  return (await sim.oauth.issueTokens(user.id, app, scope, now)).accessToken;
}
