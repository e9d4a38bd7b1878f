/** Toolset `branches`: list, create, rename and delete branches. */
import { z } from 'zod';
import { branchSchema, type GiteaBranch, giteaPath } from '../gitea/index.js';
import { defineTool } from './define.js';
import { repoInput } from './params.js';
import { pageResult, pagingInput } from './shape.js';
import { commitSubject } from './summaries.js';

function toBranchSummary(b: GiteaBranch): Record<string, unknown> {
  return {
    name: b.name,
    sha: b.commit?.id,
    subject: commitSubject(b.commit?.message),
    date: b.commit?.timestamp,
    protected: b.protected || undefined,
  };
}

const branchName = z.string().trim().min(1).max(255);

/** `list_branches`. */
export const listBranches = defineTool({
  name: 'list_branches',
  toolset: 'branches',
  title: 'List branches',
  description: 'List the branches of a repository with their head commit and protection flag.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, ...pagingInput }).strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/branches', { owner: args.owner, repo: args.repo });
    const res = await gitea.requestPage<GiteaBranch>('GET', path, {
      itemSchema: branchSchema,
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return pageResult('branches', res, toBranchSummary);
  },
});

/** `create_branch`. */
export const createBranch = defineTool({
  name: 'create_branch',
  toolset: 'branches',
  title: 'Create branch',
  description: 'Create a branch from a branch, tag or commit.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      branch: branchName.describe('New branch name.'),
      from: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('Branch, tag or commit SHA to start from; default branch when omitted.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const body = { new_branch_name: args.branch, old_ref_name: args.from };
    const path = giteaPath('/repos/{owner}/{repo}/branches', { owner: args.owner, repo: args.repo });
    const { data } = await gitea.request<GiteaBranch>('POST', path, { schema: branchSchema, body, signal });
    return toBranchSummary(data);
  },
});

/** `rename_branch`. */
export const renameBranch = defineTool({
  name: 'rename_branch',
  toolset: 'branches',
  title: 'Rename branch',
  description: 'Rename a branch; open pull requests from it follow the new name.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      branch: branchName.describe('Current branch name.'),
      newName: branchName.describe('New branch name.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/branches/{branch*}', {
      owner: args.owner,
      repo: args.repo,
      branch: args.branch,
    });
    await gitea.request('PATCH', path, { body: { name: args.newName }, signal });
    return { renamed: true, from: args.branch, to: args.newName };
  },
});

/** `delete_branch`. */
export const deleteBranch = defineTool({
  name: 'delete_branch',
  toolset: 'branches',
  title: 'Delete branch',
  description: 'Delete a branch; commits only reachable from it become unreachable.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, branch: branchName.describe('Branch to delete.') }).strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/branches/{branch*}', {
      owner: args.owner,
      repo: args.repo,
      branch: args.branch,
    });
    await gitea.request('DELETE', path, { signal });
    return { deleted: true, branch: args.branch };
  },
});

/** The `branches` toolset. */
export const BRANCHES_TOOLS = [listBranches, createBranch, renameBranch, deleteBranch] as const;
