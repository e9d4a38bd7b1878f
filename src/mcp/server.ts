/**
 * The MCP server: the SDK's low-level `Server` with `tools/list` answered
 * from the registry's precomputed listing and `tools/call` dispatched by a
 * Map lookup, so per-request cost does not grow with the number of tools.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ToolContext, ToolLogger, ToolRegistry } from '../tools/index.js';
import { runTool, toCallToolResult } from './call.js';

/** Version reported in `serverInfo`. */
export const GATEA_VERSION = '0.1.0';

/** Sent in the `initialize` result; clients may show it to the model. */
export const SERVER_INSTRUCTIONS = [
  'Gatea gives you the Gitea/Forgejo account of the signed-in user: you see exactly what they may see.',
  'Call get_me first to learn the login. Repository tools take owner and repo separately (e.g. owner "alice", repo "hello-world").',
  'List tools are paged: pass the returned nextPage as page until it is null. Large files and diffs come in parts; each result says how to get the next part.',
  'A result with isError explains what went wrong and what to do; tell the user when it asks them to act (for example to reconnect and grant a scope).',
].join('\n');

/** Dependencies of one MCP server instance. */
export interface McpServerDeps {
  readonly registry: ToolRegistry;
  /** Builds the context of one tool call; `signal` aborts when the client cancels. */
  readonly contextFor: (signal: AbortSignal) => ToolContext;
  readonly log: ToolLogger;
}

/** A low-level MCP `Server` exposing the registry's tools. Connect it to one transport. */
export function createMcpServer(deps: McpServerDeps): Server {
  const server = new Server(
    { name: 'gatea', title: 'Gatea (Gitea gateway)', version: GATEA_VERSION },
    { capabilities: { tools: { listChanged: false } }, instructions: SERVER_INSTRUCTIONS },
  );
  const listResult = { tools: deps.registry.listing };
  server.setRequestHandler(ListToolsRequestSchema, async () => listResult);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const tool = deps.registry.get(name);
    if (!tool) {
      const why = deps.registry.whyUnavailable(name);
      if (why) return { content: [{ type: 'text', text: why }], isError: true };
      // MCP 2025-11-25 server/tools "Error Handling": an unknown tool is a protocol error (-32602).
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}. Call tools/list for the available tools.`);
    }
    const outcome = await runTool(tool, request.params.arguments, deps.contextFor(extra.signal));
    return toCallToolResult(outcome);
  });
  return server;
}
