/**
 * Account routes under /user and /users (routers/api/v1/user/*.go): the
 * signed-in user, profiles, user search, repository lists, repository
 * creation, organization and team memberships, stars.
 * Scope categories per reference §3.4.
 */
import type { Context } from 'hono';
import { canSeeAccount, isOrgMember, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiOrganization, toApiTeam } from '../convert/org.js';
import { toApiRepo } from '../convert/repo.js';
import { toApiUser } from '../convert/user.js';
import { requirePublicOnlyAllows, requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, notFoundWith, SimApiError, unprocessable, userRedirectNotExist } from '../http/errors.js';
import { pageRequest, paginate } from '../http/pagination.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { createRepository, RepoExistsError, repoNameProblem } from '../services/repo-create.js';
import { byName, hasExplicitAccess } from '../services/repo-list.js';
import type { SimUser } from '../state.js';
import { optBool, optString, readJsonBody } from './request-body.js';

/**
 * Gitea's context-user assignment: an unknown or invisible account is 404,
 * and a public-only token may not read a non-public one. An unknown name is
 * `APIError(404, ErrUserRedirectNotExist)` (services/context/user.go
 * userAssignment: `{message, url}` without `errors`); an invisible one is
 * routers/api/v1/user/user.go GetInfo's faked "GetUserByName" 404.
 */
export function loadAccount(c: Context<SimEnv>, param = 'username'): SimUser {
  const sim = c.get('sim');
  const name = c.req.param(param) ?? '';
  const user = sim.state.userByLogin(name);
  if (!user) throw new SimApiError(404, userRedirectNotExist(name));
  if (!canSeeAccount(sim.state, c.get('doer'), user))
    throw notFoundWith('GetUserByName', `user does not exist [uid: 0, name: ${name}]`);
  requirePublicOnlyAllows(c, 'users', user.visibility === 'public');
  return user;
}

/** Creates a repository for `owner` from a CreateRepoOption body and answers 201 (shared with orgs.ts). */
export async function createRepoFromBody(c: Context<SimEnv>, owner: SimUser, doer: SimUser): Promise<Response> {
  const sim = c.get('sim');
  const body = await readJsonBody(c);
  const name = (optString(body, 'name') ?? '').trim();
  const problem = repoNameProblem(name);
  if (problem) throw unprocessable(problem);
  const objectFormat = optString(body, 'object_format_name');
  if (objectFormat && objectFormat !== 'sha1' && objectFormat !== 'sha256')
    throw unprocessable('[ObjectFormatName]: In');
  try {
    const repo = await createRepository(sim, owner, {
      name,
      doer,
      description: optString(body, 'description') ?? '',
      private: optBool(body, 'private') ?? false,
      template: optBool(body, 'template') ?? false,
      defaultBranch: optString(body, 'default_branch') || 'main',
      autoInit: optBool(body, 'auto_init') ?? false,
    });
    return giteaJson(c, toApiRepo(sim, repo, doer), 201);
  } catch (err) {
    if (err instanceof RepoExistsError) throw new SimApiError(409, err.message);
    throw err;
  }
}

function userSearch(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const doer = c.get('doer');
  const q = (c.req.query('q') ?? '').trim().toLowerCase();
  const uid = Number.parseInt(c.req.query('uid') ?? '0', 10) || 0;
  const publicOnly = c.get('tokenScope')?.publicOnly ?? false;
  const found = [...sim.state.users.values()]
    .filter((u) => u.type === 'user')
    .filter((u) => (publicOnly ? u.visibility === 'public' : canSeeAccount(sim.state, doer, u)))
    .filter((u) => (uid > 0 ? u.id === uid : true))
    .filter(
      (u) =>
        q === '' ||
        u.login.toLowerCase().includes(q) ||
        u.fullName.toLowerCase().includes(q) ||
        u.email.toLowerCase() === q,
    )
    .sort((a, b) => (a.login.toLowerCase() < b.login.toLowerCase() ? -1 : 1));
  const page = paginate(c, found);
  return giteaJson(c, { ok: true, data: page.map((u) => toApiUser(sim, u, doer)) });
}

/**
 * Gitea's listUserRepos (also behind /orgs/{org}/repos): the count and paging
 * cover every owned repository (private ones when signed in), and the page then
 * drops those the doer cannot see, so a page can be shorter than X-Total-Count says.
 */
export function listOwnerRepos(c: Context<SimEnv>, owner: SimUser): Response {
  const sim = c.get('sim');
  const doer = c.get('doer');
  const owned = [...sim.state.repos.values()]
    .filter((r) => r.ownerId === owner.id && (doer !== null || !r.private))
    .sort((a, b) => a.id - b.id);
  const page = paginate(c, owned);
  const shown = page.filter((r) => doer?.isAdmin || repoAccess(sim.state, doer, r) !== 'none');
  return giteaJson(
    c,
    shown.map((r) => toApiRepo(sim, r, doer)),
  );
}

