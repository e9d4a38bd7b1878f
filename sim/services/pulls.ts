/**
 * Pull requests as Gitea's services/pull keeps them: an issue row with
 * isPull plus a SimPull, and the head commit mirrored into the base
 * repository at `refs/pull/<index>/head` (so diffs, files and commits work
 * even after the head branch or fork is gone). Merging runs the real git
 * merge in the chosen style, then marks the pull merged and closes it.
 * Used by the pulls API and the seed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimContext } from '../context.js';
import { runGit } from '../git.js';
import { changedFiles, diffStats, GitContentError, type GitSignature, mergeBase, refCommit } from '../git-content.js';
import { type MergeStyle, mergeBranches, testMerge } from '../git-merge.js';
import { deleteBranch, signatureEnv } from '../git-write.js';
import type { SimIssue, SimPull, SimRepo, SimReview, SimUser } from '../state.js';
import { insertIssue } from './issues.js';
import { gitSignatureOf } from './repo-create.js';

/** Gitea's default WORK_IN_PROGRESS_PREFIXES. */
const WIP_PREFIXES = ['WIP:', '[WIP]'];

/** `refs/pull/<index>/head` (git.PullPrefix). */
export function pullHeadRef(index: number): string {
  return `refs/pull/${index}/head`;
}

/** True when the title marks the pull as work in progress (IsWorkInProgress). */
export function isWorkInProgress(title: string): boolean {
  const upper = title.toUpperCase();
  return WIP_PREFIXES.some((p) => upper.startsWith(p.toUpperCase()));
}

/** A pull with its issue and both repositories resolved. */
export interface PullRecord {
  issue: SimIssue;
  pull: SimPull;
  baseRepo: SimRepo;
  headRepo: SimRepo | undefined;
}

/** The pull request `index` of `repo`, or null (issues that are not pulls count as missing). */
export function findPull(sim: SimContext, repo: SimRepo, index: number): PullRecord | null {
  for (const issue of sim.state.issues.values()) {
    if (issue.repoId !== repo.id || issue.index !== index || !issue.isPull) continue;
    const pull = sim.state.pulls.get(issue.id);
    if (!pull) return null;
    return { issue, pull, baseRepo: repo, headRepo: sim.state.repos.get(pull.headRepoId) };
  }
  return null;
}

/**
 * Mirrors the head branch tip into `refs/pull/<index>/head` of the base
 * repository (Gitea does this on every push) and returns the head SHA; once
 * merged, or when the head branch is gone, the stored ref stays as it was.
 */
export async function syncPullHead(p: PullRecord): Promise<string | null> {
  const ref = pullHeadRef(p.issue.index);
  if (!p.pull.merged && p.headRepo) {
    const tip = await refCommit(p.headRepo.gitDir, `refs/heads/${p.pull.headBranch}`);
    if (tip && p.headRepo.id !== p.baseRepo.id) {
      await runGit(p.baseRepo.gitDir, [
        'fetch',
        '--quiet',
        '--no-tags',
        p.headRepo.gitDir,
        `+refs/heads/${p.pull.headBranch}:${ref}`,
      ]);
    } else if (tip) {
      await runGit(p.baseRepo.gitDir, ['update-ref', ref, tip]);
    }
  }
  return refCommit(p.baseRepo.gitDir, ref);
}

/** What the git side says about a pull right now. */
export interface PullGitInfo {
  baseSha: string;
  headSha: string;
  mergeBase: string;
  mergeable: boolean;
  conflicts: string[];
  additions: number;
  deletions: number;
  changedFiles: number;
  /** False once the head branch (or its repository) is gone. */
  headBranchExists: boolean;
  /** Work in progress by title prefix (api.PullRequest.draft). */
  draft: boolean;
}

/**
 * Head, base, merge base, conflict check and diff stats of a pull. Gitea
 * computes these in a background checker; the simulator does it on read, so
 * `mergeable` is always current.
 */
