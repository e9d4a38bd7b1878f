/**
 * The HTTP app (web-standard Request/Response via Hono): MCP endpoint, REST
 * tool endpoint, OpenAPI document, health, with Host/Origin validation, CORS
 * and a body cap in front (DESIGN §3). The compatibility URLs (`/mcp/sse`,
 * `/mcp/tool/call`) are routed to the same handlers, never copies of them.
 *
 * `POST /mcp` and the REST tool calls without an Origin header (every
 * non-browser client: the hot path) are also served by a node:http lane that
 * skips Hono's Node adapter; it runs the same guard functions, the same
 * handlers and adds the same headers, and takes only requests the guards
 * pass, so every refusal still comes from the app
 * (test/unit/http/node-lane.test.ts compares the two lanes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { AuthError, type Authenticate, type AuthenticatedCaller, type CredentialSource } from '../auth/index.js';
import {
  createStreamableHttpHandler,
  createToolDispatcher,
  jsonRpcErrorReply,
  type McpAnswer,
  type McpHttpRequest,
  mcpMethodNotAllowed,
  toResponse,
  withHeaders,
} from '../mcp/index.js';
import { OPEN_CORS_PATHS } from '../oauth/index.js';
import type { GatewayMetrics } from '../observability/index.js';
import type { ToolContext, ToolLogger, ToolRegistry } from '../tools/index.js';
import { authErrorResponse, type ChallengeContext, scopeChallenge } from './auth-response.js';
import { type ClientAddressOf, clientAddressResolver } from './client-address.js';
import { type BodyRead, buildOriginPolicy, isHostAllowed, isOriginAllowed, readBodyCapped } from './guards.js';
import { createLegacySseEndpoints } from './legacy-sse.js';
import { protectedMetricsEndpoint } from './metrics.js';
import { clientGone, nodeHeaders, readNodeBody, webRequestOf, writeAnswer } from './node-lane.js';
import { buildOpenApiDocument } from './openapi.js';
import { json, tooLarge } from './responses.js';
import { handleRestToolCall, handleToolCallEnvelope, type RestRequest } from './rest-tools.js';

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
  /** Counts tool calls and SSE sessions (absent: not counted); `/metrics` on this port needs `metricsToken` as a bearer token. */
  readonly metrics?: GatewayMetrics | undefined;
  readonly metricsToken?: string | null | undefined;
  /** The client a request comes from, for per-client limits (default: the TCP peer). */
  readonly clientAddress?: ClientAddressOf | undefined;
  /** Aborted when the gateway shuts down: open SSE streams end so the server can drain. */
  readonly shutdown?: AbortSignal | undefined;
}

/** Paths that skip the Host check: probes and scrapers come with a pod IP as Host (/metrics needs its own token). */
const HOST_EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

/** Bearer tokens, not cookies: no credentials mode. Foreign origins are refused before CORS applies. */
const CORS_OPTIONS = {
  origin: (origin: string) => origin,
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
};

/** Headers every answer gets (the middleware below for the app, `laneEdgeHeaders` for the node lane). */
const NOSNIFF = 'nosniff';
const DEFAULT_REFERRER_POLICY = 'no-referrer';

/** The MCP endpoint's URLs: `/mcp/sse` is the one older Gitea MCP setups document. */
const MCP_PATHS = new Set(['/mcp', '/mcp/sse']);
/** The REST tool URLs the node lane takes: a tool name that needs no percent-decoding (else the app decodes it). */
const REST_TOOL_PATH = /^\/api\/tools\/([A-Za-z0-9_-]+)$/;
const TOOL_CALL_ENVELOPE_PATH = '/mcp/tool/call';

