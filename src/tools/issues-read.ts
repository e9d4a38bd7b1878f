/** Toolset `issues`, reads: `list_issues` and `issue_read`. */
import { z } from 'zod';
import {
  commentSchema,
  type GiteaComment,
  GiteaError,
  type GiteaIssue,
  type GiteaLabel,
  giteaPath,
  issueSchema,
  labelSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { bodyOffsetInput, issueIndex, numericId } from './issues-params.js';
import { repoInput } from './params.js';
import { pageOfAll, pageResult, pagingInput } from './shape.js';
import {
  COMMENT_PREVIEW_BYTES,
  MAX_BODY_BYTES,
  toCommentSummary,
  toIssueDetail,
  toIssueSummary,
  toLabelSummary,
} from './summaries-issues.js';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/** A comma list for Gitea's `labels` / `milestones` filters, or undefined. */
function commaList(values: readonly string[] | undefined): string | undefined {
  const clean = (values ?? []).map((v) => v.trim()).filter(Boolean);
  return clean.length ? clean.join(',') : undefined;
}

/** `list_issues`: one repository's issues (never pull requests). */
export const listIssues = defineTool({
  name: 'list_issues',
  toolset: 'issues',
  title: 'List issues',
  description: "List a repository's issues by state, labels, milestone or people; search_issues spans repositories.",
  scopes: ['read:issue'],
  annotations: READ,
  input: z
    .object({
      ...repoInput,
      state: z.enum(['open', 'closed', 'all']).default('open').describe('Default open.'),
      labels: z.array(z.string().trim().min(1)).max(20).optional().describe('Label names; any matches.'),
      milestone: z.string().trim().min(1).optional().describe('Milestone title or id.'),
      query: z.string().trim().min(1).optional().describe('Keyword in title or body.'),
      createdBy: z.string().trim().min(1).optional().describe('Opened by this login.'),
      assignee: z.string().trim().min(1).optional().describe('Assigned to this login.'),
      mentioned: z.string().trim().min(1).optional().describe('Mentioning this login.'),
      since: z.string().trim().min(1).optional().describe('Updated after this RFC 3339 time.'),
      before: z.string().trim().min(1).optional().describe('Updated before this RFC 3339 time.'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/issues', { owner: args.owner, repo: args.repo });
    const res = await gitea.requestPage<GiteaIssue>('GET', path, {
      itemSchema: issueSchema,
      query: {
        // Pull requests have their own toolset; Gitea lists both when type is unset.
        type: 'issues',
        state: args.state,
        labels: commaList(args.labels),
        milestones: args.milestone,
        q: args.query,
        created_by: args.createdBy,
        assigned_by: args.assignee,
        mentioned_by: args.mentioned,
        since: args.since,
        before: args.before,
      },
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return pageResult('issues', res, toIssueSummary);
  },
});

/** `issue_read`: one issue, its comments or its labels. */
export const issueRead = defineTool({
  name: 'issue_read',
  toolset: 'issues',
  title: 'Read an issue',
  description: 'Read an issue, its comments or labels, or one full comment.',
  scopes: ['read:issue'],
  annotations: READ,
  input: z
    .object({
      method: z.enum(['get', 'get_comments', 'get_comment', 'get_labels']).describe('What to read.'),
      ...repoInput,
      index: issueIndex.optional().describe('Issue number (N of #N); not for get_comment.'),
      commentId: numericId.optional().describe('Comment id; for get_comment.'),
      bodyOffset: bodyOffsetInput,
      since: z.string().trim().min(1).optional().describe('get_comments: updated after this RFC 3339 time.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    get: m({
      description: 'The issue with its body (long bodies continue with bodyOffset).',
      required: ['index'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/issues/{index}', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        const { data } = await gitea.request<GiteaIssue>('GET', path, { schema: issueSchema, signal });
        return toIssueDetail(data, args.bodyOffset, 'Call issue_read method get');
      },
    }),
    get_comments: m({
      description: `Comments, oldest first, paged; each body is cut at ${COMMENT_PREVIEW_BYTES / 1024} KiB (read one whole with get_comment).`,
      required: ['index'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/comments', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        // Gitea's issueGetComments has no paging: it answers every comment at once, so pages are cut here.
        const { data } = await gitea
          .request<GiteaComment[] | null>('GET', path, {
            schema: z.array(commentSchema).nullable(),
            query: { since: args.since },
            signal,
          })
          .catch(async (err: unknown) => {
            // Gitea answers an unknown issue number here with a bare 500 (ListIssueComments passes the
            // lookup error to APIErrorInternal); asking for the issue turns that into the real 404.
            if (err instanceof GiteaError && err.status === 500) {
              const issuePath = giteaPath('/repos/{owner}/{repo}/issues/{index}', args);
              await gitea.request('GET', issuePath, { signal });
            }
            throw err;
          });
        const page = pageOfAll(Array.isArray(data) ? data : [], args.page, args.perPage);
        const out = pageResult('comments', page, (c: GiteaComment) => toCommentSummary(c, COMMENT_PREVIEW_BYTES));
        if ((out.comments as { bodyTruncated?: boolean }[]).some((c) => c.bodyTruncated))
          out.note = 'Some comment bodies were cut (bodyTruncated); read one whole with issue_read method get_comment.';
        return out;
      },
    }),
    get_comment: m({
      description: `One comment with its body (up to ${MAX_BODY_BYTES / 1024} KiB per call; continue with bodyOffset).`,
      required: ['commentId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/issues/comments/{commentId}', {
          owner: args.owner,
          repo: args.repo,
          commentId: args.commentId,
        });
        const { data } = await gitea.request<GiteaComment>('GET', path, { schema: commentSchema, signal });
        const out = toCommentSummary(data, MAX_BODY_BYTES, args.bodyOffset);
        if (out.nextBodyOffset !== undefined)
          out.note = `Call issue_read method get_comment with bodyOffset=${String(out.nextBodyOffset)} for the rest.`;
        return out;
      },
    }),
    get_labels: m({
      description: 'The labels on the issue (paged).',
      required: ['index'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/labels', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        // Gitea answers every label of the issue at once.
        const { data } = await gitea.request<GiteaLabel[] | null>('GET', path, {
          schema: z.array(labelSchema).nullable(),
          signal,
        });
        return pageResult(
          'labels',
          pageOfAll(Array.isArray(data) ? data : [], args.page, args.perPage),
          toLabelSummary,
        );
      },
    }),
  }),
});

/** The read tools of the `issues` toolset. */
export const ISSUES_READ_TOOLS = [listIssues, issueRead] as const;
