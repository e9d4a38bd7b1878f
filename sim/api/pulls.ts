/**
 * Pull requests (routers/api/v1/repo/pull.go): list, create, get, edit, raw
 * diff/patch, files, commits, merge (all styles, really merged in git) and
 * update. Reviews and review requests live in pull-reviews.ts.
 */
import type { Context } from 'hono';
import { atLeast, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { repoUrls, toApiCommit } from '../convert/commit.js';
import { toApiChangedFile, toApiPullRequest } from '../convert/pull.js';
import {
  changedFiles,
  GitContentError,
  isAncestor,
  logCommits,
  readCommit,
  refCommit,
  resolveRef,
} from '../git-content.js';
import type { MergeStyle } from '../git-merge.js';
import { mergeBranches } from '../git-merge.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { pageRequest, setPageHeaders } from '../http/pagination.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import {
  createPull,
  defaultMergeMessage,
  findPull,
  isWorkInProgress,
  markMerged,
  mergePull,
  numstat,
  type PullRecord,
  pullGitInfo,
  pullHeadRef,
  rawPullDiff,
  rebaseHeadOnto,
} from '../services/pulls.js';
import { gitSignatureOf } from '../services/repo-create.js';
import type { SimIssue, SimRepo, SimUser } from '../state.js';
import { internalError, loadPull, loadPullsRepo, requireNotArchived } from './pull-helpers.js';
import { addReviewRequest } from './pull-reviews.js';
import { type JsonBody, optBool, optString, optStringArray, readJsonBody } from './request-body.js';

async function render(c: Context<SimEnv>, p: PullRecord): Promise<Record<string, unknown>> {
  return toApiPullRequest(c.get('sim'), p, await pullGitInfo(p), c.get('doer'));
}

/** Paging headers the PR commits/files lists add on top of Link and X-Total-Count. */
function legacyPageHeaders(c: Context<SimEnv>, total: number, page: number, limit: number): void {
  const pages = Math.ceil(total / limit);
  setPageHeaders(c, total, page, limit);
  c.header('X-Page', String(page));
  c.header('X-PerPage', String(limit));
  c.header('X-PageCount', String(pages));
  c.header('X-HasMore', String(page < pages));
  c.header('Access-Control-Expose-Headers', 'Link, X-Total-Count, X-Page, X-PerPage, X-PageCount, X-HasMore');
}

const SORTS: Record<string, (a: SimIssue, b: SimIssue) => number> = {
  oldest: (a, b) => a.created.getTime() - b.created.getTime() || a.id - b.id,
  recentupdate: (a, b) => b.updated.getTime() - a.updated.getTime() || b.id - a.id,
  leastupdate: (a, b) => a.updated.getTime() - b.updated.getTime() || a.id - b.id,
};

async function listPulls(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const sim = c.get('sim');
  let posterId: number | null = null;
  const posterName = c.req.query('poster') ?? '';
  if (posterName) {
    const poster = sim.state.userByLogin(posterName);
    if (!poster) throw new SimApiError(400, `user does not exist [uid: 0, name: ${posterName}]`);
    posterId = poster.id;
  }
  const labels = (c.req.queries('labels') ?? []).filter(Boolean).map(Number);
  const milestone = Number(c.req.query('milestone') ?? 0);
  const baseBranch = (c.req.query('base_branch') ?? '').trim();
  // Gitea filters only on "open"/"closed"; a missing state lists every pull despite swagger's default.
  const state = (c.req.query('state') ?? '').trim();
  const records: PullRecord[] = [];
  for (const issue of sim.state.issues.values()) {
    if (issue.repoId !== rc.repo.id || !issue.isPull) continue;
    if ((state === 'open' || state === 'closed') && issue.state !== state) continue;
    if (labels.length > 0 && !labels.some((l) => issue.labelIds.has(l))) continue;
    if (milestone > 0 && issue.milestoneId !== milestone) continue;
    if (posterId !== null && issue.posterId !== posterId) continue;
    const pull = sim.state.pulls.get(issue.id);
    if (!pull || (baseBranch && pull.baseBranch !== baseBranch)) continue;
    records.push({ issue, pull, baseRepo: rc.repo, headRepo: sim.state.repos.get(pull.headRepoId) });
  }
  const sort = SORTS[c.req.query('sort') ?? ''] ?? ((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id);
  records.sort((a, b) => sort(a.issue, b.issue));
  const { page, limit } = pageRequest(c);
  setPageHeaders(c, records.length, page, limit);
  const out = [];
  for (const p of records.slice((page - 1) * limit, page * limit)) out.push(await render(c, p));
  return giteaJson(c, out);
}

/** The head repository named by `head` (`branch` or `owner:branch`), per parseCompareInfo. */
function headRepoFor(c: Context<SimEnv>, rc: RepoContext, head: string): { repo: SimRepo; branch: string } {
  const sim = c.get('sim');
  const parts = head.split(':');
  if (parts.length === 1) return { repo: rc.repo, branch: head };
  if (parts.length !== 2) throw notFound(c);
  const headUser = sim.state.userByLogin(parts[0] ?? '');
  if (!headUser) throw notFound(c);
  const branch = parts[1] ?? '';
  if (headUser.id === rc.repo.ownerId) return { repo: rc.repo, branch };
  for (const r of sim.state.repos.values())
    if (r.forkOfId === rc.repo.id && r.ownerId === headUser.id) return { repo: r, branch };
  const parent = rc.repo.forkOfId === null ? undefined : sim.state.repos.get(rc.repo.forkOfId);
  if (parent && parent.ownerId === headUser.id) return { repo: parent, branch };
  throw notFound(c);
}

function requiredField(body: JsonBody, field: string, name: string): string {
  const v = optString(body, field) ?? '';
  if (v === '') throw unprocessable(`[${name}]: Required`);
  return v;
}

function userIdsByName(c: Context<SimEnv>, repo: SimRepo, assignee: string, names: string[]): number[] {
  const sim = c.get('sim');
  const ids: number[] = [];
  for (const name of [assignee, ...names].filter(Boolean)) {
    const u = sim.state.userByLogin(name);
    if (!u) throw unprocessable(`Assignee does not exist: [name: user does not exist [uid: 0, name: ${name}]]`);
    if (!atLeast(repoAccess(sim.state, u, repo), 'write'))
      throw unprocessable(`user doesn't have access to repo [user_id: ${u.id}, repo_name: ${repo.name}]`);
    if (!ids.includes(u.id)) ids.push(u.id);
  }
  return ids;
}

async function createPullRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  requireNotArchived(rc);
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const head = requiredField(body, 'head', 'Head');
  const base = requiredField(body, 'base', 'Base');
  const title = requiredField(body, 'title', 'Title');
  if (head === base) throw unprocessable('Invalid PullRequest: There are no changes between the head and the base');
  const target = headRepoFor(c, rc, head);
  // The doer must read the head repository's code; otherwise it does not exist for them.
  if (repoAccess(sim.state, doer, target.repo) === 'none') throw notFound(c);
  const baseRef = await resolveRef(rc.repo.gitDir, base);
  const headRef = await resolveRef(target.repo.gitDir, target.branch);
  if (!baseRef || !headRef) throw notFound(c);
  if (baseRef.kind !== 'branch' || headRef.kind !== 'branch')
    throw unprocessable('Invalid PullRequest: base and head must be branches');
  for (const p of sim.state.pulls.values()) {
    const issue = sim.state.issues.get(p.issueId);
    if (issue?.state !== 'open' || p.merged) continue;
    if (
      issue.repoId === rc.repo.id &&
      p.headRepoId === target.repo.id &&
      p.headBranch === target.branch &&
      p.baseBranch === base
    )
      throw new SimApiError(
        409,
        `pull request already exists for these targets [id: ${p.issueId}, issue_id: ${issue.index}, head_repo_id: ${p.headRepoId}, base_repo_id: ${rc.repo.id}, head_branch: ${p.headBranch}, base_branch: ${p.baseBranch}]`,
      );
  }
  const labelIds = (Array.isArray(body.labels) ? body.labels : [])
    .filter((x): x is number => typeof x === 'number')
    .filter((id) => {
      const l = sim.state.labels.get(id);
      return !!l && (l.repoId === rc.repo.id || (l.orgId !== null && l.orgId === rc.repo.ownerId));
    });
  const milestoneId = typeof body.milestone === 'number' && body.milestone > 0 ? body.milestone : null;
  if (milestoneId !== null && sim.state.milestones.get(milestoneId)?.repoId !== rc.repo.id) throw notFound(c);
  const assigneeIds = userIdsByName(
    c,
    rc.repo,
    optString(body, 'assignee') ?? '',
    optStringArray(body, 'assignees') ?? [],
  );
  const reviewers: SimUser[] = [];
  for (const name of optStringArray(body, 'reviewers') ?? []) {
    const u = name.includes('@')
      ? [...sim.state.users.values()].find((x) => x.email.toLowerCase() === name.toLowerCase())
      : sim.state.userByLogin(name);
    if (!u) throw notFound(c);
    reviewers.push(u);
  }
  const due = optString(body, 'due_date');
  const p = await createPull(sim, {
    baseRepo: rc.repo,
    headRepo: target.repo,
    baseBranch: base,
    headBranch: target.branch,
    poster: doer,
    title,
    body: optString(body, 'body') ?? '',
    labelIds,
    milestoneId,
    assigneeIds,
    dueDate: due ? new Date(due) : null,
  });
  for (const r of reviewers) addReviewRequest(c, rc, p, doer, r);
  return giteaJson(c, await render(c, p), 201);
}

async function getPull(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const last = decodeURIComponent(c.req.path.split('/').pop() ?? '');
  const m = /^(\d+)\.(diff|patch)$/.exec(last);
  if (m) {
    const sim = c.get('sim');
    const p = findPull(sim, rc.repo, Number(m[1]));
    if (!p) throw notFound(c);
    const git = await pullGitInfo(p);
    const text = await rawPullDiff(
      rc.repo.gitDir,
      git.mergeBase || git.baseSha,
      git.headSha,
      m[2] === 'diff' ? 'diff' : 'patch',
    );
    return c.body(text, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
  }
  // Both route templates end up here; the index is read from the path itself.
  const p = /^\d+$/.test(last) ? findPull(c.get('sim'), rc.repo, Number(last)) : null;
  if (!p) throw notFound(c);
  return giteaJson(c, await render(c, p));
}

function closeOrReopen(c: Context<SimEnv>, p: PullRecord, state: string): void {
  const now = c.get('sim').now();
  if (state === 'closed' && p.issue.state === 'open') {
    p.issue.state = 'closed';
    p.issue.closedAt = now;
  } else if (state === 'open' && p.issue.state === 'closed') {
    p.issue.state = 'open';
    p.issue.closedAt = null;
  }
}

async function editPull(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const p = loadPull(c, rc);
  const canWrite = atLeast(rc.access, 'write');
  // Gitea answers a bare 403 (ctx.Status) when neither poster nor writer.
  if (p.issue.posterId !== doer.id && !canWrite) return c.body(null, 403);
  const now = sim.now();
  const title = optString(body, 'title');
  if (title) p.issue.title = title;
  const text = optString(body, 'body');
  if (text !== undefined) p.issue.body = text;
  const due = optString(body, 'due_date');
  if (due !== undefined || optBool(body, 'unset_due_date') !== undefined) {
    if (optBool(body, 'unset_due_date') || !due) p.issue.dueDate = null;
    else {
      const d = new Date(due);
      p.issue.dueDate = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59));
    }
  }
  const assignees = optStringArray(body, 'assignees');
  const assignee = optString(body, 'assignee') ?? '';
  if (canWrite && (assignees !== undefined || assignee))
    p.issue.assigneeIds = new Set(userIdsByName(c, rc.repo, assignee, assignees ?? []));
  if (
    canWrite &&
    typeof body.milestone === 'number' &&
    body.milestone !== 0 &&
    body.milestone !== p.issue.milestoneId
  ) {
    if (sim.state.milestones.get(body.milestone)?.repoId !== rc.repo.id)
      throw internalError(c, `milestone does not exist [id: ${body.milestone}, repo_id: ${rc.repo.id}]`);
    p.issue.milestoneId = body.milestone;
  }
  if (canWrite && Array.isArray(body.labels)) {
    const ids = body.labels.filter((x): x is number => typeof x === 'number');
    p.issue.labelIds = new Set(ids.filter((id) => sim.state.labels.has(id)));
  }
  const state = optString(body, 'state');
  if (state !== undefined) {
    if (p.pull.merged) throw new SimApiError(412, 'cannot change state of this pull request, it was already merged');
    closeOrReopen(c, p, state);
  }
  const base = optString(body, 'base');
  if (!p.pull.merged && base && base !== p.pull.baseBranch) {
    if (!(await refCommit(rc.repo.gitDir, `refs/heads/${base}`)))
      throw new SimApiError(404, `new base '${base}' not exist`);
    p.pull.baseBranch = base;
  }
  const allowEdit = optBool(body, 'allow_maintainer_edit');
  if (allowEdit !== undefined) {
    if (p.issue.posterId !== doer.id)
      throw new SimApiError(403, 'SetAllowEdits: user should have specific permission or be a site admin');
    p.pull.allowMaintainerEdit = allowEdit;
  }
  p.issue.updated = now;
  // Gitea's TODO: "this should be 200, not 201".
  return giteaJson(c, await render(c, p), 201);
}

