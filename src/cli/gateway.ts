/**
 * The composition root (STYLE §2.7): builds the store, tool registry, Gitea
 * clients, auth pipeline and HTTP app from one Config, and serves them.
 * `gatea serve` and `gatea demo` both start the gateway through here.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  buildProtectedResourceMetadata,
  createAuthPipeline,
  GiteaOidc,
  type GiteaScopeRules,
  ProbeCache,
  type ProbedToken,
  protectedResourceMetadataUrl,
} from '../auth/index.js';
import { type Config, ConfigError, secretProblem } from '../config/index.js';
import { createGiteaAgent, createGiteaClient } from '../gitea/index.js';
import { createHttpApp } from '../http/index.js';
import type { Logger } from '../observability/index.js';
import { openStore, type Store } from '../store/index.js';
import { ALL_TOOLS, buildToolRegistry, ToolSelectionError, unionScopes } from '../tools/index.js';

export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  mcpUrl: string;
  store: Store;
  close(): Promise<void>;
}

const PROBE_CACHE_MAX_TTL_MS = 5 * 60_000;
const JWKS_REFETCH_COOLDOWN_MS = 30_000;

/** Which scope-derivation rules the Gitea in front of us follows, from its anonymous /version. */
async function detectScopeRules(giteaUrl: string, timeoutMs: number): Promise<GiteaScopeRules> {
  try {
    const res = await fetch(`${giteaUrl}/api/v1/version`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as { version?: unknown };
    const version = typeof body.version === 'string' ? body.version : '';
    if (version.includes('+gitea-')) return 'forgejo';
    const [major, minor] = version.split('.').map(Number);
    return major === 1 && (minor ?? 0) <= 22 ? 'gitea-1.22' : 'gitea-1.23+';
  } catch {
    // Unknown: assume the strictest widening rules of current Gitea.
    return 'gitea-1.23+';
  }
}

/** Resolves each active service key's Gitea token from `env`; an empty or placeholder token stops start-up. */
async function serviceKeyTokens(
  store: Store,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const problems: { setting: string; problem: string }[] = [];
  for (const key of await store.listServiceKeys()) {
    if (key.revoked) continue;
    const value = env[key.giteaTokenEnv] ?? '';
    const problem = secretProblem(value);
    if (problem)
      problems.push({
        setting: key.giteaTokenEnv,
        problem: `(the Gitea token of service key "${key.name}") ${problem}`,
      });
    else tokens.set(key.id, value.trim());
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return tokens;
}

/** Starts the gateway; throws ConfigError for anything an operator must fix. */
export async function startGateway(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
): Promise<RunningGateway> {
  let registry: ReturnType<typeof buildToolRegistry>;
  try {
    registry = buildToolRegistry(ALL_TOOLS, config.tools);
  } catch (err) {
    if (err instanceof ToolSelectionError) throw new ConfigError([{ setting: err.setting, problem: err.message }]);
    throw err;
  }
  const store = await openStore(config.store.databaseUrl);
  try {
    const keyTokens = await serviceKeyTokens(store, env);
    const agent = createGiteaAgent();
    const giteaFor = (token: string) =>
      createGiteaClient({ baseUrl: config.gitea.url, token, timeoutMs: config.gitea.timeoutMs, retries: 1, agent });
    const oidc = config.auth.directTokens
      ? new GiteaOidc({
          giteaUrl: config.gitea.url,
          fetch,
          now: Date.now,
          timeoutMs: config.gitea.timeoutMs,
          jwksRefetchCooldownMs: JWKS_REFETCH_COOLDOWN_MS,
        })
      : null;
    const issuer = oidc
      ? await oidc.issuer().catch((err: Error) => {
          throw new ConfigError([
            { setting: 'GITEA_URL', problem: `cannot be used for direct tokens: ${err.message}` },
          ]);
        })
      : null;

    let handler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
    const server = serve({ fetch: (req) => handler(req), hostname: config.http.host, port: config.http.port });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
    const url = `http://${host}:${port}`;
    // With --port 0 the default public URL is only known now.
    const publicUrl = config.http.port === 0 && config.http.publicUrl.endsWith(':0') ? url : config.http.publicUrl;
    const resource = `${publicUrl}/mcp`;
    const metadataUrl = protectedResourceMetadataUrl(resource);
    // Direct mode: clients get tokens from Gitea, so ask for exactly the Gitea scopes the enabled tools need.
    const scopes = oidc
      ? unionScopes(registry.tools.map((t) => t.scopes))
      : config.tools.readOnly
        ? ['read:repository']
        : ['read:repository', 'write:repository'];

    const authenticate = createAuthPipeline({
      directTokens: config.auth.directTokens,
      resourceMetadataUrl: metadataUrl,
      challengeScopes: scopes,
      findServiceKey: (id) => store.findServiceKey(id),
      serviceKeyGiteaToken: (id) => keyTokens.get(id),
      oidc,
      oauthClient: config.gitea.oauthClient,
      scopeRules: await detectScopeRules(config.gitea.url, config.gitea.timeoutMs),
      probeScope: 'read:repository',
      probeCache: new ProbeCache<ProbedToken>({ maxTtlMs: PROBE_CACHE_MAX_TTL_MS, maxEntries: 10_000, now: Date.now }),
      giteaFor,
      log,
    });
    const app = createHttpApp({
      registry,
      authenticate,
      log,
      publicUrl,
      allowedOrigins: config.http.allowedOrigins,
      allowedHosts: config.http.allowedHosts,
      legacySse: config.http.legacySse,
      requestId: randomUUID,
      protectedResource: {
        metadataUrl,
        metadata: buildProtectedResourceMetadata({
          resource,
          authorizationServers: [issuer ?? publicUrl],
          scopes,
          documentationUrl: `${publicUrl}/openapi.json`,
        }),
      },
    });
    handler = app.fetch;
    log.info(
      {
        url,
        public_url: publicUrl,
        tools: registry.tools.length,
        direct_tokens: config.auth.directTokens,
        store: store.backend,
      },
      'gatea_listening',
    );
    return {
      url,
      mcpUrl: `${url}/mcp`,
      store,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await agent.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
