/**
 * Toolset `pulls`, reviews: `pull_request_review_write` (create, submit,
 * dismiss, undismiss) and `delete_pull_request_review`, its own tool because
 * a deleted review and its line comments cannot be recovered (STYLE §2.10).
 */
import { z } from 'zod';
import { type GiteaReview, giteaPath, reviewSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { issueIndex, numericId } from './issues-params.js';
import { repoInput } from './params.js';
import { toReviewSummary } from './summaries-pulls.js';

const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

const lineComment = z
  .object({
    path: z.string().trim().min(1).describe('File path in the diff.'),
    body: z.string().min(1).describe('Markdown text.'),
    newLine: z.coerce.number().int().min(1).optional().describe('New-file line (added or context).'),
    oldLine: z.coerce.number().int().min(1).optional().describe('Old-file line (removed).'),
  })
  .strict();

/** `pull_request_review_write`: review a pull request. */
export const pullRequestReviewWrite = defineTool({
  name: 'pull_request_review_write',
  toolset: 'pulls',
  title: 'Review a pull request',
  description: 'Review a pull request (with line comments), submit a pending review, or (un)dismiss one.',
  scopes: ['write:repository'],
  annotations: WRITE,
  input: z
    .object({
      method: z
        .enum(['create', 'submit', 'dismiss', 'undismiss'])
        .describe('What to do; parameters name their methods.'),
      ...repoInput,
      index: issueIndex.describe('Pull request number (N of #N).'),
      reviewId: numericId.optional().describe('Review id; not for create.'),
      event: z
        .enum(['APPROVED', 'REQUEST_CHANGES', 'COMMENT', 'PENDING'])
        .default('COMMENT')
        .describe('create, submit: verdict; PENDING (create) keeps a draft to submit.'),
      body: z.string().optional().describe('create, submit: Markdown summary (required for REQUEST_CHANGES).'),
      commitId: z.string().trim().min(7).optional().describe('create: reviewed commit; head when omitted.'),
      comments: z
        .array(lineComment)
        .max(50)
        .optional()
        .describe('create: line comments (path, body, newLine or oldLine).'),
      message: z.string().optional().describe('dismiss: reason.'),
    })
    .strict(),
  methods: (m) => ({
    create: m({
      description: 'Create a review, with optional line comments.',
      async run(args, { gitea, signal }) {
        const comments = (args.comments ?? []).map((c, i) => {
          if (c.newLine === undefined && c.oldLine === undefined)
            throw new ToolInputError(`comments[${i}] needs newLine or oldLine.`, 'comments');
          return { path: c.path, body: c.body, new_position: c.newLine ?? 0, old_position: c.oldLine ?? 0 };
        });
        const { data } = await gitea.request<GiteaReview>(
          'POST',
          giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
          }),
          {
            schema: reviewSchema,
            body: { event: args.event, body: args.body ?? '', commit_id: args.commitId, comments },
            signal,
          },
        );
        return toReviewSummary(data);
      },
    }),
    submit: m({
      description: 'Submit a pending review with a verdict.',
      required: ['reviewId'],
      async run(args, { gitea, signal }) {
        if (args.event === 'PENDING')
          throw new ToolInputError('submit needs event APPROVED, REQUEST_CHANGES or COMMENT.', 'event');
        const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews/{reviewId}', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
          reviewId: args.reviewId,
        });
        const { data } = await gitea.request<GiteaReview>('POST', path, {
          schema: reviewSchema,
          body: { event: args.event, body: args.body ?? '' },
          signal,
        });
        return toReviewSummary(data);
      },
    }),
    dismiss: m({
      description: 'Dismiss a review so it no longer counts (undismiss reverts it).',
      required: ['reviewId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews/{reviewId}/dismissals', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
          reviewId: args.reviewId,
        });
        const { data } = await gitea.request<GiteaReview>('POST', path, {
          schema: reviewSchema,
          body: { message: args.message ?? '' },
          signal,
        });
        return toReviewSummary(data);
      },
    }),
    undismiss: m({
      description: 'Restore a dismissed review.',
      required: ['reviewId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews/{reviewId}/undismissals', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
          reviewId: args.reviewId,
        });
        const { data } = await gitea.request<GiteaReview>('POST', path, { schema: reviewSchema, signal });
        return toReviewSummary(data);
      },
    }),
  }),
});

/** `delete_pull_request_review`: delete a review and its line comments. */
export const deletePullRequestReview = defineTool({
  name: 'delete_pull_request_review',
  toolset: 'pulls',
  title: 'Delete pull request review',
  description: 'Permanently delete a review with its line comments; pull_request_review_write dismiss sets one aside.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      index: issueIndex.describe('Pull request number (N of #N).'),
      reviewId: numericId.describe('Review id.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews/{reviewId}', {
      owner: args.owner,
      repo: args.repo,
      index: args.index,
      reviewId: args.reviewId,
    });
    await gitea.request('DELETE', path, { signal });
    return { deleted: true, index: args.index, reviewId: args.reviewId };
  },
});

/** The review tools of the `pulls` toolset. */
export const REVIEWS_TOOLS = [pullRequestReviewWrite, deletePullRequestReview] as const;
