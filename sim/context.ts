/**
 * The simulator's shared context: state, the flavor/version profile, the git
 * layer, the OAuth provider's token resolver and the clock. Route modules get
 * it as `c.get('sim')` and never reach for globals.
 */
import type { SimGit } from './git.js';
import type { RequestLog, SimRequestRecord } from './http/request-log.js';
import type { SimProfile } from './profile.js';
import type { TokenScope } from './scopes.js';
import type { SimState, SimUser } from './state.js';

/** What an OAuth access token (a Gitea JWT) resolves to, if it is valid right now. */
export interface ResolvedOAuthToken {
  userId: number;
  /** API scope derived from the grant per flavor/version (reference §3.2). */
  scope: TokenScope;
}

/** Implemented by sim/oauth: turns a JWT into its user and scope, or null if invalid, expired or revoked. */
export interface OAuthTokenResolver {
  resolveAccessToken(jwt: string): Promise<ResolvedOAuthToken | null>;
}

export interface SimOptions {
  /** Externally visible base URL with trailing slash, like Gitea's ROOT_URL. Set once listening. */
  appUrl: string;
  /** `[oauth2] ENABLED`. */
  oauth2Enabled: boolean;
  /** `[oauth2] INVALIDATE_REFRESH_TOKENS`; defaults per flavor. */
  invalidateRefreshTokens: boolean;
  /** `[oauth2] ACCESS_TOKEN_EXPIRATION_TIME` in seconds. */
  accessTokenTtlSeconds: number;
  /** `[oauth2] REFRESH_TOKEN_EXPIRATION_TIME` in hours. */
  refreshTokenTtlHours: number;
  /** `[oauth2] JWT_SIGNING_ALGORITHM`: RS256 (default) or HS256 (tokens signed with `JWT_SECRET`). */
  jwtSigningAlgorithm?: 'RS256' | 'HS256';
}

export interface SimContext {
  readonly state: SimState;
  readonly profile: SimProfile;
  readonly options: SimOptions;
  readonly git: SimGit;
  oauth: OAuthTokenResolver;
  readonly faults: import('./http/faults.js').FaultTable;
  /** Every request served, for tests that judge by what reached Gitea. */
  readonly requests: RequestLog;
  /** ROOT_URL with trailing slash, e.g. `http://127.0.0.1:3000/`. */
  appUrl(): string;
  now(): Date;
}

/** How the current API request was authenticated (reference §4.1). */
export type AuthKind = 'anonymous' | 'token' | 'oauth' | 'basic-password' | 'session';

export type SimEnv = {
  Variables: {
    sim: SimContext;
    /** The signed-in user (after Sudo), or null. */
    doer: SimUser | null;
    authKind: AuthKind;
    /** Scope limit of token authentication; null when the request is not scope-limited. */
    tokenScope: TokenScope | null;
    /** Gitea's ctx.IsBasicAuth: signed in by the Basic method (password, or a token inside Basic). */
    basicAuth: boolean;
    /** This request's entry in the request log (an API route adds its template and scope). */
    request: SimRequestRecord;
  };
};
