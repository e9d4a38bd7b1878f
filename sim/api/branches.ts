/**
 * Branches (routers/api/v1/repo/branch.go): list, get, create from a branch,
 * ref or the default branch, delete and rename. Branch protection is not
 * simulated, so every branch answers `protected: false`.
 */
import type { Context } from 'hono';
import { atLeast } from '../access.js';
import type { SimEnv } from '../context.js';
import { repoUrls, toApiBranch } from '../convert/commit.js';
import { GitContentError, isEmptyRepo, listBranches, readCommit, refCommit, resolveRef } from '../git-content.js';
import { createBranch, deleteBranch, renameBranch } from '../git-write.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { pageRequest, setPageHeaders } from '../http/pagination.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { optString, readJsonBody } from './request-body.js';

/** Signed-in callers get CanWriteToBranch; anonymous ones ToBranch's defaults. */
function canWrite(c: Context<SimEnv>, rc: RepoContext): boolean | null {
  return c.get('doer') ? atLeast(rc.access, 'write') : null;
}

async function branchJson(c: Context<SimEnv>, rc: RepoContext, name: string): Promise<Record<string, unknown> | null> {
  const sha = await refCommit(rc.repo.gitDir, `refs/heads/${name}`);
  const commit = sha && (await readCommit(rc.repo.gitDir, sha));
  if (!commit) return null;
  return toApiBranch(c.get('sim'), repoUrls(c.get('sim'), rc.repo, rc.owner), name, commit, canWrite(c, rc));
}

function notArchived(rc: RepoContext): void {
  if (rc.repo.archived) throw new SimApiError(423, `${rc.owner.login}/${rc.repo.name} is archived`);
}

/** Gitea's GitRefName binding: what `git check-ref-format` accepts, plus no leading dash. */
function badRefName(name: string): boolean {
  return (
    name.startsWith('-') ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('@{') ||
    /[\s~^:?*[\\]/.test(name) ||
    [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  );
}

async function createBranchRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = loadRepo(c, 'write');
  notArchived(rc);
  const { repo } = rc;
  const body = await readJsonBody(c);
  const name = optString(body, 'new_branch_name') ?? '';
  if (name === '') throw unprocessable('[BranchName]: Required');
  if (badRefName(name)) throw unprocessable('[BranchName]: GitRefName');
  if (name.length > 100) throw unprocessable('[BranchName]: MaxSize');
  if (await isEmptyRepo(repo.gitDir)) throw new SimApiError(404, 'Git Repository is empty.');
  const oldRef = optString(body, 'old_ref_name') ?? '';
  const oldBranch = optString(body, 'old_branch_name') ?? '';
  let from: string | null;
  if (oldRef) {
    from = (await resolveRef(repo.gitDir, oldRef.replace(/^refs\/(heads|tags)\//, '')))?.sha ?? null;
    // Gitea answers an unknown old_ref_name with a 500 from GetCommit.
    if (!from)
      throw new SimApiError(500, c.get('doer')?.isAdmin ? `object does not exist [id: ${oldRef}, rel_path: ]` : '');
  } else {
    from = await refCommit(repo.gitDir, `refs/heads/${oldBranch || repo.defaultBranch}`);
    if (!from) throw new SimApiError(404, 'The old branch does not exist');
  }
  if (await refCommit(repo.gitDir, `refs/tags/${name}`))
    throw new SimApiError(409, 'The branch with the same tag already exists.');
  try {
    await createBranch(repo.gitDir, name, from);
  } catch (err) {
    if (!(err instanceof GitContentError)) throw err;
    const exact = await refCommit(repo.gitDir, `refs/heads/${name}`);
    throw new SimApiError(409, exact ? 'The branch already exists.' : 'The branch with the same name already exists.');
  }
  return giteaJson(c, await branchJson(c, rc, name), 201);
}

async function deleteBranchRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = loadRepo(c, 'write');
  notArchived(rc);
  const name = c.req.param('branch') ?? '';
  if (await isEmptyRepo(rc.repo.gitDir)) throw new SimApiError(404, 'Git Repository is empty.');
  if (!(await refCommit(rc.repo.gitDir, `refs/heads/${name}`))) throw notFound(c);
  if (name === rc.repo.defaultBranch) throw new SimApiError(403, 'can not delete default branch');
  await deleteBranch(rc.repo.gitDir, name);
  return c.body(null, 204);
}

async function renameBranchRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = loadRepo(c, 'write');
  notArchived(rc);
  const { repo } = rc;
  const from = c.req.param('branch') ?? '';
  const body = await readJsonBody(c);
  const to = optString(body, 'name') ?? '';
  if (to === '') throw unprocessable('[Name]: Required');
  if (badRefName(to)) throw unprocessable('[Name]: GitRefName');
  if (await isEmptyRepo(repo.gitDir)) throw new SimApiError(404, 'Git Repository is empty.');
  if (from === repo.defaultBranch && !atLeast(rc.access, 'admin'))
    throw new SimApiError(403, 'User must be a repo or site admin to rename default or protected branches.');
  if (from === to || (await refCommit(repo.gitDir, `refs/heads/${to}`)))
    throw unprocessable('Cannot rename a branch using the same name or rename to a branch that already exists.');
  if (!(await refCommit(repo.gitDir, `refs/heads/${from}`))) throw new SimApiError(404, "Branch doesn't exist.");
  await renameBranch(repo.gitDir, from, to);
  if (repo.defaultBranch === from) repo.defaultBranch = to;
  return c.body(null, 204);
}

/** Registers the branch routes. */
export function registerBranchRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/branches',
      scope: ['repository'],
      handler: async (c) => {
        const rc = loadRepo(c, 'read');
        const { page, limit } = pageRequest(c);
        const all = await listBranches(rc.repo.gitDir);
        setPageHeaders(c, all.length, page, limit);
        const urls = repoUrls(c.get('sim'), rc.repo, rc.owner);
        const w = canWrite(c, rc);
        const items = all.slice((page - 1) * limit, page * limit);
        return giteaJson(
          c,
          items.map((b) => toApiBranch(c.get('sim'), urls, b.name, b.commit, w)),
        );
      },
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/branches',
      scope: ['repository'],
      reqToken: true,
      handler: createBranchRoute,
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/branches/{branch}',
      scope: ['repository'],
      handler: async (c) => {
        const rc = loadRepo(c, 'read');
        const json = await branchJson(c, rc, c.req.param('branch') ?? '');
        if (!json) throw notFound(c);
        return giteaJson(c, json);
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/branches/{branch}',
      scope: ['repository'],
      reqToken: true,
      handler: deleteBranchRoute,
    },
    {
      method: 'PATCH',
      path: '/repos/{owner}/{repo}/branches/{branch}',
      scope: ['repository'],
      reqToken: true,
      handler: renameBranchRoute,
    },
  );
}
