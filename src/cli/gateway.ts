/**
 * The composition root (STYLE §2.7): builds the store, tool registry, Gitea
 * clients, auth pipeline and HTTP app from one Config, and serves them.
 * `gatea serve` and `gatea demo` both start the gateway through here.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, serve } from '@hono/node-server';
import {
  API_PROBE_SCOPE,
  buildProtectedResourceMetadata,
  createAuthPipeline,
  GiteaOidc,
  type GiteaScopeRules,
  ProbeCache,
  type ProbedToken,
  protectedResourceMetadataUrl,
  serviceKeyRecords,
  ValidationLimit,
} from '../auth/index.js';
import { type Config, ConfigError, secretProblem, withSettingFiles } from '../config/index.js';
import { createGiteaAgent, createGiteaClient, detectGiteaServer, type GiteaClient } from '../gitea/index.js';
import {
  clientAddressResolver,
  createHttpHandlers,
  createMetricsApp,
  createReadiness,
  type HttpHandlers,
} from '../http/index.js';
import type { FetchClientMetadata } from '../oauth/index.js';
import { type Logger, loadMetrics } from '../observability/index.js';
import { openStore, type Store } from '../store/index.js';
import { ALL_TOOLS, buildToolRegistry, TOOL_ALIASES, ToolSelectionError, unionScopes } from '../tools/index.js';
import { createAuthorizationServer } from './authorization-server.js';

export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  mcpUrl: string;
  /** The separate metrics listener's base URL (GATEA_METRICS_PORT), or null. */
  metricsUrl: string | null;
  store: Store;
  /** Stops accepting, lets calls in flight finish (bounded), then closes Gitea connections and the store. */
  close(): Promise<void>;
}

const PROBE_CACHE_MAX_TTL_MS = 5 * 60_000;
/** Token checks that reach Gitea (userinfo, probe) one client address may cause per minute; cached passes are free. */
const VALIDATIONS_PER_CLIENT_PER_MINUTE = 30;
/** A token Gitea rejected is answered from memory this long. */
const REJECTED_TOKEN_TTL_MS = 60_000;
const JWKS_REFETCH_COOLDOWN_MS = 30_000;
/** A service key's record is re-read from the store this often: a revocation takes effect within it. */
export const SERVICE_KEY_RECHECK_MS = 5_000;
/** Gitea clients kept for reuse, one per token (about one per active caller). */
const GITEA_CLIENTS_KEPT = 1_000;
/** A service key's "last used" time is written at most this often. */
const SERVICE_KEY_LAST_USED_EVERY_MS = 60_000;
/** /readyz answers are reused this long; each check may take this long. */
const READINESS_CACHE_MS = 2_000;
const READINESS_TIMEOUT_MS = 2_000;
/** On shutdown, calls in flight get this long to finish before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;

type NodeServer = ReturnType<typeof serve>;

/** `fn` run at most once; later calls get the first call's promise (a second signal, a test's cleanup). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn();
    return running;
  };
}

async function listen(server: NodeServer, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** How often a draining server closes connections that went idle (a finished call's keep-alive). */
const DRAIN_POLL_MS = 50;

/**
 * Stops accepting connections and closes keep-alive ones as soon as they are idle;
 * requests in flight may finish within `graceMs`, after which their connections are cut.
 */
