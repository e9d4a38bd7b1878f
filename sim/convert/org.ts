/** api.Organization and api.Team as Gitea renders them (services/convert/convert.go ToOrganization, ToTeams). */
import type { SimContext } from '../context.js';
import type { SimTeam, SimUser } from '../state.js';

/** Renders an organization (a `type: 'organization'` row of the user table). */
export function toApiOrganization(sim: SimContext, org: SimUser): Record<string, unknown> {
  return {
    id: org.id,
    name: org.login,
    full_name: org.fullName,
    email: org.email,
    avatar_url: `${sim.appUrl()}avatars/${org.id}`,
    description: org.description,
    website: org.website,
    location: org.location,
    visibility: org.visibility,
    repo_admin_change_team_access: false,
    username: org.login,
  };
}

/** Repository units in Gitea's unit-type order (models/unit/unit.go). */
const UNITS = [
  'repo.code',
  'repo.issues',
  'repo.pulls',
  'repo.releases',
  'repo.wiki',
  'repo.ext_wiki',
  'repo.ext_issues',
  'repo.projects',
  'repo.packages',
  'repo.actions',
] as const;

/** External units can never be granted more than read (their MaxAccessMode). */
const READ_ONLY_UNITS = new Set<string>(['repo.ext_wiki', 'repo.ext_issues']);

/**
 * Renders a team. `withOrg` mirrors Gitea's loadOrgs flag: GET /teams/{id} and
 * /user/teams load the organization; /orgs/{org}/teams and team search leave
 * `organization` null.
 */
export function toApiTeam(sim: SimContext, team: SimTeam, withOrg: boolean): Record<string, unknown> {
  const org = withOrg ? sim.state.users.get(team.orgId) : undefined;
  const unitsMap: Record<string, string> = {};
  for (const u of UNITS) unitsMap[u] = READ_ONLY_UNITS.has(u) ? 'read' : team.permission;
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    organization: org ? toApiOrganization(sim, org) : null,
    includes_all_repositories: team.includesAllRepositories,
    permission: team.permission,
    units: [...UNITS],
    units_map: unitsMap,
    can_create_org_repo: team.canCreateOrgRepo,
  };
}
