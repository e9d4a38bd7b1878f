/**
 * The HTTP app (web-standard Request/Response via Hono): MCP endpoint, REST
 * tool endpoint, OpenAPI document, health, with Host/Origin validation, CORS
 * and a body cap in front (DESIGN §3). The compatibility URLs (`/mcp/sse`,
 * `/mcp/tool/call`) are routed to the same handlers, never copies of them.
 */
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { AuthError, type Authenticate, type AuthenticatedCaller } from '../auth/index.js';
import {
  createStreamableHttpHandler,
  createToolDispatcher,
  jsonRpcErrorResponse,
  mcpMethodNotAllowed,
} from '../mcp/index.js';
import { OPEN_CORS_PATHS } from '../oauth/index.js';
import type { GatewayMetrics } from '../observability/index.js';
import type { ToolContext, ToolLogger, ToolRegistry } from '../tools/index.js';
import { authErrorResponse, type ChallengeContext, scopeChallenge } from './auth-response.js';
import { type ClientAddressOf, clientAddressResolver } from './client-address.js';
import { buildOriginPolicy, isHostAllowed, isOriginAllowed, readBodyCapped } from './guards.js';
import { createLegacySseEndpoints } from './legacy-sse.js';
import { protectedMetricsEndpoint } from './metrics.js';
import { buildOpenApiDocument } from './openapi.js';
import { json, tooLarge } from './responses.js';
import { handleRestToolCall, handleToolCallEnvelope } from './rest-tools.js';

/** Default request-body cap: tool arguments are small; file commits are the largest. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Dependencies of the HTTP app. */
export interface HttpAppDeps {
  readonly registry: ToolRegistry;
  /** Resolves the caller of a request (src/auth: service keys, direct Gitea tokens). */
  readonly authenticate: Authenticate;
  readonly log: ToolLogger;
  /** The gateway's public base URL (`GATEA_PUBLIC_URL`): its host and origin are allowed. */
  readonly publicUrl?: string | undefined;
  /** Extra browser origins allowed to call (`GATEA_ALLOWED_ORIGINS`). */
  readonly allowedOrigins?: readonly string[] | undefined;
  /** Extra Host header values accepted (e.g. an internal service name). */
  readonly allowedHosts?: readonly string[] | undefined;
  readonly maxBodyBytes?: number | undefined;
  /** Serve the deprecated HTTP+SSE transport (2024-11-05) at GET /sse + POST /messages. */
  readonly legacySse?: boolean | undefined;
  /** Request id source (injected for tests). */
  readonly requestId?: (() => string) | undefined;
  /**
   * RFC 9728 metadata of the MCP endpoint, served at /.well-known/oauth-protected-resource
   * and …/oauth-protected-resource/mcp; its URL and scopes go into every 401/403 challenge.
   */
  readonly protectedResource: {
    readonly metadataUrl: string;
    readonly metadata: object;
    /** The minimal scopes a client should request (`scopes_supported`). */
    readonly scopes: readonly string[];
  };
  /** `GET /readyz` (see readiness.ts); absent: no readiness endpoint. */
  readonly readiness?: (() => Promise<Response>) | undefined;
  /** Broker mode: the authorization-server facade's routes (src/oauth), mounted at the root. */
  readonly authorizationServer?: Hono | undefined;
  /** Counts tool calls and SSE sessions; `/metrics` on this port needs `metricsToken` as a bearer token. */
  readonly metrics?: GatewayMetrics | undefined;
  readonly metricsToken?: string | null | undefined;
  /** The client a request comes from, for per-client limits (default: the TCP peer). */
  readonly clientAddress?: ClientAddressOf | undefined;
  /** Aborted when the gateway shuts down: open SSE streams end so the server can drain. */
  readonly shutdown?: AbortSignal | undefined;
}

/** Paths that skip the Host check: probes and scrapers come with a pod IP as Host (/metrics needs its own token). */
const HOST_EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

