/**
 * Toolset `issues`, writes: `issue_write` (create, update, comment, label)
 * and `delete_comment`. Removing labels stays in `issue_write`: it only
 * detaches metadata, and `clear_labels` answers with the labels it removed,
 * so `replace_labels` can put them back; deleting a comment loses its text
 * for good, so that is its own destructive tool (STYLE §2.10).
 */
import { z } from 'zod';
import {
  commentSchema,
  type GiteaComment,
  type GiteaIssue,
  type GiteaLabel,
  type GiteaPath,
  giteaPath,
  issueSchema,
  labelSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { issueIndex, NONE_WORDS, numericId, resolveLabelIds, resolveMilestoneId, toDueDate } from './issues-params.js';
import { repoInput } from './params.js';
import { sanitizeOptional } from './sanitize.js';
import { COMMENT_PREVIEW_BYTES, toCommentSummary, toIssueSummary, toLabelSummary } from './summaries-issues.js';
import type { ToolContext } from './tool-context.js';

const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

interface IssueRef {
  owner: string;
  repo: string;
  index: number;
}

/** The issue, or its comments or labels. */
function issuePath(a: IssueRef, sub?: 'comments' | 'labels'): GiteaPath {
  const params = { owner: a.owner, repo: a.repo, index: a.index };
  if (sub === 'comments') return giteaPath('/repos/{owner}/{repo}/issues/{index}/comments', params);
  if (sub === 'labels') return giteaPath('/repos/{owner}/{repo}/issues/{index}/labels', params);
  return giteaPath('/repos/{owner}/{repo}/issues/{index}', params);
}

async function labelsOf(ctx: ToolContext, a: IssueRef): Promise<GiteaLabel[]> {
  const { data } = await ctx.gitea.request<GiteaLabel[] | null>('GET', issuePath(a, 'labels'), {
    schema: z.array(labelSchema).nullable(),
    signal: ctx.signal,
  });
  return Array.isArray(data) ? data : [];
}

interface IssueFields {
  owner: string;
  repo: string;
  title?: string | undefined;
  body?: string | undefined;
  state?: 'open' | 'closed' | undefined;
  assignees?: string[] | undefined;
  milestone?: string | undefined;
  dueDate?: string | undefined;
}

/** Gitea's EditIssueOption from the tool's fields; "none" clears milestone and due date. */
async function editBody(ctx: ToolContext, a: IssueFields): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { title: a.title, body: a.body, state: a.state, assignees: a.assignees };
  if (a.milestone !== undefined)
    body.milestone = NONE_WORDS.has(a.milestone.trim().toLowerCase())
      ? 0
      : await resolveMilestoneId(ctx, a.owner, a.repo, a.milestone);
  if (a.dueDate !== undefined) {
    if (NONE_WORDS.has(a.dueDate.trim().toLowerCase())) body.unset_due_date = true;
    else body.due_date = toDueDate(a.dueDate);
  }
  return body;
}

