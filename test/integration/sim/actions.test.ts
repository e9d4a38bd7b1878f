/** Simulator Actions: runs, jobs, logs, artifacts, workflows from git, dispatch, secrets and variables. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

type Run = { id: number; status: string; conclusion: string; event: string; head_branch: string; run_number: number };
type Job = {
  id: number;
  name: string;
  status: string;
  conclusion: string;
  run_id: number;
  steps: { conclusion: string }[];
};

const R = '/repos/opensource/website/actions';

describe('simulator Actions (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  const tok = (login: string) => seededToken(sim, login);
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('lists runs newest first with filters, and their jobs and logs', async () => {
    const runs = await callApi<{ workflow_runs: Run[]; total_count: number }>(sim, 'GET', `${R}/runs`);
    expect(runs.body.total_count).toBe(2);
    expect(runs.body.workflow_runs.map((r) => [r.head_branch, r.conclusion])).toEqual([
      ['gh-pages', 'failure'],
      ['main', 'success'],
    ]);
    const failed = await callApi<{ workflow_runs: Run[] }>(sim, 'GET', `${R}/runs?status=failure`);
    expect(failed.body.workflow_runs.map((r) => r.head_branch)).toEqual(['gh-pages']);
    const run = failed.body.workflow_runs[0] as Run;
    expect((await callApi<Run>(sim, 'GET', `${R}/runs/${run.id}`)).body.run_number).toBe(2);
    const jobs = await callApi<{ jobs: Job[]; total_count: number }>(sim, 'GET', `${R}/runs/${run.id}/jobs`);
    expect(jobs.body.jobs[0]).toMatchObject({ name: 'deploy', conclusion: 'failure', run_id: run.id });
    expect(jobs.body.jobs[0]?.steps.map((s) => s.conclusion)).toEqual([
      'success',
      'success',
      'failure',
      'skipped',
      'success',
    ]);
    const jobId = jobs.body.jobs[0]?.id ?? 0;
    expect((await callApi<Job>(sim, 'GET', `${R}/jobs/${jobId}`)).body.name).toBe('deploy');
    const log = await fetch(`${sim.url}/api/v1${R}/jobs/${jobId}/logs`);
    expect(log.headers.get('content-type')).toContain('text/plain');
    expect(await log.text()).toContain('Process completed with exit code 1.');
    expect((await callApi(sim, 'GET', `${R}/runs/999`)).status).toBe(404);
    expect((await callApi(sim, 'GET', '/repos/alice/secret-notes/actions/runs', { token: tok('bob') })).status).toBe(
      404,
    );
  });

  it('serves a job log as http.ServeContent does: one byte range, a suffix, 416 past the end (routers/common/actions.go)', async () => {
    const runs = await callApi<{ workflow_runs: Run[] }>(sim, 'GET', `${R}/runs?status=failure`);
    const jobs = await callApi<{ jobs: Job[] }>(sim, 'GET', `${R}/runs/${runs.body.workflow_runs[0]?.id}/jobs`);
    const url = `${sim.url}/api/v1${R}/jobs/${jobs.body.jobs[0]?.id}/logs`;
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    const size = whole.length;
    expect(size).toBeGreaterThan(20);
    const ranged = async (range: string) => {
      const res = await fetch(url, { headers: { Range: range } });
      return {
        status: res.status,
        range: res.headers.get('content-range'),
        body: Buffer.from(await res.arrayBuffer()),
      };
    };
    expect(await ranged('bytes=5-9')).toEqual({ status: 206, range: `bytes 5-9/${size}`, body: whole.subarray(5, 10) });
    expect(await ranged('bytes=10-')).toMatchObject({ status: 206, range: `bytes 10-${size - 1}/${size}` });
    expect(await ranged(`bytes=-7`)).toEqual({
      status: 206,
      range: `bytes ${size - 7}-${size - 1}/${size}`,
      body: whole.subarray(size - 7),
    });
    // A suffix longer than the log is all of it; an end past it is clamped.
    expect(await ranged(`bytes=-${size + 100}`)).toEqual({
      status: 206,
      range: `bytes 0-${size - 1}/${size}`,
      body: whole,
    });
    expect(await ranged(`bytes=0-${size + 100}`)).toMatchObject({ status: 206, range: `bytes 0-${size - 1}/${size}` });
    expect(await ranged(`bytes=${size}-`)).toMatchObject({ status: 416, range: `bytes */${size}` });
    expect(await ranged('bytes=9-5')).toMatchObject({ status: 416, range: null });
  });

  it('lists artifacts per repository and per run', async () => {
    const all = await callApi<{ artifacts: { id: number; name: string; expired: boolean }[] }>(
      sim,
      'GET',
      `${R}/artifacts`,
    );
    expect(all.body.artifacts.map((a) => [a.name, a.expired])).toEqual([['site', false]]);
    const runs = await callApi<{ workflow_runs: Run[] }>(sim, 'GET', `${R}/runs?status=success`);
    const perRun = await callApi<{ total_count: number }>(
      sim,
      'GET',
      `${R}/runs/${runs.body.workflow_runs[0]?.id}/artifacts`,
    );
    expect(perRun.body.total_count).toBe(1);
  });

  it('reads workflows from the default branch and dispatches a run', async () => {
    const wf = await callApi<{ workflows: { id: string; name: string; path: string; state: string }[] }>(
      sim,
      'GET',
      `${R}/workflows`,
    );
    expect(wf.body.workflows).toEqual([
      expect.objectContaining({
        id: 'deploy.yml',
        name: 'Deploy site',
        path: '.gitea/workflows/deploy.yml',
        state: 'active',
      }),
    ]);
    const reader = await callApi(sim, 'POST', `${R}/workflows/deploy.yml/dispatches`, {
      token: tok('carol'),
      json: { ref: 'main' },
    });
    expect(reader.status).toBe(403);
    const ok = await callApi(sim, 'POST', `${R}/workflows/deploy.yml/dispatches`, {
      token: tok('bob'),
      json: { ref: 'main' },
    });
    expect(ok.status).toBe(204);
    const runs = await callApi<{ workflow_runs: Run[] }>(sim, 'GET', `${R}/runs?event=workflow_dispatch`);
    expect(runs.body.workflow_runs.map((r) => [r.status, r.run_number])).toEqual([['queued', 3]]);
    expect((await callApi(sim, 'PUT', `${R}/workflows/deploy.yml/disable`, { token: tok('bob') })).status).toBe(204);
    expect((await callApi<{ state: string }>(sim, 'GET', `${R}/workflows/deploy.yml`)).body.state).toBe(
      'disabled_manually',
    );
    expect((await callApi(sim, 'GET', `${R}/workflows/nope.yml`)).status).toBe(404);
  });

  it('manages secrets and variables for repository admins only', async () => {
    expect((await callApi(sim, 'GET', `${R}/secrets`, { token: tok('alice') })).status).toBe(403);
    const secrets = await callApi<{ name: string }[]>(sim, 'GET', `${R}/secrets`, { token: tok('bob') });
    expect(secrets.body.map((s) => s.name)).toEqual(['DEPLOY_TOKEN']);
    const put = await callApi(sim, 'PUT', `${R}/secrets/deploy_key`, { token: tok('bob'), json: { data: 's3cret' } });
    expect(put.status).toBe(201);
    const again = await callApi(sim, 'PUT', `${R}/secrets/DEPLOY_KEY`, { token: tok('bob'), json: { data: 'x' } });
    expect(again.status).toBe(204);
    const bad = await callApi(sim, 'PUT', `${R}/secrets/GITEA_X`, { token: tok('bob'), json: { data: 'x' } });
    expect(bad.status).toBe(400);
    expect((await callApi(sim, 'DELETE', `${R}/secrets/DEPLOY_KEY`, { token: tok('bob') })).status).toBe(204);
    expect((await callApi(sim, 'DELETE', `${R}/secrets/DEPLOY_KEY`, { token: tok('bob') })).status).toBe(404);

    const v = await callApi<{ name: string; data: string }>(sim, 'GET', `${R}/variables/site_url`, {
      token: tok('bob'),
    });
    expect(v.body).toMatchObject({ name: 'SITE_URL', data: 'https://opensource.example.org' });
    const created = await callApi(sim, 'POST', `${R}/variables/REGION`, { token: tok('bob'), json: { value: 'eu' } });
    expect(created.status).toBe(201);
    const dup = await callApi(sim, 'POST', `${R}/variables/REGION`, { token: tok('bob'), json: { value: 'us' } });
    expect(dup.status).toBe(409);
    const upd = await callApi(sim, 'PUT', `${R}/variables/REGION`, { token: tok('bob'), json: { value: 'us' } });
    expect(upd.status).toBe(204);
    const list = await callApi<{ name: string; data: string }[]>(sim, 'GET', `${R}/variables`, { token: tok('bob') });
    expect(list.body.map((x) => [x.name, x.data])).toEqual([
      ['SITE_URL', 'https://opensource.example.org'],
      ['REGION', 'us'],
    ]);
    expect((await callApi(sim, 'DELETE', `${R}/variables/REGION`, { token: tok('bob') })).status).toBe(204);
  });
});
