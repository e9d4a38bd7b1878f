/**
 * Issue dependencies (routers/api/v1/repo/issue_dependency.go): `/dependencies`
 * lists and changes the issues the path's issue depends on (its blockers),
 * `/blocks` the issues that depend on it. The other issue comes in the body as
 * IssueMeta {owner, repo, index}; `/dependencies` writes need an unarchived
 * repository (423); cross-repository dependencies are allowed
 * (`[service] ALLOW_CROSS_REPOSITORY_DEPENDENCIES` defaults to true).
 * Quirks kept: every refusal (no write access to the dependent issue, no read
 * access to the blocker, archived repository) is a 404; a duplicate or a
 * direct cycle is a 500 (ErrDependencyExists / ErrCircularDependency reach
 * ctx.Error), as is removing a dependency that does not exist; removing
 * answers 201, like adding. Blockers the doer cannot read are left out of
 * the lists (Gitea shows writers a placeholder titled "HIDDEN" instead).
 */
import type { Context } from 'hono';
import { atLeast, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiIssue } from '../convert/issue.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound } from '../http/errors.js';
import { DEFAULT_PAGING_NUM, MAX_RESPONSE_ITEMS } from '../http/pagination.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { findIssue } from '../services/issues.js';
import type { AccessMode, SimIssue, SimRepo } from '../state.js';
import { loadIssue, loadIssuesRepo } from './issues.js';
import { internalError, requireNotArchived } from './pull-helpers.js';
import { type JsonBody, optString, readJsonBody } from './request-body.js';

interface Side {
  issue: SimIssue;
  repo: SimRepo;
  access: AccessMode;
}

function pageArgs(c: Context<SimEnv>): { page: number; limit: number } {
  const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '', 10) || 1);
  const limit = Number.parseInt(c.req.query('limit') ?? '', 10) || 0;
  return { page, limit };
}

function canRead(c: Context<SimEnv>, issue: SimIssue): boolean {
  const repo = c.get('sim').state.repos.get(issue.repoId);
  return !!repo && atLeast(repoAccess(c.get('sim').state, c.get('doer'), repo), 'read');
}

function issuesJson(c: Context<SimEnv>, issues: readonly SimIssue[]): Response {
  const sim = c.get('sim');
  return giteaJson(
    c,
    issues.map((i) => toApiIssue(sim, i, c.get('doer'))),
  );
}

/** GetIssueDependencies: the blockers, paged (limit 0 → 30, capped at 50). */
function listDependencies(c: Context<SimEnv>): Response {
  const rc = loadIssuesRepo(c);
  if (!rc.repo.hasIssues) throw notFound(c);
  const issue = loadIssue(c, rc);
  const st = c.get('sim').state;
  const { page, limit: raw } = pageArgs(c);
  const limit = raw === 0 ? DEFAULT_PAGING_NUM : Math.min(raw, MAX_RESPONSE_ITEMS);
  const blockers = st.issueDependencies
    .filter((d) => d.issueId === issue.id)
    .map((d) => st.issues.get(d.dependencyId))
    .filter((i): i is SimIssue => !!i)
    .slice((page - 1) * limit, page * limit);
  return issuesJson(
    c,
    blockers.filter((i) => canRead(c, i)),
  );
}

/** GetIssueBlocks: the dependents; its own paging (limit ≤ 1 → 30, no cap). */
function listBlocks(c: Context<SimEnv>): Response {
  const rc = loadIssuesRepo(c);
  const issue = loadIssue(c, rc);
  const st = c.get('sim').state;
  const { page, limit: raw } = pageArgs(c);
  const limit = raw <= 1 ? DEFAULT_PAGING_NUM : raw;
  const dependents = st.issueDependencies
    .filter((d) => d.dependencyId === issue.id)
    .map((d) => st.issues.get(d.issueId))
    .filter((i): i is SimIssue => !!i)
    .slice((page - 1) * limit, page * limit);
  return issuesJson(
    c,
    dependents.filter((i) => canRead(c, i)),
  );
}

