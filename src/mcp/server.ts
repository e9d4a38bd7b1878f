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

/** Version reported in `serverInfo`. */
export const GATEA_VERSION = '0.1.0';

/** Sent in the `initialize` result; clients may show it to the model. */
export const SERVER_INSTRUCTIONS = [
  'Gatea gives you the Gitea/Forgejo account of the signed-in user: you see exactly what they may see.',
  'Call get_me first to learn the login. Repository tools take owner and repo separately (e.g. owner "alice", repo "hello-world").',
  'List tools are paged: pass the returned nextPage as page until it is null. Large files and diffs come in parts; each result says how to get the next part.',
  'A result with isError explains what went wrong and what to do; tell the user when it asks them to act (for example to reconnect and grant a scope).',
].join('\n');

/** `serverInfo` of the `initialize` result. */
export const SERVER_INFO = Object.freeze({ name: 'gatea', title: 'Gatea (Gitea gateway)', version: GATEA_VERSION });

/**
 * Capabilities of the `initialize` result: tools, whose list never changes while a client is
 * connected, and `logging` (MCP server/utilities/logging), so logging/setLevel is answered with {}.
 * Gatea sends no log notifications yet; its log goes to its own output.
 */
export const MCP_CAPABILITIES = Object.freeze({
  tools: Object.freeze({ listChanged: false }),
  logging: Object.freeze({}),
});

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
