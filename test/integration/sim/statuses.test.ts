/**
 * Simulator commit statuses: the combined status keeps the latest status per
 * context and reports the worst; a commit without statuses answers Gitea's
 * all-zero body; writers post statuses, readers cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

type Combined = {
  state: string;
  sha: string;
  total_count: number;
  statuses: { context: string; status: string }[] | null;
  repository?: { full_name: string } | null;
  url?: string;
};

const H = '/repos/alice/hello-world';

describe('simulator commit statuses (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  const tok = (login: string) => seededToken(sim, login);
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('describes a commit without statuses (Gitea 1.25, #35335: routers/api/v1/repo/status.go, services/convert/status.go ToCombinedStatus)', async () => {
    const res = await callApi<Combined>(sim, 'GET', `${H}/commits/v1.0.0/status`);
    const sha = (await callApi<{ commit: { sha: string } }>(sim, 'GET', `${H}/tags/v1.0.0`)).body.commit.sha;
    expect(res.body).toMatchObject({ state: '', sha, total_count: 0, statuses: null });
    expect(res.body.repository).toMatchObject({ full_name: 'alice/hello-world' });
    expect(res.body.url).toBe(`${sim.url}/api/v1/repos/alice/hello-world/commits/${sha}/status`);
  });

  it('answers an all-zero CombinedStatus before Gitea 1.25', async () => {
    const old = await startTestSim({ version: '1.24.0' });
    try {
      const res = await callApi<Combined>(old, 'GET', `${H}/commits/v1.0.0/status`);
      expect(res.body).toEqual({
        state: '',
        sha: '',
        total_count: 0,
        statuses: null,
        repository: null,
        commit_url: '',
        url: '',
      });
    } finally {
      await old.close();
    }
  });

  it('keeps the latest status per context and reports the worst state', async () => {
    const post = (state: string, context: string) =>
      callApi(sim, 'POST', `${H}/statuses/develop`, { token: tok('bob'), json: { state, context } });
    expect((await post('pending', 'ci/build')).status).toBe(201);
    expect((await callApi<Combined>(sim, 'GET', `${H}/commits/develop/status`)).body.state).toBe('pending');
    await post('success', 'ci/build');
    await post('success', 'ci/test');
    const green = await callApi<Combined>(sim, 'GET', `${H}/commits/develop/status`);
    expect(green.body).toMatchObject({
      state: 'success',
      total_count: 2,
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    await post('failure', 'ci/test');
    const red = await callApi<Combined>(sim, 'GET', `${H}/commits/develop/status`);
    expect(red.body.state).toBe('failure');
    expect(red.body.statuses?.map((s) => `${s.context}=${s.status}`).sort()).toEqual([
      'ci/build=success',
      'ci/test=failure',
    ]);
    const all = await callApi<unknown[]>(sim, 'GET', `${H}/commits/develop/statuses`);
    expect(all.body).toHaveLength(4);
    const failures = await callApi<unknown[]>(sim, 'GET', `${H}/statuses/${green.body.sha}?state=failure`);
    expect(failures.body).toHaveLength(1);
  });

  it('refuses a reader, an unknown state and an unknown commit', async () => {
    const reader = await callApi(sim, 'POST', `${H}/statuses/main`, {
      token: tok('carol'),
      json: { state: 'success' },
    });
    expect(reader.status).toBe(403);
    const badState = await callApi<{ message: string }>(sim, 'POST', `${H}/statuses/main`, {
      token: tok('bob'),
      json: { state: 'great' },
    });
    expect(badState.status).toBe(400);
    const unknown = await callApi(sim, 'POST', `${H}/statuses/${'f'.repeat(40)}`, {
      token: tok('bob'),
      json: { state: 'success' },
    });
    expect(unknown.status).toBe(400);
  });
});