function myRepos(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const repos = [...sim.state.repos.values()].filter((r) => hasExplicitAccess(sim.state, doer, r)).sort(byName);
  return giteaJson(
    c,
    paginate(c, repos).map((r) => toApiRepo(sim, r, doer)),
  );
}

/** Gitea's listUserOrgs: memberships are private by default; self and site admins see all of them. */
function listOrgsOf(c: Context<SimEnv>, user: SimUser): Response {
  const sim = c.get('sim');
  const doer = c.get('doer');
  const showPrivate = !!doer && (doer.isAdmin || doer.id === user.id);
  const orgs = [...sim.state.users.values()]
    .filter((o) => o.type === 'organization' && isOrgMember(sim.state, o.id, user.id))
    .filter((o) => showPrivate || (o.visibility === 'public' && (o.publicMemberIds?.has(user.id) ?? false)))
    .sort((a, b) => (a.login.toLowerCase() < b.login.toLowerCase() ? -1 : 1));
  return giteaJson(
    c,
    paginate(c, orgs).map((o) => toApiOrganization(sim, o)),
  );
}

function starredRepos(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const starred = [...sim.state.repos.values()].filter((r) => r.stars.has(doer.id)).sort((a, b) => a.id - b.id);
  const { page, limit } = pageRequest(c);
  // GetMyStarredRepos sets only X-Total-Count (from the user's star counter), no Link.
  c.header('X-Total-Count', String(starred.length));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return giteaJson(
    c,
    starred.slice((page - 1) * limit, page * limit).map((r) => toApiRepo(sim, r, doer)),
  );
}

function myTeams(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const teams = [...sim.state.teams.values()].filter((t) => t.memberIds.has(doer.id)).sort((a, b) => a.id - b.id);
  const { page, limit } = pageRequest(c);
  c.header('X-Total-Count', String(teams.length));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return giteaJson(
    c,
    teams.slice((page - 1) * limit, page * limit).map((t) => toApiTeam(sim, t, true)),
  );
}

/** Registers /user and /users routes. */
export function registerUserRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/user',
      scope: ['user'],
      reqToken: true,
      handler: (c) => giteaJson(c, toApiUser(c.get('sim'), requireSignedIn(c), c.get('doer'))),
    },
    { method: 'GET', path: '/users/search', scope: ['user'], handler: userSearch },
    {
      method: 'GET',
      path: '/users/{username}',
      scope: ['user'],
      handler: (c) => giteaJson(c, toApiUser(c.get('sim'), loadAccount(c), c.get('doer'))),
    },
    { method: 'GET', path: '/user/repos', scope: ['user', 'repository'], reqToken: true, handler: myRepos },
    {
      method: 'POST',
      path: '/user/repos',
      scope: ['user', 'repository'],
      reqToken: true,
      handler: (c) => {
        const doer = requireSignedIn(c);
        return createRepoFromBody(c, doer, doer);
      },
    },
    {
      method: 'GET',
      path: '/users/{username}/repos',
      scope: ['user', 'repository'],
      handler: (c) => listOwnerRepos(c, loadAccount(c)),
    },
    {
      method: 'GET',
      path: '/user/orgs',
      scope: ['user', 'organization'],
      reqToken: true,
      handler: (c) => listOrgsOf(c, requireSignedIn(c)),
    },
    {
      method: 'GET',
      path: '/users/{username}/orgs',
      scope: ['user', 'organization'],
      handler: (c) => listOrgsOf(c, loadAccount(c)),
    },
    { method: 'GET', path: '/user/starred', scope: ['user', 'repository'], reqToken: true, handler: starredRepos },
    {
      method: 'GET',
      path: '/user/starred/{owner}/{repo}',
      scope: ['user', 'repository'],
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c);
        if (!repo.stars.has(requireSignedIn(c).id)) throw notFound(c);
        return c.body(null, 204);
      },
    },
    {
      method: 'PUT',
      path: '/user/starred/{owner}/{repo}',
      scope: ['user', 'repository'],
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c);
        repo.stars.add(requireSignedIn(c).id);
        return c.body(null, 204);
      },
    },
    {
      method: 'DELETE',
      path: '/user/starred/{owner}/{repo}',
      scope: ['user', 'repository'],
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c);
        repo.stars.delete(requireSignedIn(c).id);
        return c.body(null, 204);
      },
    },
    { method: 'GET', path: '/user/teams', scope: ['user'], reqToken: true, handler: myTeams },
  );
}
