/** Toolset `pulls`, reads: `list_pull_requests` and `pull_request_read`. */
import { z } from 'zod';
import {
  changedFileSchema,
  combinedStatusSchema,
  commitSchema,
  type GiteaChangedFile,
  type GiteaCombinedStatus,
  type GiteaCommit,
  GiteaError,
  type GiteaIssue,
  type GiteaPath,
  type GiteaPull,
  type GiteaReview,
  type GiteaReviewComment,
  giteaPath,
  issueSchema,
  pullSchema,
  reviewCommentSchema,
  reviewSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolNotFoundError } from './errors.js';
import {
  bodyOffsetInput,
  issueIndex,
  issueLookupScopes,
  numericId,
  resolveLabelIds,
  resolveMilestoneId,
} from './issues-params.js';
import { repoInput } from './params.js';
import { findHiddenCharacters, sanitizeOptional } from './sanitize.js';
import { MAX_DIFF_BYTES, pageFields, pageFromCount, pageOfAll, pageResult, pagingInput, sliceBytes } from './shape.js';
import { toCommitSummary } from './summaries.js';
import {
  REVIEW_REQUEST_STATE,
  splitReviews,
  toChangedFileSummary,
  toPullDetail,
  toPullSummary,
  toReviewCommentSummary,
  toReviewSummary,
} from './summaries-pulls.js';
import type { ToolContext } from './tool-context.js';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/** The path of pull request `index` itself. */
export function pullPath(a: { owner: string; repo: string; index: number }): GiteaPath {
  return giteaPath('/repos/{owner}/{repo}/pulls/{index}', { owner: a.owner, repo: a.repo, index: a.index });
}

/**
 * What a 404 from a pull request route was about. Gitea answers 404 for
 * /pulls/{index} when #index is an issue (routers/api/v1/repo/pull.go:
 * GetPullRequestByIndex → ErrPullRequestNotExist), so the issue is looked up:
 * when it exists and is no pull request, say so. The look-up needs read:issue;
 * if it fails for any reason, the original error stands.
 */
async function explainMissingPull(
  ctx: ToolContext,
  a: { owner: string; repo: string; index: number },
  err: unknown,
): Promise<unknown> {
  if (!(err instanceof GiteaError) || err.code !== 'not_found') return err;
  try {
    const path = giteaPath('/repos/{owner}/{repo}/issues/{index}', { owner: a.owner, repo: a.repo, index: a.index });
    const { data } = await ctx.gitea.request<GiteaIssue>('GET', path, { schema: issueSchema, signal: ctx.signal });
    if (data && typeof data === 'object' && !data.pull_request)
      return new ToolNotFoundError(
        `#${a.index} in ${a.owner}/${a.repo} is an issue, not a pull request. Read it with issue_read (method get), or list the pull requests with list_pull_requests.`,
        'index',
      );
  } catch {
    // Not visible as an issue either (or no read:issue scope): the generic sentence stands.
  }
  return err;
}

/** Runs `fn` (a read of pull request #index) and explains its 404. */
async function onPull<T>(
  ctx: ToolContext,
  a: { owner: string; repo: string; index: number },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw await explainMissingPull(ctx, a, err);
  }
}

/** `list_pull_requests`: one repository's pull requests. */
export const listPullRequests = defineTool({
  name: 'list_pull_requests',
  toolset: 'pulls',
  title: 'List pull requests',
  description: "List a repository's pull requests, filtered by state, base, labels, milestone or author.",
  scopes: ['read:repository'],
  // Label names and a milestone title are looked up in the issue tracker first.
  scopesFor: (args) => ['read:repository', ...issueLookupScopes(args.labels, args.milestone)],
  annotations: READ,
  input: z
    .object({
      ...repoInput,
      state: z.enum(['open', 'closed', 'all']).default('open').describe('Default open.'),
      base: z.string().trim().min(1).optional().describe('Only into this base branch.'),
      sort: z
        .enum(['oldest', 'recentupdate', 'recentclose', 'leastupdate', 'mostcomment', 'leastcomment', 'priority'])
        .optional()
        .describe('Sort order; newest first when omitted.'),
      labels: z
        .array(z.coerce.string().trim().min(1))
        .max(20)
        .optional()
        .describe('Label names (need read:issue) or ids; any matches.'),
      milestone: z.coerce.string().trim().min(1).optional().describe('Milestone title (needs read:issue) or id.'),
      author: z.string().trim().min(1).optional().describe('Opened by this login.'),
      ...pagingInput,
    })
    .strict(),
  async run(args, ctx) {
    // Gitea's pull list filters take ids, unlike the issue list's names.
    const labels = args.labels?.length ? await resolveLabelIds(ctx, args.owner, args.repo, args.labels) : undefined;
    const milestone =
      args.milestone === undefined ? undefined : await resolveMilestoneId(ctx, args.owner, args.repo, args.milestone);
    const res = await ctx.gitea.requestPage<GiteaPull>(
      'GET',
      giteaPath('/repos/{owner}/{repo}/pulls', { owner: args.owner, repo: args.repo }),
      {
        itemSchema: pullSchema,
        query: {
          state: args.state,
          base_branch: args.base,
          sort: args.sort,
          labels: labels?.map(String),
          milestone,
          poster: args.author,
        },
        page: args.page,
        limit: args.perPage,
        signal: ctx.signal,
      },
    );
    return pageResult('pullRequests', res, toPullSummary);
  },
});

