/**
 * Writing to a bare repository with plumbing: commits built on a private
 * index (hash-object, update-index, write-tree, commit-tree) and published
 * with `update-ref <new> <old>`, so two writers racing on one branch make the
 * second fail instead of silently dropping the first one's commit.
 * Branch and tag management lives here too.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from './git.js';
import {
  entryAt,
  GitContentError,
  type GitSignature,
  readBlob,
  refCommit,
  resolveRef,
  ZERO_SHA,
} from './git-content.js';

/** A file to write (content) or remove (null) in a commit; `mode` keeps e.g. 100755. */
export interface CommitFile {
  path: string;
  content: string | Buffer | null;
  mode?: '100644' | '100755' | '120000';
}

/** Options of commitFiles (the seed and the contents API both write through it). */
export interface CommitOptions {
  branch: string;
  files: readonly CommitFile[];
  message: string;
  author: GitSignature;
  /** Defaults to the author. */
  committer?: GitSignature;
  /** Parent commit; defaults to the branch tip (none for a new branch). `null` forces a root commit. */
  parent?: string | null;
  /** Branch tip the caller saw; the ref update fails with ref_conflict when it moved. Defaults to `parent`. */
  expectedTip?: string | null;
}

/** `<unix> +0000`: git's raw date form, so timestamps are exact and zone-free. */
function rawDate(d: Date): string {
  return `${Math.floor(d.getTime() / 1000)} +0000`;
}

/** GIT_AUTHOR_* / GIT_COMMITTER_* for commit-tree, merge, rebase and tag. */
export function signatureEnv(author: GitSignature, committer: GitSignature = author): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: rawDate(author.date),
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: rawDate(committer.date),
  };
}

async function hashBlob(gitDir: string, content: string | Buffer): Promise<string> {
  return (await runGit(gitDir, ['hash-object', '-w', '--stdin'], { input: content })).stdout.toString().trim();
}

