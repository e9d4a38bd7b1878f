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
export { createMcpServer, GATEA_VERSION, type McpServerDeps, SERVER_INSTRUCTIONS } from './server.js';
export {
  createStreamableHttpHandler,
  jsonRpcErrorReply,
  MAX_BATCH_MESSAGES,
  type McpHttpRequest,
  type McpRequestHandler,
  mcpMethodNotAllowed,
  type StreamableHttpDeps,
} from './streamable-http.js';
