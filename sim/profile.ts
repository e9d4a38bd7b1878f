/**
 * What differs between the Gitea and Forgejo versions the simulator can play
 * (`--flavor`, `--version`). Every version-dependent behaviour is read from one
 * SimProfile so route code never compares version strings itself.
 * Facts: reference/gitea-oauth-and-api.md §1–§5, §7.
 */

export type Flavor = 'gitea' | 'forgejo';

/** How an OAuth access token's API scope is derived from the grant's scope string (reference §3.2, §5). */
export type OAuthScopeMode =
  /** Gitea 1.19–1.22: every OAuth token is `all`. */
  | 'all'
  /** Gitea 1.23+: OIDC scopes dropped; nothing left or any unknown scope → `all`. */
  | 'gitea-granular'
  /** Forgejo 9+: unknown scopes dropped one by one; nothing valid left → `all`. */
  | 'forgejo-granular';

export interface SimProfile {
  readonly flavor: Flavor;
  /** The version as given on the command line, e.g. `1.25.0` or `11.0.1`. */
  readonly version: string;
  /** What `GET /api/v1/version` answers (Forgejo: `11.0.1+gitea-1.22.0`). */
  readonly apiVersion: string;
  /** Gitea-compatible [major, minor, patch] used for behaviour gates. */
  readonly giteaCompat: readonly [number, number, number];
  /** 404 body message: `not found` (Gitea 1.25+) or `The target couldn't be found.`. */
  readonly notFoundMessage: string;
  /** 404 body `errors` value: `null` on Gitea, `[]` on Forgejo. */
  readonly notFoundErrors: null | [];
  /**
   * 404s for a missing tag, commit or ref say what is missing ("tag doesn't exist: v9",
   * "commit doesn't exist: abc", "unable to find a git ref"; Gitea #34267, verified in 1.25).
   * Before, the message was the bare name itself.
   */
  readonly describedGitNotFound: boolean;
  /**
   * Contents writes pass mustEnableEditor (423 `… is not allowed to edit`) and
   * check the target branch after binding the body (Gitea 1.25, #34855); before:
   * mustNotBeArchived's `… is archived`.
   */
  readonly contentsEditorCheck: boolean;
  /** The commit list rejects a non-RFC 3339 `since`/`until` with a 422 (Gitea 1.25, #34497). */
  readonly commitsValidateSinceUntil: boolean;
  /** 1.23+ Gitea adds `required=[…], token scope=…` to the 403 scope message. */
  readonly scopeMessageWithTokenScope: boolean;
  readonly oauthScopeMode: OAuthScopeMode;
  /** Issuer (and id_token `iss`) keeps AppURL's trailing slash (Gitea ≤1.24, Forgejo ≤11). */
  readonly issuerTrailingSlash: boolean;
  /** Refresh tokens are single use by default (`INVALIDATE_REFRESH_TOKENS`): Forgejo 9+ true, Gitea false. */
  readonly invalidateRefreshTokensDefault: boolean;
  /** `/login/oauth/introspect` demands client Basic auth (Gitea 1.23+, Forgejo 9+). */
  readonly introspectRequiresClientAuth: boolean;
  /** Introspection answer carries `username` (Gitea 1.23+). */
  readonly introspectHasUsername: boolean;
  /** Authorization scheme in `Authorization` is case-insensitive for `token` (Gitea 1.25+). */
  readonly caseInsensitiveTokenScheme: boolean;
  /** `/.well-known/openid-configuration` answers 404 when OAuth2 is disabled (Gitea 1.25+). */
  readonly wellKnownHonoursDisabled: boolean;
  /** Repository JSON has `has_code` (Gitea 1.25+). */
  readonly repoHasCode: boolean;
  /** Authorization codes expire after this many seconds (Gitea 1.25.5+, #36797/#36851); null: never. */
  readonly authCodeTtlSeconds: number | null;
  /**
   * Token exchanges are bound to the client (Gitea 1.26.2+, #37704): the code's
   * redirect_uri must be sent back verbatim and a refresh token only works for its own app.
   */
  readonly bindsTokenExchangeToClient: boolean;
  /** Redirect URIs are lower-cased ASCII-only (Gitea 1.26.2+, #37706); before, full Unicode folding. */
  readonly asciiRedirectUriFolding: boolean;
  /** `POST /login/oauth/userinfo` exists (Gitea 1.22.4+, #32578; Forgejo). */
  readonly userinfoAcceptsPost: boolean;
}

const SUPPORTED_GITEA = /^1\.(2[2-9])\.\d+$/;
const SUPPORTED_FORGEJO = /^(9|1[0-9])\.\d+\.\d+$/;

/** Builds the profile for a flavor and version; throws a TypeError naming the accepted forms. */
export function buildProfile(flavor: Flavor, version?: string): SimProfile {
  if (flavor === 'gitea') {
    const v = version ?? '1.25.0';
    if (!SUPPORTED_GITEA.test(v)) throw new TypeError(`unsupported Gitea version "${v}": use 1.22.x – 1.29.x`);
    const [, minor = 0, patch = 0] = v.split('.').map(Number);
    const at = (m: number) => minor >= m;
    const atPatch = (m: number, p: number) => minor > m || (minor === m && patch >= p);
    return Object.freeze({
      flavor,
      version: v,
      apiVersion: v,
      giteaCompat: [1, minor, patch] as const,
      notFoundMessage: at(25) ? 'not found' : "The target couldn't be found.",
      notFoundErrors: null,
      describedGitNotFound: at(25),
      contentsEditorCheck: at(25),
      commitsValidateSinceUntil: at(25),
      scopeMessageWithTokenScope: at(23),
      oauthScopeMode: at(23) ? 'gitea-granular' : 'all',
      issuerTrailingSlash: !at(25),
      invalidateRefreshTokensDefault: false,
      introspectRequiresClientAuth: at(23),
      introspectHasUsername: at(23),
      caseInsensitiveTokenScheme: at(25),
      wellKnownHonoursDisabled: at(25),
      repoHasCode: at(25),
      authCodeTtlSeconds: atPatch(25, 5) ? 600 : null,
      bindsTokenExchangeToClient: atPatch(26, 2),
      asciiRedirectUriFolding: atPatch(26, 2),
      userinfoAcceptsPost: atPatch(22, 4),
    });
  }
  const v = version ?? '11.0.1';
  if (!SUPPORTED_FORGEJO.test(v)) throw new TypeError(`unsupported Forgejo version "${v}": use 9.0.0 or later`);
  const major = Number(v.split('.')[0]);
  return Object.freeze({
    flavor,
    version: v,
    apiVersion: `${v}+gitea-1.22.0`,
    giteaCompat: [1, 22, 0] as const,
    notFoundMessage: "The target couldn't be found.",
    notFoundErrors: [] as [],
    describedGitNotFound: false,
    contentsEditorCheck: false,
    commitsValidateSinceUntil: false,
    scopeMessageWithTokenScope: false,
    oauthScopeMode: 'forgejo-granular',
    issuerTrailingSlash: major < 12,
    invalidateRefreshTokensDefault: true,
    introspectRequiresClientAuth: true,
    introspectHasUsername: false,
    caseInsensitiveTokenScheme: false,
    wellKnownHonoursDisabled: false,
    repoHasCode: false,
    // Forgejo (FJ-2025-06) still deleted codes only on use and had no client binding.
    authCodeTtlSeconds: null,
    bindsTokenExchangeToClient: false,
    asciiRedirectUriFolding: false,
    userinfoAcceptsPost: true,
  });
}
