/**
 * Simulator reactions, issue dependencies, assignee/reviewer candidates and
 * watches keep Gitea 1.25's quirks: an empty reaction list is null, a repeat
 * reaction is a 200, an unknown one a 403; a duplicate or cyclic dependency
 * is a bare 500, refusals are 404s, removal answers 201; starring needs the
 * user and the repository scope, watching only the repository scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';
import { addScopedToken } from './tokens.js';

const H = '/repos/alice/hello-world';
const HW = { owner: 'alice', repo: 'hello-world' };

describe('simulator reactions, dependencies, candidates and watches (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  const tok = (login: string) => seededToken(sim, login);

  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('reactions: null when none, 201 then 200 for the same one, 403 for an unknown name, 200 on removal', async () => {
    expect((await callApi(sim, 'GET', `${H}/issues/5/reactions`)).text.trim()).toBe('null');
    const add = (content: string) =>
      callApi<{ content: string }>(sim, 'POST', `${H}/issues/5/reactions`, { token: tok('carol'), json: { content } });
    expect((await add('eyes')).status).toBe(201);
    expect((await add('eyes')).status).toBe(200);
    const bad = await callApi<{ message: string }>(sim, 'POST', `${H}/issues/5/reactions`, {
      token: tok('carol'),
      json: { content: 'banana' },
    });
    expect(bad.status).toBe(403);
    expect(bad.body.message).toBe("'banana' is not an allowed reaction");
    const list = await callApi<unknown[]>(sim, 'GET', `${H}/issues/5/reactions`);
    expect(list.body).toHaveLength(1);
    expect(list.headers.get('x-total-count')).toBe('1');
    const del = await callApi(sim, 'DELETE', `${H}/issues/5/reactions`, {
      token: tok('carol'),
      json: { content: 'eyes' },
    });
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
  });

  it('dependencies: 201 to add and to remove, bare 500 for a duplicate or a cycle, 404 for a reader', async () => {
    const dep = (method: string, path: string, index: number, as = 'bob') =>
      callApi(sim, method, `${H}/issues/${path}`, { token: tok(as), json: { ...HW, index } });
    expect((await dep('POST', '3/dependencies', 4)).status).toBe(201);
    const dup = await dep('POST', '3/dependencies', 4);
    expect(dup.status).toBe(500);
    expect((dup.body as { message: string }).message).toBe('');
    expect((await dep('POST', '4/dependencies', 3)).status).toBe(500);
    expect((await dep('POST', '5/dependencies', 3, 'carol')).status).toBe(404);
    const blocks = await callApi<{ number: number }[]>(sim, 'GET', `${H}/issues/4/blocks`);
    expect(blocks.body.map((i) => i.number)).toEqual([3]);
    expect((await dep('DELETE', '3/dependencies', 4)).status).toBe(201);
    expect((await dep('DELETE', '3/dependencies', 4)).status).toBe(500);
  });

  it('assignees need write access; reviewers are collaborators of any level, then the owner', async () => {
    const names = async (path: string) =>
      ((await callApi<{ login: string }[]>(sim, 'GET', `${H}/${path}`, { token: tok('carol') })).body ?? []).map(
        (u) => u.login,
      );
    expect(await names('assignees')).toEqual(['bob', 'alice']);
    expect(await names('reviewers')).toEqual(['bob', 'carol', 'alice']);
    const platform = await callApi<{ login: string }[]>(sim, 'GET', '/repos/acme/platform/assignees', {
      token: tok('alice'),
    });
    expect(platform.body.map((u) => u.login)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol']));
  });

  it('watching: 404 when not watching, WatchInfo on watch, 204 on unwatch; stars need the user scope too', async () => {
    expect((await callApi(sim, 'GET', `${H}/subscription`, { token: tok('carol') })).status).toBe(404);
    const watched = await callApi<{ subscribed: boolean; url: string }>(sim, 'PUT', `${H}/subscription`, {
      token: tok('carol'),
    });
    expect(watched.body).toMatchObject({ subscribed: true });
    expect(watched.body.url).toMatch(/\/api\/v1\/repos\/alice\/hello-world\/subscription$/);
    expect((await callApi(sim, 'DELETE', `${H}/subscription`, { token: tok('carol') })).status).toBe(204);
    const repoOnly = await addScopedToken(sim, 'carol', 'write:repository');
    expect((await callApi(sim, 'PUT', `${H}/subscription`, { token: repoOnly })).status).toBe(200);
    const star = await callApi<{ message: string }>(sim, 'PUT', '/user/starred/alice/hello-world', { token: repoOnly });
    expect(star.status).toBe(403);
    expect(star.body.message).toMatch(/write:user/);
  });
});