/** The app and the node:http lane in front of it. */
export interface HttpHandlers {
  readonly app: Hono;
  /**
   * Serves `req` itself and returns true when it is a `POST` to the MCP
   * endpoint or a REST tool URL that the guards pass and that carries no
   * Origin (CORS headers then have nothing to say); returns false, touching
   * nothing, for the app to serve.
   */
  readonly nodeLane: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Builds the app; its `fetch` is a `(Request) => Promise<Response>` handler. */
export function createHttpApp(deps: HttpAppDeps): Hono {
  return createHttpHandlers(deps).app;
}

/** Builds the app and the node:http lane for `POST /mcp` and the REST tool calls. */
export function createHttpHandlers(deps: HttpAppDeps): HttpHandlers {
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
    c.res.headers.set('x-content-type-options', NOSNIFF);
    // Pages that need the Origin of their own form posts set a narrower policy themselves.
    if (!c.res.headers.has('referrer-policy')) c.res.headers.set('referrer-policy', DEFAULT_REFERRER_POLICY);
  });
  /** The same headers for the node lane, plus what cors() adds to an answer for a request without Origin. */
  const laneEdgeHeaders = (headers: Record<string, string>) => {
    headers['access-control-expose-headers'] = CORS_OPTIONS.exposeHeaders.join(',');
    headers.vary = headers.vary ? `${headers.vary}, Origin` : 'Origin';
    headers['x-content-type-options'] = NOSNIFF;
    headers['referrer-policy'] ??= DEFAULT_REFERRER_POLICY;
  };

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
  app.use('*', cors(CORS_OPTIONS));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  if (deps.readiness) app.get('/readyz', deps.readiness);
  const metricsEndpoint = protectedMetricsEndpoint(deps.metrics, deps.metricsToken ?? null);
  app.get('/metrics', (c) => metricsEndpoint(c.req.raw));
  const prm = JSON.stringify(deps.protectedResource.metadata);
  const servePrm = () =>
    new Response(prm, { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } });
  app.get('/.well-known/oauth-protected-resource', servePrm);
  app.get('/.well-known/oauth-protected-resource/mcp', servePrm);
  if (deps.authorizationServer) app.route('/', deps.authorizationServer);
  app.get('/openapi.json', () => new Response(openApi, { headers: { 'content-type': 'application/json' } }));

  /** Authenticates, then answers; every answer here is private to the caller, so never stored by caches. */
  const withCaller = async (
    req: CredentialSource,
    env: unknown,
    then: (auth: AuthenticatedCaller) => Promise<McpAnswer>,
  ): Promise<McpAnswer> => {
    const requestId = newRequestId();
    let answer: McpAnswer;
    try {
      answer = await then(await deps.authenticate(req, { requestId, clientAddress: clientAddress(req, env) }));
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      answer = authErrorResponse(err, challenge);
    }
    return withHeaders(answer, { 'x-request-id': requestId, 'cache-control': 'no-store' });
  };
  /** `withCaller` for the routes served only by the app. */
  const respondAs = async (c: Context, then: (auth: AuthenticatedCaller) => Promise<McpAnswer>): Promise<Response> =>
    toResponse(await withCaller(c.req.raw, c.env, then));
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
  const openLegacySse = (c: Context) => respondAs(c, (auth) => legacy.open(c.req.raw, contextOf(auth, 'sse'), auth));
  /** `POST /mcp` in either lane: authenticate, read and parse the capped body, answer. */
  const postMcp = (
    req: McpHttpRequest & CredentialSource,
    env: unknown,
    readBody: (maxBytes: number) => Promise<BodyRead>,
  ): Promise<McpAnswer> =>
    withCaller(req, env, async (auth) => {
      const body = await readBody(maxBodyBytes);
      if (!body.ok) return jsonRpcErrorReply(413, -32000, `Request body larger than ${maxBodyBytes} bytes.`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return jsonRpcErrorReply(400, -32700, 'Parse error: the body is not valid JSON.');
      }
      return mcp(req, contextOf(auth, 'mcp'), parsed);
    });
  const postMcpRoute = async (c: Context) => {
    const req = c.req.raw;
    // @hono/node-server aborts the request's signal when the client closes the connection first.
    const view = { method: req.method, url: req.url, headers: req.headers, signal: req.signal, web: () => req };
    return toResponse(await postMcp(view, c.env, (maxBytes) => readBodyCapped(req, maxBytes)));
  };
  const methodNotAllowed = () => toResponse(mcpMethodNotAllowed());
  app.on(['GET', 'DELETE'], '/mcp', methodNotAllowed);
  app.post('/mcp', postMcpRoute);
  app.get('/mcp/sse', (c) => (deps.legacySse ? openLegacySse(c) : methodNotAllowed()));
  app.delete('/mcp/sse', methodNotAllowed);
  app.post('/mcp/sse', postMcpRoute);

  const rest = { dispatcher, log: deps.log, maxBodyBytes, challenge };
  const restRequest = (c: Context): RestRequest => ({
    signal: c.req.raw.signal,
    readBody: (maxBytes) => readBodyCapped(c.req.raw, maxBytes),
  });
  app.post('/api/tools/:name', (c) =>
    respondAs(c, (auth) => handleRestToolCall(restRequest(c), c.req.param('name'), auth, rest)),
  );
  app.post(TOOL_CALL_ENVELOPE_PATH, (c) => respondAs(c, (auth) => handleToolCallEnvelope(restRequest(c), auth, rest)));

  app.get('/sse', openLegacySse);
  app.post('/messages', (c) =>
    respondAs(c, async () => {
      const body = await readBodyCapped(c.req.raw, maxBodyBytes);
      if (!body.ok) return tooLarge(maxBodyBytes);
      return legacy.post(c.req.raw, body.text);
    }),
  );

  app.notFound(() => json(404, { error: 'not_found', message: 'No such endpoint. MCP clients connect to /mcp.' }));
  const internalError = (err: unknown) => {
    const requestId = newRequestId();
    deps.log.error({ err, request_id: requestId }, 'http_unhandled_error');
    return json(500, { error: 'internal', message: `Internal error (request id ${requestId}).` });
  };
  app.onError(internalError);

  const nodeLane = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url ?? '';
    if (req.method !== 'POST' || req.headers.origin !== undefined) return false;
    const toolName = REST_TOOL_PATH.exec(path)?.[1];
    if (!MCP_PATHS.has(path) && path !== TOOL_CALL_ENVELOPE_PATH && toolName === undefined) return false;
    const headers = nodeHeaders(req);
    if (!isHostAllowed(policy, headers.get('host'))) return false;
    const signal = clientGone(res);
    const env = { incoming: req };
    const readBody = (maxBytes: number) => readNodeBody(req, maxBytes);
    const answer = MCP_PATHS.has(path)
      ? postMcp({ method: 'POST', url: path, headers, signal, web: () => webRequestOf(req) }, env, readBody)
      : withCaller({ url: path, headers }, env, (auth) =>
          toolName === undefined
            ? handleToolCallEnvelope({ signal, readBody }, auth, rest)
            : handleRestToolCall({ signal, readBody }, toolName, auth, rest),
        );
    answer
      .catch(internalError)
      .then((reply) => writeAnswer(req, res, reply, laneEdgeHeaders))
      .catch((err: unknown) => {
        // Writing failed (the client is gone): nothing is left to answer.
        deps.log.debug({ err }, 'http_write_failed');
        res.destroy();
      });
    return true;
  };
  return { app, nodeLane };
}
