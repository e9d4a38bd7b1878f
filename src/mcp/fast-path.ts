/**
 * The stateless fast path of `POST /mcp`: `tools/call`, `tools/list`, `ping`,
 * `initialize` and `notifications/initialized` answered straight from the dispatcher (the one enforcement
 * point), without building an SDK `Server`, its Ajv validator and a transport
 * per request (see bench/RESULTS.md). It only takes messages whose shape it can
 * judge exactly as the SDK would; anything else — batches, notifications, other
 * methods, unusual headers, `_meta` other than a progress token, task-augmented
 * calls, malformed parameters — returns `undefined` and goes to the SDK, so
 * answers stay byte-identical to the SDK's (test/unit/mcp/fast-path.test.ts).
 */
import {
  ErrorCode,
  InitializeRequestSchema,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import type { ToolContext } from '../tools/index.js';
import { type ToolDispatcher, toCallToolResult } from './dispatch.js';
import type { ToolFailure } from './errors.js';
import { type HeaderReader, type JsonReply, jsonReply } from './reply.js';
import { MCP_CAPABILITIES, SERVER_INFO, SERVER_INSTRUCTIONS } from './server-info.js';

/** What the fast path needs; the same as the SDK server's dependencies. */
export interface FastPathDeps {
  readonly dispatcher: ToolDispatcher;
  /** The context of this request's tool call (its signal aborts when the client goes away). */
  readonly context: () => ToolContext;
  readonly onToolFailure: (failure: ToolFailure) => void;
}

type JsonObject = Record<string, unknown>;

const FAST_METHODS = new Set(['tools/call', 'tools/list', 'ping', 'initialize']);
const INITIALIZED = 'notifications/initialized';
const MESSAGE_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when every own key of `o` is in `allowed`. */
function onlyKeys(o: JsonObject, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return true;
}

/** JSON-RPC ids the SDK accepts (`RequestIdSchema`: a string or a safe integer). */
function isRequestId(id: unknown): id is string | number {
  return typeof id === 'string' || Number.isSafeInteger(id);
}

/** `_meta` absent, or only a well-formed `progressToken` (tools here send no progress, so it changes nothing). */
function isPlainMeta(meta: unknown): boolean {
  if (meta === undefined) return true;
  if (!isPlainObject(meta)) return false;
  for (const k in meta) if (k !== 'progressToken' || !isRequestId(meta[k])) return false;
  return true;
}

/** The SDK's JSON answer to one request (the key order is the SDK's: result, jsonrpc, id). */
function jsonRpcResult(id: string | number, result: unknown): JsonReply {
  return jsonReply(200, { result, jsonrpc: '2.0', id });
}

/** The SDK's answer to a handler that threw `protocolError(code, message)` (server.ts). */
function jsonRpcError(id: string | number, code: number, message: string): JsonReply {
  return jsonReply(200, { jsonrpc: '2.0', id, error: { code, message } });
}

/** Headers the SDK transport would accept for a non-initialize request (it checks them in this order). */
function headersFit(headers: HeaderReader, initialize: boolean): boolean {
  const accept = headers.get('accept');
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return false;
  if (headers.get('content-type') !== 'application/json') return false;
  if (initialize) return true;
  const version = headers.get('mcp-protocol-version');
  return version === null || SUPPORTED_PROTOCOL_VERSIONS.includes(version);
}

/**
 * Answers `body` when it is a single request this path handles exactly as the
 * SDK would; `undefined` hands it to the SDK.
 */
export async function answerFast(
  headers: HeaderReader,
  body: unknown,
  deps: FastPathDeps,
): Promise<JsonReply | undefined> {
  if (!isPlainObject(body) || !onlyKeys(body, MESSAGE_KEYS) || body.jsonrpc !== '2.0') return undefined;
  const { id, method, params } = body;
  if (id === undefined && method === INITIALIZED) return initialized(headers, params);
  if (!isRequestId(id) || typeof method !== 'string' || !FAST_METHODS.has(method)) return undefined;
  if (params !== undefined && !isPlainObject(params)) return undefined;
  if (!isPlainMeta(params?._meta)) return undefined;
  if (!headersFit(headers, method === 'initialize')) return undefined;
  switch (method) {
    case 'ping':
      return jsonRpcResult(id, {});
    case 'tools/list':
      if (params?.cursor !== undefined && typeof params.cursor !== 'string') return undefined;
      return jsonRpcResult(id, {
        tools: deps.dispatcher.listFor(deps.context().caller),
      });
    case 'initialize':
      return initialize(id, body);
    default:
      return callTool(id, params, deps);
  }
}

/**
 * `notifications/initialized`, which every client sends after `initialize`:
 * the SDK transport accepts a message without requests with 202 and no body,
 * and the server has nothing to do for it in a stateless gateway.
 */
function initialized(headers: HeaderReader, params: unknown): JsonReply | undefined {
  if (params !== undefined && (!isPlainObject(params) || !isPlainMeta(params._meta))) return undefined;
  if (!headersFit(headers, false)) return undefined;
  return { status: 202, headers: {}, body: '' };
}

function initialize(id: string | number, body: JsonObject): JsonReply | undefined {
  const parsed = InitializeRequestSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const requested = parsed.data.params.protocolVersion;
  return jsonRpcResult(id, {
    protocolVersion: SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION,
    capabilities: MCP_CAPABILITIES,
    serverInfo: SERVER_INFO,
    instructions: SERVER_INSTRUCTIONS,
  });
}

async function callTool(
  id: string | number,
  params: JsonObject | undefined,
  deps: FastPathDeps,
): Promise<JsonReply | undefined> {
  // Task-augmented calls and odd argument shapes get the SDK's own validation and wording.
  if (!params || 'task' in params || typeof params.name !== 'string') return undefined;
  const args = params.arguments;
  if (args !== undefined && (!isPlainObject(args) || Object.hasOwn(args, '__proto__'))) return undefined;
  const outcome = await deps.dispatcher.call(params.name, args, deps.context());
  if (!outcome.ok) {
    // MCP 2025-11-25 server/tools "Error Handling": an unknown tool is a protocol error (-32602).
    if (outcome.failure.kind === 'unknown_tool')
      return jsonRpcError(id, ErrorCode.InvalidParams, outcome.failure.message);
    deps.onToolFailure(outcome.failure);
  }
  return jsonRpcResult(id, toCallToolResult(outcome));
}
