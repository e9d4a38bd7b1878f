/**
 * Gitea's access-token scope vocabulary and checks (models/auth/access_token_scope.go),
 * and the OAuth grant → token scope derivation per flavor/version.
 * Facts: reference/gitea-oauth-and-api.md §3.
 */
import type { OAuthScopeMode } from './profile.js';

/** In Gitea's own order (allAccessTokenScopes), which Normalize() output follows. */
export const SCOPE_CATEGORIES = [
  'activitypub',
  'admin',
  'misc',
  'notification',
  'organization',
  'package',
  'issue',
  'repository',
  'user',
] as const;
export type ScopeCategory = (typeof SCOPE_CATEGORIES)[number];
export type ScopeLevel = 'read' | 'write';

const KNOWN = new Set<string>(['all', 'public-only', ...SCOPE_CATEGORIES.flatMap((c) => [`read:${c}`, `write:${c}`])]);
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'groups']);

/** A parsed, normalized token scope. `all` grants write on every category. */
export interface TokenScope {
  readonly all: boolean;
  readonly publicOnly: boolean;
  /** Highest level per category; absent = no access. */
  readonly levels: ReadonlyMap<ScopeCategory, ScopeLevel>;
}

export function isKnownScope(s: string): boolean {
  return KNOWN.has(s);
}

/** Parses a comma- or space-separated list of known scopes; returns null if any item is unknown. */
export function parseScope(raw: string): TokenScope | null {
  const items = raw.split(/[\s,]+/).filter(Boolean);
  const levels = new Map<ScopeCategory, ScopeLevel>();
  let all = false;
  let publicOnly = false;
  for (const item of items) {
    if (!KNOWN.has(item)) return null;
    if (item === 'all') all = true;
    else if (item === 'public-only') publicOnly = true;
    else {
      const [level, cat] = item.split(':') as [ScopeLevel, ScopeCategory];
      if (level === 'write' || !levels.has(cat)) levels.set(cat, level);
    }
  }
  if (!all && SCOPE_CATEGORIES.every((c) => levels.get(c) === 'write')) all = true;
  return { all, publicOnly, levels };
}

/** Gitea's Normalize() string form: `public-only` first, then `all` or the per-category scopes. */
export function formatScope(scope: TokenScope): string {
  const parts: string[] = [];
  if (scope.publicOnly) parts.push('public-only');
  if (scope.all) parts.push('all');
  else
    for (const c of SCOPE_CATEGORIES) {
      const level = scope.levels.get(c);
      if (level) parts.push(`${level}:${c}`);
    }
  return parts.join(',');
}

/** True when `scope` allows `level` on every one of `categories` (Gitea requires all of them). */
export function hasScope(scope: TokenScope, categories: readonly ScopeCategory[], level: ScopeLevel): boolean {
  if (scope.all) return true;
  return categories.every((c) => {
    const have = scope.levels.get(c);
    return have === 'write' || (have === 'read' && level === 'read');
  });
}

export const ALL_SCOPE: TokenScope = Object.freeze({ all: true, publicOnly: false, levels: new Map() });

/**
 * The API scope of an OAuth access token, from its grant's raw scope string
 * (Gitea GrantAdditionalScopes, 1.23+; Forgejo grantAdditionalScopes, 9+).
 */
export function deriveOAuthTokenScope(grantScope: string, mode: OAuthScopeMode): TokenScope {
  if (mode === 'all') return ALL_SCOPE;
  const rest = grantScope.split(' ').filter((s) => s !== '' && !OIDC_SCOPES.has(s));
  if (mode === 'forgejo-granular') {
    const known = rest.filter((s) => KNOWN.has(s));
    return (known.length > 0 && parseScope(known.join(','))) || ALL_SCOPE;
  }
  if (rest.length === 0) return ALL_SCOPE;
  return parseScope(rest.join(',')) ?? ALL_SCOPE;
}

/**
 * AccessTokenScope.Normalize as a PAT's scope list is checked on creation
 * (models/auth/access_token_scope.go parse): items split on commas only, empty
 * items skipped, the first unknown item an error. Returns the error text
 * (`invalid access token scope: <item>`) or the parsed scope (null if empty).
 */
export function normalizeScopeList(raw: string): { error: string } | { scope: TokenScope | null } {
  const items = raw.split(',').filter((s) => s !== '');
  const unknown = items.find((s) => !KNOWN.has(s));
  if (unknown !== undefined) return { error: `invalid access token scope: ${unknown}` };
  return { scope: items.length === 0 ? null : parseScope(items.join(',')) };
}