export async function pullGitInfo(p: PullRecord): Promise<PullGitInfo> {
  const gitDir = p.baseRepo.gitDir;
  const headSha = (await syncPullHead(p)) ?? '';
  const headBranchExists =
    !!p.headRepo && (await refCommit(p.headRepo.gitDir, `refs/heads/${p.pull.headBranch}`)) !== null;
  const baseSha = (await refCommit(gitDir, `refs/heads/${p.pull.baseBranch}`)) ?? '';
  if (!p.pull.merged && baseSha && headSha) {
    p.pull.mergeBase = (await mergeBase(gitDir, baseSha, headSha)) ?? p.pull.mergeBase;
  }
  const from = p.pull.mergeBase || baseSha;
  let conflicts: string[] = [];
  if (!p.pull.merged && p.issue.state === 'open' && baseSha && headSha)
    conflicts = (await testMerge(gitDir, baseSha, headSha)).conflicts;
  const stats = from && headSha ? await diffStats(gitDir, from, headSha) : { additions: 0, deletions: 0 };
  const files = from && headSha ? await changedFiles(gitDir, from, headSha) : [];
  return {
    baseSha,
    headSha,
    mergeBase: p.pull.mergeBase,
    mergeable: conflicts.length === 0 && !isWorkInProgress(p.issue.title),
    conflicts,
    ...stats,
    changedFiles: files.length,
    headBranchExists,
    draft: isWorkInProgress(p.issue.title),
  };
}

export interface CreatePullInput {
  baseRepo: SimRepo;
  headRepo: SimRepo;
  baseBranch: string;
  headBranch: string;
  poster: SimUser;
  title: string;
  body: string;
  labelIds?: number[];
  milestoneId?: number | null;
  assigneeIds?: number[];
  dueDate?: Date | null;
  created?: Date;
}

/** Creates the issue row, the pull row and `refs/pull/<index>/head` (pull_service.NewPullRequest). */
export async function createPull(sim: SimContext, input: CreatePullInput): Promise<PullRecord> {
  const issue = insertIssue(sim, {
    repo: input.baseRepo,
    poster: input.poster,
    title: input.title,
    body: input.body,
    isPull: true,
    labelIds: input.labelIds ?? [],
    milestoneId: input.milestoneId ?? null,
    assigneeIds: input.assigneeIds ?? [],
    dueDate: input.dueDate ?? null,
    ...(input.created ? { created: input.created } : {}),
  });
  const pull: SimPull = {
    issueId: issue.id,
    headRepoId: input.headRepo.id,
    headBranch: input.headBranch,
    baseBranch: input.baseBranch,
    mergeBase: '',
    allowMaintainerEdit: input.baseRepo.pullSettings.defaultAllowMaintainerEdit,
    merged: false,
    mergedAt: null,
    mergedById: null,
    mergeCommitSha: null,
    requestedReviewerIds: new Set(),
  };
  sim.state.pulls.set(issue.id, pull);
  const rec: PullRecord = { issue, pull, baseRepo: input.baseRepo, headRepo: input.headRepo };
  await pullGitInfo(rec);
  return rec;
}

/** Gitea's GetDefaultMergeMessage (no templates): squash uses the title, others name the branches. */
export function defaultMergeMessage(sim: SimContext, p: PullRecord, style: MergeStyle): string {
  const { issue, pull } = p;
  if (style === 'squash') return `${issue.title} (#${issue.index})`;
  if (!p.headRepo || p.headRepo.id === p.baseRepo.id)
    return `Merge pull request '${issue.title}' (#${issue.index}) from ${pull.headBranch} into ${pull.baseBranch}`;
  const owner = sim.state.users.get(p.headRepo.ownerId)?.login ?? '';
  return `Merge pull request '${issue.title}' (#${issue.index}) from ${owner}/${p.headRepo.name}:${pull.headBranch} into ${pull.baseBranch}`;
}

/** Records the merge: pull merged, issue closed (SetMerged). */
export function markMerged(p: PullRecord, doer: SimUser, sha: string, at: Date): void {
  p.pull.merged = true;
  p.pull.mergedAt = at;
  p.pull.mergedById = doer.id;
  p.pull.mergeCommitSha = sha;
  p.issue.state = 'closed';
  p.issue.closedAt = at;
  p.issue.updated = at;
}

export interface MergePullInput {
  style: MergeStyle;
  doer: SimUser;
  message: string;
  deleteBranch: boolean;
  at?: Date;
}

/**
 * Merges in git (throws GitContentError on conflicts and the like, leaving
 * every ref untouched), then marks the pull merged and optionally deletes the
 * head branch when no other open pull uses it. Returns the new base tip.
 */
