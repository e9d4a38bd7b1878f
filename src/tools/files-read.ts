/** Toolset `files`, reading: file contents by line range, directory listings, the git tree. */
import { z } from 'zod';
import {
  contentsSchema,
  type GiteaClient,
  type GiteaContents,
  GiteaError,
  type GiteaRepository,
  type GiteaTree,
  giteaPath,
  repositorySchema,
  treeSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { base64ToBytes, bytesToText } from './encoding.js';
import { ToolInputError, ToolNotFoundError } from './errors.js';
import { normalizeRepoPath, refInput, repoInput } from './params.js';
import { findHiddenCharacters } from './sanitize.js';
import { MAX_CONTENT_BYTES, pageFields, pageFromCount, sliceLines } from './shape.js';

/** GET /repos/{o}/{r}/contents[/{path}] ('' is the root): one entry (file) or an array (directory). */
export async function getContents(
  gitea: GiteaClient,
  owner: string,
  repo: string,
  path: string,
  ref: string | undefined,
  signal: AbortSignal,
): Promise<GiteaContents | GiteaContents[]> {
  const target =
    path === ''
      ? giteaPath('/repos/{owner}/{repo}/contents', { owner, repo })
      : giteaPath('/repos/{owner}/{repo}/contents/{path*}', { owner, repo, path });
  const query = ref ? { ref } : undefined;
  const { data } = await gitea.request<GiteaContents | GiteaContents[]>('GET', target, {
    schema: z.union([contentsSchema, z.array(contentsSchema)]),
    query,
    signal,
  });
  return data;
}

/** `get_file_contents`: a file by line range, or a directory listing. */
export const getFileContents = defineTool({
  name: 'get_file_contents',
  toolset: 'files',
  title: 'Get file or directory contents',
  description: 'Read a file (or a line range; large files are paged by lines) or list a directory.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      path: z.string().default('').describe('File or directory path; root when empty.'),
      ref: refInput,
      startLine: z.coerce.number().int().min(1).default(1).describe('First line (1-based; files only).'),
      endLine: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Last line, inclusive (files only); end of file when omitted.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    if (args.endLine !== undefined && args.endLine < args.startLine)
      throw new ToolInputError(
        `get_file_contents: endLine (${args.endLine}) is before startLine (${args.startLine}).`,
        'endLine',
      );
    // "." names the root as well (Gitea's contents-ext API takes it so; the contents API needs the empty path).
    const path = args.path.trim() === '.' ? '' : normalizeRepoPath(args.path);
    let data: GiteaContents | GiteaContents[];
    try {
      data = await getContents(gitea, args.owner, args.repo, path, args.ref, signal);
    } catch (err) {
      throw await explainMissingContents(
        gitea,
        { owner: args.owner, repo: args.repo, path, ref: args.ref },
        err,
        signal,
      );
    }
    if (Array.isArray(data)) return { type: 'dir', path, ref: args.ref, entries: data.map(toDirEntry) };
    if (data.type !== 'file') return toSpecialEntry(data);
    const bytes = await fileBytes(gitea, args.owner, args.repo, path, args.ref, data, signal);
    const text = bytesToText(bytes);
    const base = {
      type: 'file',
      path: data.path ?? path,
      sha: data.sha,
      size: data.size ?? bytes.length,
      ref: args.ref,
    };
    if (data.lfs_oid)
      return { ...base, lfs: true, note: 'This is a Git LFS object; its content is not stored in git.' };
    if (text === null)
      return { ...base, binary: true, downloadUrl: data.download_url, note: 'Binary file: content not shown.' };
    const window = sliceLines(text, args.startLine, args.endLine, MAX_CONTENT_BYTES);
    if (args.startLine > window.totalLines)
      throw new ToolInputError(
        `${base.path} has only ${window.totalLines} line${window.totalLines === 1 ? '' : 's'}, so startLine ${args.startLine} is past its end. Use a startLine from 1 to ${window.totalLines}.`,
        'startLine',
      );
    return {
      ...base,
      ...window,
      warning: findHiddenCharacters(window.content),
      note: window.nextStartLine
        ? `Showing lines ${window.startLine}–${window.endLine} of ${window.totalLines}${window.endLine < (args.endLine ?? window.totalLines) ? ` (output is capped at ${MAX_CONTENT_BYTES / 1024} KiB)` : ''}. Call get_file_contents with startLine=${window.nextStartLine} to read on.`
        : undefined,
    };
  },
});

/** What the 404 of a contents read was about: the repository, the ref or the path. */
async function explainMissingContents(
  gitea: GiteaClient,
  a: { owner: string; repo: string; path: string; ref: string | undefined },
  err: unknown,
  signal: AbortSignal,
): Promise<unknown> {
  if (!(err instanceof GiteaError) || err.code !== 'not_found') return err;
  const name = `${a.owner}/${a.repo}`;
  let repo: GiteaRepository;
  try {
    ({ data: repo } = await gitea.request<GiteaRepository>(
      'GET',
      giteaPath('/repos/{owner}/{repo}', { owner: a.owner, repo: a.repo }),
      { schema: repositorySchema, signal },
    ));
  } catch {
    // The repository itself is missing or hidden: the generic "not found or not visible" says so.
    return err;
  }
  const fallback = repo.default_branch ? `the default branch (${repo.default_branch})` : 'the default branch';
  if (a.ref !== undefined && !(await refExists(gitea, a.owner, a.repo, a.ref, signal)))
    return new ToolNotFoundError(
      `"${a.ref}" is not a branch, tag or commit of ${name}. List them with list_branches or list_tags, or leave ref out to read ${fallback}.`,
      'ref',
    );
  const at = a.ref === undefined ? fallback : `"${a.ref}"`;
  if (a.path === '')
    return new ToolNotFoundError(`${name} has no files at ${at} yet (the repository is empty).`, 'ref');
  return new ToolNotFoundError(
    `"${a.path}" does not exist in ${name} at ${at}. List its directory with get_file_contents, or all paths with get_repository_tree.`,
    'path',
  );
}

