/**
 * Issue comments (routers/api/v1/repo/issue_comment.go): an issue's comments
 * (not paged: every one, with X-Total-Count), the repository-wide paged list,
 * and get/edit/delete by id. Editing and deleting need the poster or a
 * writer; anyone else gets a bodiless 403, as Gitea answers.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { toApiComment } from '../convert/issue.js';
import { requireSignedIn } from '../http/auth.js';
import {
  forbiddenWithoutBody,
  giteaJson,
  internalError,
  notFoundErr,
  SimApiError,
  unprocessable,
} from '../http/errors.js';
import { paginateTotalOnly } from '../http/pagination.js';
import { queryBeforeSince } from '../http/query.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { addComment, findIssue, notifyIssueChange } from '../services/issues.js';
import type { SimComment } from '../state.js';
import { canWriteIssues, issueNotExist, loadIssue, loadIssuesRepo } from './issues.js';
import { pathInt, requireNotArchived } from './pull-helpers.js';
import { optString, readJsonBody } from './request-body.js';

function timeWindow(c: Context<SimEnv>): (comment: SimComment) => boolean {
  const { before, since } = queryBeforeSince(c);
  return (x) => (!since || x.updated >= since) && (!before || x.updated <= before);
}

/**
 * A comment `{id}` on an issue of the route's repository, or 404
 * (routers/api/v1/repo/issue_comment.go GetIssueComment, editIssueComment,
 * deleteIssueComment): an unknown id is `APIErrorNotFound(ErrCommentNotExist)`,
 * a comment of another repository a bodiless `ctx.Status(404)`.
 */
function loadComment(c: Context<SimEnv>, rc: RepoContext): SimComment {
  const sim = c.get('sim');
  const id = pathInt(c, 'id');
  const comment = sim.state.comments.get(id);
  if (!comment) throw notFoundErr(c, `comment does not exist [id: ${id}, issue_id: 0]`);
  if (sim.state.issues.get(comment.issueId)?.repoId !== rc.repo.id) throw new SimApiError(404, '', { noBody: true });
  return comment;
}

function requireBody(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') throw unprocessable('[Body]: Required');
  return raw;
}

/** Registers the comment routes (before /issues/{index}, which would take "comments" as an index). */
export function registerIssueCommentRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues/comments',
      scope: ['issue'],
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        const sim = c.get('sim');
        const inWindow = timeWindow(c);
        const items = [...sim.state.comments.values()]
          .filter((x) => sim.state.issues.get(x.issueId)?.repoId === rc.repo.id && inWindow(x))
          .sort((a, b) => a.id - b.id);
        return giteaJson(
          c,
          // ListRepoIssueComments sets only X-Total-Count.
          paginateTotalOnly(c, items).map((x) => toApiComment(sim, x, c.get('doer'))),
        );
      },
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues/comments/{id}',
      scope: ['issue'],
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        return giteaJson(c, toApiComment(c.get('sim'), loadComment(c, rc), c.get('doer')));
      },
    },
    {
      method: 'PATCH',
      path: '/repos/{owner}/{repo}/issues/comments/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const rc = loadIssuesRepo(c);
        requireNotArchived(rc);
        const doer = requireSignedIn(c);
        const comment = loadComment(c, rc);
        if (comment.posterId !== doer.id && !canWriteIssues(rc)) throw forbiddenWithoutBody();
        comment.body = requireBody(optString(await readJsonBody(c), 'body'));
        comment.updated = c.get('sim').now();
        return giteaJson(c, toApiComment(c.get('sim'), comment, doer));
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/issues/comments/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        requireNotArchived(rc);
        const doer = requireSignedIn(c);
        const comment = loadComment(c, rc);
        if (comment.posterId !== doer.id && !canWriteIssues(rc)) throw forbiddenWithoutBody();
        c.get('sim').state.comments.delete(comment.id);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues/{index}/comments',
      scope: ['issue'],
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        const sim = c.get('sim');
        const inWindow = timeWindow(c);
        // Gitea bug kept (routers/api/v1/repo/issue_comment.go ListIssueComments, 1.25.0): an unknown
        // index is APIErrorInternal(err), a 500 with an empty message for everyone but site admins.
        const index = pathInt(c, 'index');
        const issue = findIssue(sim, rc.repo, index);
        if (!issue) throw internalError(c, issueNotExist(rc.repo.id, index));
        const items = [...sim.state.comments.values()]
          .filter((x) => x.issueId === issue.id && inWindow(x))
          .sort((a, b) => a.id - b.id);
        c.header('X-Total-Count', String(items.length));
        c.header('Access-Control-Expose-Headers', 'X-Total-Count');
        return giteaJson(
          c,
          items.map((x) => toApiComment(sim, x, c.get('doer'))),
        );
      },
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{index}/comments',
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const rc = loadIssuesRepo(c);
        requireNotArchived(rc);
        const sim = c.get('sim');
        const doer = requireSignedIn(c);
        const issue = loadIssue(c, rc);
        const body = requireBody(optString(await readJsonBody(c), 'body'));
        const comment = addComment(sim, issue, doer, body);
        notifyIssueChange(sim, issue, doer, comment.created);
        return giteaJson(c, toApiComment(sim, comment, doer), 201);
      },
    },
  );
}