async function pullFiles(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const p = loadPull(c, rc);
  const git = await pullGitInfo(p);
  const from = git.mergeBase || git.baseSha;
  const files = (await changedFiles(rc.repo.gitDir, from, git.headSha)).sort((a, b) =>
    a.filename.localeCompare(b.filename),
  );
  const stats = await numstat(rc.repo.gitDir, from, git.headSha);
  const { page, limit } = pageRequest(c);
  legacyPageHeaders(c, files.length, page, limit);
  const sim = c.get('sim');
  return giteaJson(
    c,
    files
      .slice((page - 1) * limit, page * limit)
      .map((f) =>
        toApiChangedFile(sim, rc.repo, f, stats.get(f.filename) ?? { additions: 0, deletions: 0 }, git.headSha),
      ),
  );
}

function flag(c: Context<SimEnv>, name: string): boolean {
  const v = c.req.query(name);
  return v === undefined || v === '' || v === 'true' || v === '1';
}

async function pullCommits(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const p = loadPull(c, rc);
  const git = await pullGitInfo(p);
  const commits = await logCommits(rc.repo.gitDir, { rev: `${git.mergeBase || git.baseSha}..${git.headSha}` });
  const { page, limit } = pageRequest(c);
  legacyPageHeaders(c, commits.length, page, limit);
  const sim = c.get('sim');
  const urls = repoUrls(sim, rc.repo, rc.owner);
  const out = [];
  for (const commit of commits.slice((page - 1) * limit, page * limit))
    out.push(await toApiCommit(sim, rc.repo, urls, commit, { stat: true, files: flag(c, 'files') }));
  return giteaJson(c, out);
}

