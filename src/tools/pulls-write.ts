/**
 * Toolset `pulls`, writes: `pull_request_write` (open, edit, close or reopen,
 * update the head branch, request reviews) and `merge_pull_request`, its own
 * tool because a merge cannot be taken back (STYLE §2.10).
 */
import { z } from 'zod';
import { GiteaError, type GiteaPull, type GiteaReview, giteaPath, pullSchema, reviewSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import {
  issueIndex,
  issueLookupScopes,
  NONE_WORDS,
  resolveLabelIds,
  resolveMilestoneId,
  toDueDate,
} from './issues-params.js';
import { repoInput } from './params.js';
import { pullPath } from './pulls-read.js';
import type { GiteaScope } from './scopes.js';
import { draftTitle, toPullSummary, toReviewSummary } from './summaries-pulls.js';
import type { ToolContext } from './tool-context.js';

const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

/** Gitea's `MergePullRequestOption.Do` values (swagger 1.25), minus `manually-merged` (a bookkeeping act, not a merge). */
const MERGE_STYLES = ['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only'] as const;

const login = z.string().trim().min(1);

interface PullFields {
  owner: string;
  repo: string;
  title?: string | undefined;
  body?: string | undefined;
  base?: string | undefined;
  state?: 'open' | 'closed' | undefined;
  assignees?: string[] | undefined;
  labels?: string[] | undefined;
  milestone?: string | undefined;
  dueDate?: string | undefined;
  allowMaintainerEdit?: boolean | undefined;
}

/** Gitea's Create/EditPullRequestOption from the tool's fields; "none" clears milestone and due date. */
async function pullBody(ctx: ToolContext, a: PullFields, editing: boolean): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {
    title: a.title,
    body: a.body,
    base: a.base,
    assignees: a.assignees,
  };
  if (editing) {
    body.state = a.state;
    body.allow_maintainer_edit = a.allowMaintainerEdit;
  }
  if (a.labels !== undefined) body.labels = await resolveLabelIds(ctx, a.owner, a.repo, a.labels);
  if (a.milestone !== undefined) {
    if (!NONE_WORDS.has(a.milestone.trim().toLowerCase()))
      body.milestone = await resolveMilestoneId(ctx, a.owner, a.repo, a.milestone);
    else if (editing)
      // Gitea's EditPullRequest only applies a non-zero milestone (every version), so "none" would silently do nothing.
      throw new ToolInputError(
        'Gitea cannot remove a milestone through the pull request API; use issue_write method update with milestone "none" on the same number (a pull request is also an issue).',
        'milestone',
      );
  }
  if (a.dueDate !== undefined) {
    if (!NONE_WORDS.has(a.dueDate.trim().toLowerCase())) body.due_date = toDueDate(a.dueDate);
    else if (editing) body.unset_due_date = true;
  }
  return body;
}

/** The method's write:repository, plus read:issue when label names or a milestone title are resolved. */
function pullBodyScopes(a: PullFields): GiteaScope[] {
  const milestone =
    a.milestone !== undefined && NONE_WORDS.has(a.milestone.trim().toLowerCase()) ? undefined : a.milestone;
  return ['write:repository', ...issueLookupScopes(a.labels, milestone)];
}

/** The title that makes the pull request a draft or not: the given one, else its current one. */
async function draftTitleFor(
  ctx: ToolContext,
  a: { owner: string; repo: string; index: number; title?: string | undefined },
  draft: boolean,
): Promise<string> {
  let title = a.title;
  if (title === undefined) {
    const { data } = await ctx.gitea.request<GiteaPull>('GET', pullPath(a), { schema: pullSchema, signal: ctx.signal });
    title = data.title ?? '';
  }
  return draftTitle(title, draft);
}

/** Gitea may be configured with WIP prefixes other than the defaults this removes; say so when it still is a draft. */
function withDraftNote(summary: Record<string, unknown>, draft: boolean | undefined): Record<string, unknown> {
  if (draft !== false || summary.draft !== true) return summary;
  return {
    ...summary,
    note: 'Gitea still treats this pull request as a draft: its title starts with a work-in-progress prefix this Gitea is configured with; edit the title to remove it.',
  };
}

function reviewersBody(reviewers: string[] | undefined, teams: string[] | undefined, method: string) {
  if (!reviewers?.length && !teams?.length)
    throw new ToolInputError(`pull_request_write ${method} needs reviewers or teamReviewers.`, 'reviewers');
  return { reviewers: reviewers ?? [], team_reviewers: teams ?? [] };
}