/** Builds the app; its `fetch` is a `(Request) => Promise<Response>` handler. */
export function createHttpApp(deps: HttpAppDeps): Hono {
  const policy = buildOriginPolicy(deps);
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const newRequestId = deps.requestId ?? (() => crypto.randomUUID());
  const clientAddress = deps.clientAddress ?? clientAddressResolver([]);
  const challenge: ChallengeContext = {
    resourceMetadataUrl: deps.protectedResource.metadataUrl,
    scopes: deps.protectedResource.scopes,
  };
  const dispatcher = createToolDispatcher(deps.registry, { metrics: deps.metrics });
  const mcp = createStreamableHttpHandler({
    dispatcher,
    log: deps.log,
    scopeChallenge: (f) => scopeChallenge(f, challenge),
  });
  const openApi = JSON.stringify(
    buildOpenApiDocument(deps.registry, deps.publicUrl, deps.authorizationServer ? deps.publicUrl : undefined),
  );
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('x-content-type-options', 'nosniff');
    // Pages that need the Origin of their own form posts set a narrower policy themselves.
    if (!c.res.headers.has('referrer-policy')) c.res.headers.set('referrer-policy', 'no-referrer');
  });

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!HOST_EXEMPT.has(path) && !isHostAllowed(policy, c.req.header('host') ?? null))
      return json(421, {
        error: 'host_not_allowed',
        message: `Host "${c.req.header('host') ?? ''}" is not served here. The operator sets the public address in GATEA_PUBLIC_URL.`,
      });
    if (!OPEN_CORS_PATHS.has(path) && !isOriginAllowed(policy, c.req.header('origin') ?? null))
      return json(403, {
        error: 'origin_not_allowed',
        message: 'Requests from this web origin are not allowed. The operator can add it to GATEA_ALLOWED_ORIGINS.',
      });
    await next();
  });
  // Bearer tokens, not cookies: no credentials mode. Foreign origins were refused above.
  app.use(
    '*',
    cors({
      origin: (origin) => origin,
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'Accept',
        'MCP-Protocol-Version',
        'Mcp-Session-Id',
        'Last-Event-ID',
        'Mcp-Method',
        'Mcp-Name',
      ],
      exposeHeaders: ['WWW-Authenticate', 'Mcp-Session-Id', 'MCP-Protocol-Version', 'X-Request-Id'],
      maxAge: 600,
    }),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  if (deps.readiness) app.get('/readyz', deps.readiness);
  if (deps.metrics) {
    const metricsEndpoint = protectedMetricsEndpoint(deps.metrics, deps.metricsToken ?? null);
    app.get('/metrics', (c) => metricsEndpoint(c.req.raw));
  }
  const prm = JSON.stringify(deps.protectedResource.metadata);
  const servePrm = () =>
    new Response(prm, { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } });
  app.get('/.well-known/oauth-protected-resource', servePrm);
  app.get('/.well-known/oauth-protected-resource/mcp', servePrm);
  if (deps.authorizationServer) app.route('/', deps.authorizationServer);
  app.get('/openapi.json', () => new Response(openApi, { headers: { 'content-type': 'application/json' } }));

  /** Authenticates, then answers; every answer here is private to the caller, so never stored by caches. */
  const withCaller = async (
    req: Request,
    env: unknown,
    then: (auth: AuthenticatedCaller) => Promise<Response>,
  ): Promise<Response> => {
    const requestId = newRequestId();
    let res: Response;
    try {
      res = await then(await deps.authenticate(req, { requestId, clientAddress: clientAddress(req, env) }));
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      res = authErrorResponse(err, challenge);
    }
    res.headers.set('x-request-id', requestId);
    res.headers.set('cache-control', 'no-store');
    return res;
  };
  const contextOf =
    (auth: AuthenticatedCaller, surface: 'mcp' | 'sse') =>
    (signal: AbortSignal): ToolContext => ({
      gitea: auth.gitea,
      caller: auth.caller,
      log: deps.log,
      signal,
      surface,
    });

  // `/mcp/sse` is the URL older Gitea MCP setups document: it is the same endpoint as /mcp (same handlers),
  // except that GET opens the legacy SSE stream there when that transport is on.
  const legacy = createLegacySseEndpoints({ dispatcher, enabled: deps.legacySse ?? false });
  deps.metrics?.countSseSessions(legacy.sessionCount);
  deps.shutdown?.addEventListener('abort', () => legacy.closeAll(), { once: true });
  const openLegacySse = (c: Context) =>
    withCaller(c.req.raw, c.env, (auth) => legacy.open(c.req.raw, contextOf(auth, 'sse'), auth));
  const postMcp = (c: Context) =>
    withCaller(c.req.raw, c.env, async (auth) => {
      const body = await readBodyCapped(c.req.raw, maxBodyBytes);
      if (!body.ok) return jsonRpcErrorResponse(413, -32000, `Request body larger than ${maxBodyBytes} bytes.`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return jsonRpcErrorResponse(400, -32700, 'Parse error: the body is not valid JSON.');
      }
      return mcp(c.req.raw, contextOf(auth, 'mcp'), parsed);
    });
  app.on(['GET', 'DELETE'], '/mcp', () => mcpMethodNotAllowed());
  app.post('/mcp', postMcp);
  app.get('/mcp/sse', (c) => (deps.legacySse ? openLegacySse(c) : mcpMethodNotAllowed()));
  app.delete('/mcp/sse', () => mcpMethodNotAllowed());
  app.post('/mcp/sse', postMcp);

  const rest = { dispatcher, log: deps.log, maxBodyBytes, challenge };
  app.post('/api/tools/:name', (c) =>
    withCaller(c.req.raw, c.env, (auth) => handleRestToolCall(c.req.raw, c.req.param('name'), auth, rest)),
  );
  app.post('/mcp/tool/call', (c) =>
    withCaller(c.req.raw, c.env, (auth) => handleToolCallEnvelope(c.req.raw, auth, rest)),
  );

  app.get('/sse', openLegacySse);
  app.post('/messages', (c) =>
    withCaller(c.req.raw, c.env, async () => {
      const body = await readBodyCapped(c.req.raw, maxBodyBytes);
      if (!body.ok) return tooLarge(maxBodyBytes);
      return legacy.post(c.req.raw, body.text);
    }),
  );

  app.notFound(() => json(404, { error: 'not_found', message: 'No such endpoint. MCP clients connect to /mcp.' }));
  app.onError((err) => {
    const requestId = newRequestId();
    deps.log.error({ err, request_id: requestId }, 'http_unhandled_error');
    return json(500, { error: 'internal', message: `Internal error (request id ${requestId}).` });
  });
  return app;
}
