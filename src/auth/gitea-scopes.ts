/**
 * What a Gitea OAuth grant's scope string turns into on the Gitea in front of
 * us: Gitea 1.23+ widens an OIDC-only or partly unknown request to `all`,
 * Forgejo drops unknown scopes one by one, Gitea ≤1.22 makes every OAuth
 * token `all`. Facts: reference/gitea-oauth-and-api.md §3.2, §5.
 */
import { type GiteaScope, isGiteaScope, scopesSatisfy } from '../tools/index.js';

const OIDC_ONLY = new Set(['openid', 'profile', 'email', 'groups']);

/** How the Gitea in front of us derives OAuth token scopes. */
export type GiteaScopeRules = 'gitea-1.22' | 'gitea-1.23+' | 'forgejo';

function isTokenScope(s: string): boolean {
  return s === 'all' || s === 'public-only' || isGiteaScope(s);
}

/**
 * Whether Gitea knows `s` as a grant scope: an OIDC scope, `all`, `public-only` or a granular
 * `read:`/`write:` scope. One unknown scope in a request widens the whole token to `all` on
 * Gitea 1.23+ and is dropped by Forgejo (reference §3.2, §5).
 */
export function isKnownGiteaGrantScope(s: string): boolean {
  return OIDC_ONLY.has(s) || isTokenScope(s);
}

/** The effective API scopes of an OAuth token whose grant asked for `grantScope` (space separated). */
export function deriveOAuthScopes(grantScope: string, rules: GiteaScopeRules): string[] {
  if (rules === 'gitea-1.22') return ['all'];
  const rest = grantScope.split(/\s+/).filter((s) => s !== '' && !OIDC_ONLY.has(s));
  if (rules === 'forgejo') {
    const known = rest.filter(isTokenScope);
    return known.length > 0 ? known : ['all'];
  }
  if (rest.length === 0 || !rest.every(isTokenScope)) return ['all'];
  return rest;
}

/** The scopes in `needed` that `have` lacks. */
export function missingScopes(have: readonly string[], needed: readonly GiteaScope[]): GiteaScope[] {
  return needed.filter((n) => !scopesSatisfy(have, [n]));
}
