/**
 * Merging a head into a base branch in every style Gitea offers. Like
 * Gitea's services/pull/merge.go, the work happens in a temporary repository
 * (sharing objects with the bare one through `alternates`, so nothing is
 * copied) and the result is pushed back with a lease on the base tip, so a
 * concurrent push to the base makes the merge fail instead of being lost.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git.js';
import { GitContentError, type GitSignature, refCommit } from './git-content.js';
import { signatureEnv } from './git-write.js';

/** Gitea's merge styles (repo_model.MergeStyle), without manually-merged. */
export type MergeStyle = 'merge' | 'rebase' | 'rebase-merge' | 'squash' | 'fast-forward-only';

export interface MergeOptions {
  /** Base branch name in `gitDir`. */
  base: string;
  /** Head commit SHA (or ref resolvable in `headGitDir`). */
  head: string;
  /** Repository holding the head commit when it is a fork; defaults to `gitDir`. */
  headGitDir?: string;
  style: MergeStyle;
  /** Full commit message for merge, squash and rebase-merge commits. */
  message: string;
  /** Author of the merge or squash commit (Gitea: the doer; squash: the PR poster). */
  author: GitSignature;
  /** Committer of new commits; defaults to the author. Rebased commits keep their authors. */
  committer?: GitSignature;
}

export interface MergeResult {
  /** New tip of the base branch. */
  sha: string;
  /** Base tip before the merge. */
  previousSha: string;
}

/** Paths that conflict when merging `head` into `base`, without touching any ref (git merge-tree). */
export async function testMerge(gitDir: string, base: string, head: string): Promise<{ conflicts: string[] }> {
  const r = await runGit(gitDir, ['merge-tree', '--write-tree', '--name-only', '--no-messages', base, head], {
    okExitCodes: [1],
  });
  if (r.exitCode === 0) return { conflicts: [] };
  const lines = r.stdout.toString('utf8').split('\n').filter(Boolean);
  return { conflicts: [...new Set(lines.slice(1))] };
}

class TempRepo {
  constructor(
    readonly dir: string,
    private readonly env: Record<string, string>,
  ) {}

  get gitDir(): string {
    return join(this.dir, '.git');
  }

  git(args: string[], okExitCodes?: number[], env: Record<string, string> = this.env) {
    return runGit(this.gitDir, [`--work-tree=${this.dir}`, ...args], { okExitCodes, env });
  }

  async head(): Promise<string> {
    return (await this.git(['rev-parse', 'HEAD'])).stdout.toString().trim();
  }

  async conflicts(): Promise<string[]> {
    const out = await this.git(['diff', '--name-only', '--diff-filter=U']);
    return out.stdout.toString('utf8').split('\n').filter(Boolean);
  }
}

async function openTemp(gitDir: string, headGitDir: string, env: Record<string, string>): Promise<TempRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-merge-'));
  const t = new TempRepo(dir, env);
  await runGit(t.gitDir, ['init', '--quiet']);
  // A fallback identity so abort/reset never stop at "Please tell me who you are".
  await runGit(t.gitDir, ['config', 'user.name', 'Gitea']);
  await runGit(t.gitDir, ['config', 'user.email', 'gitea@localhost']);
  await mkdir(join(t.gitDir, 'objects', 'info'), { recursive: true });
  const alternates = [join(gitDir, 'objects'), ...(headGitDir !== gitDir ? [join(headGitDir, 'objects')] : [])];
  await writeFile(join(t.gitDir, 'objects', 'info', 'alternates'), `${alternates.join('\n')}\n`);
  return t;
}

async function conflictError(t: TempRepo, abort: string[]): Promise<GitContentError> {
  const paths = await t.conflicts();
  await t.git(abort, [128]);
  return new GitContentError('merge_conflict', `merge conflict in ${paths.join(', ') || 'the working tree'}`, paths);
}

async function doMerge(t: TempRepo, o: MergeOptions, baseSha: string, headSha: string): Promise<string> {
  const commitEnv = signatureEnv(o.author, o.committer ?? o.author);
  switch (o.style) {
    case 'fast-forward-only': {
      const r = await t.git(['merge', '--ff-only', '--quiet', headSha], [128]);
      if (r.exitCode !== 0)
        throw new GitContentError('not_fast_forward', 'the head branch is not a descendant of the base branch');
      return t.head();
    }
    case 'merge': {
      const r = await t.git(['merge', '--no-ff', '--no-edit', '--quiet', '-m', o.message, headSha], [1], commitEnv);
      if (r.exitCode !== 0) throw await conflictError(t, ['merge', '--abort']);
      return t.head();
    }
    case 'squash': {
      const r = await t.git(['merge', '--squash', '--quiet', headSha], [1]);
      if (r.exitCode !== 0) throw await conflictError(t, ['reset', '--hard', '--quiet']);
      const c = await t.git(['commit', '--quiet', '--no-verify', '-m', o.message], [1], commitEnv);
      if (c.exitCode !== 0) throw new GitContentError('nothing_to_merge', 'there is nothing to squash');
      return t.head();
    }
    case 'rebase':
    case 'rebase-merge': {
      await t.git(['checkout', '--quiet', '-f', '-B', 'sim-head', headSha]);
      // Only the committer is replaced; rebased commits keep their authors.
      const env = Object.fromEntries(Object.entries(commitEnv).filter(([k]) => k.startsWith('GIT_COMMITTER_')));
      const r = await t.git(['rebase', '--quiet', baseSha], [1], env);
      if (r.exitCode !== 0) throw await conflictError(t, ['rebase', '--abort']);
      const rebased = await t.head();
      await t.git(['checkout', '--quiet', '-f', '-B', 'sim-base', baseSha]);
      const mergeArgs =
        o.style === 'rebase'
          ? ['merge', '--ff-only', '--quiet', rebased]
          : ['merge', '--no-ff', '--no-edit', '--quiet', '-m', o.message, rebased];
      await t.git(mergeArgs, [], commitEnv);
      return t.head();
    }
  }
}

/**
 * Merges `head` into branch `base` with `style` and moves the base branch;
 * throws GitContentError merge_conflict (with paths), not_fast_forward,
 * nothing_to_merge, not_found or ref_conflict (base moved meanwhile).
 */
export async function mergeBranches(gitDir: string, o: MergeOptions): Promise<MergeResult> {
  const baseSha = await refCommit(gitDir, `refs/heads/${o.base}`);
  if (!baseSha) throw new GitContentError('not_found', `branch does not exist [name: ${o.base}]`);
  const headGitDir = o.headGitDir ?? gitDir;
  const headSha = await refCommit(headGitDir, o.head);
  if (!headSha) throw new GitContentError('not_found', `object does not exist [id: ${o.head}, rel_path: ]`);
  const t = await openTemp(gitDir, headGitDir, {});
  try {
    await t.git(['checkout', '--quiet', '-f', '-B', 'sim-base', baseSha]);
    const sha = await doMerge(t, o, baseSha, headSha);
    if (sha === baseSha)
      throw new GitContentError('nothing_to_merge', 'the head branch is already merged into the base branch');
    const lease = `--force-with-lease=refs/heads/${o.base}:${baseSha}`;
    const push = await t.git(['push', '--quiet', lease, gitDir, `${sha}:refs/heads/${o.base}`], [1, 128]);
    if (push.exitCode !== 0)
      throw new GitContentError('ref_conflict', `refs/heads/${o.base} moved while merging: ${push.stderr.trim()}`);
    return { sha, previousSha: baseSha };
  } finally {
    await rm(t.dir, { recursive: true, force: true });
  }
}
