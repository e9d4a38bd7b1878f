/**
 * The OIDC `groups` claim (oauth2_provider.GetOAuthGroupsForUser): every
 * organization the user belongs to, each followed by `org:team` for the
 * teams they are in (team lower name). Public organizations only when the
 * token's derived scope has `public-only` (Gitea 1.23+, reference §1.5).
 */
import type { SimState, SimUser } from '../state.js';

const byLower = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1);

/** `["org", "org:team", …]` for `user`, orgs and teams sorted by lower-case name. */
export function oauthGroupsForUser(state: SimState, user: SimUser, onlyPublicOrgs: boolean): string[] {
  const teams = [...state.teams.values()].filter((t) => t.memberIds.has(user.id));
  const orgs = [...new Set(teams.map((t) => t.orgId))]
    .map((id) => state.users.get(id))
    .filter((o): o is SimUser => !!o && (!onlyPublicOrgs || o.visibility === 'public'))
    .sort((a, b) => byLower(a.login, b.login));
  return orgs.flatMap((org) => [
    org.login,
    ...teams
      .filter((t) => t.orgId === org.id)
      .map((t) => t.name)
      .sort(byLower)
      .map((name) => `${org.login}:${name.toLowerCase()}`),
  ]);
}
