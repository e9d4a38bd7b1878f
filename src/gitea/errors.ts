/**
 * Every way a Gitea call can fail, told apart by a stable `code` so callers
 * can say what happened and what to do (reference/gitea-oauth-and-api.md §3.3,
 * §4.1–§4.2 for Gitea's statuses and texts).
 */

export type GiteaErrorCode =
  /** 401: token invalid, expired or revoked ("user does not exist [uid: 0, name: ]"). */
  | 'invalid_token'
  /** 403 from the scope check; `requiredScopes` / `tokenScope` parsed from Gitea's text. */
  | 'missing_scope'
  /** 403 "token scope is limited to public …". */
  | 'public_only'
  /** Any other 403 (permission). */
  | 'forbidden'
  /** 404: missing, or private and not visible to the caller (Gitea does not say which). */
  | 'not_found'
  | 'conflict'
  /** 422 and 400: Gitea refused the input. */
  | 'validation'
  /** 5xx and other unexpected statuses. */
  | 'upstream_error'
  | 'timeout'
  /** Connection refused, DNS failure, reset. */
  | 'unreachable'
  /** A success status with a body that is not the JSON it should be. */
  | 'bad_response';

/** A failed Gitea call. `path` never includes the query string (it may hold user input). */
export class GiteaError extends Error {
  constructor(
    readonly code: GiteaErrorCode,
    readonly status: number | undefined,
    readonly method: string,
    readonly path: string,
    /** Gitea's own `message`, when it sent one. */
    readonly giteaMessage?: string,
    /** For `missing_scope`: the scopes Gitea said the route needs. */
    readonly requiredScopes?: string[],
    /** For `missing_scope` on Gitea 1.23+: the token's scope as Gitea reports it (`read:user,…`). */
    readonly tokenScope?: string,
  ) {
    super(`${method} ${path}: ${code}${status ? ` (HTTP ${status})` : ''}${giteaMessage ? `: ${giteaMessage}` : ''}`);
    this.name = 'GiteaError';
  }
}

const SCOPE_NEW = /required=\[([^\]]*)\](?:, token scope=(\S*))?/;
const SCOPE_OLD = /required scope\(s\): \[([^\]]*)\]/;

/** Parses Gitea's scope 403 text (1.23+ `required=[…], token scope=…`; ≤1.22 and Forgejo `required scope(s): […]`). */
export function parseScopeMessage(message: string): { requiredScopes: string[]; tokenScope?: string } | null {
  const m = SCOPE_NEW.exec(message) ?? SCOPE_OLD.exec(message);
  if (!m || !message.startsWith('token does not have at least one of required scope(s)')) return null;
  const requiredScopes = (m[1] ?? '').split(/[\s,]+/).filter(Boolean);
  return m[2] !== undefined ? { requiredScopes, tokenScope: m[2] } : { requiredScopes };
}

/** Maps an HTTP failure status plus Gitea's message to a GiteaError. */
export function errorFromResponse(
  status: number,
  method: string,
  path: string,
  message: string | undefined,
): GiteaError {
  const text = message ?? '';
  if (status === 401) return new GiteaError('invalid_token', status, method, path, text);
  if (status === 403) {
    const scope = parseScopeMessage(text);
    if (scope)
      return new GiteaError('missing_scope', status, method, path, text, scope.requiredScopes, scope.tokenScope);
    if (text.startsWith('token scope is limited to public'))
      return new GiteaError('public_only', status, method, path, text);
    return new GiteaError('forbidden', status, method, path, text);
  }
  if (status === 404) return new GiteaError('not_found', status, method, path, text);
  if (status === 409) return new GiteaError('conflict', status, method, path, text);
  if (status === 400 || status === 422) return new GiteaError('validation', status, method, path, text);
  return new GiteaError('upstream_error', status, method, path, text);
}
