/**
 * Pull reviews and review requests (routers/api/v1/repo/pull_review.go,
 * services/pull/review.go). As in Gitea, a review request is itself a review
 * row of type REQUEST_REVIEW, pending reviews are visible to their author and
 * site admins only, and submitting a review replaces the reviewer's request.
 */
import type { Context } from 'hono';
import { atLeast, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiPullReview, toApiReviewComment } from '../convert/pull.js';
import { runGit } from '../git.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { pageRequest } from '../http/pagination.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { type PullRecord, pullGitInfo, reviewsOf } from '../services/pulls.js';
import type { ReviewState, SimReview, SimReviewComment, SimUser } from '../state.js';
import { loadPull, loadPullsRepo, pathInt } from './pull-helpers.js';
import { optString, optStringArray, readJsonBody } from './request-body.js';

function reviewJson(c: Context<SimEnv>, p: PullRecord, r: SimReview): Record<string, unknown> {
  return toApiPullReview(c.get('sim'), p.baseRepo, p.issue, r, c.get('doer'));
}

function visible(r: SimReview, doer: SimUser | null): boolean {
  return r.state !== 'PENDING' || (!!doer && (doer.isAdmin || doer.id === r.reviewerId));
}

/** prepareSingleReview: the review `{id}` of pull `{index}`, 404 for others' pending reviews. */
function loadReview(c: Context<SimEnv>, rc: RepoContext): { p: PullRecord; review: SimReview } {
  const p = loadPull(c, rc, true);
  const review = c.get('sim').state.reviews.get(pathInt(c, 'id'));
  if (!review || review.issueId !== p.issue.id || !visible(review, c.get('doer'))) throw notFound(c);
  return { p, review };
}

/** preparePullReviewType: the review type an event asks for, or Gitea's 422. */
function reviewTypeFor(p: PullRecord, doer: SimUser, event: string, body: string, hasComments: boolean): ReviewState {
  const hasBody = body.trim() !== '';
  switch (event) {
    case 'APPROVED':
      if (p.issue.posterId === doer.id) throw unprocessable('approve your own pull is not allowed');
      return 'APPROVED';
    case 'REQUEST_CHANGES':
      if (p.issue.posterId === doer.id) throw unprocessable('reject your own pull is not allowed');
      if (!hasBody) throw unprocessable(`review event ${event} requires a body`);
      return 'REQUEST_CHANGES';
    case 'COMMENT':
      if (!hasBody && !hasComments) throw unprocessable(`review event ${event} requires a body or a comment`);
      return 'COMMENT';
    default:
      if (!hasBody) throw unprocessable(`review event ${event} requires a body`);
      return 'PENDING';
  }
}

/** The diff hunk around `line` of `path` (Gitea keeps the hunk up to the commented line). */
async function diffHunk(p: PullRecord, path: string, line: number, base: string, head: string): Promise<string> {
  const out = await runGit(p.baseRepo.gitDir, ['diff', '-U3', base, head, '--', path]);
  const hunks = out.stdout
    .toString('utf8')
    .split(/\n(?=@@ )/)
    .slice(1);
  for (const h of hunks) {
    const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(h);
    if (!m) continue;
    let oldNo = Number(m[1]);
    let newNo = Number(m[2]);
    const lines = h.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i] ?? '';
      const isOld = l.startsWith('-');
      const isNew = l.startsWith('+');
      if ((line > 0 && !isOld && newNo === line) || (line < 0 && !isNew && oldNo === -line))
        return lines.slice(0, i + 1).join('\n');
      if (!isNew) oldNo++;
      if (!isOld) newNo++;
    }
  }
  return '';
}

interface NewComment {
  path: string;
  body: string;
  line: number;
}