/**
 * Whether `ref` names a branch, tag or commit: the commit list from it answers
 * 404 otherwise (routers/api/v1/repo/commits.go GetAllCommits). Any other
 * failure counts as "exists", so the path is blamed rather than a good ref.
 */
async function refExists(
  gitea: GiteaClient,
  owner: string,
  repo: string,
  ref: string,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    await gitea.request('GET', giteaPath('/repos/{owner}/{repo}/commits', { owner, repo }), {
      query: { sha: ref, limit: 1, stat: false, verification: false, files: false },
      signal,
    });
    return true;
  } catch (err) {
    return !(err instanceof GiteaError && err.code === 'not_found');
  }
}

async function fileBytes(
  gitea: GiteaClient,
  owner: string,
  repo: string,
  path: string,
  ref: string | undefined,
  data: GiteaContents,
  signal: AbortSignal,
): Promise<Uint8Array> {
  if (typeof data.content === 'string' && data.encoding === 'base64') return base64ToBytes(data.content);
  // Gitea leaves `content` null for blobs above [api] DEFAULT_MAX_BLOB_SIZE; the raw endpoint still serves them.
  const query = ref ? { ref } : undefined;
  const target = giteaPath('/repos/{owner}/{repo}/raw/{path*}', { owner, repo, path });
  // As bytes: text decoding would turn a non-UTF-8 file into U+FFFD and hide that it is binary.
  return (await gitea.request<Uint8Array>('GET', target, { query, accept: 'raw', signal })).data;
}

function toDirEntry(e: GiteaContents): Record<string, unknown> {
  return { name: e.name, path: e.path, type: e.type, size: e.type === 'file' ? e.size : undefined };
}

function toSpecialEntry(e: GiteaContents): Record<string, unknown> {
  if (e.type === 'symlink') return { type: 'symlink', path: e.path, target: e.target, sha: e.sha };
  if (e.type === 'submodule') return { type: 'submodule', path: e.path, url: e.submodule_git_url, sha: e.sha };
  return { type: e.type, path: e.path, sha: e.sha };
}

const MAX_TREE_PER_PAGE = 1000;

/** `get_repository_tree`: every path of a commit's tree, paged. */
export const getRepositoryTree = defineTool({
  name: 'get_repository_tree',
  toolset: 'files',
  title: 'Get repository tree',
  description: "List a repository's paths at a ref (recursive by default, paged); get_file_contents reads one.",
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      ref: refInput,
      recursive: z.boolean().default(true).describe('Include subdirectories (false: top level only).'),
      pathPrefix: z.string().optional().describe('Only paths with this prefix (filters the current page).'),
      page: z.coerce.number().int().min(1).default(1).describe('Page.'),
      perPage: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_TREE_PER_PAGE)
        .default(500)
        .describe(`Entries per page, 1–${MAX_TREE_PER_PAGE}.`),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const ref = args.ref ?? (await defaultBranch(gitea, args.owner, args.repo, signal));
    const { data } = await gitea.request<GiteaTree>(
      'GET',
      giteaPath('/repos/{owner}/{repo}/git/trees/{ref}', { owner: args.owner, repo: args.repo, ref }),
      { schema: treeSchema, query: { recursive: args.recursive, page: args.page, per_page: args.perPage }, signal },
    );
    const prefix = normalizeRepoPath(args.pathPrefix);
    const entries = (data.tree ?? [])
      .filter((e) => prefix === '' || (e.path ?? '').startsWith(prefix))
      .map((e) => ({ path: e.path, type: e.type, size: e.type === 'blob' ? e.size : undefined }));
    // The count and `more` are Gitea's (before pathPrefix filters this page).
    const page = pageFromCount(data.tree ?? [], args.page, args.perPage, data.total_count);
    return {
      ref,
      sha: data.sha,
      entries,
      ...pageFields(page),
      truncated: data.truncated || undefined,
    };
  },
});

/** The repository's default branch (one extra call when the caller gave no ref). */
export async function defaultBranch(
  gitea: GiteaClient,
  owner: string,
  repo: string,
  signal: AbortSignal,
): Promise<string> {
  const { data } = await gitea.request<GiteaRepository>('GET', giteaPath('/repos/{owner}/{repo}', { owner, repo }), {
    schema: repositorySchema,
    signal,
  });
  if (typeof data.default_branch !== 'string' || data.default_branch === '')
    throw new ToolInputError(`Repository ${owner}/${repo} has no default branch yet (it is empty); give a ref.`, 'ref');
  return data.default_branch;
}
