/**
 * Compact views of pull requests, reviews, review comments and changed
 * files: users as logins, branches as names, no nested repositories.
 * Inputs are the Gitea models (src/gitea/models.ts: fields picked from the
 * swagger types, parsed at the edge, absent or null where Gitea omits them);
 * titles and bodies go through `sanitizeText`.
 */
import type {
  GiteaBranchInfo,
  GiteaChangedFile,
  GiteaPull,
  GiteaReview,
  GiteaReviewComment,
  GiteaUser,
} from '../gitea/index.js';
import { sanitizeOptional } from './sanitize.js';
import { bodyWindow, toLabelRefs } from './summaries-issues.js';

/** Cap on a pull request or review body in a single-item read. */
export const MAX_PULL_BODY_BYTES = 16 * 1024;
/** Cap on each review comment body inside a list. */
export const REVIEW_COMMENT_PREVIEW_BYTES = 4 * 1024;

function logins(users: readonly GiteaUser[] | null | undefined): string[] | undefined {
  const out = (users ?? []).map((u) => u.login ?? '').filter(Boolean);
  return out.length ? out : undefined;
}

/**
 * Gitea's default `[repository.pull-request] WORK_IN_PROGRESS_PREFIXES`: a
 * pull request whose title starts with one (ignoring case) is a draft. An
 * instance may configure others; Gitea's own `draft` field knows them.
 */
export const WIP_PREFIXES: readonly string[] = ['WIP:', '[WIP]'];

/** The default WIP prefix `title` starts with (ignoring case), if any. */
export function wipPrefixOf(title: string | null | undefined): string | undefined {
  const upper = (title ?? '').toUpperCase();
  return WIP_PREFIXES.find((p) => upper.startsWith(p.toUpperCase()));
}

/** `title` marked as a draft (`WIP: ` prefixed) or not (a default WIP prefix removed). */
export function draftTitle(title: string, draft: boolean): string {
  const prefix = wipPrefixOf(title);
  if (draft) return prefix ? title : `${WIP_PREFIXES[0]} ${title}`;
  return prefix ? title.slice(prefix.length).trimStart() : title;
}

/** Where Gitea points `head.ref` once the head branch is gone (services/convert/pull.go ToAPIPullRequest). */
const PULL_HEAD_REF = /^refs\/pull\/\d+\/head$/;

/**
 * The head branch's name. When the branch was deleted (after a merge, say),
 * Gitea sets `head.ref` to `refs/pull/<n>/head` and keeps the branch name in
 * `head.label` (PRBranchInfo.Name).
 */
function headBranch(head: GiteaBranchInfo | null | undefined): { head?: string | null; headBranchDeleted?: true } {
  const ref = head?.ref;
  if (ref && PULL_HEAD_REF.test(ref)) return { head: head?.label || ref, headBranchDeleted: true };
  return { head: ref };
}

/** A pull request in a list: no body (use pull_request_read `get`). */
export function toPullSummary(p: GiteaPull): Record<string, unknown> {
  const labels = toLabelRefs(p.labels);
  return {
    number: p.number,
    title: sanitizeOptional(p.title),
    state: p.state,
    // Gitea's field (it knows the instance's prefixes); the default prefixes for versions that lack it.
    draft: (p.draft ?? wipPrefixOf(p.title) !== undefined) || undefined,
    merged: p.merged || undefined,
    author: p.user?.login,
    ...headBranch(p.head),
    base: p.base?.ref,
    headRepository: p.head?.repo?.full_name !== p.base?.repo?.full_name ? p.head?.repo?.full_name : undefined,
    labels: labels.length ? labels : undefined,
    milestone: p.milestone ? sanitizeOptional(p.milestone.title) : undefined,
    assignees: logins(p.assignees),
    requestedReviewers: logins(p.requested_reviewers),
    comments: p.comments,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    htmlUrl: p.html_url,
  };
}

