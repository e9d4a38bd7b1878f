/** `POST /api/tools/{name}`: one tool call as plain JSON (GPT Actions, scripts), through the dispatcher. */
import type { AuthenticatedCaller } from '../auth/index.js';
import type { ToolDispatcher } from '../mcp/index.js';
import type { ToolLogger } from '../tools/index.js';
import { type ChallengeContext, scopeChallenge } from './auth-response.js';
import { readBodyCapped } from './guards.js';
import { json, tooLarge } from './responses.js';

/** Handles one REST tool call for an already authenticated caller. */
export async function handleRestToolCall(
  req: Request,
  name: string,
  auth: AuthenticatedCaller,
  deps: { dispatcher: ToolDispatcher; log: ToolLogger; maxBodyBytes: number; challenge: ChallengeContext },
): Promise<Response> {
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
  const outcome = await deps.dispatcher.call(name, args, {
    gitea: auth.gitea,
    caller: auth.caller,
    log: deps.log,
    signal: req.signal,
  });
  if (outcome.ok) return json(200, outcome.value ?? null);
  const f = outcome.failure;
  const headers: Record<string, string> =
    f.kind === 'insufficient_scope' ? { 'www-authenticate': scopeChallenge(f, deps.challenge) } : {};
  const message = f.kind === 'unknown_tool' ? `${f.message} GET /openapi.json lists them too.` : f.message;
  return json(
    f.status === 499 ? 400 : f.status,
    { error: f.kind, message, ...(f.requiredScopes ? { requiredScopes: f.requiredScopes } : {}) },
    headers,
  );
}
