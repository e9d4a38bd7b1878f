/**
 * Plain-JSON tool calls (GPT Actions, scripts), through the dispatcher:
 * `POST /api/tools/{name}` with the arguments as the body, and the seed's
 * `POST /mcp/tool/call` with `{"tool": NAME, "arguments": {…}}`. Each route
 * parses its own body; both end in `callToolOverRest`, so status codes,
 * headers and messages cannot drift apart. Requests arrive as `RestRequest`
 * and answers leave serialised, so the node:http lane and the app (app.ts)
 * serve them through these same functions.
 */
import type { AuthenticatedCaller } from '../auth/index.js';
import { type JsonReply, jsonReply, type ToolDispatcher } from '../mcp/index.js';
import type { ToolLogger } from '../tools/index.js';
import { type ChallengeContext, scopeChallenge } from './auth-response.js';
import type { BodyRead } from './guards.js';
import { tooLarge } from './responses.js';

/** What a REST tool call reads of its request, in either lane. */
export interface RestRequest {
  /** Aborted when the client goes away: the tool call is cancelled. */
  readonly signal: AbortSignal;
  /** The body, capped at `maxBytes`. */
  readBody(maxBytes: number): Promise<BodyRead>;
}

/** What a REST tool call needs besides the request and the caller. */
export interface RestToolDeps {
  readonly dispatcher: ToolDispatcher;
  readonly log: ToolLogger;
  readonly maxBodyBytes: number;
  readonly challenge: ChallengeContext;
}

/** The expected shape of a `POST /mcp/tool/call` body, quoted in its 400s. */
const ENVELOPE_SHAPE = 'Send a JSON object {"tool": "<tool name>", "arguments": {…}}; "arguments" is optional.';

const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The capped body parsed as JSON (`empty` when there is none), or the 413/400 answer. */
async function readJsonBody(
  req: RestRequest,
  maxBodyBytes: number,
  expected: string,
): Promise<{ ok: true; value: unknown; empty: boolean } | { ok: false; response: JsonReply }> {
  const body = await req.readBody(maxBodyBytes);
  if (!body.ok) return { ok: false, response: tooLarge(maxBodyBytes) };
  if (body.text.trim() === '') return { ok: true, value: undefined, empty: true };
  try {
    return { ok: true, value: JSON.parse(body.text), empty: false };
  } catch {
    return {
      ok: false,
      response: jsonReply(400, { error: 'invalid_json', message: `The request body is not valid JSON. ${expected}` }),
    };
  }
}

/** `POST /api/tools/{name}`: the body (empty means `{}`) is the tool arguments. */
export async function handleRestToolCall(
  req: RestRequest,
  name: string,
  auth: AuthenticatedCaller,
  deps: RestToolDeps,
): Promise<JsonReply> {
  const expected = 'Send the tool arguments as a JSON object.';
  const body = await readJsonBody(req, deps.maxBodyBytes, expected);
  if (!body.ok) return body.response;
  const args = body.empty ? {} : body.value;
  if (!isJsonObject(args)) return jsonReply(400, { error: 'invalid_input', message: expected });
  return callToolOverRest(req, name, args, auth, deps);
}

/** `POST /mcp/tool/call` (older Gitea MCP setups): `{"tool": NAME, "arguments": {…}}`, arguments optional. */
export async function handleToolCallEnvelope(
  req: RestRequest,
  auth: AuthenticatedCaller,
  deps: RestToolDeps,
): Promise<JsonReply> {
  const body = await readJsonBody(req, deps.maxBodyBytes, ENVELOPE_SHAPE);
  if (!body.ok) return body.response;
  const envelope = body.value;
  if (!isJsonObject(envelope) || typeof envelope.tool !== 'string')
    return jsonReply(400, { error: 'invalid_input', message: `The body names no tool. ${ENVELOPE_SHAPE}` });
  const args = envelope.arguments === undefined ? {} : envelope.arguments;
  if (!isJsonObject(args))
    return jsonReply(400, {
      error: 'invalid_input',
      message: `"arguments" must be a JSON object. ${ENVELOPE_SHAPE}`,
    });
  return callToolOverRest(req, envelope.tool, args, auth, deps);
}

/** Runs `name` with `args` through the dispatcher and maps the outcome to status, headers and JSON. */
async function callToolOverRest(
  req: RestRequest,
  name: string,
  args: Record<string, unknown>,
  auth: AuthenticatedCaller,
  deps: RestToolDeps,
): Promise<JsonReply> {
  const outcome = await deps.dispatcher.call(name, args, {
    gitea: auth.gitea,
    caller: auth.caller,
    log: deps.log,
    signal: req.signal,
    surface: 'rest',
  });
  if (outcome.ok) return jsonReply(200, outcome.value ?? null);
  const f = outcome.failure;
  const headers: Record<string, string> =
    f.kind === 'insufficient_scope' ? { 'www-authenticate': scopeChallenge(f, deps.challenge) } : {};
  const message = f.kind === 'unknown_tool' ? `${f.message} GET /openapi.json lists them too.` : f.message;
  return jsonReply(
    f.status === 499 ? 400 : f.status,
    { error: f.kind, message, ...(f.requiredScopes ? { requiredScopes: f.requiredScopes } : {}) },
    headers,
  );
}