const MERGE_STYLES = ['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only', 'manually-merged'] as const;
type MergeDo = (typeof MERGE_STYLES)[number];

function isMergeDo(s: string): s is MergeDo {
  return (MERGE_STYLES as readonly string[]).includes(s);
}

function styleAllowed(repo: SimRepo, style: MergeDo): boolean {
  const s = repo.pullSettings;
  const allowed: Record<MergeDo, boolean> = {
    merge: s.allowMerge,
    rebase: s.allowRebase,
    'rebase-merge': s.allowRebaseExplicit,
    squash: s.allowSquash,
    'fast-forward-only': s.allowFastForwardOnly,
    'manually-merged': s.allowManualMerge,
  };
  return allowed[style];
}

/** CheckPullMergeable's refusals, in Gitea's order. */
async function checkMergeable(c: Context<SimEnv>, rc: RepoContext, p: PullRecord, manual: boolean): Promise<void> {
  if (p.pull.merged) throw new SimApiError(405, '');
  if (p.issue.state === 'closed') throw notFound(c);
  if (!atLeast(rc.access, 'write')) throw new SimApiError(405, 'User not allowed to merge PR');
  if (manual) return;
  if (isWorkInProgress(p.issue.title)) throw new SimApiError(405, 'Work in progress PRs cannot be merged');
  // The conflict checker has already marked a conflicting pull as not mergeable.
  if (!(await pullGitInfo(p)).mergeable) throw new SimApiError(405, 'Please try again later');
}

