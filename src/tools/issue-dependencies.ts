/**
 * Toolset `issues`, dependencies: `list_issue_dependencies` and
 * `issue_dependency_write`. "A is blocked by B" means A depends on B; Gitea
 * keeps that under /issues/{A}/dependencies (and lists the reverse under
 * /issues/{B}/blocks), in the issue route group (scope `issue`, reference §3.4).
 */
import { z } from 'zod';
import { GiteaError, type GiteaIssue, giteaPath, issueSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { issueIndex } from './issues-params.js';
import { repoInput } from './params.js';
import { pageResult, pagingInput } from './shape.js';
import { toIssueSummary } from './summaries-issues.js';

/** `list_issue_dependencies`: what blocks an issue, or what it blocks. */
export const listIssueDependencies = defineTool({
  name: 'list_issue_dependencies',
  toolset: 'issues',
  title: 'List issue dependencies',
  description: 'List the issues blocking an issue or pull request, or those it blocks.',
  scopes: ['read:issue'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      index: issueIndex.describe('Issue or pull request number (N of #N).'),
      direction: z
        .enum(['blocked_by', 'blocks'])
        .default('blocked_by')
        .describe('blocked_by (default): its blockers; blocks: issues it blocks.'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const params = { owner: args.owner, repo: args.repo, index: args.index };
    const path =
      args.direction === 'blocks'
        ? giteaPath('/repos/{owner}/{repo}/issues/{index}/blocks', params)
        : giteaPath('/repos/{owner}/{repo}/issues/{index}/dependencies', params);
    const res = await gitea.requestPage<GiteaIssue>('GET', path, {
      itemSchema: issueSchema,
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return { index: args.index, direction: args.direction, ...pageResult('issues', res, toIssueSummary) };
  },
});

/**
 * Gitea reports a duplicate, a direct cycle and removing a dependency that is
 * not there as a bare 500 (ErrDependencyExists, ErrCircularDependency,
 * ErrDependencyNotExists reach ctx.Error); say what it most likely means.
 */
function explain500(err: unknown, adding: boolean, index: number, blocker: string): unknown {
  if (!(err instanceof GiteaError && err.code === 'upstream_error' && err.status === 500)) return err;
  return new GiteaError({
    code: 'conflict',
    status: err.status,
    method: err.method,
    path: err.path,
    giteaMessage: adding
      ? `#${index} could not be made to depend on ${blocker}: it probably already does, or ${blocker} already depends on #${index} (no cycles); see list_issue_dependencies`
      : `#${index} does not depend on ${blocker}; see list_issue_dependencies`,
    cause: err,
  });
}

/** `issue_dependency_write`: make an issue depend on another, or undo it. */
export const issueDependencyWrite = defineTool({
  name: 'issue_dependency_write',
  toolset: 'issues',
  title: 'Write issue dependencies',
  description: 'Mark an issue or pull request blocked by another issue (any repository), or undo that.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['add', 'remove']).describe('add or remove the dependency.'),
      ...repoInput,
      index: issueIndex.describe('Number of the blocked issue or pull request (needs write access).'),
      blockedBy: issueIndex.describe('Number of the blocking issue.'),
      blockerOwner: z.string().trim().min(1).optional().describe("Blocker's repo owner; default owner."),
      blockerRepo: z.string().trim().min(1).optional().describe("Blocker's repo name; default repo."),
    })
    .strict(),
  methods: (m) => {
    const change = (adding: boolean) =>
      m({
        description: adding ? 'index becomes blocked by blockedBy.' : 'index is no longer blocked by blockedBy.',
        async run(args, { gitea, signal }) {
          const blocker = { owner: args.blockerOwner ?? args.owner, repo: args.blockerRepo ?? args.repo };
          const same = blocker.owner === args.owner && blocker.repo === args.repo;
          if (same && args.blockedBy === args.index)
            throw new ToolInputError('An issue cannot depend on itself; give another issue as blockedBy.', 'blockedBy');
          const label = same ? `#${args.blockedBy}` : `${blocker.owner}/${blocker.repo}#${args.blockedBy}`;
          const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/dependencies', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
          });
          const body = { owner: blocker.owner, repo: blocker.repo, index: args.blockedBy };
          try {
            await gitea.request(adding ? 'POST' : 'DELETE', path, { body, signal });
          } catch (err) {
            throw explain500(err, adding, args.index, label);
          }
          return { index: args.index, blockedBy: label, dependency: adding ? 'added' : 'removed' };
        },
      });
    return { add: change(true), remove: change(false) };
  },
});

/** The dependency tools (toolset `issues`). */
export const ISSUE_DEPENDENCIES_TOOLS = [listIssueDependencies, issueDependencyWrite] as const;