function parseComments(raw: unknown): NewComment[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw unprocessable('json: cannot unmarshal into Go struct field .comments of type []');
  return raw.map((x) => {
    const o: Record<string, unknown> = typeof x === 'object' && x !== null ? { ...x } : {};
    const num = (k: string) => (typeof o[k] === 'number' ? Number(o[k]) : 0);
    const oldLine = num('old_position');
    return {
      path: typeof o.path === 'string' ? o.path : '',
      body: typeof o.body === 'string' ? o.body : '',
      line: oldLine > 0 ? -oldLine : num('new_position'),
    };
  });
}

/**
 * SubmitReview: fills the doer's pending review (or a new one) with `state`,
 * attaches `comments`, retires older official verdicts and the doer's request.
 */
async function submitReview(
  c: Context<SimEnv>,
  rc: RepoContext,
  p: PullRecord,
  doer: SimUser,
  state: ReviewState,
  body: string,
  commitId: string,
  comments: NewComment[],
): Promise<SimReview> {
  const sim = c.get('sim');
  if (state !== 'PENDING' && state !== 'COMMENT' && (p.pull.merged || p.issue.state === 'closed'))
    throw unprocessable("can't submit review for a closed or merged PR");
  const now = sim.now();
  const all = reviewsOf(sim, p.issue.id);
  let review = all.find((r) => r.reviewerId === doer.id && r.state === 'PENDING');
  const official = (state === 'APPROVED' || state === 'REQUEST_CHANGES') && atLeast(rc.access, 'write');
  if (official)
    for (const r of all) if (r.reviewerId === doer.id && r.official && r.state !== 'REQUEST_REVIEW') r.official = false;
  if (!review) {
    review = {
      id: sim.state.nextId('review'),
      issueId: p.issue.id,
      reviewerId: doer.id,
      state,
      body,
      commitId,
      dismissed: false,
      stale: false,
      official,
      submittedAt: now,
      updatedAt: now,
    };
    sim.state.reviews.set(review.id, review);
  } else {
    Object.assign(review, { state, body, commitId, official, updatedAt: now });
    if (state !== 'PENDING') review.submittedAt = now;
  }
  const git = await pullGitInfo(p);
  for (const cm of comments) {
    const id = sim.state.nextId('reviewComment');
    const hunk = await diffHunk(p, cm.path, cm.line, git.mergeBase || git.baseSha, commitId || git.headSha);
    const row: SimReviewComment = {
      id,
      reviewId: review.id,
      issueId: p.issue.id,
      posterId: doer.id,
      path: cm.path,
      body: cm.body,
      line: cm.line,
      commitId,
      originalCommitId: git.mergeBase,
      diffHunk: hunk,
      resolverId: null,
      replyToId: null,
      created: now,
      updated: now,
    };
    sim.state.reviewComments.set(id, row);
  }
  if (state !== 'PENDING') {
    for (const r of all) if (r.reviewerId === doer.id && r.state === 'REQUEST_REVIEW') sim.state.reviews.delete(r.id);
    p.pull.requestedReviewerIds.delete(doer.id);
  }
  p.issue.updated = now;
  return review;
}

async function createReview(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const p = loadPull(c, rc, true);
  const text = optString(body, 'body') ?? '';
  const comments = parseComments(body.comments);
  const state = reviewTypeFor(p, doer, optString(body, 'event') ?? '', text, comments.length > 0);
  const commitId = optString(body, 'commit_id') || (await pullGitInfo(p)).headSha;
  const review = await submitReview(c, rc, p, doer, state, text, commitId, comments);
  return giteaJson(c, reviewJson(c, p, review));
}

async function submitPendingReview(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const { p, review } = loadReview(c, rc);
  if (review.state !== 'PENDING') throw unprocessable('only a pending review can be submitted');
  const sim = c.get('sim');
  const hasComments = [...sim.state.reviewComments.values()].some((x) => x.reviewId === review.id);
  const text = optString(body, 'body') ?? '';
  const state = reviewTypeFor(p, doer, optString(body, 'event') ?? '', text, hasComments);
  if (state === 'PENDING') throw unprocessable('review stay pending');
  const head = (await pullGitInfo(p)).headSha;
  const done = await submitReview(c, rc, p, doer, state, text, head, []);
  return giteaJson(c, reviewJson(c, p, done));
}