async function mergeManually(c: Context<SimEnv>, rc: RepoContext, p: PullRecord, doer: SimUser, commitId: string) {
  if (!styleAllowed(rc.repo, 'manually-merged'))
    throw new SimApiError(405, 'manually-merged is not allowed an allowed merge style for this repository');
  const commit = commitId ? await readCommit(rc.repo.gitDir, commitId) : null;
  const head = await refCommit(rc.repo.gitDir, pullHeadRef(p.issue.index));
  const base = await refCommit(rc.repo.gitDir, `refs/heads/${p.pull.baseBranch}`);
  const ok =
    commit &&
    head &&
    base &&
    (await isAncestor(rc.repo.gitDir, head, commit.sha)) &&
    (await isAncestor(rc.repo.gitDir, commit.sha, base));
  // Gitea JSON-encodes the bare error value here, which has no exported fields.
  if (!ok) return giteaJson(c, {}, 409);
  markMerged(p, doer, commit.sha, c.get('sim').now());
  return c.body(null, 200);
}

function conflictBody(style: MergeStyle, err: GitContentError): Record<string, unknown> {
  const std = { StdOut: '', StdErr: err.message, Err: {} };
  return style === 'rebase' || style === 'rebase-merge'
    ? { Style: style, CommitSHA: '', ...std }
    : { Style: style, ...std };
}