export async function mergePull(sim: SimContext, p: PullRecord, input: MergePullInput): Promise<string> {
  const at = input.at ?? sim.now();
  const headSha = await syncPullHead(p);
  if (!headSha) throw new TypeError(`pull ${p.issue.index} has no head commit`);
  const poster = sim.state.users.get(p.issue.posterId) ?? input.doer;
  const doerSig = gitSignatureOf(sim, input.doer, at);
  // Squash commits are authored by the poster and committed by the merger, as in Gitea.
  const author = input.style === 'squash' ? gitSignatureOf(sim, poster, at) : doerSig;
  const result = await mergeBranches(p.baseRepo.gitDir, {
    base: p.pull.baseBranch,
    head: headSha,
    style: input.style,
    message: input.message,
    author,
    committer: doerSig,
  });
  markMerged(p, input.doer, result.sha, at);
  if (input.deleteBranch && p.headRepo && p.headRepo.defaultBranch !== p.pull.headBranch) {
    const others = [...sim.state.pulls.values()].some(
      (o) =>
        o !== p.pull &&
        !o.merged &&
        o.headRepoId === p.pull.headRepoId &&
        o.headBranch === p.pull.headBranch &&
        sim.state.issues.get(o.issueId)?.state === 'open',
    );
    if (!others) await deleteBranch(p.headRepo.gitDir, p.pull.headBranch).catch(() => undefined);
  }
  return result.sha;
}

/** Reviews of a pull in id order. */
export function reviewsOf(sim: SimContext, issueId: number): SimReview[] {
  return [...sim.state.reviews.values()].filter((r) => r.issueId === issueId).sort((a, b) => a.id - b.id);
}

/** Per-file added/deleted line counts between two commits (`git diff --numstat`); binary files count 0. */
export async function numstat(
  gitDir: string,
  from: string,
  to: string,
): Promise<Map<string, { additions: number; deletions: number }>> {
  const out = await runGit(gitDir, ['diff', '--numstat', '-z', '--no-renames', from, to]);
  const stats = new Map<string, { additions: number; deletions: number }>();
  for (const rec of out.stdout.toString('utf8').split('\0')) {
    const m = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(rec);
    if (!m) continue;
    const n = (s: string | undefined) => (s && s !== '-' ? Number(s) : 0);
    stats.set(m[3] ?? '', { additions: n(m[1]), deletions: n(m[2]) });
  }
  return stats;
}

/** Gitea's raw pull diff (`git diff -p base...head`) or patch series (`format-patch --binary`). */
export async function rawPullDiff(gitDir: string, base: string, head: string, kind: 'diff' | 'patch'): Promise<string> {
  const args =
    kind === 'diff'
      ? ['diff', '-p', `${base}...${head}`]
      : ['format-patch', '--binary', '--stdout', `${base}...${head}`];
  return (await runGit(gitDir, args)).stdout.toString('utf8');
}

/**
 * Rebases the head branch onto `baseSha` (pull_service.Update with rebase) in
 * a throw-away repository sharing objects, then force-moves the head branch
 * with a lease. Throws GitContentError merge_conflict and leaves refs alone.
 */
export async function rebaseHeadOnto(
  headGitDir: string,
  baseGitDir: string,
  headBranch: string,
  baseSha: string,
  committer: GitSignature,
): Promise<string> {
  const oldHead = await refCommit(headGitDir, `refs/heads/${headBranch}`);
  if (!oldHead) throw new GitContentError('not_found', `branch does not exist [name: ${headBranch}]`);
  const dir = await mkdtemp(join(tmpdir(), 'sim-update-'));
  const gitDir = join(dir, '.git');
  const git = (args: string[], ok: number[] = [], env: Record<string, string> = {}) =>
    runGit(gitDir, [`--work-tree=${dir}`, ...args], { okExitCodes: ok, env });
  try {
    await runGit(gitDir, ['init', '--quiet']);
    await runGit(gitDir, ['config', 'user.name', 'Gitea']);
    await runGit(gitDir, ['config', 'user.email', 'gitea@localhost']);
    await mkdir(join(gitDir, 'objects', 'info'), { recursive: true });
    const alternates = [...new Set([join(headGitDir, 'objects'), join(baseGitDir, 'objects')])];
    await writeFile(join(gitDir, 'objects', 'info', 'alternates'), `${alternates.join('\n')}\n`);
    await git(['checkout', '--quiet', '-f', '-B', 'sim-head', oldHead]);
    const env = Object.fromEntries(
      Object.entries(signatureEnv(committer)).filter(([k]) => k.startsWith('GIT_COMMITTER_')),
    );
    const r = await git(['rebase', '--quiet', baseSha], [1], env);
    if (r.exitCode !== 0) {
      await git(['rebase', '--abort'], [128]);
      throw new GitContentError('merge_conflict', 'rebase failed because of conflict');
    }
    const sha = (await git(['rev-parse', 'HEAD'])).stdout.toString().trim();
    const lease = `--force-with-lease=refs/heads/${headBranch}:${oldHead}`;
    const push = await git(['push', '--quiet', lease, headGitDir, `+${sha}:refs/heads/${headBranch}`], [1, 128]);
    if (push.exitCode !== 0) throw new GitContentError('ref_conflict', `refs/heads/${headBranch} moved while updating`);
    return sha;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