function drain(server: NodeServer, graceMs: number): Promise<void> {
  const http = server as NodeServer & { closeIdleConnections?(): void; closeAllConnections?(): void };
  return new Promise<void>((resolve) => {
    const idle = setInterval(() => http.closeIdleConnections?.(), DRAIN_POLL_MS);
    const cut = setTimeout(() => http.closeAllConnections?.(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    http.closeIdleConnections?.();
  });
}

/** Which scope-derivation rules the Gitea in front of us follows (reference §3.2, §5). */
async function detectScopeRules(config: Config): Promise<GiteaScopeRules> {
  try {
    const server = await detectGiteaServer({
      baseUrl: config.gitea.url,
      timeoutMs: config.gitea.timeoutMs,
      retries: 1,
    });
    if (server.flavor === 'forgejo') return 'forgejo';
    const [major, minor] = server.giteaCompatVersion.split('.').map(Number);
    return major === 1 && (minor ?? 0) <= 22 ? 'gitea-1.22' : 'gitea-1.23+';
  } catch {
    // Unknown: assume current Gitea's rules (any unknown scope widens to `all`).
    return 'gitea-1.23+';
  }
}

/** Resolves each active service key's Gitea token from `env` (or its `_FILE`); an empty or placeholder token stops start-up. */
async function serviceKeyTokens(
  store: Store,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const problems: { setting: string; problem: string }[] = [];
  const active = (await store.listServiceKeys()).filter((key) => !key.revoked);
  const resolved = withSettingFiles(
    env,
    active.map((key) => key.giteaTokenEnv),
  );
  for (const key of active) {
    const value = resolved[key.giteaTokenEnv] ?? '';
    // The key and the Gitea token are separate secrets: a gmk_ value here is a configuration mix-up.
    const problem = value.trim().startsWith('gmk_')
      ? 'holds a Gatea service key, not a Gitea token'
      : secretProblem(value);
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
  /** Replaces parts that reach outside this machine (tests serve metadata documents on loopback). */
  overrides: { clientMetadata?: FetchClientMetadata } = {},
): Promise<RunningGateway> {
  let registry: ReturnType<typeof buildToolRegistry>;
  try {
    registry = buildToolRegistry(ALL_TOOLS, config.tools, TOOL_ALIASES);
  } catch (err) {
    if (err instanceof ToolSelectionError) throw new ConfigError([{ setting: err.setting, problem: err.message }]);
    throw err;
  }
  // Counted only when exposed (GATEA_METRICS_TOKEN or GATEA_METRICS_PORT): nothing else reads them.
  const metricsModule = config.metrics.token !== null || config.metrics.port !== null ? await loadMetrics() : null;
  const metrics = metricsModule ? new metricsModule.GatewayMetrics() : undefined;
  const openedStore = await openStore(config.store.databaseUrl);
  const store =
    metricsModule && metrics
      ? metricsModule.timeOperations(openedStore, (op, outcome, seconds) =>
          metrics.storeOperation(op, outcome, seconds),
        )
      : openedStore;
  /** Listeners opened so far, closed again if start-up fails after them. */
  const listening: NodeServer[] = [];
  try {
    const keyTokens = await serviceKeyTokens(store, env);
    const agent = createGiteaAgent();
    // A client is fully determined by its token (same Gitea, agent and limits), so each token's is made once
    // rather than on every request; the map holds at most GITEA_CLIENTS_KEPT, oldest dropped first.
    const giteaClients = new Map<string, GiteaClient>();
    const giteaFor = (token: string): GiteaClient => {
      let client = giteaClients.get(token);
      if (!client) {
        client = createGiteaClient({
          baseUrl: config.gitea.url,
          token,
          timeoutMs: config.gitea.timeoutMs,
          retries: 1,
          agent,
          observe:
            metrics && ((method, route, status, seconds) => metrics.giteaRequest(method, route, status, seconds)),
        });
        giteaClients.set(token, client);
        if (giteaClients.size > GITEA_CLIENTS_KEPT) giteaClients.delete(giteaClients.keys().next().value as string);
      }
      return client;
    };
    const broker = config.oauth.mode === 'broker';
    const oidc =
      config.oauth.directTokens || broker
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
            {
              setting: 'GITEA_URL',
              problem: `does not serve OpenID discovery, which ${broker ? 'broker mode (signing users in through Gitea)' : 'direct tokens'} need: ${err.message}`,
            },
          ]);
        })
      : null;

    let handler: (req: Request, env: unknown) => Response | Promise<Response> = () =>
      new Response('starting', { status: 503 });
    let nodeLane: HttpHandlers['nodeLane'] = () => false;
    const appListener = getRequestListener((req, env) => handler(req, env), { hostname: config.http.host });
    // The app's node:http lane serves POST /mcp and REST tool calls itself; everything else goes through Hono's adapter.
    const server = createServer((req, res) => {
      if (!nodeLane(req, res)) void appListener(req, res);
    });
    server.listen(config.http.port, config.http.host);
    listening.push(server);
    const url = await listen(server, config.http.host);
    // Without GATEA_PUBLIC_URL the address we really listen on is the public one (known only now with --port 0).
    const publicUrl = config.http.publicUrlExplicit ? config.http.publicUrl : url;
    const resource = `${publicUrl}/mcp`;
    const metadataUrl = protectedResourceMetadataUrl(resource);
    // Direct mode (without the broker): clients get tokens from Gitea, so ask for exactly the Gitea scopes
    // the enabled tools need. Otherwise clients ask Gatea, which offers read:repository (and write:repository).
    const toolScopes = unionScopes(registry.tools.map((t) => t.scopes));
    const scopes =
      config.oauth.directTokens && !broker
        ? toolScopes
        : config.tools.readOnly
          ? ['read:repository']
          : ['read:repository', 'write:repository'];
    const clientAddress = clientAddressResolver(config.http.trustedProxies);
    const authorizationServer = broker
      ? createAuthorizationServer({
          config,
          oidc: oidc as GiteaOidc,
          store,
          giteaFor,
          toolScopes,
          issuer: publicUrl,
          resource,
          log,
          metrics,
          clientAddress,
          clientMetadata: overrides.clientMetadata,
        })
      : null;

    const authenticate = createAuthPipeline({
      directTokens: config.oauth.directTokens,
      findServiceKey: serviceKeyRecords({
        find: (id) => store.findServiceKey(id),
        markUsed: (id, now) => store.markServiceKeyUsed(id, now, SERVICE_KEY_LAST_USED_EVERY_MS),
        recheckMs: SERVICE_KEY_RECHECK_MS,
        lastUsedEveryMs: SERVICE_KEY_LAST_USED_EVERY_MS,
        onMarkFailed: (err) => log.warn({ err }, 'service_key_last_used_failed'),
        now: () => Date.now(),
      }),
      serviceKeyGiteaToken: (id) => keyTokens.get(id),
      oidc,
      oauthClient: config.oauth.client,
      scopeRules: await detectScopeRules(config),
      probeScope: API_PROBE_SCOPE,
      probeCache: new ProbeCache<ProbedToken>({ maxTtlMs: PROBE_CACHE_MAX_TTL_MS, maxEntries: 10_000, now: Date.now }),
      validationLimit: new ValidationLimit({
        perClient: VALIDATIONS_PER_CLIENT_PER_MINUTE,
        windowMs: 60_000,
        rejectionTtlMs: REJECTED_TOKEN_TTL_MS,
        maxEntries: 10_000,
        now: Date.now,
      }),
      giteaFor,
      brokerToken: authorizationServer?.resolveAccessToken,
      log,
      metrics,
    });
    const shutdown = new AbortController();
    const http = createHttpHandlers({
      registry,
      authenticate,
      log,
      publicUrl,
      allowedOrigins: config.http.allowedOrigins,
      allowedHosts: config.http.allowedHosts,
      legacySse: config.http.legacySse,
      requestId: randomUUID,
      authorizationServer: authorizationServer?.routes,
      metrics,
      metricsToken: config.metrics.token,
      clientAddress,
      shutdown: shutdown.signal,
      readiness: createReadiness({
        checks: {
          store: () => store.ping(),
          gitea: async () => {
            try {
              await detectGiteaServer({ baseUrl: config.gitea.url, timeoutMs: READINESS_TIMEOUT_MS, retries: 0 });
            } catch {
              throw new Error(`Gitea at ${config.gitea.url} does not answer /api/v1/version`);
            }
          },
        },
        cacheMs: READINESS_CACHE_MS,
        now: Date.now,
      }),
      protectedResource: {
        metadataUrl,
        scopes,
        metadata: buildProtectedResourceMetadata({
          resource,
          // RFC 9728: the broker is the authorization server; in direct mode alone, Gitea is.
          authorizationServers: [broker ? publicUrl : (issuer ?? publicUrl)],
          scopes,
          documentationUrl: `${publicUrl}/openapi.json`,
        }),
      },
    });
    handler = http.app.fetch;
    nodeLane = http.nodeLane;
    const metricsServer =
      config.metrics.port === null || !metrics
        ? null
        : serve({ fetch: createMetricsApp(metrics).fetch, hostname: config.http.host, port: config.metrics.port });
    if (metricsServer) listening.push(metricsServer);
    const metricsUrl = metricsServer ? await listen(metricsServer, config.http.host) : null;
    log.info(
      {
        url,
        public_url: publicUrl,
        tools: registry.tools.length,
        direct_tokens: config.oauth.directTokens,
        broker,
        store: store.backend,
        metrics_url: metricsUrl,
      },
      'gatea_listening',
    );
    return {
      url,
      mcpUrl: `${url}/mcp`,
      metricsUrl,
      store,
      close: once(async () => {
        authorizationServer?.stop();
        shutdown.abort();
        await Promise.all([drain(server, SHUTDOWN_GRACE_MS), metricsServer && drain(metricsServer, 0)]);
        await agent.close();
        await store.close();
      }),
    };
  } catch (err) {
    await Promise.all(listening.map((s) => drain(s, 0)));
    await openedStore.close();
    throw err;
  }
}
