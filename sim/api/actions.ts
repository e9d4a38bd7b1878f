/**
 * Gitea Actions for a repository (routers/api/v1/repo/action.go,
 * services/convert ToActionWorkflowRun/Job/Artifact): runs, jobs and their
 * logs, artifacts, workflows read from `.gitea/workflows` (or
 * `.github/workflows`) on the default branch, dispatch/enable/disable, and
 * repository secrets and variables (action-settings.ts). Runners and the
 * artifact zip download are not simulated.
 */
import type { Context } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import { toApiRepo } from '../convert/repo.js';
import { toApiUser, toGiteaTime } from '../convert/user.js';
import { lastCommitFor, listDir, readBlob, refCommit, resolveRef } from '../git-content.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { serveContent } from '../http/serve-content.js';
import type { SimActionArtifact, SimActionJob, SimActionRun, SimRepo, SimUser } from '../state.js';
import { actionsRepo, page } from './action-helpers.js';
import { registerActionSettingRoutes } from './action-settings.js';
import { pathInt } from './pull-helpers.js';
import { optString, readJsonBody } from './request-body.js';

const WORKFLOW_DIRS = ['.gitea/workflows', '.github/workflows'];

function urls(sim: SimContext, repo: SimRepo) {
  const owner = sim.state.users.get(repo.ownerId)?.login ?? '';
  return {
    api: `${sim.appUrl()}api/v1/repos/${owner}/${repo.name}`,
    html: `${sim.appUrl()}${owner}/${repo.name}`,
  };
}

function time(d: Date | null): string | null {
  return d ? toGiteaTime(d) : null;
}

/** api.ActionWorkflowRun (ToActionWorkflowRun). */
function toApiRun(sim: SimContext, repo: SimRepo, run: SimActionRun, viewer: SimUser | null) {
  const u = urls(sim, repo);
  const actor = sim.state.users.get(run.triggerUserId);
  const apiActor = actor ? toApiUser(sim, actor, viewer) : null;
  const apiRepo = toApiRepo(sim, repo, viewer);
  return {
    id: run.id,
    url: `${u.api}/actions/runs/${run.id}`,
    html_url: `${u.html}/actions/runs/${run.runNumber}`,
    display_title: run.title,
    path: `${run.workflowId}@refs/heads/${run.headBranch}`,
    event: run.event,
    run_attempt: run.runAttempt,
    run_number: run.runNumber,
    head_sha: run.headSha,
    head_branch: run.headBranch,
    status: run.status,
    conclusion: run.conclusion ?? '',
    actor: apiActor,
    trigger_actor: apiActor,
    repository: apiRepo,
    head_repository: apiRepo,
    repository_id: repo.id,
    started_at: time(run.started),
    completed_at: time(run.completed),
  };
}

/** api.ActionWorkflowJob (ToActionWorkflowJob). */
function toApiJob(sim: SimContext, repo: SimRepo, job: SimActionJob, index: number) {
  const u = urls(sim, repo);
  const run = sim.state.actionRuns.get(job.runId);
  return {
    id: job.id,
    url: `${u.api}/actions/jobs/${job.id}`,
    html_url: `${u.html}/actions/runs/${run?.runNumber ?? 0}/jobs/${index}`,
    run_id: job.runId,
    run_url: `${u.api}/actions/runs/${job.runId}`,
    name: job.name,
    labels: ['ubuntu-latest'],
    run_attempt: run?.runAttempt ?? 1,
    head_sha: run?.headSha ?? '',
    head_branch: run?.headBranch ?? '',
    status: job.status,
    conclusion: job.conclusion ?? '',
    runner_id: job.started ? 1 : 0,
    runner_name: job.started ? 'sim-runner' : '',
    steps: job.steps.map((s) => ({
      name: s.name,
      number: s.number,
      status: s.status,
      conclusion: s.conclusion ?? '',
      started_at: time(job.started),
      completed_at: time(job.completed),
    })),
    created_at: time(run?.created ?? null),
    started_at: time(job.started),
    completed_at: time(job.completed),
  };
}

