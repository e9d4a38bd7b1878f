/**
 * Step-up before a tool runs (MCP 2025-11-25 authorization, "insufficient
 * scope"; RFC 6750 §3.1): a tool whose scopes the caller's grant does not
 * cover is refused with HTTP 403 `insufficient_scope` naming the scope to ask
 * for, and a body that says in words what to do. Fails closed: a caller whose
 * scopes are unknown is left to Gitea's own check, which answers per call.
 */
import { buildBearerChallenge } from '../auth/index.js';
import type { Caller, GiteaScope, ToolDefinition } from '../tools/index.js';
import { scopesSatisfy } from '../tools/index.js';

/** The scopes `caller` lacks for calling `tool` with `args`, or an empty list. */
export function missingToolScopes(tool: ToolDefinition, args: Record<string, unknown>, caller: Caller): GiteaScope[] {
  const granted = caller.grantedScopes;
  if (!granted) return [];
  return tool.scopesFor(args).filter((s) => !scopesSatisfy(granted, [s]));
}

/** The sentence shown to the user when a grant lacks scopes for a tool. */
export function insufficientScopeMessage(toolName: string, missing: readonly string[], caller: Caller): string {
  const what = missing.join(' and ');
  return caller.kind === 'service_key'
    ? `${toolName} needs ${what}, and this service key is read-only. Ask the Gatea operator for a key created with --scopes write.`
    : `${toolName} needs the ${what} scope, which your grant lacks. Reconnect Gatea and allow it, then retry.`;
}

/** The `WWW-Authenticate` value for a 403 insufficient_scope. */
export function insufficientScopeChallenge(
  resourceMetadataUrl: string,
  missing: readonly string[],
  message: string,
): string {
  return buildBearerChallenge({
    resourceMetadata: resourceMetadataUrl,
    scope: missing.join(' '),
    error: 'insufficient_scope',
    errorDescription: message,
  });
}