/** One pull request with its body window, branches, merge state and counts; labels and milestone carry ids for updates. */
export function toPullDetail(p: GiteaPull, bodyOffset: number): Record<string, unknown> {
  const w = bodyWindow(p.body, bodyOffset, MAX_PULL_BODY_BYTES);
  // Object.assign rather than a spread literal with many fields: see toRepoDetail.
  return Object.assign(toPullSummary(p), {
    labels: toLabelRefs(p.labels),
    milestone: p.milestone ? { id: p.milestone.id, title: sanitizeOptional(p.milestone.title) } : undefined,
    headSha: p.head?.sha,
    baseSha: p.base?.sha,
    mergeBase: p.merge_base || undefined,
    mergeable: p.mergeable,
    mergedAt: p.merged_at || undefined,
    mergedBy: p.merged_by?.login || undefined,
    mergeCommitSha: p.merge_commit_sha || undefined,
    locked: p.is_locked || undefined,
    allowMaintainerEdit: p.allow_maintainer_edit,
    reviewComments: p.review_comments,
    additions: p.additions,
    deletions: p.deletions,
    changedFiles: p.changed_files,
    dueDate: p.due_date || undefined,
    closedAt: p.closed_at || undefined,
    ...w,
    note:
      w.nextBodyOffset === null
        ? undefined
        : `The body is ${w.bodyBytes} bytes; this is from byte ${bodyOffset}. Call pull_request_read method get with bodyOffset=${w.nextBodyOffset} for the rest.`,
  });
}

/** A review: who, verdict, body (capped), flags. */
export function toReviewSummary(r: GiteaReview, maxBodyBytes = MAX_PULL_BODY_BYTES): Record<string, unknown> {
  const w = bodyWindow(r.body, 0, maxBodyBytes);
  return {
    id: r.id,
    reviewer: r.user?.login || undefined,
    team: sanitizeOptional(r.team?.name) || undefined,
    state: r.state,
    body: w.body || undefined,
    bodyTruncated: w.nextBodyOffset === null ? undefined : true,
    commitId: r.commit_id || undefined,
    comments: r.comments_count,
    official: r.official || undefined,
    stale: r.stale || undefined,
    dismissed: r.dismissed || undefined,
    submittedAt: r.submitted_at || undefined,
    htmlUrl: r.html_url,
  };
}

/** Gitea lists a pending review request as a review in this state (models/issues/review.go ReviewTypeRequest). */
export const REVIEW_REQUEST_STATE = 'REQUEST_REVIEW';

/**
 * A page of Gitea's review list split into submitted reviews and pending
 * review requests (users by login, teams by name), which Gitea mixes.
 */
export function splitReviews(
  items: readonly GiteaReview[],
  maxBodyBytes: number,
): { reviews: Record<string, unknown>[]; requestedReviewers?: string[]; requestedTeams?: string[] } {
  const requests = items.filter((r) => r.state === REVIEW_REQUEST_STATE);
  const users = requests.map((r) => r.user?.login ?? '').filter(Boolean);
  const teams = requests.map((r) => (r.user?.login ? '' : (sanitizeOptional(r.team?.name) ?? ''))).filter(Boolean);
  return {
    reviews: items.filter((r) => r.state !== REVIEW_REQUEST_STATE).map((r) => toReviewSummary(r, maxBodyBytes)),
    requestedReviewers: users.length ? users : undefined,
    requestedTeams: teams.length ? teams : undefined,
  };
}

/** A review comment on a line of the diff (the hunk is left out: get_diff has it); `line` is in the new file, `oldLine` in the old one. */
export function toReviewCommentSummary(c: GiteaReviewComment): Record<string, unknown> {
  const w = bodyWindow(c.body, 0, REVIEW_COMMENT_PREVIEW_BYTES);
  return {
    id: c.id,
    reviewId: c.pull_request_review_id,
    author: c.user?.login || undefined,
    path: c.path,
    line: c.position || undefined,
    oldLine: c.original_position || undefined,
    body: w.body,
    bodyTruncated: w.nextBodyOffset === null ? undefined : true,
    resolvedBy: c.resolver?.login || undefined,
    commitId: c.commit_id || undefined,
    createdAt: c.created_at,
    updatedAt: c.updated_at !== c.created_at ? c.updated_at : undefined,
    htmlUrl: c.html_url,
  };
}

/** A changed file of a pull request. */
export function toChangedFileSummary(f: GiteaChangedFile): Record<string, unknown> {
  return {
    path: f.filename,
    previousPath: f.previous_filename || undefined,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
  };
}
