/**
 * Issue and comment attachments (routers/api/v1/repo/issue_attachment.go,
 * issue_comment_attachment.go): list, upload, get, rename (answers 201) and
 * delete. Changing them needs the issue's (or comment's) poster, a writer or
 * an admin; others get Gitea's 403 text. Files download from
 * `<AppURL>attachments/<uuid>`.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { toApiAttachment } from '../convert/attachment.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { addAttachment } from '../services/attachments.js';
import type { SimAttachment, SimComment, SimIssue } from '../state.js';
import { canWriteIssues, loadIssue, loadIssuesRepo } from './issues.js';
import { pathInt, requireNotArchived } from './pull-helpers.js';
import { optString, readJsonBody, readUpload } from './request-body.js';

/** Where the attachments of one route live: an issue, or one comment on it. */
interface Holder {
  rc: RepoContext;
  issue: SimIssue;
  comment: SimComment | null;
}

function loadHolder(c: Context<SimEnv>, kind: 'issue' | 'comment'): Holder {
  const rc = loadIssuesRepo(c);
  if (kind === 'issue') return { rc, issue: loadIssue(c, rc), comment: null };
  const sim = c.get('sim');
  const comment = sim.state.comments.get(pathInt(c, 'id'));
  const issue = comment && sim.state.issues.get(comment.issueId);
  if (!comment || !issue || issue.repoId !== rc.repo.id) throw notFound(c);
  return { rc, issue, comment };
}

function holds(h: Holder, a: SimAttachment): boolean {
  return a.issueId === h.issue.id && a.commentId === (h.comment?.id ?? null);
}

function attachmentsOf(c: Context<SimEnv>, h: Holder): SimAttachment[] {
  return [...c.get('sim').state.attachments.values()].filter((a) => holds(h, a)).sort((a, b) => a.id - b.id);
}

function loadAttachment(c: Context<SimEnv>, h: Holder): SimAttachment {
  const a = c.get('sim').state.attachments.get(pathInt(c, 'attachment_id'));
  if (!a || !holds(h, a)) throw notFound(c);
  return a;
}

/** canUserWriteIssueAttachment / canUserWriteIssueCommentAttachment. */
function requireCanChange(c: Context<SimEnv>, h: Holder): void {
  requireNotArchived(h.rc);
  const doer = requireSignedIn(c);
  const poster = h.comment ? h.comment.posterId : h.issue.posterId;
  if (doer.id === poster || doer.isAdmin || canWriteIssues(h.rc)) return;
  throw new SimApiError(
    403,
    h.comment ? 'user should have permission to edit comment' : 'user should have permission to write issue',
  );
}

function register(router: SimRouter, kind: 'issue' | 'comment'): void {
  const base =
    kind === 'issue'
      ? '/repos/{owner}/{repo}/issues/{index}/assets'
      : '/repos/{owner}/{repo}/issues/comments/{id}/assets';
  router.add(
    {
      method: 'GET',
      path: base,
      scope: ['issue'],
      handler: (c) => {
        const h = loadHolder(c, kind);
        return giteaJson(
          c,
          attachmentsOf(c, h).map((a) => toApiAttachment(c.get('sim'), a)),
        );
      },
    },
    {
      method: 'POST',
      path: base,
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const h = loadHolder(c, kind);
        requireCanChange(c, h);
        const sim = c.get('sim');
        const holder = { releaseId: null, issueId: h.issue.id, commentId: h.comment?.id ?? null };
        const a = addAttachment(sim, holder, requireSignedIn(c), await readUpload(c));
        return giteaJson(c, toApiAttachment(sim, a), 201);
      },
    },
    {
      method: 'GET',
      path: `${base}/{attachment_id}`,
      scope: ['issue'],
      handler: (c) => giteaJson(c, toApiAttachment(c.get('sim'), loadAttachment(c, loadHolder(c, kind)))),
    },
    {
      method: 'PATCH',
      path: `${base}/{attachment_id}`,
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const h = loadHolder(c, kind);
        requireCanChange(c, h);
        const a = loadAttachment(c, h);
        const name = optString(await readJsonBody(c), 'name');
        if (name !== undefined) {
          if (name.trim() === '') throw unprocessable('[Name]: Required');
          a.name = name;
        }
        return giteaJson(c, toApiAttachment(c.get('sim'), a), 201);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{attachment_id}`,
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const h = loadHolder(c, kind);
        requireCanChange(c, h);
        c.get('sim').state.attachments.delete(loadAttachment(c, h).id);
        return c.body(null, 204);
      },
    },
  );
}

/** Registers issue and comment attachment routes. */
export function registerIssueAttachmentRoutes(router: SimRouter): void {
  register(router, 'comment');
  register(router, 'issue');
}
