/**
 * Simulator packages and issue/comment attachments: access follows the
 * package owner; attachments may be changed by the poster, writers and
 * admins only, and are found only through the issue or comment they belong to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';
import { addScopedToken } from './tokens.js';

type Pkg = { name: string; version: string; type: string; repository: { full_name: string } | null };
type Attachment = { id: number; name: string; size: number; browser_download_url: string };

const H = '/repos/alice/hello-world';

describe('simulator packages and attachments (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  const tok = (login: string) => seededToken(sim, login);
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("lists an owner's package versions newest first, filtered by type and name", async () => {
    const all = await callApi<Pkg[]>(sim, 'GET', '/packages/alice');
    expect(all.body.map((p) => `${p.name}@${p.version}`)).toEqual(['hello-cli@1.1.0', 'hello-cli@1.0.0']);
    expect(all.body[0]?.repository?.full_name).toBe('alice/hello-world');
    expect((await callApi<Pkg[]>(sim, 'GET', '/packages/alice?type=npm')).body).toEqual([]);
    expect((await callApi<Pkg[]>(sim, 'GET', '/packages/acme?q=sdk')).body.map((p) => p.type)).toEqual(['npm']);
    const latest = await callApi<Pkg>(sim, 'GET', '/packages/alice/generic/hello-cli/-/latest');
    expect(latest.body.version).toBe('1.1.0');
    const files = await callApi<{ name: string; size: number; sha256: string }[]>(
      sim,
      'GET',
      '/packages/alice/generic/hello-cli/1.1.0/files',
    );
    expect(files.body.map((f) => f.name)).toEqual(['hello-cli-1.1.0.tar.gz', 'hello-cli-1.1.0.sha256']);
    expect(files.body[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets only the owner, org writers and admins change packages', async () => {
    const dave = await callApi<{ message: string }>(sim, 'DELETE', '/packages/alice/generic/hello-cli/1.0.0', {
      token: tok('dave'),
    });
    expect(dave.status).toBe(403);
    expect(dave.body.message).toBe('user should have specific permission or be a site admin');
    const unlink = await callApi(sim, 'POST', '/packages/acme/npm/platform-sdk/-/unlink', { token: tok('bob') });
    expect(unlink.status).toBe(201);
    const sdk = await callApi<Pkg>(sim, 'GET', '/packages/acme/npm/platform-sdk/2.0.0');
    expect(sdk.body.repository).toBeNull();
    const missing = await callApi(sim, 'POST', '/packages/alice/generic/hello-cli/-/link/no-such-repo', {
      token: tok('alice'),
    });
    expect(missing.status).toBe(404);
  });

  it('deleting the last version removes the package', async () => {
    expect(
      (await callApi(sim, 'DELETE', '/packages/acme/npm/platform-sdk/2.0.0', { token: tok('alice') })).status,
    ).toBe(204);
    expect((await callApi(sim, 'GET', '/packages/acme/npm/platform-sdk')).status).toBe(404);
  });

  it('puts packages under the package scope', async () => {
    const repoOnly = await addScopedToken(sim, 'alice', 'read:repository');
    const res = await callApi<{ message: string }>(sim, 'GET', '/packages/alice', { token: repoOnly });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/required=\[read:package\]/);
  });

  it('lists and serves issue attachments with a download URL', async () => {
    const list = await callApi<Attachment[]>(sim, 'GET', `${H}/issues/3/assets`);
    expect(list.body).toEqual([
      expect.objectContaining({
        name: 'output.txt',
        browser_download_url: expect.stringMatching(/\/attachments\/[0-9a-f-]{36}$/),
      }),
    ]);
    const id = list.body[0]?.id;
    expect((await callApi(sim, 'GET', `${H}/issues/4/assets/${id}`)).status).toBe(404);
  });

  it("lets the poster attach files, not a reader on someone else's issue", async () => {
    const reader = await callApi<{ message: string }>(sim, 'POST', `${H}/issues/3/assets?name=x.txt`, {
      token: tok('carol'),
      json: 'x',
    });
    expect(reader.status).toBe(403);
    expect(reader.body.message).toBe('user should have permission to write issue');
    const poster = await callApi<Attachment>(sim, 'POST', `${H}/issues/4/assets?name=hola.txt`, {
      token: tok('carol'),
      json: 'hola',
    });
    expect(poster.status).toBe(201);
    expect(poster.body.name).toBe('hola.txt');
    const renamed = await callApi<Attachment>(sim, 'PATCH', `${H}/issues/4/assets/${poster.body.id}`, {
      token: tok('carol'),
      json: { name: 'hola.md' },
    });
    expect(renamed.status).toBe(201);
    expect(renamed.body.name).toBe('hola.md');
  });

  it("refuses changes to another user's comment attachments", async () => {
    const res = await callApi<{ message: string }>(sim, 'POST', `${H}/issues/comments/1/assets?name=y.txt`, {
      token: tok('carol'),
      json: 'y',
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('user should have permission to edit comment');
  });

  it('serves attachment files at /attachments/{uuid} with tokens and byte ranges, hiding private ones', async () => {
    const state = sim.sim.state;
    const platformIssue = [...state.issues.values()].find((i) => i.title === 'Rotate the deploy keys');
    const id = state.nextId('attachment');
    state.attachments.set(id, {
      id,
      uuid: '99999999-8888-4777-8666-555555555555',
      releaseId: null,
      issueId: platformIssue?.id ?? 0,
      commentId: null,
      uploaderId: 4,
      name: 'keys.txt',
      content: Buffer.from('0123456789'),
      downloadCount: 0,
      created: new Date(),
    });
    const url = `${sim.url}/attachments/99999999-8888-4777-8666-555555555555`;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url, { headers: { authorization: `token ${tok('dave')}` } })).status).toBe(404);
    const whole = await fetch(url, { headers: { authorization: `token ${tok('bob')}` } });
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe('0123456789');
    const part = await fetch(url, { headers: { authorization: `token ${tok('bob')}`, range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 0-3/10');
    expect(await part.text()).toBe('0123');
    expect(state.attachments.get(id)?.downloadCount).toBe(2);
  });
});