/** Review bodies inside a list of reviews are cut here (get_review has the whole body). */
const REVIEW_LIST_BODY_BYTES = 2 * 1024;

/**
 * The combined status of `sha`, or null when Gitea has none to give (a 404:
 * Gitea builds without the commit-status API answer so, and the pull request
 * itself was just read, so the repository is visible).
 */
async function combinedStatus(
  gitea: ToolContext['gitea'],
  owner: string,
  repo: string,
  sha: string,
  page: number,
  perPage: number,
  signal: AbortSignal,
): Promise<GiteaCombinedStatus | null> {
  try {
    const path = giteaPath('/repos/{owner}/{repo}/commits/{ref*}/status', { owner, repo, ref: sha });
    const { data } = await gitea.request('GET', path, {
      schema: combinedStatusSchema,
      query: { page, limit: perPage },
      signal,
    });
    return data;
  } catch (err) {
    if (err instanceof GiteaError && err.code === 'not_found') return null;
    throw err;
  }
}

/** One sentence on what stands between the pull request and a merge, when something does. */
function statusNote(pr: GiteaPull, checks: number, checksState: string): string | undefined {
  if (pr.merged) return 'Already merged.';
  if (pr.state === 'closed')
    return 'Closed without merging; reopen it (pull_request_write update state=open) to merge.';
  const notes: string[] = [];
  if (pr.mergeable === false)
    notes.push('Gitea reports it cannot be merged as is (conflicts, or the check is still running).');
  if (checks === 0) notes.push('No CI statuses were reported for the head commit.');
  else if (checksState === 'failure' || checksState === 'error')
    notes.push(`CI reports ${checksState} on the head commit; see the checks that did not pass.`);
  else if (checksState === 'pending') notes.push('CI checks are still pending.');
  return notes.length ? notes.join(' ') : undefined;
}

