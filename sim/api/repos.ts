/**
 * Repository metadata routes (routers/api/v1/repo/repo.go, fork.go,
 * collaborators.go, topic.go): get/edit/delete, search, by-id, forks,
 * collaborators and topics. All sit under the `repository` scope category.
 */
import { rename, rm } from 'node:fs/promises';
import type { Context } from 'hono';
import { isOrgMember, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiRepo, toApiRepoWithMode } from '../convert/repo.js';
import { toApiUser } from '../convert/user.js';
import { requirePublicOnlyAllows, requireSignedIn } from '../http/auth.js';
import { forbidden, giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { pageRequest } from '../http/pagination.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { forkRepository, RepoExistsError, repoNameProblem, resolveRef } from '../services/repo-create.js';
import {
  isValidTopic,
  MAX_TOPICS_PER_REPO,
  sanitizeTopics,
  setRepoTopics,
  topicRepoCount,
} from '../services/topics.js';
import type { SimCollaborator, SimRepo, SimUser } from '../state.js';
import { registerRepoSearchRoutes } from './repo-search.js';
import { type JsonBody, optBool, optString, optStringArray, readJsonBody } from './request-body.js';

/** Sets only X-Total-Count, as the handlers that skip SetLinkHeader do. */
function slicePage<T>(c: Context<SimEnv>, items: readonly T[]): T[] {
  const { page, limit } = pageRequest(c);
  c.header('X-Total-Count', String(items.length));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return items.slice((page - 1) * limit, page * limit);
}

/** Gitea answers 422 (not 404) when a named collaborator account does not exist. */
function loadCollaboratorUser(c: Context<SimEnv>): SimUser {
  const name = c.req.param('collaborator') ?? '';
  const user = c.get('sim').state.userByLogin(name);
  if (!user) throw unprocessable(`user does not exist [uid: 0, name: ${name}]`);
  return user;
}

const PULL_FIELDS: [string, Exclude<keyof SimRepo['pullSettings'], 'defaultMergeStyle'>][] = [
  ['allow_merge_commits', 'allowMerge'],
  ['allow_rebase', 'allowRebase'],
  ['allow_rebase_explicit', 'allowRebaseExplicit'],
  ['allow_squash_merge', 'allowSquash'],
  ['allow_fast_forward_only_merge', 'allowFastForwardOnly'],
  ['allow_rebase_update', 'allowRebaseUpdate'],
  ['allow_manual_merge', 'allowManualMerge'],
  ['autodetect_manual_merge', 'autodetectManualMerge'],
  ['ignore_whitespace_conflicts', 'ignoreWhitespaceConflicts'],
  ['default_delete_branch_after_merge', 'defaultDeleteBranchAfterMerge'],
  ['default_allow_maintainer_edit', 'defaultAllowMaintainerEdit'],
];

const UNIT_FIELDS: [
  string,
  'hasIssues' | 'hasWiki' | 'hasPullRequests' | 'hasProjects' | 'hasReleases' | 'hasPackages' | 'hasActions',
][] = [
  ['has_issues', 'hasIssues'],
  ['has_wiki', 'hasWiki'],
  ['has_pull_requests', 'hasPullRequests'],
  ['has_projects', 'hasProjects'],
  ['has_releases', 'hasReleases'],
  ['has_packages', 'hasPackages'],
  ['has_actions', 'hasActions'],
];

const MERGE_STYLES = new Set(['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only', 'manually-merged']);

async function renameRepo(c: Context<SimEnv>, repo: SimRepo, owner: SimUser, name: string): Promise<void> {
  const sim = c.get('sim');
  const problem = repoNameProblem(name);
  if (problem) throw unprocessable(problem);
  const clash = sim.state.repoByName(owner.login, name);
  if (clash && clash.id !== repo.id)
    throw unprocessable(`repository already exists [uname: ${owner.login}, name: ${name}]`);
  const gitDir = sim.git.repoPath(owner.login, name);
  if (gitDir !== repo.gitDir) await rename(repo.gitDir, gitDir);
  const wikiDir = sim.git.wikiPath(owner.login, name);
  if (wikiDir !== repo.wikiGitDir) await rename(repo.wikiGitDir, wikiDir).catch(() => undefined);
  repo.gitDir = gitDir;
  repo.wikiGitDir = wikiDir;
  repo.name = name;
}

/** Gitea's updateBasicProperties + updateRepoUnits + archive handling, in that order. */
async function editRepo(c: Context<SimEnv>, repo: SimRepo, owner: SimUser, body: JsonBody): Promise<void> {
  const sim = c.get('sim');
  const name = optString(body, 'name');
  if (name !== undefined && name !== repo.name) await renameRepo(c, repo, owner, name);
  repo.description = optString(body, 'description') ?? repo.description;
  repo.website = optString(body, 'website') ?? repo.website;
  repo.private = optBool(body, 'private') ?? repo.private;
  repo.template = optBool(body, 'template') ?? repo.template;
  const branch = optString(body, 'default_branch');
  // A default branch that does not exist is ignored silently (unless the repository is empty).
  if (branch && branch !== repo.defaultBranch && (await resolveRef(repo.gitDir, `refs/heads/${branch}`)))
    repo.defaultBranch = branch;
  for (const [field, key] of UNIT_FIELDS) repo[key] = optBool(body, field) ?? repo[key];
  if (sim.profile.repoHasCode) repo.hasCode = optBool(body, 'has_code') ?? repo.hasCode;
  for (const [field, key] of PULL_FIELDS) repo.pullSettings[key] = optBool(body, field) ?? repo.pullSettings[key];
  const style = optString(body, 'default_merge_style');
  if (style !== undefined) {
    if (!MERGE_STYLES.has(style)) throw unprocessable(`[DefaultMergeStyle]: In`);
    repo.pullSettings.defaultMergeStyle = style as SimRepo['pullSettings']['defaultMergeStyle'];
  }
  const archived = optBool(body, 'archived');
  if (archived !== undefined && archived !== repo.archived) {
    repo.archived = archived;
    repo.archivedAt = archived ? sim.now() : null;
  }
  repo.updated = sim.now();
}

/** Removes a repository and everything that hangs off it; forks become standalone, as in Gitea. */
async function deleteRepo(c: Context<SimEnv>, repo: SimRepo): Promise<void> {
  const st = c.get('sim').state;
  st.repos.delete(repo.id);
  for (const r of st.repos.values()) if (r.forkOfId === repo.id) r.forkOfId = null;
  for (let i = st.collaborators.length - 1; i >= 0; i--)
    if (st.collaborators[i]?.repoId === repo.id) st.collaborators.splice(i, 1);
  for (const t of st.teams.values()) t.repoIds.delete(repo.id);
  for (const table of [st.issues, st.labels, st.milestones, st.releases, st.notifications, st.actionRuns] as const)
    for (const [id, row] of table) if (row.repoId === repo.id) table.delete(id);
  await rm(repo.gitDir, { recursive: true, force: true });
  await rm(repo.wikiGitDir, { recursive: true, force: true });
}

async function createFork(c: Context<SimEnv>): Promise<Response> {
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const { repo } = loadRepo(c, 'read');
  const body = await readJsonBody(c);
  const orgName = optString(body, 'organization');
  let forker = doer;
  if (orgName !== undefined) {
    const org = sim.state.userByLogin(orgName);
    if (org?.type !== 'organization') throw unprocessable(`org does not exist [id: 0, name: ${orgName}]`);
    if (!doer.isAdmin && !isOrgMember(sim.state, org.id, doer.id))
      throw forbidden(`user is not allowed to fork into organization ${org.login}`);
    forker = org;
  }
  const name = optString(body, 'name') ?? repo.name;
  const problem = repoNameProblem(name);
  if (problem) throw unprocessable(problem);
  const existing = [...sim.state.repos.values()].find((r) => r.ownerId === forker.id && r.forkOfId === repo.id);
  const source = sim.state.users.get(repo.ownerId);
  if (existing && source)
    throw new SimApiError(
      409,
      `repository is already forked by user [uname: ${forker.login}, repo path: ${source.login}/${repo.name}, fork path: ${forker.login}/${existing.name}]`,
    );
  try {
    const fork = await forkRepository(sim, repo, forker, name, doer);
    // Gitea renders the new fork with owner permission, whoever asked ("TODO change back to 201").
    return giteaJson(c, toApiRepoWithMode(sim, fork, 'owner'), 202);
  } catch (err) {
    if (err instanceof RepoExistsError)
      throw new SimApiError(409, `repository already exists [uname: ${forker.login}, name: ${name}]`);
    throw err;
  }
}

async function putTopics(c: Context<SimEnv>): Promise<Response> {
  const sim = c.get('sim');
  const { repo } = loadRepo(c, 'admin');
  const body = await readJsonBody(c);
  const { valid, invalid } = sanitizeTopics(optStringArray(body, 'topics') ?? []);
  if (valid.length > MAX_TOPICS_PER_REPO)
    return giteaJson(c, { invalidTopics: null, message: 'Exceeding maximum number of topics per repo' }, 422);
  if (invalid.length > 0) return giteaJson(c, { invalidTopics: invalid, message: 'Invalid topic names' }, 422);
  setRepoTopics(sim, repo, valid);
  return c.body(null, 204);
}

function editTopic(c: Context<SimEnv>, add: boolean): Response {
  const sim = c.get('sim');
  const { repo } = loadRepo(c, 'admin');
  const topic = (c.req.param('topic') ?? '').trim().toLowerCase();
  if (!isValidTopic(topic)) return giteaJson(c, { invalidTopics: [topic], message: 'Topic names are invalid' }, 422);
  if (add) {
    if (!repo.topics.includes(topic) && repo.topics.length >= MAX_TOPICS_PER_REPO)
      return giteaJson(c, { message: 'Exceeding maximum allowed topics per repo.' }, 422);
    setRepoTopics(sim, repo, [...repo.topics, topic]);
  } else {
    if (!repo.topics.includes(topic)) throw notFound(c);
    setRepoTopics(
      sim,
      repo,
      repo.topics.filter((t) => t !== topic),
    );
  }
  return c.body(null, 204);
}

function collaboratorRoutes(router: SimRouter): void {
  const base = '/repos/{owner}/{repo}/collaborators';
  router.add(
    {
      method: 'GET',
      path: base,
      scope: ['repository'],
      reqToken: true,
      handler: (c) => {
        const sim = c.get('sim');
        const { repo } = loadRepo(c, 'read');
        const users = sim.state.collaborators
          .filter((x) => x.repoId === repo.id)
          .map((x) => sim.state.users.get(x.userId))
          .filter((u): u is SimUser => !!u);
        return giteaJson(
          c,
          slicePage(c, users).map((u) => toApiUser(sim, u, c.get('doer'))),
        );
      },
    },
    {
      method: 'GET',
      path: `${base}/{collaborator}`,
      scope: ['repository'],
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c, 'read');
        const user = loadCollaboratorUser(c);
        const found = c.get('sim').state.collaborators.some((x) => x.repoId === repo.id && x.userId === user.id);
        if (!found) throw notFound(c);
        return c.body(null, 204);
      },
    },
    {
      method: 'PUT',
      path: `${base}/{collaborator}`,
      scope: ['repository'],
      reqToken: true,
      handler: async (c) => {
        const { repo } = loadRepo(c, 'admin');
        const user = loadCollaboratorUser(c);
        const body = await readJsonBody(c);
        const permission = optString(body, 'permission') ?? 'write';
        if (permission !== 'read' && permission !== 'write' && permission !== 'admin')
          throw unprocessable('[Permission]: In');
        if (!user.active) throw new SimApiError(500, "collaborator's account is inactive");
        const list = c.get('sim').state.collaborators;
        const row = list.find((x) => x.repoId === repo.id && x.userId === user.id);
        if (row) row.permission = permission as SimCollaborator['permission'];
        else list.push({ repoId: repo.id, userId: user.id, permission });
        return c.body(null, 204);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{collaborator}`,
      scope: ['repository'],
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c, 'admin');
        const user = loadCollaboratorUser(c);
        const list = c.get('sim').state.collaborators;
        const i = list.findIndex((x) => x.repoId === repo.id && x.userId === user.id);
        if (i >= 0) list.splice(i, 1);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: `${base}/{collaborator}/permission`,
      scope: ['repository'],
      reqToken: true,
      handler: (c) => {
        const sim = c.get('sim');
        const { repo, owner, access } = loadRepo(c, 'read');
        const doer = requireSignedIn(c);
        const name = c.req.param('collaborator') ?? '';
        if (
          !doer.isAdmin &&
          doer.login.toLowerCase() !== name.toLowerCase() &&
          access !== 'admin' &&
          access !== 'owner'
        )
          throw forbidden(
            'Only admins can query all permissions, repo admins can query all repo permissions, collaborators can query only their own',
          );
        const user = sim.state.userByLogin(name);
        if (!user) throw new SimApiError(404, `user does not exist [uid: 0, name: ${name}]`);
        const mode = repoAccess(sim.state, user, repo);
        // ToUserAndPermission renders the user as seen by the repository owner (ctx.ContextUser).
        return giteaJson(c, { permission: mode, role_name: mode, user: toApiUser(sim, user, owner) });
      },
    },
  );
}

function topicRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/topics',
      scope: ['repository'],
      handler: (c) => giteaJson(c, { topics: slicePage(c, loadRepo(c, 'read').repo.topics) }),
    },
    { method: 'PUT', path: '/repos/{owner}/{repo}/topics', scope: ['repository'], reqToken: true, handler: putTopics },
    {
      method: 'PUT',
      path: '/repos/{owner}/{repo}/topics/{topic}',
      scope: ['repository'],
      reqToken: true,
      handler: (c) => editTopic(c, true),
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/topics/{topic}',
      scope: ['repository'],
      reqToken: true,
      handler: (c) => editTopic(c, false),
    },
    {
      method: 'GET',
      path: '/topics/search',
      scope: ['repository'],
      handler: (c) => {
        const sim = c.get('sim');
        const q = (c.req.query('q') ?? '').trim().toLowerCase();
        const rows = [...sim.state.topics.values()]
          .map((t) => ({ t, count: topicRepoCount(sim, t.name) }))
          .filter(({ t, count }) => count > 0 && t.name.includes(q))
          .sort((a, b) => b.count - a.count || a.t.id - b.t.id);
        // Real Gitea wraps the list in {"topics": [...]}, although its swagger says a bare array.
        return giteaJson(c, {
          topics: slicePage(c, rows).map(({ t, count }) => ({
            id: t.id,
            topic_name: t.name,
            repo_count: count,
            created: t.created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
            updated: t.updated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          })),
        });
      },
    },
  );
}

/** Registers /repos/{owner}/{repo} metadata, forks, collaborators, topics, /repos/search and /repositories/{id}. */
export function registerRepoRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}',
      scope: ['repository'],
      handler: (c) => {
        const { repo, access } = loadRepo(c, 'read');
        return giteaJson(c, toApiRepoWithMode(c.get('sim'), repo, access));
      },
    },
    {
      method: 'PATCH',
      path: '/repos/{owner}/{repo}',
      scope: ['repository'],
      reqToken: true,
      handler: async (c) => {
        const { repo, owner } = loadRepo(c, 'admin');
        await editRepo(c, repo, owner, await readJsonBody(c));
        return giteaJson(c, toApiRepo(c.get('sim'), repo, c.get('doer')));
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}',
      scope: ['repository'],
      reqToken: true,
      handler: async (c) => {
        const { repo } = loadRepo(c, 'owner');
        await deleteRepo(c, repo);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: '/repositories/{id}',
      scope: ['repository'],
      handler: (c) => {
        const sim = c.get('sim');
        const repo = sim.state.repos.get(Number(c.req.param('id')));
        const mode = repo ? repoAccess(sim.state, c.get('doer'), repo) : 'none';
        if (!repo || mode === 'none') throw notFound(c);
        requirePublicOnlyAllows(c, 'repos', !repo.private);
        return giteaJson(c, toApiRepoWithMode(sim, repo, mode));
      },
    },
    { method: 'POST', path: '/repos/{owner}/{repo}/forks', scope: ['repository'], reqToken: true, handler: createFork },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/forks',
      scope: ['repository'],
      handler: (c) => {
        const sim = c.get('sim');
        const { repo } = loadRepo(c, 'read');
        const doer = c.get('doer');
        const forks = [...sim.state.repos.values()]
          .filter((r) => r.forkOfId === repo.id && repoAccess(sim.state, doer, r) !== 'none')
          .sort((a, b) => a.id - b.id);
        return giteaJson(
          c,
          slicePage(c, forks).map((r) => toApiRepo(sim, r, doer)),
        );
      },
    },
  );
  collaboratorRoutes(router);
  topicRoutes(router);
  registerRepoSearchRoutes(router);
}
