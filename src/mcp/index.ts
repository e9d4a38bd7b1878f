/** MCP wiring: the server, tool-call execution and error translation, and the stateless HTTP endpoint. */
export {
  createToolDispatcher,
  insufficientScopeMessage,
  type ToolDispatcher,
  type ToolOutcome,
  toCallToolResult,
} from './dispatch.js';
export { describeToolFailure, type FailedCall, type ToolFailure, type ToolFailureKind } from './errors.js';
export {
  type HeaderReader,
  isResponse,
  type JsonReply,
  jsonReply,
  type McpAnswer,
  toResponse,
  withHeaders,
} from './reply.js';
export type { McpServerDeps } from './server.js';
export { GATEA_VERSION, SERVER_INSTRUCTIONS } from './server-info.js';

/**
 * The SDK-backed MCP server (createMcpServer), loaded on first use: a gateway
 * whose clients only initialize, list and call tools is answered by the fast
 * path and never loads the SDK's `Server` (bench/RESULTS.md).
 */
export const loadMcpServer = () => import('./server.js');
export {
  createStreamableHttpHandler,
  jsonRpcErrorReply,
  MAX_BATCH_MESSAGES,
  type McpHttpRequest,
  type McpRequestHandler,
  mcpMethodNotAllowed,
  type StreamableHttpDeps,
} from './streamable-http.js';