/** Builds a tree from `parent`'s tree plus `files` and writes a commit object; no ref moves. */
export async function writeCommit(
  gitDir: string,
  opts: {
    parent: string | null;
    files: readonly CommitFile[];
    message: string;
    author: GitSignature;
    committer?: GitSignature;
  },
): Promise<string> {
  // A private index per call, so concurrent writers never share staging state.
  const index = join(gitDir, `sim-index-${randomBytes(6).toString('hex')}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    await runGit(gitDir, opts.parent ? ['read-tree', opts.parent] : ['read-tree', '--empty'], { env });
    const lines: string[] = [];
    for (const f of opts.files) {
      if (f.content === null) lines.push(`0 ${ZERO_SHA}\t${f.path}`);
      else lines.push(`${f.mode ?? '100644'} ${await hashBlob(gitDir, f.content)}\t${f.path}`);
    }
    if (lines.length > 0)
      await runGit(gitDir, ['update-index', '--index-info'], { env, input: `${lines.join('\n')}\n` });
    const tree = (await runGit(gitDir, ['write-tree'], { env })).stdout.toString().trim();
    const message = opts.message.endsWith('\n') ? opts.message : `${opts.message}\n`;
    const args = ['commit-tree', tree, ...(opts.parent ? ['-p', opts.parent] : [])];
    const out = await runGit(gitDir, args, { input: message, env: signatureEnv(opts.author, opts.committer) });
    return out.stdout.toString().trim();
  } finally {
    await rm(index, { force: true });
  }
}

/**
 * Points `ref` at `sha` only if it still points at `expected` (null: must not
 * exist); otherwise throws ref_conflict.
 */
export async function updateRefChecked(
  gitDir: string,
  ref: string,
  sha: string,
  expected: string | null,
): Promise<void> {
  const r = await runGit(gitDir, ['update-ref', ref, sha, expected ?? ZERO_SHA], { okExitCodes: [1, 128] });
  if (r.exitCode !== 0) throw new GitContentError('ref_conflict', `${ref} moved while writing: ${r.stderr.trim()}`);
}

/** Writes one commit on `branch` with `files` changed relative to its parent; returns the new SHA. */
export async function commitFiles(gitDir: string, opts: CommitOptions): Promise<string> {
  const tip = await refCommit(gitDir, `refs/heads/${opts.branch}`);
  const parent = opts.parent === undefined ? tip : opts.parent;
  const expected = opts.expectedTip === undefined ? tip : opts.expectedTip;
  const sha = await writeCommit(gitDir, { ...opts, parent });
  await updateRefChecked(gitDir, `refs/heads/${opts.branch}`, sha, expected);
  return sha;
}

// ---- Gitea's ChangeRepoFiles --------------------------------------------------

/** One operation of POST /contents (ChangeFileOperation). */
export interface FileOperation {
  operation: 'create' | 'update' | 'delete' | 'rename';
  path: string;
  /** Source path for update-with-move and rename. */
  fromPath?: string;
  content?: Buffer;
  /** Blob SHA the client last saw at fromPath (or path). */
  sha?: string;
}

export interface ChangeFilesInput {
  /** Branch to base on (Gitea's OldBranch). */
  branch: string;
  /** Branch to write to; equals `branch` unless a new branch is made. */
  newBranch: string;
  /** Whether the repository has no commits yet (creates allowed without a base branch). */
  empty: boolean;
  operations: readonly FileOperation[];
  message: string;
  author: GitSignature;
  committer: GitSignature;
  /** Gitea's force_push: overwrite an existing new_branch. */
  forcePush?: boolean;
}

/** Gitea's CleanGitTreePath: normalised relative path, '' when it is invalid (.git parts). */
export function cleanTreePath(name: string): string {
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  if (parts.some((p) => p.toLowerCase() === '.git')) return '';
  return parts.join('/');
}

async function checkOperation(
  gitDir: string,
  base: string,
  op: FileOperation,
  path: string,
  from: string,
): Promise<string | undefined> {
  let fromMode: string | undefined;
  if (op.operation !== 'create') {
    const fromEntry = await entryAt(gitDir, base, from);
    if (!fromEntry) throw new GitContentError('not_found', `object does not exist [id: , rel_path: ${from}]`);
    fromMode = fromEntry.mode;
    if (op.sha && op.sha !== fromEntry.sha)
      throw new GitContentError('sha_mismatch', `sha does not match [given: ${op.sha}, expected: ${fromEntry.sha}]`);
  }
  if (op.operation === 'delete') return fromMode;
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) {
    const sub = parts.slice(0, i + 1).join('/');
    const entry = await entryAt(gitDir, base, sub);
    if (!entry) break;
    if (i < parts.length - 1) {
      if (entry.type !== 'tree')
        throw new GitContentError(
          'path_invalid',
          `a file exists where you’re trying to create a subdirectory [path: ${sub}]`,
        );
    } else if (entry.mode === '120000') {
      throw new GitContentError(
        'path_invalid',
        `a symbolic link exists where you’re trying to create a subdirectory [path: ${sub}]`,
      );
    } else if (entry.type === 'tree') {
      throw new GitContentError(
        'path_invalid',
        `a directory exists where you’re trying to create a file [path: ${sub}]`,
      );
    } else if (from !== path || op.operation === 'create') {
      throw new GitContentError('already_exists', `repository file already exists [path: ${path}]`);
    }
  }
  return fromMode;
}

/**
 * Gitea's ChangeRepoFiles (services/repository/files/update.go): checks every
 * operation against the base branch, writes one commit and moves `newBranch`.
 * Returns the new commit SHA and the cleaned target paths in request order.
 */
export async function changeRepoFiles(
  gitDir: string,
  input: ChangeFilesInput,
): Promise<{ sha: string; paths: string[] }> {
  const base = await refCommit(gitDir, `refs/heads/${input.branch}`);
  if (!base && !input.empty) throw new GitContentError('not_found', `branch does not exist [name: ${input.branch}]`);
  let expected = base;
  if (input.newBranch !== input.branch) {
    const existing = await refCommit(gitDir, `refs/heads/${input.newBranch}`);
    if (existing && !input.forcePush)
      throw new GitContentError('already_exists', `branch already exists [name: ${input.newBranch}]`);
    expected = existing;
  }
  const files: CommitFile[] = [];
  const paths: string[] = [];
  for (const op of input.operations) {
    const path = cleanTreePath(op.path);
    if (path === '')
      throw new GitContentError('path_invalid', `path contains a malformed path component [path: ${op.path}]`);
    const from = op.fromPath ? cleanTreePath(op.fromPath) : path;
    if (from === '')
      throw new GitContentError('path_invalid', `path contains a malformed path component [path: ${op.fromPath}]`);
    paths.push(path);
    if (!base) {
      if (op.operation !== 'create' && op.operation !== 'update')
        throw new GitContentError('not_found', `branch does not exist [name: ${input.branch}]`);
      files.push({ path, content: op.content ?? Buffer.alloc(0) });
      continue;
    }
    const fromMode = await checkOperation(gitDir, base, op, path, from);
    const mode = fromMode === '100755' ? '100755' : undefined;
    if (op.operation === 'delete') {
      files.push({ path, content: null });
      continue;
    }
    if (from !== path) files.push({ path: from, content: null });
    let content = op.content ?? Buffer.alloc(0);
    if (op.operation === 'rename') {
      const entry = await entryAt(gitDir, base, from);
      content = (entry && (await readBlob(gitDir, entry.sha))) ?? Buffer.alloc(0);
    }
    files.push({ path, content, ...(mode ? { mode } : {}) });
  }
  const sha = await writeCommit(gitDir, {
    parent: base,
    files,
    message: input.message,
    author: input.author,
    committer: input.committer,
  });
  await updateRefChecked(gitDir, `refs/heads/${input.newBranch}`, sha, expected);
  return { sha, paths };
}

// ---- branches ---------------------------------------------------------------

/** Creates branch `name` at `sha`; already_exists when it exists (atomic). */
export async function createBranch(gitDir: string, name: string, sha: string): Promise<void> {
  const ok = await runGit(gitDir, ['check-ref-format', `refs/heads/${name}`], { okExitCodes: [1] });
  if (ok.exitCode !== 0) throw new GitContentError('path_invalid', `invalid branch name: ${name}`);
  try {
    await updateRefChecked(gitDir, `refs/heads/${name}`, sha, null);
  } catch {
    throw new GitContentError('already_exists', `branch already exists [name: ${name}]`);
  }
}

/** Deletes a branch; not_found when it does not exist. */
export async function deleteBranch(gitDir: string, name: string): Promise<void> {
  const tip = await refCommit(gitDir, `refs/heads/${name}`);
  if (!tip) throw new GitContentError('not_found', `branch does not exist [name: ${name}]`);
  await runGit(gitDir, ['update-ref', '-d', `refs/heads/${name}`, tip]);
}

/** Renames a branch and moves HEAD along when it was the default. */
export async function renameBranch(gitDir: string, from: string, to: string): Promise<void> {
  const tip = await refCommit(gitDir, `refs/heads/${from}`);
  if (!tip) throw new GitContentError('not_found', `branch does not exist [name: ${from}]`);
  await createBranch(gitDir, to, tip);
  await runGit(gitDir, ['update-ref', '-d', `refs/heads/${from}`, tip]);
  const head = (await runGit(gitDir, ['symbolic-ref', 'HEAD'])).stdout.toString().trim();
  if (head === `refs/heads/${from}`) await runGit(gitDir, ['symbolic-ref', 'HEAD', `refs/heads/${to}`]);
}

/** Points HEAD (the default branch) at `branch`. */
export async function setHeadBranch(gitDir: string, branch: string): Promise<void> {
  await runGit(gitDir, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
}

// ---- tags ---------------------------------------------------------------------

/**
 * Creates a tag on the commit `target` resolves to: annotated when `message`
 * is non-empty (tagged by `tagger`), lightweight otherwise, as Gitea's CreateNewTag.
 */
export async function createTag(
  gitDir: string,
  name: string,
  target: string,
  opts: { message?: string; tagger?: GitSignature } = {},
): Promise<void> {
  const ok = await runGit(gitDir, ['check-ref-format', `refs/tags/${name}`], { okExitCodes: [1] });
  if (ok.exitCode !== 0) throw new GitContentError('path_invalid', `invalid tag name: ${name}`);
  const resolved = await resolveRef(gitDir, target);
  if (!resolved) throw new GitContentError('not_found', `object does not exist [id: ${target}, rel_path: ]`);
  let object = resolved.sha;
  if (opts.message && opts.tagger) {
    const t = opts.tagger;
    const body = `object ${resolved.sha}\ntype commit\ntag ${name}\ntagger ${t.name} <${t.email}> ${rawDate(t.date)}\n\n${opts.message.endsWith('\n') ? opts.message : `${opts.message}\n`}`;
    object = (await runGit(gitDir, ['hash-object', '-t', 'tag', '-w', '--stdin'], { input: body })).stdout
      .toString()
      .trim();
  }
  try {
    await updateRefChecked(gitDir, `refs/tags/${name}`, object, null);
  } catch {
    throw new GitContentError('already_exists', `tag already exists [name: ${name}]`);
  }
}

/** Deletes a tag; not_found when it does not exist. */
export async function deleteTag(gitDir: string, name: string): Promise<void> {
  const r = await runGit(gitDir, ['rev-parse', '--verify', '--quiet', `refs/tags/${name}`], { okExitCodes: [1, 128] });
  if (r.exitCode !== 0) throw new GitContentError('not_found', `tag does not exist [name: ${name}]`);
  await runGit(gitDir, ['update-ref', '-d', `refs/tags/${name}`, r.stdout.toString().trim()]);
}
