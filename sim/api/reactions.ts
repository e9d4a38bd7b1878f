/**
 * Reactions on issues and on their comments (routers/api/v1/repo/issue_reaction.go).
 * Quirks kept: an issue's list is paged with X-Total-Count only, a comment's
 * is not paged; an empty list is JSON `null` (a nil Go slice); adding a
 * reaction the user already gave answers 200 with it, a new one 201; a name
 * outside `[ui] REACTIONS` is a 403; removing answers 200 with no body, also
 * when there was nothing to remove; a locked issue takes reactions from writers only.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { toApiUser, toGiteaTime } from '../convert/user.js';
import { requireSignedIn } from '../http/auth.js';
import { forbidden, giteaJson, notFound } from '../http/errors.js';
import { pageRequest } from '../http/pagination.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimComment, SimIssue, SimReaction, SimUser } from '../state.js';
import { canWriteIssues, loadIssue, loadIssuesRepo } from './issues.js';
import { pathInt } from './pull-helpers.js';
import { optString, readJsonBody } from './request-body.js';

/** Gitea's default `[ui] REACTIONS` (modules/setting/ui.go). */
export const ALLOWED_REACTIONS: readonly string[] = [
  '+1',
  '-1',
  'laugh',
  'hooray',
  'confused',
  'heart',
  'rocket',
  'eyes',
];

function toApiReaction(c: Context<SimEnv>, r: SimReaction, viewer: SimUser | null): Record<string, unknown> {
  const sim = c.get('sim');
  const user = sim.state.users.get(r.userId);
  return { user: user ? toApiUser(sim, user, viewer) : null, content: r.type, created_at: toGiteaTime(r.created) };
}

/** Reactions of the issue itself (commentId null) or of one comment, oldest first. */
function reactionsOf(c: Context<SimEnv>, issue: SimIssue, commentId: number | null): SimReaction[] {
  return [...c.get('sim').state.reactions.values()]
    .filter((r) => r.issueId === issue.id && r.commentId === commentId)
    .sort((a, b) => a.id - b.id);
}

/** A list as Gitea encodes it: a nil slice (no reactions) is `null`. */
function listJson(c: Context<SimEnv>, items: readonly SimReaction[]): Response {
  return giteaJson(c, items.length === 0 ? null : items.map((r) => toApiReaction(c, r, c.get('doer'))));
}

/** The comment `{id}` of the route's repository (404 otherwise) with its issue. */
function loadComment(c: Context<SimEnv>, rc: RepoContext): { comment: SimComment; issue: SimIssue } {
  const sim = c.get('sim');
  const comment = sim.state.comments.get(pathInt(c, 'id'));
  const issue = comment && sim.state.issues.get(comment.issueId);
  if (!comment || !issue || issue.repoId !== rc.repo.id) throw notFound(c);
  return { comment, issue };
}

/** Adds (`add`) or removes the doer's reaction named in the body; the answer as Gitea's change*Reaction. */
async function changeReaction(
  c: Context<SimEnv>,
  rc: RepoContext,
  issue: SimIssue,
  commentId: number | null,
  add: boolean,
): Promise<Response> {
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  if (issue.isLocked && !canWriteIssues(rc)) throw forbidden('no permission to change reaction');
  const type = optString(await readJsonBody(c), 'content') ?? '';
  const mine = reactionsOf(c, issue, commentId).filter((r) => r.userId === doer.id && r.type === type);
  if (!add) {
    for (const r of mine) sim.state.reactions.delete(r.id);
    return c.body(null, 200);
  }
  if (!ALLOWED_REACTIONS.includes(type)) throw forbidden(`'${type}' is not an allowed reaction`);
  const existing = mine[0];
  if (existing) return giteaJson(c, toApiReaction(c, existing, doer), 200);
  const reaction: SimReaction = {
    id: sim.state.nextId('reaction'),
    issueId: issue.id,
    commentId,
    userId: doer.id,
    type,
    created: sim.now(),
  };
  sim.state.reactions.set(reaction.id, reaction);
  return giteaJson(c, toApiReaction(c, reaction, doer), 201);
}

function listIssueReactions(c: Context<SimEnv>): Response {
  const rc = loadIssuesRepo(c);
  const all = reactionsOf(c, loadIssue(c, rc), null);
  const { page, limit } = pageRequest(c);
  // FindIssueReactions is paged; the handler sets only X-Total-Count (no Link).
  c.header('X-Total-Count', String(all.length));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return listJson(c, all.slice((page - 1) * limit, page * limit));
}

/** Registers the reaction routes of issues and comments (scope category `issue`). */
export function registerReactionRoutes(router: SimRouter): void {
  const issuePath = '/repos/{owner}/{repo}/issues/{index}/reactions';
  const commentPath = '/repos/{owner}/{repo}/issues/comments/{id}/reactions';
  router.add(
    { method: 'GET', path: issuePath, scope: ['issue'], handler: listIssueReactions },
    {
      method: 'POST',
      path: issuePath,
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        return changeReaction(c, rc, loadIssue(c, rc), null, true);
      },
    },
    {
      method: 'DELETE',
      path: issuePath,
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        return changeReaction(c, rc, loadIssue(c, rc), null, false);
      },
    },
    {
      method: 'GET',
      path: commentPath,
      scope: ['issue'],
      handler: (c) => {
        const { comment, issue } = loadComment(c, loadIssuesRepo(c));
        return listJson(c, reactionsOf(c, issue, comment.id));
      },
    },
    {
      method: 'POST',
      path: commentPath,
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        const { comment, issue } = loadComment(c, rc);
        return changeReaction(c, rc, issue, comment.id, true);
      },
    },
    {
      method: 'DELETE',
      path: commentPath,
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        const { comment, issue } = loadComment(c, rc);
        return changeReaction(c, rc, issue, comment.id, false);
      },
    },
  );
}