/** `issue_write`: create and change issues, their comments and labels. */
export const issueWrite = defineTool({
  name: 'issue_write',
  toolset: 'issues',
  title: 'Write an issue',
  description: 'Create or update an issue, add or edit a comment, or add, replace or remove its labels.',
  scopes: ['write:issue'],
  annotations: WRITE,
  input: z
    .object({
      method: z
        .enum([
          'create',
          'update',
          'add_comment',
          'edit_comment',
          'add_labels',
          'replace_labels',
          'remove_label',
          'clear_labels',
        ])
        .describe('What to do; parameters name their methods.'),
      ...repoInput,
      index: issueIndex.optional().describe('Issue number (N of #N); not for create, edit_comment.'),
      title: z.string().trim().min(1).max(255).optional().describe('create (required), update: title.'),
      body: z
        .string()
        .optional()
        .describe('Markdown issue body (create, update) or comment (add_comment, edit_comment).'),
      state: z.enum(['open', 'closed']).optional().describe('update: close or reopen.'),
      assignees: z
        .array(z.string().trim().min(1))
        .max(10)
        .optional()
        .describe('create, update: logins (replaces; [] unassigns all).'),
      milestone: z.coerce
        .string()
        .optional()
        .describe('create, update: milestone id or exact title; "none" removes it (update).'),
      dueDate: z.string().optional().describe('create, update: YYYY-MM-DD or RFC 3339; "none" removes it.'),
      labels: z
        .array(z.coerce.string().trim().min(1))
        .max(20)
        .optional()
        .describe('Label names or ids: create, add_labels, replace_labels ([] clears), remove_label.'),
      commentId: numericId.optional().describe('edit_comment: comment id.'),
    })
    .strict(),
  methods: (m) => ({
    create: m({
      description: 'Open a new issue; labels and milestone may be given by name.',
      required: ['title'],
      async run(args, ctx) {
        const body = await editBody(ctx, { ...args, state: undefined });
        if (body.milestone === 0) delete body.milestone;
        delete body.unset_due_date;
        if (args.labels?.length) body.labels = await resolveLabelIds(ctx, args.owner, args.repo, args.labels);
        const path = giteaPath('/repos/{owner}/{repo}/issues', { owner: args.owner, repo: args.repo });
        const { data } = await ctx.gitea.request<GiteaIssue>('POST', path, {
          schema: issueSchema,
          body,
          signal: ctx.signal,
        });
        return toIssueSummary(data);
      },
    }),
    update: m({
      description: 'Change title, body, state, assignees, milestone or due date; omitted fields stay as they are.',
      required: ['index'],
      async run(args, ctx) {
        const body = await editBody(ctx, args);
        if (Object.values(body).every((v) => v === undefined))
          throw new ToolInputError(
            'issue_write update needs at least one of title, body, state, assignees, milestone or dueDate.',
          );
        const path = issuePath(args);
        const { data } = await ctx.gitea.request<GiteaIssue>('PATCH', path, {
          schema: issueSchema,
          body,
          signal: ctx.signal,
        });
        return toIssueSummary(data);
      },
    }),
    add_comment: m({
      description: 'Comment on the issue.',
      required: ['index', 'body'],
      async run(args, { gitea, signal }) {
        const path = issuePath(args, 'comments');
        const { data } = await gitea.request<GiteaComment>('POST', path, {
          schema: commentSchema,
          body: { body: args.body },
          signal,
        });
        return toCommentSummary(data, COMMENT_PREVIEW_BYTES);
      },
    }),
    edit_comment: m({
      description: "Replace a comment's text.",
      required: ['commentId', 'body'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/issues/comments/{commentId}', {
          owner: args.owner,
          repo: args.repo,
          commentId: args.commentId,
        });
        const { data } = await gitea.request<GiteaComment>('PATCH', path, {
          schema: commentSchema,
          body: { body: args.body },
          signal,
        });
        return toCommentSummary(data, COMMENT_PREVIEW_BYTES);
      },
    }),
    add_labels: m({
      description: 'Add labels, keeping those already there.',
      required: ['index', 'labels'],
      async run(args, ctx) {
        const ids = await resolveLabelIds(ctx, args.owner, args.repo, args.labels);
        const path = issuePath(args, 'labels');
        const { data } = await ctx.gitea.request<GiteaLabel[] | null>('POST', path, {
          schema: z.array(labelSchema).nullable(),
          body: { labels: ids },
          signal: ctx.signal,
        });
        return { labels: (Array.isArray(data) ? data : []).map(toLabelSummary) };
      },
    }),
    replace_labels: m({
      description: 'Set exactly these labels ([] removes all).',
      required: ['index', 'labels'],
      async run(args, ctx) {
        const ids = await resolveLabelIds(ctx, args.owner, args.repo, args.labels);
        const path = issuePath(args, 'labels');
        const { data } = await ctx.gitea.request<GiteaLabel[] | null>('PUT', path, {
          schema: z.array(labelSchema).nullable(),
          body: { labels: ids },
          signal: ctx.signal,
        });
        return { labels: (Array.isArray(data) ? data : []).map(toLabelSummary) };
      },
    }),
    remove_label: m({
      description: 'Remove each of the given labels from the issue.',
      required: ['index', 'labels'],
      async run(args, ctx) {
        const ids = await resolveLabelIds(ctx, args.owner, args.repo, args.labels);
        for (const id of ids) {
          // The placeholder is named after the tool argument the label ids come from.
          const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/labels/{labels}', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
            labels: id,
          });
          await ctx.gitea.request('DELETE', path, { signal: ctx.signal });
        }
        const left = await labelsOf(ctx, args);
        return { removedLabelIds: ids, labels: left.map(toLabelSummary) };
      },
    }),
    clear_labels: m({
      description: 'Remove every label; the answer lists them so replace_labels can restore them.',
      required: ['index'],
      async run(args, ctx) {
        const before = await labelsOf(ctx, args);
        await ctx.gitea.request('DELETE', issuePath(args, 'labels'), { signal: ctx.signal });
        const removed = before.map((l) => sanitizeOptional(l.name) ?? String(l.id));
        return {
          cleared: true,
          removedLabels: removed,
          note: removed.length
            ? `To undo, call issue_write method replace_labels with labels ${JSON.stringify(removed)}.`
            : 'The issue had no labels.',
        };
      },
    }),
  }),
});

/** `delete_comment`: permanently delete one issue comment. */
export const deleteComment = defineTool({
  name: 'delete_comment',
  toolset: 'issues',
  title: 'Delete issue comment',
  description: 'Permanently delete an issue or pull request comment; issue_write edit_comment edits one.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, commentId: numericId.describe('Comment id.') }).strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/issues/comments/{commentId}', {
      owner: args.owner,
      repo: args.repo,
      commentId: args.commentId,
    });
    await gitea.request('DELETE', path, { signal });
    return { deleted: true, commentId: args.commentId };
  },
});

/** The write tools of the `issues` toolset. */
export const ISSUES_WRITE_TOOLS = [issueWrite, deleteComment] as const;