async function deleteReview(c: Context<SimEnv>): Promise<Response> {
  const rc = loadPullsRepo(c);
  const { review } = loadReview(c, rc);
  const doer = c.get('doer');
  if (!doer) throw notFound(c);
  if (!doer.isAdmin && doer.id !== review.reviewerId) throw new SimApiError(403, '');
  const sim = c.get('sim');
  for (const [id, cm] of sim.state.reviewComments) if (cm.reviewId === review.id) sim.state.reviewComments.delete(id);
  sim.state.reviews.delete(review.id);
  return c.body(null, 204);
}

async function dismiss(c: Context<SimEnv>, isDismiss: boolean): Promise<Response> {
  const rc = loadPullsRepo(c);
  if (isDismiss) await readJsonBody(c);
  if (!atLeast(rc.access, 'admin')) throw new SimApiError(403, 'Must be repo admin');
  const { p, review } = loadReview(c, rc);
  if (review.state !== 'APPROVED' && review.state !== 'REQUEST_CHANGES')
    throw new SimApiError(403, "not need to dismiss this review because it's type is not Approve or change request");
  if (p.pull.merged || p.issue.state === 'closed')
    throw new SimApiError(403, "can't dismiss a review on a closed or merged pull request");
  review.dismissed = isDismiss;
  review.updatedAt = c.get('sim').now();
  return giteaJson(c, reviewJson(c, p, review));
}

function notValid(reason: string, doer: SimUser, rc: RepoContext): SimApiError {
  return unprocessable(`${reason} [user_id: ${doer.id}, repo_id: ${rc.repo.id}]`);
}

/**
 * issue_service.ReviewRequest (add): validates like IsValidReviewRequest and
 * creates a REQUEST_REVIEW row unless one is already pending; returns it or null.
 */
export function addReviewRequest(
  c: Context<SimEnv>,
  rc: RepoContext,
  p: PullRecord,
  doer: SimUser,
  reviewer: SimUser,
): SimReview | null {
  const sim = c.get('sim');
  if (p.pull.merged || p.issue.state === 'closed')
    throw new SimApiError(403, `cannot request review on closed PR [issue_id: ${p.issue.id}]`);
  if (reviewer.type === 'organization') throw notValid("Organization can't be added as reviewer", doer, rc);
  if (repoAccess(sim.state, reviewer, rc.repo) === 'none') throw notValid("Reviewer can't read", doer, rc);
  if (reviewer.id === p.issue.posterId) throw notValid("poster of pr can't be reviewer", doer, rc);
  const last = reviewsOf(sim, p.issue.id)
    .filter((r) => r.reviewerId === reviewer.id)
    .at(-1);
  const canChange = doer.id === p.issue.posterId || atLeast(rc.access, 'write');
  if (!canChange) throw notValid("Doer can't choose reviewer", doer, rc);
  if (last?.state === 'REQUEST_REVIEW') return null;
  const now = sim.now();
  const review: SimReview = {
    id: sim.state.nextId('review'),
    issueId: p.issue.id,
    reviewerId: reviewer.id,
    state: 'REQUEST_REVIEW',
    body: '',
    commitId: '',
    dismissed: false,
    stale: false,
    official: atLeast(repoAccess(sim.state, reviewer, rc.repo), 'write'),
    submittedAt: now,
    updatedAt: now,
  };
  sim.state.reviews.set(review.id, review);
  p.pull.requestedReviewerIds.add(reviewer.id);
  return review;
}