/** `pull_request_write`: open, change and request reviews on pull requests. */
export const pullRequestWrite = defineTool({
  name: 'pull_request_write',
  toolset: 'pulls',
  title: 'Write a pull request',
  description: 'Open or edit a pull request, update its branch from the base, or request or remove reviewers.',
  scopes: ['write:repository'],
  annotations: WRITE,
  input: z
    .object({
      method: z
        .enum(['create', 'update', 'update_branch', 'request_reviewers', 'remove_reviewers'])
        .describe('What to do; parameters name their methods.'),
      ...repoInput,
      index: issueIndex.optional().describe('Pull request number (N of #N); not for create.'),
      head: z.string().trim().min(1).optional().describe('create: branch with the changes (owner:branch for a fork).'),
      base: z.string().trim().min(1).optional().describe('create, update: branch to merge into.'),
      title: z.string().trim().min(1).max(255).optional().describe('create (required), update: title.'),
      body: z.string().optional().describe('create, update: Markdown description.'),
      draft: z
        .boolean()
        .optional()
        .describe('create, update: true adds the draft title prefix "WIP: ", false removes it.'),
      state: z.enum(['open', 'closed']).optional().describe('update: close without merging, or reopen.'),
      assignees: z.array(login).max(10).optional().describe('create, update: logins (replaces the list).'),
      labels: z
        .array(z.coerce.string().trim().min(1))
        .max(20)
        .optional()
        .describe('create, update: label names (need read:issue) or ids; update replaces the list.'),
      milestone: z.coerce.string().optional().describe('create, update: milestone title (needs read:issue) or id.'),
      dueDate: z.string().optional().describe('create, update: YYYY-MM-DD; "none" removes it.'),
      allowMaintainerEdit: z.boolean().optional().describe('update: let base maintainers push to the head branch.'),
      updateStyle: z
        .enum(['merge', 'rebase'])
        .default('merge')
        .describe('update_branch: merge base into head, or rebase head onto base.'),
      reviewers: z.array(login).max(20).optional().describe('request_reviewers, remove_reviewers: user logins.'),
      teamReviewers: z
        .array(login)
        .max(10)
        .optional()
        .describe('request_reviewers, remove_reviewers: team names (org repositories).'),
    })
    .strict(),
  methods: (m) => ({
    create: m({
      description: 'Open a pull request from head into base.',
      required: ['head', 'base', 'title'],
      scopesFor: pullBodyScopes,
      async run(args, ctx) {
        const title = args.draft === undefined ? args.title : draftTitle(args.title, args.draft);
        const body = { ...(await pullBody(ctx, { ...args, title }, false)), head: args.head };
        const { data } = await ctx.gitea.request<GiteaPull>(
          'POST',
          giteaPath('/repos/{owner}/{repo}/pulls', { owner: args.owner, repo: args.repo }),
          { schema: pullSchema, body, signal: ctx.signal },
        );
        return toPullSummary(data);
      },
    }),
    update: m({
      description:
        'Change title, body, base, state, draft, assignees, labels, milestone or due date; omitted fields stay.',
      required: ['index'],
      scopesFor: pullBodyScopes,
      async run(args, ctx) {
        const title = args.draft === undefined ? args.title : await draftTitleFor(ctx, args, args.draft);
        const body = await pullBody(ctx, { ...args, title }, true);
        if (Object.values(body).every((v) => v === undefined))
          throw new ToolInputError(
            'pull_request_write update needs at least one of title, body, base, state, draft, assignees, labels, milestone, dueDate or allowMaintainerEdit.',
          );
        const { data } = await ctx.gitea.request<GiteaPull>('PATCH', pullPath(args), {
          schema: pullSchema,
          body,
          signal: ctx.signal,
        });
        return withDraftNote(toPullSummary(data), args.draft);
      },
    }),
    update_branch: m({
      description: 'Bring the head branch up to date with the base (updateStyle merge or rebase).',
      required: ['index'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/update', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        await gitea.request('POST', path, { query: { style: args.updateStyle }, signal });
        const { data } = await gitea.request<GiteaPull>('GET', pullPath(args), { schema: pullSchema, signal });
        return { updated: true, index: args.index, style: args.updateStyle, headSha: data.head?.sha };
      },
    }),
    request_reviewers: m({
      description: 'Request reviews from users or teams.',
      required: ['index'],
      async run(args, { gitea, signal }) {
        const body = reviewersBody(args.reviewers, args.teamReviewers, 'request_reviewers');
        const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/requested_reviewers', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        const { data } = await gitea.request<GiteaReview[] | null>('POST', path, {
          schema: z.array(reviewSchema).nullable(),
          body,
          signal,
        });
        return { index: args.index, requested: (Array.isArray(data) ? data : []).map((r) => toReviewSummary(r)) };
      },
    }),
    remove_reviewers: m({
      description: 'Withdraw review requests from users or teams.',
      required: ['index'],
      async run(args, { gitea, signal }) {
        const body = reviewersBody(args.reviewers, args.teamReviewers, 'remove_reviewers');
        const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/requested_reviewers', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        await gitea.request('DELETE', path, { body, signal });
        return { removed: true, index: args.index, reviewers: body.reviewers, teamReviewers: body.team_reviewers };
      },
    }),
  }),
});

