/**
 * Organization and team routes (routers/api/v1/org/*.go): listing and reading
 * organizations, their repositories, members and teams. All sit under the
 * `organization` scope category (reference §3.4).
 */
import type { Context } from 'hono';
import { canSeeAccount, isOrgMember, isOrgOwner } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiOrganization, toApiTeam } from '../convert/org.js';
import { toApiRepo } from '../convert/repo.js';
import { toApiUser } from '../convert/user.js';
import { requirePublicOnlyAllows, requireSignedIn } from '../http/auth.js';
import { forbidden, giteaJson, notFound, notFoundWith, userRedirectNotExist } from '../http/errors.js';
import { pageRequest, paginate } from '../http/pagination.js';
import type { SimRouter } from '../http/route.js';
import type { SimTeam, SimUser } from '../state.js';
import { createRepoFromBody, listOwnerRepos } from './users.js';

/**
 * Gitea's orgAssignment: unknown, non-organization or invisible → 404; public-only tokens see public orgs only.
 * routers/api/v1/api.go orgAssignment: an unknown name is APIErrorNotFound("GetOrgByName", redirect error);
 * routers/api/v1/org/org.go Get: an invisible one is APIErrorNotFound("HasOrgOrUserVisible", nil).
 */
export function loadOrg(c: Context<SimEnv>): SimUser {
  const sim = c.get('sim');
  const name = c.req.param('org') ?? '';
  const org = sim.state.userByLogin(name);
  if (org?.type !== 'organization') throw notFoundWith('GetOrgByName', userRedirectNotExist(name));
  if (!canSeeAccount(sim.state, c.get('doer'), org)) throw notFoundWith('HasOrgOrUserVisible');
  requirePublicOnlyAllows(c, 'orgs', org.visibility === 'public');
  return org;
}