async function reviewRequests(c: Context<SimEnv>, isAdd: boolean): Promise<Response> {
  const rc = loadPullsRepo(c);
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const p = loadPull(c, rc, true);
  const sim = c.get('sim');
  const reviewers: SimUser[] = [];
  for (const name of optStringArray(body, 'reviewers') ?? []) {
    const u = name.includes('@')
      ? [...sim.state.users.values()].find((x) => x.email.toLowerCase() === name.toLowerCase())
      : sim.state.userByLogin(name);
    if (!u) throw notFound(c);
    reviewers.push(u);
  }
  const created: SimReview[] = [];
  for (const reviewer of reviewers) {
    if (isAdd) {
      const r = addReviewRequest(c, rc, p, doer, reviewer);
      if (r) created.push(r);
      continue;
    }
    const last = reviewsOf(sim, p.issue.id)
      .filter((r) => r.reviewerId === reviewer.id)
      .at(-1);
    const canChange = doer.id === p.issue.posterId || atLeast(rc.access, 'write');
    if (!canChange && !(last?.state === 'REQUEST_REVIEW' && last.reviewerId === doer.id))
      throw notValid("Doer can't remove reviewer", doer, rc);
    if (last?.state === 'REQUEST_REVIEW') sim.state.reviews.delete(last.id);
    p.pull.requestedReviewerIds.delete(reviewer.id);
  }
  if (!isAdd) return c.body(null, 204);
  return giteaJson(
    c,
    created.map((r) => reviewJson(c, p, r)),
    201,
  );
}

/** Registers review and review-request routes. */
export function registerPullReviewRoutes(router: SimRouter): void {
  const scope = ['repository'] as const;
  const base = '/repos/{owner}/{repo}/pulls/{index}';
  router.add(
    {
      method: 'GET',
      path: `${base}/reviews`,
      scope,
      handler: (c) => {
        const rc = loadPullsRepo(c);
        const p = loadPull(c, rc, true);
        const all = reviewsOf(c.get('sim'), p.issue.id);
        const { page, limit } = pageRequest(c);
        // Gitea counts every review (no Link header), then drops others' pending ones from the page.
        c.header('X-Total-Count', String(all.length));
        c.header('Access-Control-Expose-Headers', 'X-Total-Count');
        const shown = all.slice((page - 1) * limit, page * limit).filter((r) => visible(r, c.get('doer')));
        return giteaJson(
          c,
          shown.map((r) => reviewJson(c, p, r)),
        );
      },
    },
    { method: 'POST', path: `${base}/reviews`, scope, reqToken: true, handler: createReview },
    {
      method: 'GET',
      path: `${base}/reviews/{id}`,
      scope,
      handler: (c) => {
        const { p, review } = loadReview(c, loadPullsRepo(c));
        return giteaJson(c, reviewJson(c, p, review));
      },
    },
    { method: 'POST', path: `${base}/reviews/{id}`, scope, reqToken: true, handler: submitPendingReview },
    { method: 'DELETE', path: `${base}/reviews/{id}`, scope, reqToken: true, handler: deleteReview },
    {
      method: 'GET',
      path: `${base}/reviews/{id}/comments`,
      scope,
      handler: (c) => {
        const { p, review } = loadReview(c, loadPullsRepo(c));
        const sim = c.get('sim');
        const rows = [...sim.state.reviewComments.values()]
          .filter((x) => x.reviewId === review.id)
          .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.id - b.id);
        return giteaJson(
          c,
          rows.map((x) => toApiReviewComment(sim, p.baseRepo, p.issue, x, c.get('doer'))),
        );
      },
    },
    {
      method: 'POST',
      path: `${base}/reviews/{id}/dismissals`,
      scope,
      reqToken: true,
      handler: (c) => dismiss(c, true),
    },
    {
      method: 'POST',
      path: `${base}/reviews/{id}/undismissals`,
      scope,
      reqToken: true,
      handler: (c) => dismiss(c, false),
    },
    {
      method: 'POST',
      path: `${base}/requested_reviewers`,
      scope,
      reqToken: true,
      handler: (c) => reviewRequests(c, true),
    },
    {
      method: 'DELETE',
      path: `${base}/requested_reviewers`,
      scope,
      reqToken: true,
      handler: (c) => reviewRequests(c, false),
    },
  );
}
