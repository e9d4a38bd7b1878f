/** The simulator's git content layer against real temporary bare repositories. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit, SimGit } from '../../../sim/git.js';
import {
  compareCommits,
  countCommits,
  entryAt,
  type GitSignature,
  getTag,
  listBranches,
  listDir,
  listTags,
  listTree,
  logCommits,
  rawCommitDiff,
  readBlob,
  readCommit,
  resolveRef,
} from '../../../sim/git-content.js';
import { mergeBranches, testMerge } from '../../../sim/git-merge.js';
import {
  changeRepoFiles,
  commitFiles,
  createBranch,
  createTag,
  deleteBranch,
  renameBranch,
  writeCommit,
} from '../../../sim/git-write.js';

const alice: GitSignature = { name: 'Alice', email: 'alice@example.com', date: new Date('2024-03-01T09:00:00Z') };
const bob: GitSignature = { name: 'Bob', email: 'bob@example.com', date: new Date('2024-03-02T09:00:00Z') };
const at = (sig: GitSignature, hours: number): GitSignature => ({
  ...sig,
  date: new Date(sig.date.getTime() + hours * 3600_000),
});

/** What the git binary itself says, independent of the code under test. */
function gitSays(gitDir: string, ...args: string[]): string {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
    env: { PATH: process.env.PATH ?? '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  })
    .toString()
    .trim();
}

describe('git content layer', () => {
  let root: string;
  let n = 0;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sim-git-test-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function freshRepo(): Promise<string> {
    const gitDir = join(root, `r${++n}.git`);
    await new SimGit(root).initBare(gitDir, 'main');
    return gitDir;
  }

  it('writes multi-file commits whose blob, tree and commit SHAs are the ones git computes', async () => {
    const gitDir = await freshRepo();
    const sha = await commitFiles(gitDir, {
      branch: 'main',
      files: [
        { path: 'README.md', content: '# demo\n' },
        { path: 'src/a.ts', content: 'export const a = 1;\n' },
      ],
      message: 'Initial commit',
      author: alice,
    });
    expect(sha).toBe(gitSays(gitDir, 'rev-parse', 'refs/heads/main'));
    const blob = gitSays(gitDir, 'rev-parse', 'main:src/a.ts');
    expect(execFileSync('git', ['hash-object', '--stdin'], { input: 'export const a = 1;\n' }).toString().trim()).toBe(
      blob,
    );
    const entry = await entryAt(gitDir, sha, 'src/a.ts');
    expect(entry).toEqual({ mode: '100644', type: 'blob', sha: blob, size: 20, path: 'src/a.ts' });
    expect((await entryAt(gitDir, sha, 'src'))?.type).toBe('tree');
    expect(await entryAt(gitDir, sha, 'missing.txt')).toBeNull();
    expect((await readBlob(gitDir, blob))?.toString()).toBe('export const a = 1;\n');
    const commit = await readCommit(gitDir, sha);
    expect(commit?.tree).toBe(gitSays(gitDir, 'rev-parse', 'main^{tree}'));
    expect(commit?.author).toEqual(alice);
    expect(commit?.authorIso).toBe('2024-03-01T09:00:00Z');
    expect(commit?.message).toBe('Initial commit\n');
    // Deterministic: the same input on another repository gives the same commit SHA.
    const again = await commitFiles(await freshRepo(), {
      branch: 'main',
      files: [
        { path: 'README.md', content: '# demo\n' },
        { path: 'src/a.ts', content: 'export const a = 1;\n' },
      ],
      message: 'Initial commit',
      author: alice,
    });
    expect(again).toBe(sha);
  });

  it('lists directories, recursive trees and resolves branches, tags and short SHAs', async () => {
    const gitDir = await freshRepo();
    const sha = await commitFiles(gitDir, {
      branch: 'main',
      files: [
        { path: 'a.txt', content: 'a' },
        { path: 'd/b.txt', content: 'bb' },
        { path: 'd/e/c.txt', content: 'ccc' },
      ],
      message: 'tree',
      author: alice,
    });
    expect((await listDir(gitDir, sha, 'd')).map((e) => [e.path, e.type, e.size])).toEqual([
      ['d/b.txt', 'blob', 2],
      ['d/e', 'tree', 0],
    ]);
    expect((await listTree(gitDir, sha, { recursive: true })).map((e) => e.path)).toEqual([
      'a.txt',
      'd',
      'd/b.txt',
      'd/e',
      'd/e/c.txt',
    ]);
    await createTag(gitDir, 'v1', 'main');
    expect(await resolveRef(gitDir, 'main')).toEqual({ kind: 'branch', name: 'main', sha });
    expect(await resolveRef(gitDir, 'v1')).toEqual({ kind: 'tag', name: 'v1', sha });
    expect(await resolveRef(gitDir, sha.slice(0, 7))).toEqual({ kind: 'commit', name: sha.slice(0, 7), sha });
    expect(await resolveRef(gitDir, 'nope')).toBeNull();
    expect(await resolveRef(gitDir, '--all')).toBeNull();
  });

  it('changes several files in one commit and rejects stale SHAs, existing files and concurrent writers', async () => {
    const gitDir = await freshRepo();
    const base = await commitFiles(gitDir, {
      branch: 'main',
      files: [
        { path: 'keep.txt', content: 'keep\n' },
        { path: 'old.txt', content: 'old\n' },
        { path: 'gone.txt', content: 'gone\n' },
      ],
      message: 'base',
      author: alice,
    });
    const oldSha = gitSays(gitDir, 'rev-parse', 'main:old.txt');
    const goneSha = gitSays(gitDir, 'rev-parse', 'main:gone.txt');
    const input = { branch: 'main', newBranch: 'main', empty: false, message: 'many', author: bob, committer: bob };
    const res = await changeRepoFiles(gitDir, {
      ...input,
      operations: [
        { operation: 'create', path: 'new/file.txt', content: Buffer.from('new\n') },
        { operation: 'rename', path: 'renamed.txt', fromPath: 'old.txt', sha: oldSha },
        { operation: 'delete', path: 'gone.txt', sha: goneSha },
        { operation: 'update', path: 'keep.txt', content: Buffer.from('kept\n') },
      ],
    });
    expect(res.paths).toEqual(['new/file.txt', 'renamed.txt', 'gone.txt', 'keep.txt']);
    expect(gitSays(gitDir, 'rev-parse', 'main^')).toBe(base);
    expect(gitSays(gitDir, 'ls-tree', '-r', '--name-only', 'main').split('\n')).toEqual([
      'keep.txt',
      'new/file.txt',
      'renamed.txt',
    ]);
    expect(gitSays(gitDir, 'rev-parse', 'main:renamed.txt')).toBe(oldSha);

    await expect(
      changeRepoFiles(gitDir, { ...input, operations: [{ operation: 'update', path: 'keep.txt', sha: oldSha }] }),
    ).rejects.toMatchObject({ code: 'sha_mismatch', message: expect.stringContaining(`given: ${oldSha}`) });
    await expect(
      changeRepoFiles(gitDir, { ...input, operations: [{ operation: 'create', path: 'keep.txt' }] }),
    ).rejects.toMatchObject({ code: 'already_exists', message: 'repository file already exists [path: keep.txt]' });
    await expect(
      changeRepoFiles(gitDir, { ...input, operations: [{ operation: 'create', path: 'keep.txt/x' }] }),
    ).rejects.toMatchObject({ code: 'path_invalid' });
    await expect(
      changeRepoFiles(gitDir, { ...input, operations: [{ operation: 'create', path: '.git/config' }] }),
    ).rejects.toMatchObject({ code: 'path_invalid' });
    await expect(
      changeRepoFiles(gitDir, { ...input, operations: [{ operation: 'delete', path: 'nope.txt', sha: oldSha }] }),
    ).rejects.toMatchObject({ code: 'not_found' });

    // Two writers start from the same tip; the second ref update must fail, not overwrite.
    const tip = gitSays(gitDir, 'rev-parse', 'main');
    const first = await writeCommit(gitDir, {
      parent: tip,
      files: [{ path: 'x', content: '1' }],
      message: 'x',
      author: bob,
    });
    await commitFiles(gitDir, { branch: 'main', files: [{ path: 'y', content: '2' }], message: 'y', author: alice });
    await expect(
      commitFiles(gitDir, { branch: 'main', parent: tip, expectedTip: tip, files: [], message: 'z', author: bob }),
    ).rejects.toMatchObject({ code: 'ref_conflict' });
    expect(gitSays(gitDir, 'rev-parse', 'main')).not.toBe(first);
  });

  it('creates, renames and deletes branches and tags', async () => {
    const gitDir = await freshRepo();
    const sha = await commitFiles(gitDir, {
      branch: 'main',
      files: [{ path: 'a', content: 'a' }],
      message: 'a',
      author: alice,
    });
    await createBranch(gitDir, 'feature/x', sha);
    await expect(createBranch(gitDir, 'feature/x', sha)).rejects.toMatchObject({ code: 'already_exists' });
    await renameBranch(gitDir, 'feature/x', 'feature/y');
    expect((await listBranches(gitDir)).map((b) => b.name)).toEqual(['feature/y', 'main']);
    await renameBranch(gitDir, 'main', 'trunk');
    expect(gitSays(gitDir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/trunk');
    await deleteBranch(gitDir, 'feature/y');
    await expect(deleteBranch(gitDir, 'feature/y')).rejects.toMatchObject({ code: 'not_found' });

    await createTag(gitDir, 'light', sha);
    await createTag(gitDir, 'v1.0.0', 'trunk', { message: 'Release 1', tagger: at(bob, 1) });
    await expect(createTag(gitDir, 'light', sha)).rejects.toMatchObject({ code: 'already_exists' });
    const annotated = await getTag(gitDir, 'v1.0.0');
    expect(annotated).toMatchObject({ annotated: true, commitSha: sha, message: 'Release 1\n', tagger: at(bob, 1) });
    expect(annotated?.id).toBe(gitSays(gitDir, 'rev-parse', 'refs/tags/v1.0.0'));
    expect(gitSays(gitDir, 'cat-file', '-t', annotated?.id ?? '')).toBe('tag');
    const light = await getTag(gitDir, 'light');
    expect(light).toMatchObject({ annotated: false, id: sha, commitSha: sha, message: 'a\n' });
    expect((await listTags(gitDir)).map((t) => t.name)).toEqual(['v1.0.0', 'light']);
  });

  it('pages history with a path filter and counts it like rev-list', async () => {
    const gitDir = await freshRepo();
    for (let i = 0; i < 5; i++)
      await commitFiles(gitDir, {
        branch: 'main',
        files: [{ path: i % 2 ? 'odd.txt' : 'even.txt', content: `${i}` }],
        message: `c${i}`,
        author: at(alice, i),
      });
    const page2 = await logCommits(gitDir, { rev: 'main', skip: 2, limit: 2 });
    expect(page2.map((c) => c.message.trim())).toEqual(['c2', 'c1']);
    expect(await countCommits(gitDir, { rev: 'main' })).toBe(5);
    expect((await logCommits(gitDir, { rev: 'main', path: 'odd.txt' })).map((c) => c.message.trim())).toEqual([
      'c3',
      'c1',
    ]);
    expect(await countCommits(gitDir, { rev: 'main', path: 'even.txt' })).toBe(3);
  });

  it('compares base...head from the merge base and renders diffs and patches', async () => {
    const gitDir = await freshRepo();
    const base = await commitFiles(gitDir, {
      branch: 'main',
      files: [{ path: 'f.txt', content: 'one\n' }],
      message: 'base',
      author: alice,
    });
    await createBranch(gitDir, 'topic', base);
    const t1 = await commitFiles(gitDir, {
      branch: 'topic',
      files: [{ path: 'f.txt', content: 'one\ntwo\n' }],
      message: 'topic 1',
      author: bob,
    });
    await commitFiles(gitDir, {
      branch: 'topic',
      files: [{ path: 'g.txt', content: 'g\n' }],
      message: 'topic 2',
      author: at(bob, 1),
    });
    await commitFiles(gitDir, {
      branch: 'main',
      files: [{ path: 'm.txt', content: 'm\n' }],
      message: 'main moves',
      author: at(alice, 2),
    });
    const main = gitSays(gitDir, 'rev-parse', 'main');
    const topic = gitSays(gitDir, 'rev-parse', 'topic');
    const cmp = await compareCommits(gitDir, main, topic);
    expect(cmp.mergeBase).toBe(base);
    expect(cmp.commits.map((c) => c.message.trim())).toEqual(['topic 2', 'topic 1']);
    expect(cmp.files).toEqual([
      { filename: 'f.txt', status: 'modified' },
      { filename: 'g.txt', status: 'added' },
    ]);
    expect({ additions: cmp.additions, deletions: cmp.deletions }).toEqual({ additions: 2, deletions: 0 });
    const diff = await rawCommitDiff(gitDir, t1, 'diff');
    expect(diff).toBe(`${gitSays(gitDir, 'diff', '-M', base, t1)}\n`);
    const patch = await rawCommitDiff(gitDir, t1, 'patch');
    expect(patch).toMatch(/^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\nFrom: Bob <bob@example.com>\n/);
    expect(patch).toContain('Subject: [PATCH] topic 1');
    expect(patch).toContain('+two');
    expect(await rawCommitDiff(gitDir, base, 'diff')).toContain('+one');
  });

  describe('mergeBranches', () => {
    async function forked(): Promise<{ gitDir: string; base: string }> {
      const gitDir = await freshRepo();
      const base = await commitFiles(gitDir, {
        branch: 'main',
        files: [{ path: 'f.txt', content: 'one\n' }],
        message: 'base',
        author: alice,
      });
      await createBranch(gitDir, 'topic', base);
      await commitFiles(gitDir, {
        branch: 'topic',
        files: [{ path: 't.txt', content: 't\n' }],
        message: 'topic 1',
        author: bob,
      });
      await commitFiles(gitDir, {
        branch: 'topic',
        files: [{ path: 'u.txt', content: 'u\n' }],
        message: 'topic 2',
        author: at(bob, 1),
      });
      return { gitDir, base };
    }
    const merger = at(alice, 10);

    it('merge: a two-parent commit by the merger', async () => {
      const { gitDir } = await forked();
      await commitFiles(gitDir, {
        branch: 'main',
        files: [{ path: 'm.txt', content: 'm\n' }],
        message: 'main',
        author: at(alice, 3),
      });
      const before = gitSays(gitDir, 'rev-parse', 'main');
      const topic = gitSays(gitDir, 'rev-parse', 'topic');
      const res = await mergeBranches(gitDir, {
        base: 'main',
        head: 'topic',
        style: 'merge',
        message: 'Merge topic',
        author: merger,
      });
      expect(res.previousSha).toBe(before);
      expect(gitSays(gitDir, 'rev-parse', 'main')).toBe(res.sha);
      const c = await readCommit(gitDir, res.sha);
      expect(c?.parents).toEqual([before, topic]);
      expect(c?.author).toEqual(merger);
      expect(c?.message).toBe('Merge topic\n');
    });

    it('squash: one single-parent commit with the whole change', async () => {
      const { gitDir, base } = await forked();
      const res = await mergeBranches(gitDir, {
        base: 'main',
        head: 'topic',
        style: 'squash',
        message: 'Squashed',
        author: bob,
        committer: merger,
      });
      const c = await readCommit(gitDir, res.sha);
      expect(c?.parents).toEqual([base]);
      expect(c?.author).toEqual(bob);
      expect(c?.committer).toEqual(merger);
      expect(gitSays(gitDir, 'ls-tree', '--name-only', 'main').split('\n')).toEqual(['f.txt', 't.txt', 'u.txt']);
    });

    it('fast-forward-only: moves the base, or refuses when it diverged', async () => {
      const { gitDir } = await forked();
      const topic = gitSays(gitDir, 'rev-parse', 'topic');
      const res = await mergeBranches(gitDir, {
        base: 'main',
        head: 'topic',
        style: 'fast-forward-only',
        message: '',
        author: merger,
      });
      expect(res.sha).toBe(topic);
      const other = await forked();
      await commitFiles(other.gitDir, {
        branch: 'main',
        files: [{ path: 'm', content: 'm' }],
        message: 'm',
        author: merger,
      });
      await expect(
        mergeBranches(other.gitDir, {
          base: 'main',
          head: 'topic',
          style: 'fast-forward-only',
          message: '',
          author: merger,
        }),
      ).rejects.toMatchObject({ code: 'not_fast_forward' });
    });

    it('rebase and rebase-merge: replay head commits keeping their authors', async () => {
      const { gitDir } = await forked();
      await commitFiles(gitDir, {
        branch: 'main',
        files: [{ path: 'm.txt', content: 'm\n' }],
        message: 'main',
        author: at(alice, 3),
      });
      const before = gitSays(gitDir, 'rev-parse', 'main');
      const res = await mergeBranches(gitDir, {
        base: 'main',
        head: 'topic',
        style: 'rebase',
        message: '',
        author: merger,
      });
      const log = await logCommits(gitDir, { rev: 'main', limit: 3 });
      expect(log.map((c) => c.message.trim())).toEqual(['topic 2', 'topic 1', 'main']);
      expect(log[0]?.sha).toBe(res.sha);
      expect(log[0]?.author).toEqual(at(bob, 1));
      expect(log[0]?.committer).toEqual(merger);
      expect(log[2]?.sha).toBe(before);

      const second = await forked();
      await commitFiles(second.gitDir, {
        branch: 'main',
        files: [{ path: 'm.txt', content: 'm\n' }],
        message: 'main',
        author: at(alice, 3),
      });
      const rm = await mergeBranches(second.gitDir, {
        base: 'main',
        head: 'topic',
        style: 'rebase-merge',
        message: 'Merge rebased',
        author: merger,
      });
      const c = await readCommit(second.gitDir, rm.sha);
      expect(c?.parents).toHaveLength(2);
      expect(c?.message).toBe('Merge rebased\n');
    });

    it('reports conflicts with their paths and leaves the base untouched', async () => {
      const { gitDir } = await forked();
      await commitFiles(gitDir, {
        branch: 'topic',
        files: [{ path: 'f.txt', content: 'topic\n' }],
        message: 't',
        author: bob,
      });
      await commitFiles(gitDir, {
        branch: 'main',
        files: [{ path: 'f.txt', content: 'main\n' }],
        message: 'm',
        author: alice,
      });
      const before = gitSays(gitDir, 'rev-parse', 'main');
      expect(await testMerge(gitDir, 'main', 'topic')).toEqual({ conflicts: ['f.txt'] });
      for (const style of ['merge', 'squash', 'rebase', 'rebase-merge'] as const)
        await expect(
          mergeBranches(gitDir, { base: 'main', head: 'topic', style, message: 'x', author: merger }),
        ).rejects.toMatchObject({ code: 'merge_conflict', paths: ['f.txt'] });
      expect(gitSays(gitDir, 'rev-parse', 'main')).toBe(before);
      expect((await runGit(gitDir, ['status', '--porcelain'], { okExitCodes: [128] })).exitCode).toBe(128);
    });
  });
});