/** The path's issue, as one side of a dependency. */
function pathSide(c: Context<SimEnv>, rc: RepoContext): Side {
  return { issue: loadIssue(c, rc), repo: rc.repo, access: rc.access };
}

/** getFormIssue: the IssueMeta of the body, in the route's repository unless it names another. */
function formSide(c: Context<SimEnv>, rc: RepoContext, body: JsonBody): Side {
  const sim = c.get('sim');
  const owner = optString(body, 'owner') ?? '';
  const name = optString(body, 'repo') ?? '';
  const index = typeof body.index === 'number' ? body.index : 0;
  let repo: SimRepo | undefined = rc.repo;
  if (owner !== rc.owner.login || name !== rc.repo.name) repo = sim.state.repoByName(owner, name);
  const issue = repo && findIssue(sim, repo, index);
  if (!repo || !issue) throw notFound(c);
  const access = repo === rc.repo ? rc.access : repoAccess(sim.state, c.get('doer'), repo);
  return { issue, repo, access };
}

/** createIssueDependency / removeIssueDependency: `target` depends on `dependency`. */
function changeDependency(c: Context<SimEnv>, target: Side, dependency: Side, add: boolean): void {
  if (target.repo.archived || !target.repo.hasIssues) throw notFound(c);
  if (!atLeast(target.access, 'write') || !atLeast(dependency.access, 'read')) throw notFound(c);
  const list = c.get('sim').state.issueDependencies;
  const at = list.findIndex((d) => d.issueId === target.issue.id && d.dependencyId === dependency.issue.id);
  if (!add) {
    if (at < 0) throw internalError(c, new Error('issue dependency does not exist'));
    list.splice(at, 1);
    return;
  }
  if (at >= 0) throw internalError(c, new Error('issue dependency does already exist'));
  if (list.some((d) => d.issueId === dependency.issue.id && d.dependencyId === target.issue.id))
    throw internalError(c, new Error('circular dependencies exists (two issues blocking each other)'));
  list.push({ issueId: target.issue.id, dependencyId: dependency.issue.id, created: c.get('sim').now() });
}

/** POST/DELETE …/dependencies: the path's issue depends on the body's; answers the path's issue. */
function dependencyHandler(add: boolean) {
  return async (c: Context<SimEnv>): Promise<Response> => {
    requireSignedIn(c);
    const rc = loadIssuesRepo(c);
    requireNotArchived(rc);
    const target = pathSide(c, rc);
    const dependency = formSide(c, rc, await readJsonBody(c));
    changeDependency(c, target, dependency, add);
    return giteaJson(c, toApiIssue(c.get('sim'), target.issue, c.get('doer')), 201);
  };
}

/** POST/DELETE …/blocks: the body's issue depends on the path's; answers the path's issue. */
function blockHandler(add: boolean) {
  return async (c: Context<SimEnv>): Promise<Response> => {
    requireSignedIn(c);
    const rc = loadIssuesRepo(c);
    const dependency = pathSide(c, rc);
    const target = formSide(c, rc, await readJsonBody(c));
    changeDependency(c, target, dependency, add);
    return giteaJson(c, toApiIssue(c.get('sim'), dependency.issue, c.get('doer')), 201);
  };
}

/** Registers /issues/{index}/dependencies and /blocks (scope category `issue`). */
export function registerIssueDependencyRoutes(router: SimRouter): void {
  const deps = '/repos/{owner}/{repo}/issues/{index}/dependencies';
  const blocks = '/repos/{owner}/{repo}/issues/{index}/blocks';
  router.add(
    { method: 'GET', path: deps, scope: ['issue'], handler: listDependencies },
    { method: 'POST', path: deps, scope: ['issue'], reqToken: true, handler: dependencyHandler(true) },
    { method: 'DELETE', path: deps, scope: ['issue'], reqToken: true, handler: dependencyHandler(false) },
    { method: 'GET', path: blocks, scope: ['issue'], handler: listBlocks },
    { method: 'POST', path: blocks, scope: ['issue'], reqToken: true, handler: blockHandler(true) },
    { method: 'DELETE', path: blocks, scope: ['issue'], reqToken: true, handler: blockHandler(false) },
  );
}