/** `pull_request_read`: one pull request and what hangs off it. */
export const pullRequestRead = defineTool({
  name: 'pull_request_read',
  toolset: 'pulls',
  title: 'Read a pull request',
  description:
    'Read a pull request, its diff (paged), files, commits, merge and CI status, reviews or review comments.',
  scopes: ['read:repository'],
  annotations: READ,
  input: z
    .object({
      method: z
        .enum([
          'get',
          'get_diff',
          'get_files',
          'get_commits',
          'get_status',
          'get_reviews',
          'get_review',
          'get_review_comments',
        ])
        .describe('What to read; get_status: mergeability and CI.'),
      ...repoInput,
      index: issueIndex.describe('Pull request number (N of #N).'),
      reviewId: numericId.optional().describe('Review id; for get_review and get_review_comments.'),
      bodyOffset: bodyOffsetInput,
      diffOffset: z.coerce.number().int().min(0).default(0).describe('get_diff: the previous nextDiffOffset.'),
      ...pagingInput,
    })
    .strict(),
  methods: (bare) => {
    // Every method reads pull request #index: a 404 for an issue number says so.
    const m: typeof bare = (spec) =>
      bare({ ...spec, run: (args, ctx) => onPull(ctx, args, () => spec.run(args, ctx)) });
    return {
      get: m({
        description: 'The pull request: body (from bodyOffset), branches, head SHA, merge state and counts.',
        async run(args, { gitea, signal }) {
          const { data } = await gitea.request<GiteaPull>('GET', pullPath(args), { schema: pullSchema, signal });
          return toPullDetail(data, args.bodyOffset);
        },
      }),
      get_diff: m({
        description: `The unified diff, at most ${MAX_DIFF_BYTES} bytes per call from diffOffset, cut at a line end.`,
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}.{diffType}', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
            diffType: 'diff',
          });
          const { data } = await gitea.request<string>('GET', path, { accept: 'text', signal });
          const w = sliceBytes(data, args.diffOffset, MAX_DIFF_BYTES);
          return {
            index: args.index,
            diff: w.text,
            diffOffset: w.offset,
            diffTotalBytes: w.totalBytes,
            nextDiffOffset: w.nextOffset,
            diffWarning: findHiddenCharacters(w.text),
            note:
              w.nextOffset === null
                ? undefined
                : `The diff is ${w.totalBytes} bytes; this is bytes ${w.offset}–${w.nextOffset}. Call pull_request_read method get_diff with diffOffset=${w.nextOffset} for the rest, or use get_files to see which files changed.`,
          };
        },
      }),
      get_files: m({
        description: 'Changed files with status and line counts, paged.',
        async run(args, { gitea, signal }) {
          const res = await gitea.requestPage<GiteaChangedFile>(
            'GET',
            giteaPath('/repos/{owner}/{repo}/pulls/{index}/files', {
              owner: args.owner,
              repo: args.repo,
              index: args.index,
            }),
            { itemSchema: changedFileSchema, page: args.page, limit: args.perPage, signal },
          );
          return pageResult('files', res, toChangedFileSummary);
        },
      }),
      get_commits: m({
        description: 'Commits of the pull request, paged.',
        async run(args, { gitea, signal }) {
          const res = await gitea.requestPage<GiteaCommit>(
            'GET',
            giteaPath('/repos/{owner}/{repo}/pulls/{index}/commits', {
              owner: args.owner,
              repo: args.repo,
              index: args.index,
            }),
            {
              itemSchema: commitSchema,
              query: { verification: false, files: false },
              page: args.page,
              limit: args.perPage,
              signal,
            },
          );
          return pageResult('commits', res, toCommitSummary);
        },
      }),
      get_status: m({
        description:
          'Whether it can be merged (state, merged, mergeable) and the combined CI status of its head commit, paged.',
        async run(args, { gitea, signal }) {
          const { data: pr } = await gitea.request<GiteaPull>('GET', pullPath(args), { schema: pullSchema, signal });
          const sha = pr.head?.sha ?? '';
          const combined = sha
            ? await combinedStatus(gitea, args.owner, args.repo, sha, args.page, args.perPage, signal)
            : null;
          const statuses = combined?.statuses ?? [];
          const checks = pageFromCount(statuses, args.page, args.perPage, combined?.total_count ?? statuses.length);
          const checksState = combined?.state || 'none';
          return {
            index: args.index,
            state: pr.state,
            merged: pr.merged === true,
            mergeable: pr.mergeable,
            headSha: sha || undefined,
            base: pr.base?.ref,
            checksState,
            ...pageResult('checks', checks, (s) => ({
              context: sanitizeOptional(s.context),
              status: s.status,
              description: sanitizeOptional(s.description) || undefined,
              targetUrl: s.target_url || undefined,
              updatedAt: s.updated_at,
            })),
            note: statusNote(pr, checks.total ?? 0, checksState),
          };
        },
      }),
      get_reviews: m({
        description:
          'Submitted reviews (approvals, change requests, comments), with pending review requests apart in requestedReviewers and requestedTeams; paged, total counts both.',
        async run(args, { gitea, signal }) {
          const res = await gitea.requestPage<GiteaReview>(
            'GET',
            giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews', {
              owner: args.owner,
              repo: args.repo,
              index: args.index,
            }),
            { itemSchema: reviewSchema, page: args.page, limit: args.perPage, signal },
          );
          // Gitea lists pending review requests as reviews; they are shown apart (total counts both).
          const split = splitReviews(res.items, REVIEW_LIST_BODY_BYTES);
          return { ...split, ...pageFields(res) };
        },
      }),
      get_review: m({
        description: 'One review with its full body.',
        required: ['reviewId'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews/{reviewId}', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
            reviewId: args.reviewId,
          });
          const { data } = await gitea.request<GiteaReview>('GET', path, { schema: reviewSchema, signal });
          if (data.state !== REVIEW_REQUEST_STATE) return toReviewSummary(data);
          const who = data.user?.login || sanitizeOptional(data.team?.name) || 'a reviewer';
          return {
            ...toReviewSummary(data),
            note: `This is a pending review request to ${who}, not a submitted review.`,
          };
        },
      }),
      get_review_comments: m({
        description: 'Line comments of one review (path, line, body), paged.',
        required: ['reviewId'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/reviews/{reviewId}/comments', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
            reviewId: args.reviewId,
          });
          const { data } = await gitea.request<GiteaReviewComment[] | null>('GET', path, {
            schema: z.array(reviewCommentSchema).nullable(),
            signal,
          });
          // Gitea returns every comment of the review at once; page here so one answer stays bounded.
          return pageResult(
            'comments',
            pageOfAll(Array.isArray(data) ? data : [], args.page, args.perPage),
            toReviewCommentSummary,
          );
        },
      }),
    };
  },
});

/** The read tools of the `pulls` toolset. */
export const PULLS_READ_TOOLS = [listPullRequests, pullRequestRead] as const;
