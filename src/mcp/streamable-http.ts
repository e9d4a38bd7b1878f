/**
 * Stateless Streamable HTTP (MCP 2025-03-26 … 2025-11-25, and the 2026-07-28
 * backward-compatibility rules): every POST gets a fresh SDK server and
 * web-standard transport with no session id, so any replica can answer any
 * request and a restart never strands a client on a dead session
 * (mcp-auth-and-clients.md §2.3). Building both is cheap — the tool listing
 * is precomputed — see bench/RESULTS.md.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { ToolContext, ToolLogger, ToolRegistry } from '../tools/index.js';
import { createMcpServer } from './server.js';

/** Handles one request to the MCP endpoint; `parsedBody` is the JSON body when the caller already read it. */
export type McpRequestHandler = (
  req: Request,
  contextFor: (signal: AbortSignal) => ToolContext,
  parsedBody?: unknown,
) => Promise<Response>;

/** A JSON-RPC error response with no id (what the spec allows for transport-level refusals). */
export function jsonRpcErrorResponse(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * GET (standalone SSE stream) and DELETE (session end) are refused with 405:
 * there are no sessions (MCP 2025-11-25 transports §Listening; 2026-07-28
 * streamable-http §Backward Compatibility).
 */
export function mcpMethodNotAllowed(): Response {
  return jsonRpcErrorResponse(
    405,
    -32000,
    'Method not allowed: this MCP endpoint is stateless and accepts POST only.',
    {
      allow: 'POST',
    },
  );
}

/** Creates the stateless MCP endpoint handler. */
export function createStreamableHttpHandler(deps: { registry: ToolRegistry; log: ToolLogger }): McpRequestHandler {
  return async (req, contextFor, parsedBody) => {
    if (req.method !== 'POST') return mcpMethodNotAllowed();
    const server = createMcpServer({ registry: deps.registry, contextFor, log: deps.log });
    // JSON responses: tools here send no progress notifications, and a single JSON body is
    // what every client must accept; it also avoids SSE buffering in proxies.
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    transport.onerror = (err) => deps.log.debug({ err: err.message }, 'mcp_transport_refused');
    await server.connect(transport);
    try {
      return await transport.handleRequest(req, parsedBody === undefined ? undefined : { parsedBody });
    } finally {
      void server.close();
    }
  };
}
