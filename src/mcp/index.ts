/** MCP wiring: the server, tool-call execution and error translation, and the stateless HTTP endpoint. */
export { runTool, type ToolOutcome, toCallToolResult } from './call.js';
export { describeToolFailure, type FailedCall, type ToolFailure, type ToolFailureKind } from './errors.js';
export { createMcpServer, GATEA_VERSION, type McpServerDeps, SERVER_INSTRUCTIONS } from './server.js';
export {
  createStreamableHttpHandler,
  jsonRpcErrorResponse,
  type McpRequestHandler,
  mcpMethodNotAllowed,
} from './streamable-http.js';