/** api.ActionArtifact (ToActionArtifact): the run is reduced to id, repository and head SHA. */
function toApiArtifact(sim: SimContext, repo: SimRepo, a: SimActionArtifact) {
  const u = urls(sim, repo);
  const run = sim.state.actionRuns.get(a.runId);
  return {
    id: a.id,
    name: a.name,
    size_in_bytes: a.sizeBytes,
    url: `${u.api}/actions/artifacts/${a.id}`,
    archive_download_url: `${u.api}/actions/artifacts/${a.id}/zip`,
    expired: a.expiresAt.getTime() <= sim.now().getTime(),
    workflow_run: { id: a.runId, repository_id: repo.id, head_sha: run?.headSha ?? '' },
    created_at: toGiteaTime(a.created),
    updated_at: toGiteaTime(a.created),
    expires_at: toGiteaTime(a.expiresAt),
  };
}

function runsOf(sim: SimContext, repo: SimRepo): SimActionRun[] {
  return [...sim.state.actionRuns.values()].filter((r) => r.repoId === repo.id).sort((a, b) => b.id - a.id);
}

function jobsOfRun(sim: SimContext, runId: number): SimActionJob[] {
  return [...sim.state.actionJobs.values()].filter((j) => j.runId === runId).sort((a, b) => a.id - b.id);
}

function loadRun(c: Context<SimEnv>, rc: RepoContext): SimActionRun {
  const run = c.get('sim').state.actionRuns.get(pathInt(c, 'run'));
  if (!run || run.repoId !== rc.repo.id) throw notFound(c);
  return run;
}

function loadJob(c: Context<SimEnv>, rc: RepoContext): SimActionJob {
  const sim = c.get('sim');
  const job = sim.state.actionJobs.get(pathInt(c, 'job_id'));
  if (!job || sim.state.actionRuns.get(job.runId)?.repoId !== rc.repo.id) throw notFound(c);
  return job;
}

function jobsResponse(c: Context<SimEnv>, rc: RepoContext, jobs: SimActionJob[]): Response {
  const sim = c.get('sim');
  const status = c.req.query('status') ?? '';
  const filtered = jobs.filter((j) => !status || j.status === status || j.conclusion === status);
  const shown = page(c, filtered).map((j) => toApiJob(sim, rc.repo, j, jobsOfRun(sim, j.runId).indexOf(j)));
  return giteaJson(c, { jobs: shown, total_count: filtered.length });
}

function artifactsResponse(c: Context<SimEnv>, rc: RepoContext, list: SimActionArtifact[]): Response {
  const name = c.req.query('name') ?? '';
  const filtered = list.filter((a) => !name || a.name === name);
  const sim = c.get('sim');
  return giteaJson(c, {
    artifacts: page(c, filtered).map((a) => toApiArtifact(sim, rc.repo, a)),
    total_count: filtered.length,
  });
}

function artifactsOfRepo(sim: SimContext, repo: SimRepo): SimActionArtifact[] {
  return [...sim.state.artifacts.values()]
    .filter((a) => sim.state.actionRuns.get(a.runId)?.repoId === repo.id)
    .sort((a, b) => b.id - a.id);
}

interface WorkflowFile {
  id: string;
  path: string;
  name: string;
  dispatchable: boolean;
  updated: Date;
}

