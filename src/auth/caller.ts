/** Who is calling: produced by `auth` for every request, read by the enforcement point and by tools. */

/** How a caller authenticated. */
export type CallerKind = 'oauth' | 'direct' | 'service_key' | 'stdio';

/** The authenticated caller of one request. */
export interface Caller {
  readonly kind: CallerKind;
  /** Gitea login (or service key name), when known before the first Gitea call. */
  readonly login?: string;
  /**
   * Gitea scopes the caller's grant holds (normalized, e.g. `read:repository` or `all`).
   * Undefined only when Gitea alone can tell (a personal access token, stdio): Gitea then
   * checks each call against the token's own scopes.
   */
  readonly grantedScopes?: readonly string[];
  /** The OAuth client acting for the user (broker tokens), when known. */
  readonly clientId?: string;
  /** Correlates the tool result with the log lines of this request. */
  readonly requestId: string;
}
