/**
 * Pull-request objects as Gitea renders them: api.PullRequest
 * (services/convert/pull.go ToAPIPullRequest), api.PullReview and
 * api.PullReviewComment (services/convert/pull_review.go) and api.ChangedFile
 * (ToChangedFile).
 */
import type { SimContext } from '../context.js';
import type { ChangedFile } from '../git-content.js';
import type { PullGitInfo, PullRecord } from '../services/pulls.js';
import { pullHeadRef } from '../services/pulls.js';
import type { SimIssue, SimRepo, SimReview, SimReviewComment, SimUser } from '../state.js';
import { commentCount, issueAssignees, issueLabels, toApiMilestone, userOrNull } from './issue.js';
import { toApiRepo } from './repo.js';
import { toGiteaTime } from './user.js';

/** Web URL of an issue or pull (Issue.HTMLURL): pulls live under /pulls/. */
export function pullHtmlUrl(sim: SimContext, repo: SimRepo, index: number): string {
  const owner = sim.state.users.get(repo.ownerId)?.login ?? '';
  return `${sim.appUrl()}${owner}/${repo.name}/pulls/${index}`;
}

function reviewCommentCount(sim: SimContext, issue: SimIssue): number {
  let n = 0;
  for (const c of sim.state.reviewComments.values()) {
    const review = sim.state.reviews.get(c.reviewId);
    if (c.issueId === issue.id && review?.state !== 'PENDING') n++;
  }
  return n;
}

/** api.PullRequest for `viewer`; `git` comes from pullGitInfo. */
export function toApiPullRequest(
  sim: SimContext,
  p: PullRecord,
  git: PullGitInfo,
  viewer: SimUser | null,
): Record<string, unknown> {
  const { issue, pull, baseRepo, headRepo } = p;
  const html = pullHtmlUrl(sim, baseRepo, issue.index);
  const labels = issueLabels(sim, issue);
  const assignees = issueAssignees(sim, issue, viewer);
  // A deleted head branch leaves Head.Ref at refs/pull/<n>/head (ToAPIPullRequest).
  const headBranchAlive = git.headBranchExists;
  return {
    id: pull.issueId,
    url: html,
    number: issue.index,
    user: userOrNull(sim, issue.posterId, viewer),
    title: issue.title,
    body: issue.body,
    labels,
    milestone: toApiMilestone(sim, issue.milestoneId),
    assignee: assignees[0] ?? null,
    assignees: assignees.length > 0 ? assignees : null,
    requested_reviewers: requestedReviewers(sim, p, viewer),
    requested_reviewers_teams: null,
    state: issue.state,
    draft: git.draft,
    is_locked: issue.isLocked,
    comments: commentCount(sim, issue),
    review_comments: reviewCommentCount(sim, issue),
    additions: git.additions,
    deletions: git.deletions,
    changed_files: git.changedFiles,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    mergeable: git.mergeable,
    merged: pull.merged,
    merged_at: pull.mergedAt ? toGiteaTime(pull.mergedAt) : null,
    merge_commit_sha: pull.merged ? pull.mergeCommitSha : null,
    merged_by: pull.merged ? userOrNull(sim, pull.mergedById, viewer) : null,
    allow_maintainer_edit: pull.allowMaintainerEdit,
    base: {
      label: pull.baseBranch,
      ref: pull.baseBranch,
      sha: git.baseSha,
      repo_id: baseRepo.id,
      repo: toApiRepo(sim, baseRepo, viewer),
    },
    head: {
      label: pull.headBranch,
      ref: headBranchAlive ? pull.headBranch : pullHeadRef(issue.index),
      sha: git.headSha,
      repo_id: headRepo ? headRepo.id : -1,
      repo: headRepo ? toApiRepo(sim, headRepo, viewer) : null,
    },
    merge_base: git.mergeBase,
    due_date: issue.dueDate ? toGiteaTime(issue.dueDate) : null,
    created_at: toGiteaTime(issue.created),
    updated_at: toGiteaTime(issue.updated),
    closed_at: issue.closedAt ? toGiteaTime(issue.closedAt) : null,
    pin_order: 0,
  };
}

function requestedReviewers(sim: SimContext, p: PullRecord, viewer: SimUser | null): Record<string, unknown>[] | null {
  const out: Record<string, unknown>[] = [];
  for (const id of p.pull.requestedReviewerIds) {
    const u = userOrNull(sim, id, viewer);
    if (u) out.push(u);
  }
  // Go renders a nil slice as null when nobody was requested.
  return out.length > 0 ? out : null;
}

/** api.PullReview (ToPullReview). */
export function toApiPullReview(
  sim: SimContext,
  repo: SimRepo,
  issue: SimIssue,
  r: SimReview,
  viewer: SimUser | null,
): Record<string, unknown> {
  const html = pullHtmlUrl(sim, repo, issue.index);
  let codeComments = 0;
  for (const c of sim.state.reviewComments.values()) if (c.reviewId === r.id) codeComments++;
  return {
    id: r.id,
    user: userOrNull(sim, r.reviewerId, viewer),
    team: null,
    state: r.state,
    body: r.body,
    commit_id: r.commitId,
    stale: r.stale,
    official: r.official,
    dismissed: r.dismissed,
    comments_count: codeComments,
    submitted_at: toGiteaTime(r.submittedAt),
    updated_at: toGiteaTime(r.updatedAt),
    html_url: `${html}#issuecomment-${r.id}`,
    pull_request_url: html,
  };
}

/** api.PullReviewComment (ToPullReviewCommentList): `line` < 0 is an old-side line. */
export function toApiReviewComment(
  sim: SimContext,
  repo: SimRepo,
  issue: SimIssue,
  c: SimReviewComment,
  viewer: SimUser | null,
): Record<string, unknown> {
  const html = pullHtmlUrl(sim, repo, issue.index);
  return {
    id: c.id,
    body: c.body,
    user: userOrNull(sim, c.posterId, viewer),
    resolver: userOrNull(sim, c.resolverId, viewer),
    pull_request_review_id: c.reviewId,
    created_at: toGiteaTime(c.created),
    updated_at: toGiteaTime(c.updated),
    path: c.path,
    commit_id: c.commitId,
    original_commit_id: c.originalCommitId,
    diff_hunk: c.diffHunk,
    position: Math.max(c.line, 0),
    original_position: c.line < 0 ? -c.line : 0,
    html_url: `${html}#issuecomment-${c.id}`,
    pull_request_url: html,
  };
}

/** Per-file line counts of a diff, as ChangedFile carries them. */
export interface FileStats {
  additions: number;
  deletions: number;
}

/** api.ChangedFile (ToChangedFile): links point at the head commit in the base repository. */
export function toApiChangedFile(
  sim: SimContext,
  repo: SimRepo,
  f: ChangedFile,
  stats: FileStats,
  headSha: string,
): Record<string, unknown> {
  const owner = sim.state.users.get(repo.ownerId)?.login ?? '';
  const html = `${sim.appUrl()}${owner}/${repo.name}`;
  const api = `${sim.appUrl()}api/v1/repos/${owner}/${repo.name}`;
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  return {
    filename: f.filename,
    previous_filename: '',
    status: f.status === 'removed' ? 'deleted' : f.status === 'modified' ? 'changed' : 'added',
    additions: stats.additions,
    deletions: stats.deletions,
    changes: stats.additions + stats.deletions,
    html_url: `${html}/src/commit/${headSha}/${path}`,
    contents_url: `${api}/contents/${path}?ref=${headSha}`,
    raw_url: `${html}/raw/commit/${headSha}/${path}`,
  };
}
