/**
 * Stateless Streamable HTTP (MCP 2025-03-26 … 2025-11-25, and the 2026-07-28
 * backward-compatibility rules): no session id, so any replica can answer any
 * request and a restart never strands a client on a dead session
 * (mcp-auth-and-clients.md §2.3). The common single messages (`initialize`,
 * `notifications/initialized`, `tools/list`, `tools/call`, `ping`) are
 * answered by the fast path (fast-path.ts) from the same dispatcher;
 * everything else gets a fresh SDK server and web-standard transport, loaded
 * on first use. See bench/RESULTS.md.
 */
import type { ToolContext, ToolLogger } from '../tools/index.js';
import type { ToolDispatcher } from './dispatch.js';
import type { ToolFailure } from './errors.js';
import { answerFast } from './fast-path.js';
import { type HeaderReader, type JsonReply, jsonReply, type McpAnswer, withHeaders } from './reply.js';

/** The SDK server and its web-standard transport, loaded for the first request the fast path leaves to them. */
let sdk:
  | Promise<
      [typeof import('./server.js'), typeof import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js')]
    >
  | undefined;
const loadSdk = () =>
  (sdk ??= Promise.all([
    import('./server.js'),
    import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
  ]));

/** Messages in one JSON-RPC batch: each tool call may cost Gitea requests, so one POST may not fan out without bound. */
export const MAX_BATCH_MESSAGES = 10;

/** A request to the MCP endpoint as the handler sees it, from either HTTP lane. */
export interface McpHttpRequest {
  readonly method: string;
  readonly headers: HeaderReader;
  /** Aborted when the client goes away before its answer is sent: the tool call stops (Gitea work included). */
  readonly signal: AbortSignal;
  /** The request as a web `Request` (headers only: the body was read already), for the SDK transport. */
  web(): Request;
}

/** Handles one request to the MCP endpoint; `parsedBody` is its JSON body. */
export type McpRequestHandler = (
  req: McpHttpRequest,
  contextFor: (signal: AbortSignal) => ToolContext,
  parsedBody: unknown,
) => Promise<McpAnswer>;

/** A JSON-RPC error with no id (what the spec allows for transport-level refusals). */
export function jsonRpcErrorReply(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): JsonReply {
  return jsonReply(status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

/**
 * GET (standalone SSE stream) and DELETE (session end) are refused with 405:
 * there are no sessions (MCP 2025-11-25 transports §Listening; 2026-07-28
 * streamable-http §Backward Compatibility).
 */
export function mcpMethodNotAllowed(): JsonReply {
  return jsonRpcErrorReply(405, -32000, 'Method not allowed: this MCP endpoint is stateless and accepts POST only.', {
    allow: 'POST',
  });
}

/** Dependencies of the endpoint. */
export interface StreamableHttpDeps {
  readonly dispatcher: ToolDispatcher;
  readonly log: ToolLogger;
  /** The `WWW-Authenticate` value for a refused scope (RFC 6750 §3.1, with the resource metadata URL). */
  readonly scopeChallenge: (failure: ToolFailure) => string;
  /** `false`: every request goes through the SDK (tests compare both paths). Default true. */
  readonly fastPath?: boolean;
}

/**
 * Creates the stateless MCP endpoint handler. A single `tools/call` refused
 * for scope becomes HTTP 403 with a challenge, as the MCP authorization spec
 * asks for step-up; inside a batch the refusal stays that call's tool error.
 */
export function createStreamableHttpHandler(deps: StreamableHttpDeps): McpRequestHandler {
  return async (req, contextFor, parsedBody) => {
    if (req.method !== 'POST') return mcpMethodNotAllowed();
    const batch = Array.isArray(parsedBody);
    if (batch && parsedBody.length > MAX_BATCH_MESSAGES)
      return jsonRpcErrorReply(
        400,
        -32600,
        `Invalid request: a batch may hold at most ${MAX_BATCH_MESSAGES} messages; this one has ${parsedBody.length}. Send fewer at a time.`,
      );
    let scopeRefusal: ToolFailure | undefined;
    const onToolFailure = (f: ToolFailure) => {
      // Gitea's own 403 for a token Gatea cannot see the scopes of (a PAT) stays a tool result:
      // re-authorizing with Gatea would not change that token.
      if (f.kind === 'insufficient_scope' && f.refusedByGatea) scopeRefusal = f;
    };
    const withChallenge = (answer: McpAnswer): McpAnswer =>
      !scopeRefusal || batch
        ? answer
        : withHeaders(answer, { 'www-authenticate': deps.scopeChallenge(scopeRefusal) }, 403);
    if (deps.fastPath !== false) {
      const fast = await answerFast(req.headers, parsedBody, {
        dispatcher: deps.dispatcher,
        context: () => contextFor(req.signal),
        onToolFailure,
      });
      if (fast) return withChallenge(fast);
    }
    const [{ createMcpServer }, { WebStandardStreamableHTTPServerTransport }] = await loadSdk();
    const server = createMcpServer({
      dispatcher: deps.dispatcher,
      // The SDK's signal fires on notifications/cancelled; a client that goes away must cancel too.
      contextFor: (signal) => contextFor(AbortSignal.any([signal, req.signal])),
      onToolFailure,
    });
    // JSON responses: tools here send no progress notifications, and a single JSON body is
    // what every client must accept; it also avoids SSE buffering in proxies.
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    transport.onerror = (err) => deps.log.debug({ err: err.message }, 'mcp_transport_refused');
    await server.connect(transport);
    try {
      return withChallenge(await transport.handleRequest(req.web(), { parsedBody }));
    } finally {
      void server.close();
    }
  };
}
