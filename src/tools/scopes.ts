/**
 * Gitea's granular token scopes (models/auth/access_token_scope.go, Gitea 1.20+),
 * as tools declare them. Facts: reference/gitea-oauth-and-api.md §3.
 */

/** Scope categories in Gitea's own order. */
export const GITEA_SCOPE_CATEGORIES = [
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

/** One scope category, e.g. `repository`. */
export type GiteaScopeCategory = (typeof GITEA_SCOPE_CATEGORIES)[number];

/** One granular scope a tool needs, e.g. `read:repository`. */
export type GiteaScope = `${'read' | 'write'}:${GiteaScopeCategory}`;

const CATEGORY_SET: ReadonlySet<string> = new Set(GITEA_SCOPE_CATEGORIES);

/** True when `s` is one of Gitea's `read:*` / `write:*` scopes. */
export function isGiteaScope(s: string): s is GiteaScope {
  const [level, category, ...rest] = s.split(':');
  return rest.length === 0 && (level === 'read' || level === 'write') && CATEGORY_SET.has(category ?? '');
}

/**
 * Whether `granted` (Gitea's normalized scope list, or `all`) covers every scope in `required`.
 * `write:x` implies `read:x`, as in Gitea's HasScope.
 */
export function scopesSatisfy(granted: readonly string[], required: readonly GiteaScope[]): boolean {
  if (granted.includes('all')) return true;
  return required.every((scope) => {
    const [level, category] = scope.split(':');
    return granted.includes(scope) || (level === 'read' && granted.includes(`write:${category}`));
  });
}

/** Sorted, de-duplicated union of scope lists (for OpenAPI and the registry). */
export function unionScopes(lists: Iterable<readonly GiteaScope[]>): GiteaScope[] {
  const out = new Set<GiteaScope>();
  for (const list of lists) for (const s of list) out.add(s);
  return [...out].sort();
}
