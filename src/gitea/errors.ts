/**
 * Every way a Gitea call can fail, told apart by a stable `code` so callers
 * can say what happened and what to do (reference/gitea-oauth-and-api.md §3.3,
 * §4.1–§4.2 for Gitea's statuses and texts).
 */

/** Stable failure codes of a Gitea call; `switch` on them, never on the message. */
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
  /** 409: the target changed or already exists. */
  | 'conflict'
  /** 422 and 400: Gitea refused the input. */
  | 'validation'
  /** 5xx and other unexpected statuses. */
  | 'upstream_error'
  /** No answer within the per-attempt timeout. */
  | 'timeout'
  /** Connection refused, DNS failure, reset. */
  | 'unreachable'
  /** A success status with a body that is not the JSON it should be. */
  | 'bad_response'
  /** Gitea pointed at a URL outside GITEA_URL (a ROOT_URL mismatch, say); the token is not sent there. */
  | 'off_site_url'
  /** The answer is larger than the client reads (a huge diff, log or file); the rest was not read. */
  | 'too_large';

/** Fields of a GiteaError; `path` must already be stripped of its query. */
export interface GiteaErrorInit {
  code: GiteaErrorCode;
  /** HTTP status, when Gitea answered at all. */
  status?: number | undefined;
  method: string;
  path: string;
  /** Gitea's own `message` (or our description for network failures). */
  giteaMessage?: string | undefined;
  requiredScopes?: string[] | undefined;
  tokenScope?: string | undefined;
  cause?: unknown;
}

const SUMMARY: Record<GiteaErrorCode, string> = {
  invalid_token: 'Gitea rejected the token (invalid, expired or revoked)',
  missing_scope: 'the token lacks a scope this call needs',
  public_only: 'the token is limited to public repositories and organizations',
  forbidden: 'permission denied',
  not_found: 'not found or not visible to you',
  conflict: 'conflict with the current state',
  validation: 'Gitea rejected the input',
  upstream_error: 'Gitea failed',
  timeout: 'Gitea did not answer in time',
  unreachable: 'Gitea is unreachable',
  bad_response: 'Gitea sent a malformed answer',
  off_site_url: 'Gitea pointed outside GITEA_URL',
  too_large: 'the answer is too large to read',
};

/** Strips `?query` and `#fragment`: query strings may carry user input or, from broken callers, tokens. */
export function pathWithoutQuery(path: string): string {
  const i = path.search(/[?#]/);
  return i < 0 ? path : path.slice(0, i);
}

/** A failed Gitea call. `path` never includes the query string (it may hold user input). */
export class GiteaError extends Error {
  /** Stable code; see GiteaErrorCode. */
  readonly code: GiteaErrorCode;
  /** HTTP status, or undefined when Gitea never answered (timeout, unreachable). */
  readonly status: number | undefined;
  readonly method: string;
  /** API path below /api/v1, without query. */
  readonly path: string;
  /** Gitea's own `message`, when it sent one. */
  readonly giteaMessage: string | undefined;
  /** For `missing_scope`: the scopes Gitea said the route needs (any one of them suffices). */
  readonly requiredScopes: string[] | undefined;
  /** For `missing_scope` on Gitea 1.23+: the token's scope as Gitea reports it (`read:user,…`). */
  readonly tokenScope: string | undefined;

  constructor(init: GiteaErrorInit) {
    const path = pathWithoutQuery(init.path);
    const status = init.status === undefined ? '' : ` (HTTP ${init.status})`;
    const said = init.giteaMessage ? `: ${init.giteaMessage}` : '';
    super(`${init.method} ${path}: ${SUMMARY[init.code]}${status}${said}`, { cause: init.cause });
    this.name = 'GiteaError';
    this.code = init.code;
    this.status = init.status;
    this.method = init.method;
    this.path = path;
    this.giteaMessage = init.giteaMessage;
    this.requiredScopes = init.requiredScopes;
    this.tokenScope = init.tokenScope;
  }
}

// Gitea 1.23+ says `…, required=[read:repository], token scope=read:user`;
// Gitea ≤1.22 and Forgejo say `…: [read:repository]` (reference §3.3).
const SCOPE_PREFIX = 'token does not have at least one of required scope(s)';
const SCOPE_NEW = /required=\[([^\]]*)\](?:,\s*token scope=(\S*))?/;
const SCOPE_OLD = /required scope\(s\):\s*\[([^\]]*)\]/;

/** Parses Gitea's scope 403 text (1.23+ `required=[…], token scope=…`; ≤1.22 and Forgejo `required scope(s): […]`). */
export function parseScopeMessage(message: string): { requiredScopes: string[]; tokenScope?: string } | null {
  if (!message.startsWith(SCOPE_PREFIX)) return null;
  const m = SCOPE_NEW.exec(message) ?? SCOPE_OLD.exec(message);
  if (!m) return null;
  const requiredScopes = (m[1] ?? '').split(/[\s,]+/).filter(Boolean);
  return m[2] !== undefined ? { requiredScopes, tokenScope: m[2] } : { requiredScopes };
}

function codeForStatus(status: number, message: string): GiteaErrorCode {
  switch (status) {
    case 401:
      return 'invalid_token';
    case 403:
      if (message.startsWith(SCOPE_PREFIX)) return 'missing_scope';
      return message.startsWith('token scope is limited to public') ? 'public_only' : 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 400:
    case 422:
      return 'validation';
    default:
      return 'upstream_error';
  }
}

/** Maps an HTTP failure status plus Gitea's message to a GiteaError. */
export function errorFromResponse(
  status: number,
  method: string,
  path: string,
  message: string | undefined,
): GiteaError {
  const text = message ?? '';
  const code = codeForStatus(status, text);
  const scope = code === 'missing_scope' ? parseScopeMessage(text) : null;
  return new GiteaError({
    code,
    status,
    method,
    path,
    giteaMessage: text || undefined,
    // A scope 403 whose list we cannot read still says "missing scope"; the caller falls back to the tool's own scope.
    requiredScopes: scope?.requiredScopes,
    tokenScope: scope?.tokenScope,
  });
}
