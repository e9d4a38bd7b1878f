/**
 * Why a request could not be authenticated. Verification throws an AuthError;
 * one mapper at the HTTP edge (src/http/auth-response.ts) turns it into the
 * status, `WWW-Authenticate` challenge and body (RFC 6750 §3, RFC 9728 §5.1).
 */
import type { GiteaScope } from '../tools/index.js';

export type AuthErrorCode =
  /** No usable credentials (none, an empty header, an unsupported scheme): 401 with a plain challenge. */
  | 'missing_credentials'
  /** Malformed request, e.g. a token in the URL: 400 `invalid_request`. */
  | 'invalid_request'
  /** Expired, revoked, unknown or malformed token: 401 `invalid_token`. */
  | 'invalid_token'
  /** The token works but lacks a scope Gatea needs for every call: 403 `insufficient_scope`. */
  | 'insufficient_scope'
  /** Gitea or its keys are unreachable: 503, retry. */
  | 'temporarily_unavailable'
  /** The operator has not configured the Gitea token a service key acts with: 503. */
  | 'service_key_unconfigured'
  /** Too many token validations from one client: 429. */
  | 'rate_limited';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    /** A sentence for the caller; never contains a credential. */
    message: string,
    readonly details: { readonly missingScopes?: readonly GiteaScope[]; readonly retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
