/**
 * Starts the simulator on a loopback port: builds the context, seeds it, and
 * serves the app with @hono/node-server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { buildApiRouter } from './api/index.js';
import { createSimApp } from './app.js';
import type { SimContext, SimOptions } from './context.js';
import { SimGit } from './git.js';
import { FaultTable } from './http/faults.js';
import { RequestLog } from './http/request-log.js';
import { createOAuthProvider, type SimOAuthProvider } from './oauth/index.js';
import { buildProfile, type Flavor } from './profile.js';
import { type SeedInfo, seed } from './seed/index.js';
import { SimState } from './state.js';

export interface StartSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  flavor?: Flavor;
  version?: string;
  /** Where bare git repositories go; a fresh temp dir (removed on close) when absent. */
  dataDir?: string;
  /** Seed users, repos, issues…; default true. */
  seed?: boolean;
  /** Overrides of Gitea's [oauth2] settings. */
  oauth2?: Partial<Omit<SimOptions, 'appUrl'>>;
  /** Redirect URIs added to the seeded "Gatea" OAuth app besides its placeholder (e.g. the gateway's callback). */
  oauthRedirectUris?: string[];
  /** Clock for token lifetimes and timestamps; defaults to the wall clock. */
  now?: () => Date;
}

export interface RunningSimulator {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  sim: SimContext;
  /** The OAuth2/OIDC provider (apps, grants, signing key, token minting). */
  oauth: SimOAuthProvider;
  seed: SeedInfo;
  close(): Promise<void>;
}

export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const profile = buildProfile(opts.flavor ?? 'gitea', opts.version);
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'gatea-sim-')));
  const options: SimOptions = {
    appUrl: '',
    oauth2Enabled: true,
    invalidateRefreshTokens: profile.invalidateRefreshTokensDefault,
    accessTokenTtlSeconds: 3600,
    refreshTokenTtlHours: 730,
    ...opts.oauth2,
  };
  const sim: SimContext = {
    state: new SimState(),
    profile,
    options,
    git: new SimGit(join(dataDir, 'repos')),
    oauth: { resolveAccessToken: async () => null },
    faults: new FaultTable(),
    requests: new RequestLog(),
    appUrl: () => options.appUrl,
    now: opts.now ?? (() => new Date()),
  };
  const provider = await createOAuthProvider(sim);
  sim.oauth = provider;
  const app = createSimApp(sim, buildApiRouter(), provider);

  const host = opts.host ?? '127.0.0.1';
  const server = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.appUrl = `${url}/`;

  const info: SeedInfo =
    opts.seed === false ? { users: [] } : await seed(sim, { oauthRedirectUris: opts.oauthRedirectUris });
  return {
    url,
    sim,
    oauth: provider,
    seed: info,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
