/** Toolset `files`, writing: multi-file commits and file deletion. */
import { z } from 'zod';
import { fileResponseSchema, type GiteaClient, GiteaError, type GiteaFileCommit, giteaPath } from '../gitea/index.js';
import { defineTool } from './define.js';
import { textToBase64 } from './encoding.js';
import { ToolInputError } from './errors.js';
import { getContents } from './files-read.js';
import { normalizeRepoPath, repoInput } from './params.js';
import { commitSubject } from './summaries.js';

/** Files per commit; Gitea has no hard limit, this keeps one call reviewable. */
const MAX_FILES_PER_COMMIT = 50;

const branchInputs = {
  branch: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('Branch to commit to (or start newBranch from); default branch.'),
  newBranch: z.string().trim().min(1).optional().describe('Commit to this new branch instead.'),
};

/** SHA of the blob at `path`, or null when there is no file there. */
async function currentSha(
  gitea: GiteaClient,
  owner: string,
  repo: string,
  path: string,
  ref: string | undefined,
  signal: AbortSignal,
): Promise<string | null> {
  try {
    const data = await getContents(gitea, owner, repo, path, ref, signal);
    if (Array.isArray(data) || data.type !== 'file')
      throw new ToolInputError(`"${path}" in ${owner}/${repo} is not a file.`, 'path');
    return data.sha ?? null;
  } catch (err) {
    if (err instanceof GiteaError && err.code === 'not_found') return null;
    throw err;
  }
}

const fileChange = z
  .object({
    path: z.string().trim().min(1).describe('File path after the commit.'),
    content: z.string().describe('Full new content, UTF-8 text.'),
    sha: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('Blob SHA from get_file_contents; fails if the file changed since; omit to overwrite.'),
    fromPath: z.string().trim().min(1).optional().describe('Rename: current path, moved to path.'),
  })
  .strict();

/** `create_or_update_file`: one commit that creates, updates or renames one or more files. */
export const createOrUpdateFile = defineTool({
  name: 'create_or_update_file',
  toolset: 'files',
  title: 'Create, update or rename files',
  description: 'Commit new, changed or renamed files to a branch in one commit; delete_file removes a file.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      message: z.string().trim().min(1).describe('Commit message.'),
      files: z
        .array(fileChange)
        .min(1)
        .max(MAX_FILES_PER_COMMIT)
        .describe(`Files to write (1–${MAX_FILES_PER_COMMIT}).`),
      ...branchInputs,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const paths = new Set<string>();
    const operations = [];
    for (const f of args.files) {
      const path = normalizeRepoPath(f.path);
      const fromPath = f.fromPath === undefined ? undefined : normalizeRepoPath(f.fromPath);
      if (paths.has(path)) throw new ToolInputError(`"${path}" appears twice in files; send each path once.`, 'files');
      paths.add(path);
      const lookupPath = fromPath ?? path;
      const sha = f.sha ?? (await currentSha(gitea, args.owner, args.repo, lookupPath, args.branch, signal));
      if (fromPath !== undefined && sha === null)
        throw new ToolInputError(`Cannot rename "${fromPath}": no such file in ${args.owner}/${args.repo}.`, 'files');
      operations.push({
        operation: sha === null ? 'create' : 'update',
        path,
        content: textToBase64(f.content),
        ...(sha === null ? {} : { sha }),
        ...(fromPath === undefined || fromPath === path ? {} : { from_path: fromPath }),
      });
    }
    const body = { message: args.message, branch: args.branch, new_branch: args.newBranch, files: operations };
    const { data } = await gitea.request(
      'POST',
      giteaPath('/repos/{owner}/{repo}/contents', { owner: args.owner, repo: args.repo }),
      { schema: fileResponseSchema, body, signal },
    );
    return {
      commit: toCommitRef(data.commit),
      branch: args.newBranch ?? args.branch,
      files: operations.map((o) => ({ path: o.path, operation: o.operation, fromPath: o.from_path })),
    };
  },
});

/** `delete_file`: a commit that removes one file. */
export const deleteFile = defineTool({
  name: 'delete_file',
  toolset: 'files',
  title: 'Delete file',
  description: 'Delete a file from a branch with a commit; create_or_update_file changes or renames files.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      path: z.string().trim().min(1).describe('File path.'),
      message: z.string().trim().min(1).describe('Commit message.'),
      sha: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('Blob SHA you read; fails if the file changed since (looked up when omitted).'),
      ...branchInputs,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = normalizeRepoPath(args.path);
    const sha = args.sha ?? (await currentSha(gitea, args.owner, args.repo, path, args.branch, signal));
    if (sha === null)
      throw new ToolInputError(`There is no file "${path}" to delete in ${args.owner}/${args.repo}.`, 'path');
    const body = { message: args.message, sha, branch: args.branch, new_branch: args.newBranch };
    const { data } = await gitea.request(
      'DELETE',
      giteaPath('/repos/{owner}/{repo}/contents/{path*}', { owner: args.owner, repo: args.repo, path }),
      { schema: fileResponseSchema, body, signal },
    );
    return { commit: toCommitRef(data.commit), branch: args.newBranch ?? args.branch, deleted: path };
  },
});

function toCommitRef(c: GiteaFileCommit | null | undefined): Record<string, unknown> | undefined {
  if (!c) return undefined;
  return { sha: c.sha, subject: commitSubject(c.message), htmlUrl: c.html_url };
}

/** The `files` toolset (read tools are in files-read.ts). */
export const FILES_WRITE_TOOLS = [createOrUpdateFile, deleteFile] as const;