function byLower(a: { name: string } | { login: string }, b: { name: string } | { login: string }): number {
  const x = ('name' in a ? a.name : a.login).toLowerCase();
  const y = ('name' in b ? b.name : b.login).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sets only X-Total-Count, as the handlers that skip SetLinkHeader do. */
function slicePage<T>(c: Context<SimEnv>, items: readonly T[], total = items.length): T[] {
  const { page, limit } = pageRequest(c);
  c.header('X-Total-Count', String(total));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return items.slice((page - 1) * limit, page * limit);
}

function orgTeams(c: Context<SimEnv>, org: SimUser): SimTeam[] {
  return [...c.get('sim').state.teams.values()].filter((t) => t.orgId === org.id).sort(byLower);
}

/** reqOrgMembership: site admins and members pass, everybody else gets 403. */
function requireOrgMember(c: Context<SimEnv>, org: SimUser): SimUser {
  const doer = requireSignedIn(c);
  if (!doer.isAdmin && !isOrgMember(c.get('sim').state, org.id, doer.id))
    throw forbidden('Must be an organization member');
  return doer;
}

/** Gitea's `/teams/{id}` assignment plus reqTeamMembership (404 outside the org, 403 for other members). */
function loadTeam(c: Context<SimEnv>): { team: SimTeam; org: SimUser; doer: SimUser } {
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const team = sim.state.teams.get(Number(c.req.param('id')));
  const org = team && sim.state.users.get(team.orgId);
  if (!team || !org) throw notFound(c);
  requirePublicOnlyAllows(c, 'orgs', org.visibility === 'public');
  if (doer.isAdmin || isOrgOwner(sim.state, org.id, doer.id) || team.memberIds.has(doer.id)) return { team, org, doer };
  if (isOrgMember(sim.state, org.id, doer.id)) throw forbidden('Must be a team member');
  throw notFound(c);
}

function teamRepos(c: Context<SimEnv>, team: SimTeam) {
  const repos = [...c.get('sim').state.repos.values()].filter(
    (r) => r.ownerId === team.orgId && (team.includesAllRepositories || team.repoIds.has(r.id)),
  );
  return repos.sort(byLower);
}

function listOrgs(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const doer = c.get('doer');
  const publicOnly = c.get('tokenScope')?.publicOnly ?? false;
  const orgs = [...sim.state.users.values()]
    .filter((o) => o.type === 'organization')
    .filter((o) => (publicOnly || !doer ? o.visibility === 'public' : canSeeAccount(sim.state, doer, o)))
    .sort(byLower);
  return giteaJson(
    c,
    paginate(c, orgs).map((o) => toApiOrganization(sim, o)),
  );
}

function listMembers(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const org = loadOrg(c);
  const doer = c.get('doer');
  // Non-members see only public memberships (ListMembers publicOnly).
  const all = !!doer && (doer.isAdmin || isOrgMember(sim.state, org.id, doer.id));
  const members = [...sim.state.users.values()]
    .filter((u) => u.type === 'user' && isOrgMember(sim.state, org.id, u.id))
    .filter((u) => all || (org.publicMemberIds?.has(u.id) ?? false))
    .sort((a, b) => a.id - b.id);
  return giteaJson(
    c,
    slicePage(c, members).map((u) => toApiUser(sim, u, doer)),
  );
}

function searchTeams(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const org = loadOrg(c);
  requireOrgMember(c, org);
  const q = (c.req.query('q') ?? '').toLowerCase();
  const withDesc = (c.req.query('include_desc') ?? 'true') !== 'false';
  const teams = orgTeams(c, org).filter(
    (t) => t.name.toLowerCase().includes(q) || (withDesc && t.description.toLowerCase().includes(q)),
  );
  return giteaJson(c, {
    ok: true,
    data: paginate(c, teams).map((t) => toApiTeam(sim, t, false)),
  });
}

/** Registers /orgs and /teams routes. */
export function registerOrgRoutes(router: SimRouter): void {
  router.add(
    { method: 'GET', path: '/orgs', scope: ['organization'], handler: listOrgs },
    {
      method: 'GET',
      path: '/orgs/{org}',
      scope: ['organization'],
      handler: (c) => giteaJson(c, toApiOrganization(c.get('sim'), loadOrg(c))),
    },
    {
      method: 'GET',
      path: '/orgs/{org}/repos',
      scope: ['organization'],
      handler: (c) => listOwnerRepos(c, loadOrg(c)),
    },
    {
      method: 'POST',
      path: '/orgs/{org}/repos',
      scope: ['organization'],
      reqToken: true,
      handler: (c) => {
        const sim = c.get('sim');
        const doer = requireSignedIn(c);
        const org = loadOrg(c);
        const canCreate = [...sim.state.teams.values()].some(
          (t) => t.orgId === org.id && t.memberIds.has(doer.id) && (t.permission === 'owner' || t.canCreateOrgRepo),
        );
        if (!doer.isAdmin && !canCreate)
          throw forbidden('Given user is not allowed to create repository in organization.');
        return createRepoFromBody(c, org, doer);
      },
    },
    { method: 'GET', path: '/orgs/{org}/members', scope: ['organization'], handler: listMembers },
    {
      method: 'GET',
      path: '/orgs/{org}/teams',
      scope: ['organization'],
      reqToken: true,
      handler: (c) => {
        const org = loadOrg(c);
        requireOrgMember(c, org);
        const sim = c.get('sim');
        return giteaJson(
          c,
          slicePage(c, orgTeams(c, org)).map((t) => toApiTeam(sim, t, false)),
        );
      },
    },
    { method: 'GET', path: '/orgs/{org}/teams/search', scope: ['organization'], reqToken: true, handler: searchTeams },
    {
      method: 'GET',
      path: '/teams/{id}',
      scope: ['organization'],
      reqToken: true,
      handler: (c) => giteaJson(c, toApiTeam(c.get('sim'), loadTeam(c).team, true)),
    },
    {
      method: 'GET',
      path: '/teams/{id}/members',
      scope: ['organization'],
      reqToken: true,
      handler: (c) => {
        const sim = c.get('sim');
        const { team, org, doer } = loadTeam(c);
        // GetTeamMembers re-checks organization membership (site admins included) and answers 404.
        if (!isOrgMember(sim.state, org.id, doer.id)) throw notFound(c);
        const members = [...team.memberIds]
          .map((id) => sim.state.users.get(id))
          .filter((u): u is SimUser => !!u)
          .sort(byLower);
        return giteaJson(
          c,
          slicePage(c, members).map((u) => toApiUser(sim, u, doer)),
        );
      },
    },
    {
      method: 'GET',
      path: '/teams/{id}/repos',
      scope: ['organization'],
      reqToken: true,
      handler: (c) => {
        const sim = c.get('sim');
        const { team, doer } = loadTeam(c);
        return giteaJson(
          c,
          slicePage(c, teamRepos(c, team)).map((r) => toApiRepo(sim, r, doer)),
        );
      },
    },
  );
}