/**
 * Gitea answers every refusal of a merge with 405 (CheckPullMergeable: no
 * write access, work in progress, not mergeable yet, style not allowed),
 * which no generic mapping reads well; this names the problem and the fix.
 */
function mergeRefusal(err: GiteaError, index: number): GiteaError {
  const said = err.giteaMessage ?? '';
  const denied = /not allowed to merge/i.test(said);
  const hint = denied
    ? `merging pull request #${index} needs write access to the repository`
    : /try again later/i.test(said)
      ? `pull request #${index} is not mergeable right now (conflicts, or Gitea is still checking it); see pull_request_read method get_status`
      : /merge style/i.test(said)
        ? `${said}; choose another style allowed by the repository settings`
        : said
          ? `pull request #${index} cannot be merged: ${said}`
          : `pull request #${index} cannot be merged; it is probably merged already (see pull_request_read method get_status)`;
  return new GiteaError({
    code: denied ? 'forbidden' : 'validation',
    status: err.status,
    method: err.method,
    path: err.path,
    giteaMessage: denied ? `${said} (${hint})` : hint,
    cause: err,
  });
}

/**
 * Gitea answers a merge of a closed pull request with a bare 404, which reads
 * as "no such pull request"; when the pull request is there, say it is closed.
 */
async function explainMissing(
  gitea: ToolContext['gitea'],
  args: { owner: string; repo: string; index: number },
  signal: AbortSignal,
  err: GiteaError,
): Promise<void> {
  let state: string | null | undefined;
  try {
    state = (await gitea.request<GiteaPull>('GET', pullPath(args), { schema: pullSchema, signal })).data.state;
  } catch {
    return; // Really missing (or invisible): the original 404 stands.
  }
  if (state === 'closed')
    throw new GiteaError({
      code: 'validation',
      status: err.status,
      method: err.method,
      path: err.path,
      giteaMessage: `pull request #${args.index} is closed; reopen it with pull_request_write method update state=open before merging`,
      cause: err,
    });
}

/** `merge_pull_request`: merge a pull request into its base branch. */
export const mergePullRequest = defineTool({
  name: 'merge_pull_request',
  toolset: 'pulls',
  title: 'Merge pull request',
  description: 'Merge a pull request into its base; it cannot be undone, so check pull_request_read get_status first.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      index: issueIndex.describe('Pull request number (N of #N).'),
      style: z
        .enum(MERGE_STYLES)
        .default('merge')
        .describe('Merge style (allowed by repository settings); default merge.'),
      title: z.string().trim().min(1).optional().describe('Merge commit title; Gitea’s default when omitted.'),
      message: z.string().trim().min(1).optional().describe('Merge commit message body.'),
      deleteBranch: z.boolean().optional().describe('Delete the head branch; repository default when omitted.'),
      headSha: z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{7,64}$/)
        .optional()
        .describe('Merge only if the head is still this commit.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/pulls/{index}/merge', {
      owner: args.owner,
      repo: args.repo,
      index: args.index,
    });
    const body = {
      Do: args.style,
      MergeTitleField: args.title,
      MergeMessageField: args.message,
      delete_branch_after_merge: args.deleteBranch,
      head_commit_id: args.headSha,
    };
    try {
      await gitea.request('POST', path, { body, signal });
    } catch (err) {
      if (err instanceof GiteaError && err.status === 405) throw mergeRefusal(err, args.index);
      if (err instanceof GiteaError && err.code === 'not_found') await explainMissing(gitea, args, signal, err);
      throw err;
    }
    const { data } = await gitea.request<GiteaPull>('GET', pullPath(args), { schema: pullSchema, signal });
    return {
      merged: data.merged === true,
      index: args.index,
      style: args.style,
      state: data.state,
      base: data.base?.ref,
      mergeCommitSha: data.merge_commit_sha || undefined,
      mergedBy: data.merged_by?.login || undefined,
      mergedAt: data.merged_at || undefined,
    };
  },
});

/** The write tools of the `pulls` toolset (reviews: reviews.ts). */
export const PULLS_WRITE_TOOLS = [pullRequestWrite, mergePullRequest] as const;
