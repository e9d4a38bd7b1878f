/** Simulator wiki: pages in the real wiki git repository, base64 content, revisions, access rules. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../../sim/git.js';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

type Commit = { sha: string; message: string; author: { name: string } };
type Meta = { title: string; sub_url: string; html_url: string; last_commit: Commit };
type Page = Meta & { content_base64: string; commit_count: number; sidebar: string; footer: string };

const R = '/repos/alice/hello-world';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('simulator wiki (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  let wikiDir: string;
  const tok = (login: string) => seededToken(sim, login);
  const git = async (...args: string[]) => (await runGit(wikiDir, args)).stdout.toString().trim();
  beforeAll(async () => {
    sim = await startTestSim();
    wikiDir = sim.sim.state.repoByName('alice', 'hello-world')?.wikiGitDir ?? '';
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('lists seeded pages with their last commit', async () => {
    const pages = await callApi<Meta[]>(sim, 'GET', `${R}/wiki/pages`);
    expect(pages.body.map((p) => [p.title, p.sub_url])).toEqual([
      ['Getting Started', 'Getting-Started'],
      ['Home', 'Home'],
    ]);
    expect(pages.headers.get('x-total-count')).toBe('2');
    expect(pages.body[1]?.last_commit.sha).toBe(await git('log', '-1', '--format=%H', 'main', '--', 'Home.md'));
    expect(pages.body[0]?.html_url).toBe(`${sim.url}/alice/hello-world/wiki/Getting-Started`);
  });

  it('gets a page with base64 content and revisions from git', async () => {
    const page = await callApi<Page>(sim, 'GET', `${R}/wiki/page/Home`);
    expect(Buffer.from(page.body.content_base64, 'base64').toString()).toBe(
      await git('show', 'main:Home.md').then((s) => `${s}\n`),
    );
    expect(page.body.commit_count).toBe(2);
    expect(page.body.sidebar).toBe('');
    const revs = await callApi<{ commits: Commit[]; count: number }>(sim, 'GET', `${R}/wiki/revisions/Home`);
    expect(revs.body.count).toBe(2);
    expect(revs.body.commits.map((c) => c.message.trim())).toEqual(['Update "Home"', 'Add "Home"']);
    expect((await callApi(sim, 'GET', `${R}/wiki/page/Nope`)).status).toBe(404);
    expect((await callApi(sim, 'GET', '/repos/bob/dotfiles/wiki/pages')).status).toBe(404);
  });

  it('creates, edits (with rename) and deletes pages as git commits', async () => {
    const created = await callApi<Page>(sim, 'POST', `${R}/wiki/new`, {
      token: tok('bob'),
      json: { title: 'Release Process', content_base64: b64('# Releasing\n') },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Release Process', sub_url: 'Release-Process', commit_count: 1 });
    expect(await git('show', 'main:Release-Process.md')).toBe('# Releasing');
    expect(await git('log', '-1', '--format=%s|%an', 'main')).toBe('Add "Release Process"|Bob Builder');
    const dup = await callApi(sim, 'POST', `${R}/wiki/new`, {
      token: tok('bob'),
      json: { title: 'Release Process', content_base64: b64('x') },
    });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ message: 'wiki page already exists [title: Release-Process.md]' });
    const empty = await callApi(sim, 'POST', `${R}/wiki/new`, { token: tok('bob'), json: { title: ' ' } });
    expect(empty.body).toMatchObject({ message: 'emptyTitle' });
    const badB64 = await callApi(sim, 'POST', `${R}/wiki/new`, {
      token: tok('bob'),
      json: { title: 'X', content_base64: 'not base64!' },
    });
    expect(badB64.status).toBe(400);
    const edited = await callApi<Page>(sim, 'PATCH', `${R}/wiki/page/Release-Process`, {
      token: tok('alice'),
      json: { title: 'Releasing', content_base64: b64('# Releasing v2\n'), message: 'Rename' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('Releasing');
    expect(await git('ls-tree', '--name-only', 'main')).toBe('Getting-Started.md\nHome.md\nReleasing.md');
    const reader = await callApi(sim, 'DELETE', `${R}/wiki/page/Releasing`, { token: tok('carol') });
    expect(reader.status).toBe(403);
    expect((await callApi(sim, 'DELETE', `${R}/wiki/page/Releasing`, { token: tok('alice') })).status).toBe(204);
    expect((await callApi(sim, 'DELETE', `${R}/wiki/page/Releasing`, { token: tok('alice') })).status).toBe(404);
  });

  it('creates the wiki repository on the first write', async () => {
    const res = await callApi<Page>(sim, 'POST', '/repos/bob/dotfiles/wiki/new', {
      token: tok('bob'),
      json: { title: 'Home', content_base64: b64('dotfiles wiki\n') },
    });
    expect(res.status).toBe(201);
    const pages = await callApi<Meta[]>(sim, 'GET', '/repos/bob/dotfiles/wiki/pages');
    expect(pages.body.map((p) => p.title)).toEqual(['Home']);
  });
});
