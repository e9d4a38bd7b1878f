/**
 * The MCP server: the SDK's low-level `Server` whose `tools/list` and
 * `tools/call` both go through the dispatcher (the one enforcement point);
 * listings are precomputed per grant, so per-request cost does not grow with
 * the number of tools.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ToolContext } from '../tools/index.js';
import { type ToolDispatcher, toCallToolResult } from './dispatch.js';
import type { ToolFailure } from './errors.js';
import { MCP_CAPABILITIES, SERVER_INFO, SERVER_INSTRUCTIONS } from './server-info.js';

/** Dependencies of one MCP server instance. */
export interface McpServerDeps {
  /** The enforcement point every `tools/call` and `tools/list` goes through. */
  readonly dispatcher: ToolDispatcher;
  /** Builds the context of one tool call; `signal` aborts when the client cancels. */
  readonly contextFor: (signal: AbortSignal) => ToolContext;
  /** Told of every refused or failed call, for transports that map some to their own status (HTTP 403). */
  readonly onToolFailure?: (failure: ToolFailure) => void;
}

/**
 * A JSON-RPC error for the SDK to send with exactly this message. The SDK sends a thrown error's
 * `code` and `message`; an `McpError` would put "MCP error -32602: " before the message, which a
 * client's SDK then prefixes again ("MCP error -32602: MCP error -32602: Unknown tool: …").
 */
export function protocolError(code: number, message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}

/** A low-level MCP `Server` exposing the registry's tools. Connect it to one transport. */
export function createMcpServer(deps: McpServerDeps): Server {
  const server = new Server(
    { ...SERVER_INFO },
    // A copy: the SDK's Server keeps (and may extend) the object it is given.
    { capabilities: structuredClone(MCP_CAPABILITIES), instructions: SERVER_INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => ({
    tools: deps.dispatcher.listFor(deps.contextFor(extra.signal).caller),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const ctx = deps.contextFor(extra.signal);
    const outcome = await deps.dispatcher.call(request.params.name, request.params.arguments, ctx);
    if (!outcome.ok) {
      // MCP 2025-11-25 server/tools "Error Handling": an unknown tool is a protocol error (-32602).
      if (outcome.failure.kind === 'unknown_tool')
        throw protocolError(ErrorCode.InvalidParams, outcome.failure.message);
      deps.onToolFailure?.(outcome.failure);
    }
    return toCallToolResult(outcome);
  });
  return server;
}
