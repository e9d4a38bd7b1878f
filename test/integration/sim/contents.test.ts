/** Simulator repository content routes: contents, raw, trees, blobs, branches, commits, compare, tags, refs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../../sim/git.js';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

type Contents = {
  name: string;
  path: string;
  sha: string;
  type: string;
  size: number;
  encoding: string | null;
  content: string | null;
  last_commit_sha?: string;
  download_url: string | null;
};
type FileResponse = { content: Contents | null; commit: { sha: string; message: string; parents: { sha: string }[] } };
type Commit = {
  sha: string;
  commit: { message: string };
  files?: { filename: string; status: string }[];
  stats?: { additions: number };
};

describe('simulator repository contents (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  const tok = (login: string) => seededToken(sim, login);
  const repoPath = () => sim.sim.state.repoByName('alice', 'hello-world')?.gitDir ?? '';
  const git = async (...args: string[]) => (await runGit(repoPath(), args)).stdout.toString().trim();
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('reads a file with base64 content and lists directories without content', async () => {
    const file = await callApi<Contents>(sim, 'GET', '/repos/alice/hello-world/contents/src/greet.ts');
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ name: 'greet.ts', path: 'src/greet.ts', type: 'file', encoding: 'base64' });
    expect(file.body.sha).toBe(await git('rev-parse', 'main:src/greet.ts'));
    expect(Buffer.from(file.body.content ?? '', 'base64').toString()).toContain('export function greet');
    expect(file.body.last_commit_sha).toBe(await git('log', '-1', '--format=%H', 'main', '--', 'src/greet.ts'));
    expect(file.body.download_url).toBe(`${sim.url}/alice/hello-world/raw/branch/main/src/greet.ts`);

    const dir = await callApi<Contents[]>(sim, 'GET', '/repos/alice/hello-world/contents/src');
    expect(dir.body.map((e) => [e.name, e.type, e.content])).toEqual([
      ['greet.ts', 'file', null],
      ['main.ts', 'file', null],
    ]);
    const root = await callApi<Contents[]>(sim, 'GET', '/repos/alice/hello-world/contents?ref=v0.1.0');
    expect(root.body.map((e) => e.name)).toEqual(['README.md', 'package.json']);
    // api.go routes `/contents/*` to GetContents; an empty wildcard is the root (routers/api/v1/repo/file.go).
    const slash = await callApi<Contents[]>(sim, 'GET', '/repos/alice/hello-world/contents/?ref=v0.1.0');
    expect(slash.status).toBe(200);
    expect(slash.body).toEqual(root.body);
    const atBranch = await callApi<Contents>(
      sim,
      'GET',
      '/repos/alice/hello-world/contents/src/greet.ts?ref=feature/greeting',
    );
    expect(Buffer.from(atBranch.body.content ?? '', 'base64').toString()).toContain('Bonjour');
  });

  it('answers 404 for a missing path or ref, and for invisible repositories', async () => {
    const missing = await callApi(sim, 'GET', '/repos/alice/hello-world/contents/nope.txt');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'GetContentsOrList' });
    const badRef = await callApi(sim, 'GET', '/repos/alice/hello-world/contents/README.md?ref=no-such-branch');
    expect(badRef.status).toBe(404);
    // routers/api/v1/repo/file.go resolveRefCommit → APIErrorNotFound(git.ErrNotExist{ID: ref}) (Gitea 1.25).
    expect(badRef.body).toEqual({
      errors: ['object does not exist [id: no-such-branch, rel_path: ]'],
      message: 'not found',
      url: `${sim.url}/api/swagger`,
    });
    expect(
      (await callApi(sim, 'GET', '/repos/alice/secret-notes/contents/notes.md', { token: tok('bob') })).status,
    ).toBe(404);
    const empty = await callApi<unknown[]>(sim, 'GET', '/repos/carol/sandbox/contents');
    expect(empty.body).toEqual([]);
  });

  it('creates, updates and deletes files with Gitea errors for existing files and stale SHAs', async () => {
    const binary = Buffer.from([0, 1, 2, 255, 254, 10, 0]);
    const created = await callApi<FileResponse>(sim, 'POST', '/repos/alice/hello-world/contents/assets/logo.bin', {
      token: tok('bob'),
      json: { content: binary.toString('base64'), message: 'Add logo' },
    });
    expect(created.status).toBe(201);
    expect(created.body.commit.message).toBe('Add logo\n');
    expect(created.body.commit.sha).toBe(await git('rev-parse', 'main'));
    expect(await git('log', '-1', '--format=%an <%ae>', 'main')).toBe('Bob Builder <bob@noreply.127.0.0.1>');
    const roundTrip = await callApi<Contents>(sim, 'GET', '/repos/alice/hello-world/contents/assets/logo.bin');
    expect(Buffer.from(roundTrip.body.content ?? '', 'base64')).toEqual(binary);
    const raw = await fetch(`${sim.url}/api/v1/repos/alice/hello-world/raw/assets/logo.bin`);
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(binary);

    const again = await callApi(sim, 'POST', '/repos/alice/hello-world/contents/assets/logo.bin', {
      token: tok('bob'),
      json: { content: 'eA==' },
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ message: 'repository file already exists [path: assets/logo.bin]' });

    const stale = await callApi(sim, 'PUT', '/repos/alice/hello-world/contents/README.md', {
      token: tok('bob'),
      json: { content: 'eA==', sha: '0000000000000000000000000000000000000001' },
    });
    expect(stale.status).toBe(422);
    expect(stale.body).toMatchObject({
      message: expect.stringMatching(/^sha does not match \[given: 0+1, expected: [0-9a-f]{40}\]$/),
    });

    const readme = await git('rev-parse', 'main:README.md');
    const updated = await callApi<FileResponse>(sim, 'PUT', '/repos/alice/hello-world/contents/README.md', {
      token: tok('bob'),
      json: { content: Buffer.from('# hi\n').toString('base64'), sha: readme },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.commit.message).toBe('Update README.md\n');
    expect(await git('show', 'main:README.md')).toBe('# hi');

    const del = await callApi<FileResponse>(sim, 'DELETE', '/repos/alice/hello-world/contents/assets/logo.bin', {
      token: tok('bob'),
      json: { sha: roundTrip.body.sha },
    });
    expect(del.status).toBe(200);
    expect(del.body.content).toBeNull();
    const delMissing = await callApi(sim, 'DELETE', '/repos/alice/hello-world/contents/assets/logo.bin', {
      token: tok('bob'),
      json: { sha: roundTrip.body.sha },
    });
    expect(delMissing.status).toBe(404);
    expect((await callApi(sim, 'GET', '/repos/alice/hello-world/raw/main/assets/logo.bin')).status).toBe(404);
  });

  it('forbids writes to read-only collaborators and anonymous callers', async () => {
    const carol = await callApi(sim, 'POST', '/repos/alice/hello-world/contents/x.txt', {
      token: tok('carol'),
      json: { content: 'eA==' },
    });
    expect(carol.status).toBe(403);
    // Gitea 1.25 routers/api/v1/repo/file.go ReqChangeRepoFileOptionsAndCheck.
    expect(carol.body).toMatchObject({ message: 'user should have a permission to write to the target branch' });
    const anon = await callApi(sim, 'POST', '/repos/alice/hello-world/contents/x.txt', { json: { content: 'eA==' } });
    expect(anon.status).toBe(401);
    expect(
      (
        await callApi(sim, 'POST', '/repos/alice/hello-world/branches', {
          token: tok('carol'),
          json: { new_branch_name: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it('changes several files in one commit on a new branch', async () => {
    const res = await callApi<{ files: (Contents | null)[]; commit: { sha: string } }>(
      sim,
      'POST',
      '/repos/alice/hello-world/contents',
      {
        token: tok('alice'),
        json: {
          branch: 'main',
          new_branch: 'multi',
          message: 'Several changes',
          files: [
            { operation: 'create', path: 'docs/a.md', content: Buffer.from('a').toString('base64') },
            { operation: 'rename', path: 'LICENSE.txt', from_path: 'LICENSE' },
            { operation: 'delete', path: 'package.json' },
          ],
        },
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.files.map((f) => f?.path ?? null)).toEqual(['docs/a.md', 'LICENSE.txt', null]);
    expect(await git('rev-parse', 'multi')).toBe(res.body.commit.sha);
    expect(await git('rev-parse', 'multi^')).toBe(await git('rev-parse', 'main'));
    expect((await git('ls-tree', '--name-only', 'multi')).split('\n')).toEqual([
      'LICENSE.txt',
      'README.md',
      'docs',
      'src',
    ]);
    const exists = await callApi(sim, 'POST', '/repos/alice/hello-world/contents', {
      token: tok('alice'),
      json: { new_branch: 'multi', files: [{ operation: 'create', path: 'z', content: '' }] },
    });
    expect(exists.status).toBe(422);
    expect(exists.body).toMatchObject({ message: 'branch already exists [name: multi]' });
  });

  it('serves git trees with paging and blobs', async () => {
    const tree = await callApi<{
      sha: string;
      tree: { path: string; type: string }[];
      truncated: boolean;
      total_count: number;
    }>(sim, 'GET', '/repos/alice/hello-world/git/trees/v1.0.0?recursive=true&per_page=2&page=2');
    expect(tree.body.total_count).toBe(6);
    expect(tree.body.truncated).toBe(true);
    expect(tree.body.tree.map((e) => e.path)).toEqual(['package.json', 'src']);
    // modules/git/repo_tree_nogogit.go: `sha` is what the name resolved to, not the tree.
    expect(tree.body.sha).toBe(await git('rev-parse', 'v1.0.0'));
    const blobSha = await git('rev-parse', 'v1.0.0:LICENSE');
    const blob = await callApi<{ content: string; size: number }>(
      sim,
      'GET',
      `/repos/alice/hello-world/git/blobs/${blobSha}`,
    );
    expect(Buffer.from(blob.body.content, 'base64').toString()).toContain('MIT License');
    expect((await callApi(sim, 'GET', '/repos/alice/hello-world/git/trees/nope')).status).toBe(400);
  });

  it('creates, renames, lists and deletes branches', async () => {
    const created = await callApi<{ name: string; commit: { id: string }; user_can_push: boolean }>(
      sim,
      'POST',
      '/repos/alice/hello-world/branches',
      {
        token: tok('bob'),
        json: { new_branch_name: 'bob/topic', old_ref_name: 'v0.1.0' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.commit.id).toBe(await git('rev-parse', 'v0.1.0^{commit}'));
    expect(created.body.user_can_push).toBe(true);
    const dup = await callApi(sim, 'POST', '/repos/alice/hello-world/branches', {
      token: tok('bob'),
      json: { new_branch_name: 'bob/topic' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ message: 'The branch already exists.' });
    const missingOld = await callApi(sim, 'POST', '/repos/alice/hello-world/branches', {
      token: tok('bob'),
      json: { new_branch_name: 'x', old_branch_name: 'nope' },
    });
    expect(missingOld.status).toBe(404);
    expect(
      (
        await callApi(sim, 'PATCH', '/repos/alice/hello-world/branches/bob/topic', {
          token: tok('bob'),
          json: { name: 'bob/renamed' },
        })
      ).status,
    ).toBe(204);
    const list = await callApi<{ name: string }[]>(sim, 'GET', '/repos/alice/hello-world/branches?limit=2');
    expect(list.headers.get('x-total-count')).toBe('5');
    expect(list.body.map((b) => b.name)).toEqual(['bob/renamed', 'develop']);
    expect((await callApi(sim, 'GET', '/repos/alice/hello-world/branches/bob/renamed')).status).toBe(200);
    const delDefault = await callApi(sim, 'DELETE', '/repos/alice/hello-world/branches/main', { token: tok('alice') });
    expect(delDefault.status).toBe(403);
    expect(delDefault.body).toMatchObject({ message: 'can not delete default branch' });
    expect(
      (await callApi(sim, 'DELETE', '/repos/alice/hello-world/branches/bob/renamed', { token: tok('bob') })).status,
    ).toBe(204);
    expect((await callApi(sim, 'GET', '/repos/alice/hello-world/branches/bob/renamed')).status).toBe(404);
  });

  it('lists commits with paging headers, path filter, stats and files', async () => {
    const page = await callApi<Commit[]>(sim, 'GET', '/repos/alice/hello-world/commits?sha=v1.0.0&limit=2&page=2');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-total-count')).toBe('5');
    expect(page.headers.get('x-hasmore')).toBe('true');
    expect(page.headers.get('x-pagecount')).toBe('3');
    expect(page.body.map((c) => c.commit.message.split('\n')[0])).toEqual(['Document usage in README', 'Add greeter']);
    expect(page.body[1]?.files).toEqual([
      { filename: 'src/greet.ts', status: 'added' },
      { filename: 'src/main.ts', status: 'added' },
    ]);
    expect(page.body[1]?.stats?.additions).toBe(6);
    const byPath = await callApi<Commit[]>(
      sim,
      'GET',
      '/repos/alice/hello-world/commits?sha=v1.0.0&path=package.json&stat=false&files=false',
    );
    expect(byPath.body.map((c) => c.commit.message.trim())).toEqual([
      'Read the name from the command line',
      'Initial commit',
    ]);
    expect(byPath.body[0]?.stats).toBeUndefined();
    expect((await callApi(sim, 'GET', '/repos/alice/hello-world/commits?sha=nope')).status).toBe(404);
    expect((await callApi(sim, 'GET', '/repos/carol/sandbox/commits')).status).toBe(409);
  });

  it('gets single commits, raw diffs and patches, and compares branches', async () => {
    const sha = await git('rev-parse', 'feature/greeting');
    const one = await callApi<Commit>(sim, 'GET', `/repos/alice/hello-world/git/commits/${sha.slice(0, 10)}`);
    expect(one.body.sha).toBe(sha);
    expect(one.body.files).toEqual([{ filename: 'src/greet.ts', status: 'modified' }]);
    const diff = await callApi<string>(sim, 'GET', `/repos/alice/hello-world/git/commits/${sha}.diff`);
    expect(diff.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(diff.body).toBe(`${await git('diff', '-M', `${sha}^`, sha)}\n`);
    const patch = await callApi<string>(sim, 'GET', `/repos/alice/hello-world/git/commits/${sha}.patch`);
    expect(patch.body).toContain('Subject: [PATCH] Greet in several languages');
    const missing = await callApi(sim, 'GET', '/repos/alice/hello-world/git/commits/deadbeefdeadbeef');
    expect(missing.status).toBe(404);
    // routers/api/v1/repo/commits.go getCommit (Gitea #34267, in 1.25): the message says what is missing.
    expect(missing.body).toMatchObject({ message: "commit doesn't exist: deadbeefdeadbeef" });

    const cmp = await callApi<{ total_commits: number; commits: Commit[] }>(
      sim,
      'GET',
      '/repos/alice/hello-world/compare/v1.0.0...feature/greeting',
    );
    expect(cmp.body.total_commits).toBe(1);
    expect(cmp.body.commits[0]?.sha).toBe(sha);
    expect((await callApi(sim, 'GET', '/repos/alice/hello-world/compare/main...nope')).status).toBe(404);
  });

  it('creates annotated tags, lists, gets and deletes them, and lists refs', async () => {
    const created = await callApi<{ name: string; id: string; message: string; commit: { sha: string } }>(
      sim,
      'POST',
      '/repos/alice/hello-world/tags',
      {
        token: tok('bob'),
        json: { tag_name: 'v2.0.0', target: 'develop', message: 'Second release' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.message).toBe('Second release');
    expect(created.body.commit.sha).toBe(await git('rev-parse', 'develop'));
    expect(await git('cat-file', '-t', created.body.id)).toBe('tag');
    expect(
      (await callApi(sim, 'POST', '/repos/alice/hello-world/tags', { token: tok('bob'), json: { tag_name: 'v2.0.0' } }))
        .status,
    ).toBe(409);
    const got = await callApi<{ name: string }>(sim, 'GET', '/repos/alice/hello-world/tags/v1.0.0');
    expect(got.body.name).toBe('v1.0.0');
    const list = await callApi<{ name: string }[]>(sim, 'GET', '/repos/alice/hello-world/tags');
    expect(list.body.map((t) => t.name)).toContain('v2.0.0');
    const refs = await callApi<{ ref: string; object: { type: string } }[]>(
      sim,
      'GET',
      '/repos/alice/hello-world/git/refs/tags',
    );
    expect(refs.body.find((r) => r.ref === 'refs/tags/v1.0.0')?.object.type).toBe('tag');
    expect((await callApi(sim, 'DELETE', '/repos/alice/hello-world/tags/v2.0.0', { token: tok('bob') })).status).toBe(
      204,
    );
    expect((await callApi(sim, 'GET', '/repos/alice/hello-world/tags/v2.0.0')).status).toBe(404);
  });
});
