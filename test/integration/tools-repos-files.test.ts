/**
 * The context, repos, files, branches, commits and tags toolsets through the
 * official MCP SDK client (over Streamable HTTP, and again over stdio via the
 * tools-over-stdio project) against the seeded simulator.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, failTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';

let h: ToolHarness;
let alice: Client;
let bob: Client;
let carol: Client;

beforeAll(async () => {
  h = await startToolHarness();
  alice = await h.connectAs('alice');
  bob = await h.connectAs('bob');
  carol = await h.connectAs('carol');
});

afterAll(async () => {
  await h?.close();
});

describe('context and repos', () => {
  it('get_me returns the token owner', async () => {
    expect(await okTool(alice, 'get_me', {})).toMatchObject({
      login: 'alice',
      session: { authKind: expect.stringMatching(/^(direct|stdio)$/) },
    });
  });

  it('search_repos, list_my_repos and list_org_repos page compact summaries', async () => {
    const search = await okTool(alice, 'search_repos', { query: 'hello', perPage: 5 });
    const found = (search.repositories as { fullName: string }[]).map((r) => r.fullName);
    expect(found).toContain('alice/hello-world');
    expect(search).toHaveProperty('nextPage');
    const mine = await okTool(alice, 'list_my_repos', {});
    const names = (mine.repositories as { fullName: string; owner?: unknown }[]).map((r) => r.fullName);
    expect(names).toEqual(expect.arrayContaining(['alice/hello-world', 'alice/secret-notes']));
    expect((mine.repositories as object[])[0]).not.toHaveProperty('owner');
    const org = await okTool(alice, 'list_org_repos', { org: 'acme' });
    expect((org.repositories as { fullName: string }[]).map((r) => r.fullName)).toContain('acme/platform');
  });

  it('get_repository shows details; another user\'s private repository is "not found or not visible"', async () => {
    const repo = await okTool(alice, 'get_repository', { owner: 'alice', repo: 'hello-world' });
    expect(repo).toMatchObject({ fullName: 'alice/hello-world', private: false });
    expect(typeof repo.defaultBranch).toBe('string');
    const hidden = await callTool(bob, 'get_repository', { owner: 'alice', repo: 'secret-notes' });
    expect(hidden.isError).toBe(true);
    expect(hidden.text).toMatch(/Repository alice\/secret-notes not found or not visible to you/);
  });

  it('create_repo and fork_repo', async () => {
    const created = await okTool(alice, 'create_repo', { name: 'gatea-made', autoInit: true, private: true });
    expect(created).toMatchObject({ fullName: 'alice/gatea-made', private: true });
    const fork = await okTool(bob, 'fork_repo', { owner: 'alice', repo: 'hello-world', name: 'hello-fork' });
    expect(fork).toMatchObject({ fullName: 'bob/hello-fork', fork: true, parent: 'alice/hello-world' });
  });
});

describe('files, branches, commits and tags on alice/hello-world', () => {
  const repo = { owner: 'alice', repo: 'hello-world' };
  const branch = 'gatea-it';

  it('reads the tree, a directory and a file by line range', async () => {
    const tree = await okTool(alice, 'get_repository_tree', repo);
    const blobs = (tree.entries as { path: string; type: string }[]).filter((e) => e.type === 'blob');
    expect(blobs.length).toBeGreaterThan(0);
    const dir = await okTool(alice, 'get_file_contents', { ...repo, path: '' });
    expect(dir.type).toBe('dir');
    const path = blobs[0]?.path ?? '';
    const file = await okTool(alice, 'get_file_contents', { ...repo, path, startLine: 1, endLine: 1 });
    expect(file).toMatchObject({ type: 'file', path, startLine: 1 });
    expect(typeof file.content).toBe('string');
  });

  it('creates a branch, commits, renames and deletes files, and reads history and diffs', async () => {
    expect(await okTool(alice, 'create_branch', { ...repo, branch })).toMatchObject({ name: branch });
    const listed = await okTool(alice, 'list_branches', repo);
    expect((listed.branches as { name: string }[]).map((b) => b.name)).toContain(branch);

    const c1 = await okTool(alice, 'create_or_update_file', {
      ...repo,
      branch,
      message: 'Add notes',
      files: [
        { path: 'gatea/a.txt', content: 'one\ntwo\nthree\n' },
        { path: 'gatea/b.txt', content: 'bee\n' },
      ],
    });
    expect(c1.files).toEqual([
      { path: 'gatea/a.txt', operation: 'create' },
      { path: 'gatea/b.txt', operation: 'create' },
    ]);
    const read = await okTool(alice, 'get_file_contents', { ...repo, path: 'gatea/a.txt', ref: branch, startLine: 2 });
    expect(read).toMatchObject({ content: 'two\nthree', totalLines: 3, nextStartLine: null });

    const c2 = await okTool(alice, 'create_or_update_file', {
      ...repo,
      branch,
      message: 'Rename and edit',
      files: [
        { path: 'gatea/a.txt', content: 'ONE\n' },
        { path: 'gatea/c.txt', fromPath: 'gatea/b.txt', content: 'sea\n' },
      ],
    });
    expect(c2.files).toEqual([
      { path: 'gatea/a.txt', operation: 'update' },
      { path: 'gatea/c.txt', operation: 'update', fromPath: 'gatea/b.txt' },
    ]);

    const del = await okTool(alice, 'delete_file', { ...repo, branch, path: 'gatea/c.txt', message: 'Drop c' });
    const delSha = (del.commit as { sha: string }).sha;
    expect(delSha).toMatch(/^[0-9a-f]{40}$/);
    const cGone = await callTool(alice, 'get_file_contents', { ...repo, path: 'gatea/c.txt', ref: branch });
    expect(cGone.isError).toBe(true);
    expect(cGone.text).toMatch(/"gatea\/c.txt" does not exist in alice\/hello-world/);
    const dir = await okTool(alice, 'get_file_contents', { ...repo, path: 'gatea', ref: branch });
    expect((dir.entries as { name: string }[]).map((e) => e.name)).toEqual(['a.txt']);

    const history = await okTool(alice, 'list_commits', { ...repo, ref: branch, perPage: 3 });
    expect((history.commits as { subject: string }[]).map((c) => c.subject)).toEqual([
      'Drop c',
      'Rename and edit',
      'Add notes',
    ]);
    const commit = await okTool(alice, 'get_commit', { ...repo, sha: delSha, includeDiff: true });
    expect(commit).toMatchObject({ sha: delSha, subject: 'Drop c', nextDiffOffset: null });
    expect(commit.diff).toMatch(/gatea\/c\.txt/);

    const renamed = await okTool(alice, 'rename_branch', { ...repo, branch, newName: `${branch}-2` });
    expect(renamed).toMatchObject({ renamed: true });
    expect(await okTool(alice, 'delete_branch', { ...repo, branch: `${branch}-2` })).toMatchObject({ deleted: true });
    const gone = await callTool(alice, 'get_file_contents', { ...repo, path: 'gatea/a.txt', ref: `${branch}-2` });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(new RegExp(`"${branch}-2" is not a branch, tag or commit of alice/hello-world`));
  });

  it('creates, lists, reads and deletes a tag', async () => {
    const created = await okTool(alice, 'create_tag', { ...repo, tag: 'v9.9.9-gatea', message: 'test tag' });
    expect(created).toMatchObject({ name: 'v9.9.9-gatea' });
    const tags = await okTool(alice, 'list_tags', repo);
    expect((tags.tags as { name: string }[]).map((t) => t.name)).toContain('v9.9.9-gatea');
    expect(await okTool(alice, 'get_tag', { ...repo, tag: 'v9.9.9-gatea' })).toMatchObject({ name: 'v9.9.9-gatea' });
    expect(await okTool(alice, 'delete_tag', { ...repo, tag: 'v9.9.9-gatea' })).toMatchObject({ deleted: true });
    const gone = await callTool(alice, 'get_tag', { ...repo, tag: 'v9.9.9-gatea' });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(/not found or not visible/);
    const left = await okTool(alice, 'list_tags', repo);
    expect((left.tags as { name: string }[]).map((t) => t.name)).not.toContain('v9.9.9-gatea');
  });

  it('a user without push access is refused with a sentence, not -32603', async () => {
    // carol is a read-only collaborator on alice/hello-world in the seed.
    const r = await callTool(carol, 'create_branch', { ...repo, branch: 'carol-was-here' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/refused|permission/i);
  });
});

describe('issue #14: truthful file and paging results', () => {
  const repo = { owner: 'alice', repo: 'hello-world' };

  it('a missing ref is named as the ref, not blamed on the repository or the path', async () => {
    for (const path of ['README.md', '']) {
      const text = await failTool(alice, 'get_file_contents', { ...repo, path, ref: 'no-such-branch' });
      expect(text).toMatch(/"no-such-branch" is not a branch, tag or commit of alice\/hello-world/);
      expect(text).not.toMatch(/Repository alice\/hello-world not found/);
    }
    // A missing path at a ref that exists still names the path.
    const missing = await failTool(alice, 'get_file_contents', { ...repo, path: 'no/such/file.txt', ref: 'main' });
    expect(missing).toMatch(/"no\/such\/file\.txt" does not exist/);
    // An invisible repository is still "not found or not visible", whatever the ref.
    const hidden = await failTool(bob, 'get_file_contents', {
      owner: 'alice',
      repo: 'secret-notes',
      path: 'x',
      ref: 'nope',
    });
    expect(hidden).toMatch(/Repository alice\/secret-notes not found or not visible to you/);
  });

  it('a startLine past the end of the file says how many lines the file has', async () => {
    const whole = await okTool(alice, 'get_file_contents', { ...repo, path: 'README.md' });
    const total = whole.totalLines as number;
    const text = await failTool(alice, 'get_file_contents', { ...repo, path: 'README.md', startLine: total + 6 });
    expect(text).toMatch(new RegExp(`README\\.md has only ${total} lines`));
    expect(text).toMatch(/startLine/);
    // The last line itself is still a valid window.
    const last = await okTool(alice, 'get_file_contents', { ...repo, path: 'README.md', startLine: total });
    expect(last).toMatchObject({ startLine: total, endLine: total, totalLines: total, nextStartLine: null });
  });

  it('the root directory is listed for path "", "/" and "."', async () => {
    const names = async (path: string) => {
      const dir = await okTool(alice, 'get_file_contents', { ...repo, path });
      expect(dir.type).toBe('dir');
      return (dir.entries as { name: string }[]).map((e) => e.name);
    };
    const root = await names('');
    expect(root).toContain('README.md');
    expect(await names('/')).toEqual(root);
    expect(await names('.')).toEqual(root);
  });

  it('perPage above 50 is lowered to 50 and the result says so', async () => {
    const res = await okTool(alice, 'search_repos', { query: 'hello', perPage: 100 });
    expect(res.perPage).toBe(50);
    expect(res.note).toMatch(/perPage 100 is more than the 50 Gitea returns per page/);
    const branches = await okTool(alice, 'list_branches', { ...repo, perPage: 51 });
    expect(branches.perPage).toBe(50);
    expect(branches.note).toMatch(/perPage 51/);
    const normal = await okTool(alice, 'list_branches', { ...repo, perPage: 50 });
    expect(normal.note).toBeUndefined();
  });
});