async function workflowsOf(repo: SimRepo): Promise<WorkflowFile[]> {
  const tip = await refCommit(repo.gitDir, `refs/heads/${repo.defaultBranch}`);
  if (!tip) return [];
  const out: WorkflowFile[] = [];
  for (const dir of WORKFLOW_DIRS) {
    const entries = await listDir(repo.gitDir, tip, dir).catch(() => []);
    for (const e of entries) {
      if (e.type !== 'blob' || !/\.ya?ml$/.test(e.path)) continue;
      const text = (await readBlob(repo.gitDir, e.sha))?.toString('utf8') ?? '';
      const last = await lastCommitFor(repo.gitDir, tip, e.path);
      const id = e.path.slice(dir.length + 1);
      out.push({
        id,
        path: e.path,
        name:
          /^name:\s*(.+)$/m
            .exec(text)?.[1]
            ?.trim()
            .replace(/^['"]|['"]$/g, '') ?? id,
        dispatchable: /workflow_dispatch/.test(text),
        updated: last?.committer.date ?? new Date(0),
      });
    }
  }
  return out;
}

function toApiWorkflow(c: Context<SimEnv>, repo: SimRepo, w: WorkflowFile) {
  const u = urls(c.get('sim'), repo);
  const disabled = c.get('sim').state.actionDisabledWorkflows.has(`${repo.id}:${w.id}`);
  return {
    id: w.id,
    name: w.name,
    path: w.path,
    state: disabled ? 'disabled_manually' : 'active',
    created_at: toGiteaTime(w.updated),
    updated_at: toGiteaTime(w.updated),
    url: `${u.api}/actions/workflows/${w.id}`,
    html_url: `${u.html}/src/branch/${repo.defaultBranch}/${w.path}`,
    badge_url: `${u.html}/actions/workflows/${w.id}/badge.svg?branch=${repo.defaultBranch}`,
    deleted_at: null,
  };
}

async function loadWorkflow(c: Context<SimEnv>, rc: RepoContext): Promise<WorkflowFile> {
  const id = c.req.param('workflow_id') ?? '';
  const w = (await workflowsOf(rc.repo)).find((x) => x.id === id);
  if (!w) throw notFound(c);
  return w;
}

async function dispatch(c: Context<SimEnv>): Promise<Response> {
  const rc = actionsRepo(c, 'write');
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const ref = optString(body, 'ref') ?? '';
  if (ref === '') throw unprocessable('[Ref]: Required');
  const w = await loadWorkflow(c, rc);
  if (sim.state.actionDisabledWorkflows.has(`${rc.repo.id}:${w.id}`))
    throw new SimApiError(403, 'workflow is disabled');
  if (!w.dispatchable) throw unprocessable('workflow does not have workflow_dispatch trigger');
  const branch = ref.replace(/^refs\/heads\//, '');
  const target = await resolveRef(rc.repo.gitDir, branch);
  if (!target) throw new SimApiError(404, `ref does not exist: ${ref}`);
  const runNumber = runsOf(sim, rc.repo).reduce((m, r) => Math.max(m, r.runNumber), 0) + 1;
  const run: SimActionRun = {
    id: sim.state.nextId('actionRun'),
    repoId: rc.repo.id,
    workflowId: w.id,
    title: w.name,
    event: 'workflow_dispatch',
    headBranch: branch,
    headSha: target.sha,
    triggerUserId: doer.id,
    runNumber,
    runAttempt: 1,
    status: 'queued',
    conclusion: null,
    created: sim.now(),
    started: null,
    completed: null,
  };
  sim.state.actionRuns.set(run.id, run);
  const jobId = sim.state.nextId('actionJob');
  sim.state.actionJobs.set(jobId, {
    id: jobId,
    runId: run.id,
    name: 'build',
    status: 'queued',
    conclusion: null,
    steps: [],
    log: '',
    started: null,
    completed: null,
  });
  return c.body(null, 204);
}

/** Registers the repository Actions routes that exist in Gitea's swagger. */
export function registerActionRoutes(router: SimRouter): void {
  registerActionSettingRoutes(router);
  const scope = ['repository'] as const;
  const base = '/repos/{owner}/{repo}/actions';
  router.add(
    {
      method: 'GET',
      path: `${base}/runs`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        const sim = c.get('sim');
        const q = (n: string) => c.req.query(n) ?? '';
        const actor = q('actor') ? sim.state.userByLogin(q('actor')) : undefined;
        const runs = runsOf(sim, rc.repo).filter(
          (r) =>
            (!q('event') || r.event === q('event')) &&
            (!q('branch') || r.headBranch === q('branch')) &&
            (!q('status') || r.status === q('status') || r.conclusion === q('status')) &&
            (!q('actor') || r.triggerUserId === actor?.id) &&
            (!q('head_sha') || r.headSha === q('head_sha')),
        );
        return giteaJson(c, {
          workflow_runs: page(c, runs).map((r) => toApiRun(sim, rc.repo, r, c.get('doer'))),
          total_count: runs.length,
        });
      },
    },
    {
      method: 'GET',
      path: `${base}/runs/{run}`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        return giteaJson(c, toApiRun(c.get('sim'), rc.repo, loadRun(c, rc), c.get('doer')));
      },
    },
    {
      method: 'DELETE',
      path: `${base}/runs/{run}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = actionsRepo(c, 'write');
        const run = loadRun(c, rc);
        if (run.status !== 'completed') throw new SimApiError(400, 'this workflow run is not done');
        const sim = c.get('sim');
        for (const j of jobsOfRun(sim, run.id)) sim.state.actionJobs.delete(j.id);
        for (const [id, a] of sim.state.artifacts) if (a.runId === run.id) sim.state.artifacts.delete(id);
        sim.state.actionRuns.delete(run.id);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: `${base}/runs/{run}/jobs`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        return jobsResponse(c, rc, jobsOfRun(c.get('sim'), loadRun(c, rc).id));
      },
    },
    {
      method: 'GET',
      path: `${base}/runs/{run}/artifacts`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        const run = loadRun(c, rc);
        return artifactsResponse(
          c,
          rc,
          artifactsOfRepo(c.get('sim'), rc.repo).filter((a) => a.runId === run.id),
        );
      },
    },
    {
      method: 'GET',
      path: `${base}/jobs`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        const sim = c.get('sim');
        const jobs = [...sim.state.actionJobs.values()]
          .filter((j) => sim.state.actionRuns.get(j.runId)?.repoId === rc.repo.id)
          .sort((a, b) => b.id - a.id);
        return jobsResponse(c, rc, jobs);
      },
    },
    {
      method: 'GET',
      path: `${base}/jobs/{job_id}`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        const sim = c.get('sim');
        const job = loadJob(c, rc);
        return giteaJson(c, toApiJob(sim, rc.repo, job, jobsOfRun(sim, job.runId).indexOf(job)));
      },
    },
    {
      method: 'GET',
      path: `${base}/jobs/{job_id}/logs`,
      scope,
      handler: (c) => {
        const job = loadJob(c, actionsRepo(c, 'read'));
        if (!job.started) throw notFound(c);
        // routers/common/actions.go DownloadActionsRunJobLogs: ServeContent, so byte ranges work.
        return serveContent(c, Buffer.from(job.log), { 'Content-Type': 'text/plain; charset=utf-8' });
      },
    },
    {
      method: 'GET',
      path: `${base}/artifacts`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        return artifactsResponse(c, rc, artifactsOfRepo(c.get('sim'), rc.repo));
      },
    },
    {
      method: 'GET',
      path: `${base}/artifacts/{artifact_id}`,
      scope,
      handler: (c) => {
        const rc = actionsRepo(c, 'read');
        const sim = c.get('sim');
        const a = artifactsOfRepo(sim, rc.repo).find((x) => x.id === pathInt(c, 'artifact_id'));
        if (!a) throw notFound(c);
        return giteaJson(c, toApiArtifact(sim, rc.repo, a));
      },
    },
    {
      method: 'DELETE',
      path: `${base}/artifacts/{artifact_id}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = actionsRepo(c, 'write');
        const sim = c.get('sim');
        const a = artifactsOfRepo(sim, rc.repo).find((x) => x.id === pathInt(c, 'artifact_id'));
        if (!a) throw notFound(c);
        sim.state.artifacts.delete(a.id);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: `${base}/workflows`,
      scope,
      handler: async (c) => {
        const rc = actionsRepo(c, 'read');
        const list = await workflowsOf(rc.repo);
        return giteaJson(c, { workflows: list.map((w) => toApiWorkflow(c, rc.repo, w)), total_count: list.length });
      },
    },
    {
      method: 'GET',
      path: `${base}/workflows/{workflow_id}`,
      scope,
      handler: async (c) => {
        const rc = actionsRepo(c, 'read');
        return giteaJson(c, toApiWorkflow(c, rc.repo, await loadWorkflow(c, rc)));
      },
    },
    {
      method: 'PUT',
      path: `${base}/workflows/{workflow_id}/disable`,
      scope,
      reqToken: true,
      handler: async (c) => {
        const rc = actionsRepo(c, 'write');
        const w = await loadWorkflow(c, rc);
        c.get('sim').state.actionDisabledWorkflows.add(`${rc.repo.id}:${w.id}`);
        return c.body(null, 204);
      },
    },
    {
      method: 'PUT',
      path: `${base}/workflows/{workflow_id}/enable`,
      scope,
      reqToken: true,
      handler: async (c) => {
        const rc = actionsRepo(c, 'write');
        const w = await loadWorkflow(c, rc);
        c.get('sim').state.actionDisabledWorkflows.delete(`${rc.repo.id}:${w.id}`);
        return c.body(null, 204);
      },
    },
    {
      method: 'POST',
      path: `${base}/workflows/{workflow_id}/dispatches`,
      scope,
      reqToken: true,
      handler: dispatch,
    },
  );
}
