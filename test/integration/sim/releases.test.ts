/** Simulator releases and release assets: drafts, tags created at the target, latest, uploads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../../sim/git.js';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

type Asset = { id: number; name: string; size: number; browser_download_url: string };
type Release = {
  id: number;
  tag_name: string;
  name: string;
  draft: boolean;
  prerelease: boolean;
  target_commitish: string;
  author: { login: string };
  assets: Asset[];
  upload_url: string;
};

const R = '/repos/alice/hello-world';

describe('simulator releases (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  let gitDir: string;
  const tok = (login: string) => seededToken(sim, login);
  const git = async (...args: string[]) =>
    (await runGit(gitDir, args, { okExitCodes: [1, 128] })).stdout.toString().trim();
  beforeAll(async () => {
    sim = await startTestSim();
    gitDir = sim.sim.state.repoByName('alice', 'hello-world')?.gitDir ?? '';
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('hides drafts from readers and lists newest first with paging headers', async () => {
    const anon = await callApi<Release[]>(sim, 'GET', `${R}/releases`);
    expect(anon.body.map((r) => r.tag_name)).toEqual(['v1.0.0', 'v0.1.0']);
    expect(anon.headers.get('x-total-count')).toBe('2');
    const owner = await callApi<Release[]>(sim, 'GET', `${R}/releases?limit=1`, { token: tok('alice') });
    expect(owner.body.map((r) => r.tag_name)).toEqual(['v1.1.0']);
    expect(owner.headers.get('x-total-count')).toBe('3');
    expect(owner.headers.get('link')).toContain('rel="next"');
    const pre = await callApi<Release[]>(sim, 'GET', `${R}/releases?pre-release=true`);
    expect(pre.body.map((r) => r.tag_name)).toEqual(['v0.1.0']);
  });

  it('gets by id, tag and latest; drafts are 404 for readers', async () => {
    const latest = await callApi<Release>(sim, 'GET', `${R}/releases/latest`);
    expect(latest.body).toMatchObject({ tag_name: 'v1.0.0', name: 'Version 1.0.0', author: { login: 'alice' } });
    expect(latest.body.assets[0]?.browser_download_url).toBe(
      `${sim.url}/alice/hello-world/releases/download/v1.0.0/hello-world-1.0.0.tgz`,
    );
    const byTag = await callApi<Release>(sim, 'GET', `${R}/releases/tags/v1.0.0`);
    expect(byTag.body.id).toBe(latest.body.id);
    const byId = await callApi<Release>(sim, 'GET', `${R}/releases/${latest.body.id}`);
    expect(byId.body.tag_name).toBe('v1.0.0');
    expect((await callApi(sim, 'GET', `${R}/releases/tags/v1.1.0`)).status).toBe(404);
    expect((await callApi(sim, 'GET', `${R}/releases/tags/v1.1.0`, { token: tok('bob') })).status).toBe(200);
    expect((await callApi(sim, 'GET', `${R}/releases/999`)).status).toBe(404);
    expect((await callApi(sim, 'GET', '/repos/alice/secret-notes/releases', { token: tok('bob') })).status).toBe(404);
  });

  it('creates a release and its missing tag at the target, refuses duplicates and readers', async () => {
    const develop = await git('rev-parse', 'refs/heads/develop');
    const created = await callApi<Release>(sim, 'POST', `${R}/releases`, {
      token: tok('bob'),
      json: { tag_name: 'v2.0.0', target_commitish: 'develop', name: 'Two', body: 'notes', tag_message: 'Release 2' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tag_name: 'v2.0.0', target_commitish: 'develop', draft: false });
    expect(await git('rev-parse', 'refs/tags/v2.0.0^{commit}')).toBe(develop);
    expect(await git('cat-file', '-t', 'refs/tags/v2.0.0')).toBe('tag');
    const dup = await callApi(sim, 'POST', `${R}/releases`, { token: tok('bob'), json: { tag_name: 'v2.0.0' } });
    expect(dup.status).toBe(409);
    const reader = await callApi(sim, 'POST', `${R}/releases`, { token: tok('carol'), json: { tag_name: 'v3' } });
    expect(reader.status).toBe(403);
    const noTag = await callApi(sim, 'POST', `${R}/releases`, { token: tok('bob'), json: { name: 'x' } });
    expect(noTag.status).toBe(422);
    const badTarget = await callApi(sim, 'POST', `${R}/releases`, {
      token: tok('bob'),
      json: { tag_name: 'v9', target_commitish: 'no-such-branch' },
    });
    expect(badTarget.status).toBe(404);
    // A draft gets no tag until it is published.
    const draft = await callApi<Release>(sim, 'POST', `${R}/releases`, {
      token: tok('bob'),
      json: { tag_name: 'v2.1.0', draft: true },
    });
    expect(await git('rev-parse', '--verify', '--quiet', 'refs/tags/v2.1.0')).toBe('');
    const published = await callApi<Release>(sim, 'PATCH', `${R}/releases/${draft.body.id}`, {
      token: tok('bob'),
      json: { draft: false, name: 'Two point one' },
    });
    expect(published.body).toMatchObject({ draft: false, name: 'Two point one' });
    expect(await git('rev-parse', 'refs/tags/v2.1.0^{commit}')).toBe(await git('rev-parse', 'refs/heads/main'));
  });

  it('uploads, renames, lists and deletes assets; deleting a release keeps its tag', async () => {
    const rel = await callApi<Release>(sim, 'POST', `${R}/releases`, {
      token: tok('alice'),
      json: { tag_name: 'v3.0.0' },
    });
    const form = new FormData();
    form.append('attachment', new Blob(['binary-bytes']), 'app.bin');
    const res = await fetch(`${sim.url}/api/v1${R}/releases/${rel.body.id}/assets`, {
      method: 'POST',
      headers: { Authorization: `token ${tok('alice')}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const asset = (await res.json()) as Asset;
    expect(asset).toMatchObject({ name: 'app.bin', size: 12 });
    const raw = await fetch(`${sim.url}/api/v1${R}/releases/${rel.body.id}/assets?name=notes.txt`, {
      method: 'POST',
      headers: { Authorization: `token ${tok('alice')}`, 'Content-Type': 'application/octet-stream' },
      body: 'hello',
    });
    expect(raw.status).toBe(201);
    const renamed = await callApi<Asset>(sim, 'PATCH', `${R}/releases/${rel.body.id}/assets/${asset.id}`, {
      token: tok('alice'),
      json: { name: 'app-linux.bin' },
    });
    expect(renamed.status).toBe(201);
    const list = await callApi<Asset[]>(sim, 'GET', `${R}/releases/${rel.body.id}/assets`);
    expect(list.body.map((a) => a.name)).toEqual(['app-linux.bin', 'notes.txt']);
    const one = await callApi<Asset>(sim, 'GET', `${R}/releases/${rel.body.id}/assets/${asset.id}`);
    expect(one.body.name).toBe('app-linux.bin');
    expect(
      (await callApi(sim, 'DELETE', `${R}/releases/${rel.body.id}/assets/${asset.id}`, { token: tok('alice') })).status,
    ).toBe(204);
    expect((await callApi(sim, 'GET', `${R}/releases/${rel.body.id}/assets/${asset.id}`)).status).toBe(404);
    expect((await callApi(sim, 'DELETE', `${R}/releases/tags/v3.0.0`, { token: tok('alice') })).status).toBe(204);
    expect((await callApi(sim, 'GET', `${R}/releases/${rel.body.id}`)).status).toBe(404);
    expect(await git('rev-parse', '--verify', '--quiet', 'refs/tags/v3.0.0')).not.toBe('');
  });
});
