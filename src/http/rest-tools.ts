/** `POST /api/tools/{name}`: one tool call as plain JSON (GPT Actions, scripts). */

import type { AuthenticatedCaller } from '../auth/index.js';
import { runTool } from '../mcp/index.js';
import type { ToolContext, ToolLogger, ToolRegistry } from '../tools/index.js';
import { readBodyCapped } from './guards.js';
import { insufficientScopeChallenge, insufficientScopeMessage, missingToolScopes } from './scope-gate.js';

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Handles one REST tool call for an already authenticated caller. */
export async function handleRestToolCall(
  req: Request,
  name: string,
  auth: AuthenticatedCaller,
  deps: { registry: ToolRegistry; log: ToolLogger; maxBodyBytes: number; resourceMetadataUrl: string },
): Promise<Response> {
  const tool = deps.registry.get(name);
  if (!tool) {
    const why = deps.registry.whyUnavailable(name);
    return json(404, {
      error: why ? 'tool_unavailable' : 'unknown_tool',
      message: why ?? `There is no tool named ${name}. GET /openapi.json lists the available tools.`,
    });
  }
  const body = await readBodyCapped(req, deps.maxBodyBytes);
  if (!body.ok) return tooLarge(deps.maxBodyBytes);
  let args: unknown = {};
  if (body.text.trim() !== '') {
    try {
      args = JSON.parse(body.text);
    } catch {
      return json(400, {
        error: 'invalid_json',
        message: 'The request body is not valid JSON. Send the tool arguments as a JSON object.',
      });
    }
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    return json(400, { error: 'invalid_input', message: 'Send the tool arguments as a JSON object.' });
  const missing = missingToolScopes(tool, args as Record<string, unknown>, auth.caller);
  if (missing.length > 0) {
    const message = insufficientScopeMessage(tool.name, missing, auth.caller);
    return json(
      403,
      { error: 'insufficient_scope', message, requiredScopes: missing },
      { 'www-authenticate': insufficientScopeChallenge(deps.resourceMetadataUrl, missing, message) },
    );
  }
  const ctx: ToolContext = { gitea: auth.gitea, caller: auth.caller, log: deps.log, signal: req.signal };
  const outcome = await runTool(tool, args, ctx);
  if (outcome.ok) return json(200, outcome.value ?? null);
  const f = outcome.failure;
  const headers: Record<string, string> = {};
  // RFC 6750 §3.1: tell the client which scope to ask for.
  if (f.kind === 'insufficient_scope' && f.requiredScopes)
    headers['www-authenticate'] = `Bearer error="insufficient_scope", scope="${f.requiredScopes.join(' ')}"`;
  return json(
    f.status === 499 ? 400 : f.status,
    { error: f.kind, message: f.message, ...(f.requiredScopes ? { requiredScopes: f.requiredScopes } : {}) },
    headers,
  );
}

/** 413 with a sentence naming the limit. */
export function tooLarge(maxBodyBytes: number): Response {
  return json(413, {
    error: 'body_too_large',
    message: `The request body is larger than ${maxBodyBytes} bytes. Send less per call (e.g. fewer files per commit).`,
  });
}
