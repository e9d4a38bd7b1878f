/**
 * Shared bits of the pull-request route modules: loading a pull by `{index}`
 * behind Gitea's group middleware (mustAllowPulls, reqRepoReader(code)),
 * archived-repository refusal and the production 500 body.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { notFound, notFoundWith, SimApiError } from '../http/errors.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import { findPull, type PullRecord } from '../services/pulls.js';

/** The repository for a /pulls route; 404 when the pull-request unit is off (mustAllowPulls). */
export function loadPullsRepo(c: Context<SimEnv>, need: 'read' | 'write' = 'read'): RepoContext {
  const rc = loadRepo(c, need);
  if (!rc.repo.hasPullRequests) throw notFound(c);
  return rc;
}

/** ctx.PathParamInt64: anything that is not a number reads as 0, which no pull has. */
export function pathInt(c: Context<SimEnv>, name: string): number {
  const raw = c.req.param(name) ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : 0;
}

/**
 * The pull `{index}` of the route's repository or Gitea's 404: plain for most
 * routes; the review and merge handlers (routers/api/v1/repo/pull_review.go,
 * pull.go MergePullRequest) say `APIErrorNotFound("GetPullRequestByIndex", err)`.
 */
export function loadPull(c: Context<SimEnv>, rc: RepoContext, described = false): PullRecord {
  const index = pathInt(c, 'index');
  const p = findPull(c.get('sim'), rc.repo, index);
  if (!p) throw described ? notFoundWith('GetPullRequestByIndex', pullNotExist(rc.repo.id, index)) : notFound(c);
  return p;
}

/** models/issues/pull.go GetPullRequestByIndex's ErrPullRequestNotExist text (all zero for an index below 1). */
export function pullNotExist(repoId: number, index: number): string {
  const base = index < 1 ? 0 : repoId;
  return `pull request does not exist [id: 0, issue_id: 0, head_repo_id: 0, base_repo_id: ${base}, head_branch: , base_branch: ]`;
}

/** mustNotBeArchived: 423 `<owner>/<repo> is archived`. */
export function requireNotArchived(rc: RepoContext): void {
  if (rc.repo.archived) throw new SimApiError(423, `${rc.owner.login}/${rc.repo.name} is archived`);
}

/** APIErrorInternal: production Gitea hides the message from everyone but site admins. */
export function internalError(c: Context<SimEnv>, err: unknown): SimApiError {
  const detail = err instanceof Error ? err.message : String(err);
  return new SimApiError(500, c.get('doer')?.isAdmin ? detail : '');
}
