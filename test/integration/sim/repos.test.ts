/** Simulator repository metadata: visibility, permissions, search, forks, collaborators, topics, edits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../../sim/git.js';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';
import { addScopedToken } from './tokens.js';

type Repo = {
  full_name: string;
  private: boolean;
  fork: boolean;
  empty: boolean;
  permissions: { admin: boolean; push: boolean; pull: boolean };
  parent?: { full_name: string };
  topics: string[];
  description: string;
  has_code?: boolean;
  default_branch: string;
};

describe('simulator repositories (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  const tok = (login: string) => seededToken(sim, login);
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('answers 404 for a private repository the caller cannot see, anonymous included', async () => {
    const notFound = { errors: null, message: 'not found', url: `${sim.url}/api/swagger` };
    const anon = await callApi(sim, 'GET', '/repos/alice/secret-notes');
    expect(anon.status).toBe(404);
    expect(anon.body).toEqual(notFound);
    const bob = await callApi(sim, 'GET', '/repos/alice/secret-notes', { token: tok('bob') });
    expect(bob.status).toBe(404);
    const carol = await callApi<Repo>(sim, 'GET', '/repos/alice/secret-notes', { token: tok('carol') });
    expect(carol.body.permissions).toEqual({ admin: false, push: false, pull: true });
  });

  it('answers 403 with Gitea texts for insufficient permission', async () => {
    const edit = await callApi(sim, 'PATCH', '/repos/alice/secret-notes', {
      token: tok('carol'),
      json: { description: 'x' },
    });
    expect(edit.status).toBe(403);
    expect(edit.body).toEqual({
      message: 'user should be an owner or a collaborator with admin write of a repository',
      url: `${sim.url}/api/swagger`,
    });
    const del = await callApi(sim, 'DELETE', '/repos/bob/dotfiles', { token: tok('alice') });
    expect(del.status).toBe(403);
    expect(del.body).toMatchObject({ message: 'user should be the owner of the repo' });
    const collab = await callApi(sim, 'PUT', '/repos/alice/hello-world/collaborators/dave', {
      token: tok('bob'),
      json: { permission: 'read' },
    });
    expect(collab.status).toBe(403);
  });

  it('gives team members access to private organization repositories', async () => {
    const bob = await callApi<Repo>(sim, 'GET', '/repos/acme/platform', { token: tok('bob') });
    expect(bob.body.permissions).toEqual({ admin: false, push: true, pull: true });
    expect((await callApi(sim, 'GET', '/repos/acme/platform', { token: tok('dave') })).status).toBe(404);
    const alice = await callApi<Repo>(sim, 'GET', '/repos/acme/platform', { token: tok('alice') });
    expect(alice.body.permissions.admin).toBe(true);
  });

  it('checks the token scope before looking the repository up', async () => {
    const token = await addScopedToken(sim, 'alice', 'read:user');
    const res = await callApi<{ message: string }>(sim, 'GET', '/repos/nobody/nothing', { token });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('required=[read:repository]');
  });

  it('limits public-only tokens to public repositories', async () => {
    const token = await addScopedToken(sim, 'alice', 'public-only,read:repository');
    const secret = await callApi(sim, 'GET', '/repos/alice/secret-notes', { token });
    expect(secret.status).toBe(403);
    expect(secret.body).toMatchObject({ message: 'token scope is limited to public repos' });
    const search = await callApi<{ data: Repo[] }>(sim, 'GET', '/repos/search?limit=50', { token });
    expect(search.body.data.some((r) => r.private)).toBe(false);
    const full = await callApi<{ data: Repo[] }>(sim, 'GET', '/repos/search?limit=50', { token: tok('alice') });
    expect(full.body.data.map((r) => r.full_name)).toContain('alice/secret-notes');
  });

  it('searches with {ok,data}, paging headers, and 422 for bad sort, order or mode', async () => {
    const anon = await callApi<{ ok: boolean; data: Repo[] }>(sim, 'GET', '/repos/search?limit=2&sort=id');
    expect(anon.body.ok).toBe(true);
    expect(anon.body.data.map((r) => r.full_name)).toEqual(['alice/hello-world', 'bob/dotfiles']);
    expect(anon.headers.get('x-total-count')).toBe('5');
    expect(anon.headers.get('link')).toContain('rel="next"');
    const topic = await callApi<{ data: Repo[] }>(sim, 'GET', '/repos/search?q=typescript&topic=true');
    expect(topic.body.data.map((r) => r.full_name)).toEqual(['alice/hello-world']);
    const forks = await callApi<{ data: Repo[] }>(sim, 'GET', '/repos/search?mode=fork');
    expect(forks.body.data.map((r) => r.full_name)).toEqual(['carol/hello-world']);
    const badSort = await callApi(sim, 'GET', '/repos/search?sort=bogus');
    expect(badSort.status).toBe(422);
    expect(badSort.body).toMatchObject({ message: 'Invalid sort mode: "bogus"' });
    expect((await callApi(sim, 'GET', '/repos/search?sort=id&order=up')).status).toBe(422);
    expect((await callApi(sim, 'GET', '/repos/search?mode=weird')).status).toBe(422);
  });

  it('renders forks with their parent and refuses a second fork', async () => {
    const fork = await callApi<Repo>(sim, 'GET', '/repos/carol/hello-world');
    expect(fork.body.fork).toBe(true);
    expect(fork.body.parent?.full_name).toBe('alice/hello-world');
    const made = await callApi<Repo>(sim, 'POST', '/repos/bob/dotfiles/forks', { token: tok('dave'), json: {} });
    expect(made.status).toBe(202);
    expect(made.body.full_name).toBe('dave/dotfiles');
    const again = await callApi(sim, 'POST', '/repos/bob/dotfiles/forks', { token: tok('dave'), json: {} });
    expect(again.status).toBe(409);
    const dotfiles = sim.sim.state.repoByName('dave', 'dotfiles');
    if (!dotfiles) throw new Error('fork not recorded');
    const branches = await runGit(dotfiles.gitDir, ['for-each-ref', '--format=%(refname)', 'refs/heads']);
    expect(branches.stdout.toString().trim()).toBe('refs/heads/main');
  });

  it('manages collaborators and reports permissions', async () => {
    const token = tok('alice');
    expect(
      (
        await callApi(sim, 'PUT', '/repos/alice/secret-notes/collaborators/dave', {
          token,
          json: { permission: 'write' },
        })
      ).status,
    ).toBe(204);
    const perm = await callApi<{ permission: string; role_name: string; user: { login: string } }>(
      sim,
      'GET',
      '/repos/alice/secret-notes/collaborators/dave/permission',
      { token },
    );
    expect(perm.body).toMatchObject({ permission: 'write', role_name: 'write', user: { login: 'dave' } });
    const others = await callApi(sim, 'GET', '/repos/alice/secret-notes/collaborators/alice/permission', {
      token: tok('dave'),
    });
    expect(others.status).toBe(403);
    expect((await callApi(sim, 'GET', '/repos/alice/secret-notes/collaborators/dave', { token })).status).toBe(204);
    const missing = await callApi(sim, 'GET', '/repos/alice/secret-notes/collaborators/ghost', { token });
    expect(missing.status).toBe(422);
    expect((await callApi(sim, 'DELETE', '/repos/alice/secret-notes/collaborators/dave', { token })).status).toBe(204);
    expect((await callApi(sim, 'GET', '/repos/alice/secret-notes', { token: tok('dave') })).status).toBe(404);
  });

  it('validates and stores topics like Gitea', async () => {
    const token = tok('carol');
    const bad = await callApi(sim, 'PUT', '/repos/carol/sandbox/topics', {
      token,
      json: { topics: ['ok', '-bad', 'Also OK'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({ invalidTopics: ['-bad', 'also ok'], message: 'Invalid topic names' });
    const put = await callApi(sim, 'PUT', '/repos/carol/sandbox/topics', {
      token,
      json: { topics: ['Zeta', 'alpha'] },
    });
    expect(put.status).toBe(204);
    const got = await callApi<{ topics: string[] }>(sim, 'GET', '/repos/carol/sandbox/topics');
    expect(got.body.topics).toEqual(['alpha', 'zeta']);
    // Real Gitea wraps topic search results in {"topics": [...]}, unlike its swagger file.
    const found = await callApi<{ topics: { topic_name: string; repo_count: number }[] }>(
      sim,
      'GET',
      '/topics/search?q=typescript',
      { raw: true },
    );
    expect(found.body.topics).toEqual([expect.objectContaining({ topic_name: 'typescript', repo_count: 1 })]);
  });

  it('edits, renames and deletes a repository', async () => {
    const token = tok('bob');
    await callApi(sim, 'POST', '/user/repos', { token, json: { name: 'scratch', auto_init: true } });
    const edited = await callApi<Repo>(sim, 'PATCH', '/repos/bob/scratch', {
      token,
      json: { name: 'scratch2', description: 'renamed', default_branch: 'does-not-exist' },
    });
    expect(edited.body).toMatchObject({ full_name: 'bob/scratch2', description: 'renamed', default_branch: 'main' });
    expect((await callApi(sim, 'GET', '/repos/bob/scratch', { token })).status).toBe(404);
    const repo = sim.sim.state.repoByName('bob', 'scratch2');
    if (!repo) throw new Error('rename lost the repository');
    const tree = await runGit(repo.gitDir, ['ls-tree', '--name-only', 'main']);
    expect(tree.stdout.toString().trim()).toBe('README.md');
    expect((await callApi(sim, 'DELETE', '/repos/bob/scratch2', { token })).status).toBe(204);
    expect((await callApi(sim, 'GET', '/repos/bob/scratch2', { token })).status).toBe(404);
  });

  it('looks repositories up by id with the same visibility rules', async () => {
    const secret = sim.sim.state.repoByName('alice', 'secret-notes');
    expect((await callApi(sim, 'GET', `/repositories/${secret?.id}`)).status).toBe(404);
    const own = await callApi<Repo>(sim, 'GET', `/repositories/${secret?.id}`, { token: tok('alice') });
    expect(own.body.full_name).toBe('alice/secret-notes');
    expect(own.body.has_code).toBe(true);
  });
});

describe.each([
  ['gitea', '1.22.6', { errors: null, message: "The target couldn't be found." }],
  ['forgejo', '11.0.1', { errors: [], message: "The target couldn't be found." }],
] as const)('404 body and fields on %s %s', (flavor, version, body) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim({ flavor, version });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('uses the flavor/version 404 body and omits has_code', async () => {
    const res = await callApi(sim, 'GET', '/repos/alice/secret-notes');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ...body, url: `${sim.url}/api/swagger` });
    const pub = await callApi<Repo>(sim, 'GET', '/repos/alice/hello-world');
    expect(pub.body.has_code).toBeUndefined();
    expect('licenses' in pub.body).toBe(false);
  });
});