async function mergeRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  requireNotArchived(rc);
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const doField = optString(body, 'Do') ?? '';
  if (doField === '') throw unprocessable('[Do]: Required');
  if (!isMergeDo(doField)) throw unprocessable('[Do]: In');
  const p = loadPull(c, rc, true);
  await checkMergeable(c, rc, p, doField === 'manually-merged');
  if (doField === 'manually-merged') return mergeManually(c, rc, p, doer, optString(body, 'MergeCommitID') ?? '');
  const style: MergeStyle = doField;
  const sim = c.get('sim');
  let message = (optString(body, 'MergeTitleField') ?? '').trim() || defaultMergeMessage(sim, p, style);
  const extra = (optString(body, 'MergeMessageField') ?? '').trim();
  if (extra) message += `\n\n${extra}`;
  const headCommitId = optString(body, 'head_commit_id') ?? '';
  if (headCommitId && headCommitId !== (await pullGitInfo(p)).headSha) throw new SimApiError(409, 'head out of date');
  if (!styleAllowed(rc.repo, style))
    throw new SimApiError(405, `${style} is not allowed an allowed merge style for this repository`);
  try {
    await mergePull(sim, p, {
      style,
      doer,
      message,
      deleteBranch: optBool(body, 'delete_branch_after_merge') ?? rc.repo.pullSettings.defaultDeleteBranchAfterMerge,
    });
  } catch (err) {
    if (!(err instanceof GitContentError)) throw err;
    if (err.code === 'merge_conflict') return giteaJson(c, conflictBody(style, err), 409);
    if (err.code === 'ref_conflict') throw new SimApiError(409, 'merge push out of date');
    // Diverging fast-forward-only and empty merges are not mapped by the API handler: a 500.
    throw internalError(c, err);
  }
  return c.body(null, 200);
}

async function updateRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  requireNotArchived(rc);
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const p = loadPull(c, rc);
  if (p.pull.merged || p.issue.state === 'closed') throw new SimApiError(422, '');
  const rebase = c.req.query('style') === 'rebase';
  const head = p.headRepo;
  const canPush =
    !!head &&
    (atLeast(repoAccess(sim.state, doer, head), 'write') ||
      (p.pull.allowMaintainerEdit && atLeast(rc.access, 'write')));
  if (!head || !canPush || (rebase && !rc.repo.pullSettings.allowRebaseUpdate)) return c.body(null, 403);
  const git = await pullGitInfo(p);
  const sig = gitSignatureOf(sim, doer, sim.now());
  try {
    if (rebase) await rebaseHeadOnto(head.gitDir, rc.repo.gitDir, p.pull.headBranch, git.baseSha, sig);
    else
      await mergeBranches(head.gitDir, {
        base: p.pull.headBranch,
        head: git.baseSha,
        headGitDir: rc.repo.gitDir,
        style: 'merge',
        message: `Merge branch '${p.pull.baseBranch}' into ${p.pull.headBranch}`,
        author: sig,
      });
  } catch (err) {
    if (!(err instanceof GitContentError)) throw err;
    if (err.code === 'merge_conflict')
      throw new SimApiError(409, rebase ? 'rebase failed because of conflict' : 'merge failed because of conflict');
    // Already up to date: nothing to do.
    if (err.code !== 'nothing_to_merge') throw internalError(c, err);
  }
  await pullGitInfo(p);
  return c.body(null, 200);
}

/** Registers the pull-request routes (reviews: registerPullReviewRoutes). */
export function registerPullRoutes(router: SimRouter): void {
  const scope = ['repository'] as const;
  router.add(
    { method: 'GET', path: '/repos/{owner}/{repo}/pulls', scope, handler: listPulls },
    { method: 'POST', path: '/repos/{owner}/{repo}/pulls', scope, reqToken: true, handler: createPullRoute },
    { method: 'GET', path: '/repos/{owner}/{repo}/pulls/{index}.{diffType}', scope, handler: getPull },
    { method: 'GET', path: '/repos/{owner}/{repo}/pulls/{index}', scope, handler: getPull },
    { method: 'PATCH', path: '/repos/{owner}/{repo}/pulls/{index}', scope, reqToken: true, handler: editPull },
    { method: 'GET', path: '/repos/{owner}/{repo}/pulls/{index}/files', scope, handler: pullFiles },
    { method: 'GET', path: '/repos/{owner}/{repo}/pulls/{index}/commits', scope, handler: pullCommits },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls/{index}/merge',
      scope,
      handler: (c) => {
        const p = loadPull(c, loadPullsRepo(c));
        if (!p.pull.merged) throw notFound(c);
        return c.body(null, 204);
      },
    },
    { method: 'POST', path: '/repos/{owner}/{repo}/pulls/{index}/merge', scope, reqToken: true, handler: mergeRoute },
    { method: 'POST', path: '/repos/{owner}/{repo}/pulls/{index}/update', scope, reqToken: true, handler: updateRoute },
  );
}
