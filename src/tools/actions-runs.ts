/**
 * Toolset `actions`, part one: Gitea Actions workflows, runs, jobs, logs and
 * artifacts (`actions_run_read`, `actions_run_write`). Secrets, variables and
 * deletions are in actions-config.ts. Cancel and re-run are not in Gitea
 * 1.25's API, so they are not offered.
 */
import { z } from 'zod';
import {
  artifactSchema,
  artifactsSchema,
  type GiteaArtifact,
  type GiteaJob,
  type GiteaPath,
  type GiteaResponse,
  type GiteaRun,
  type GiteaWorkflow,
  giteaPath,
  jobSchema,
  jobsSchema,
  parseContentRange,
  runSchema,
  runsSchema,
  workflowSchema,
  workflowsSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { numericId } from './issues-params.js';
import { repoInput } from './params.js';
import { sanitizeOptional, sanitizeText } from './sanitize.js';
import { pageFromCount, pageOfAll, pageResult, pagingInput } from './shape.js';
import type { ToolContext } from './tool-context.js';

/** Cap on log text returned by one call. */
const MAX_LOG_BYTES = 32 * 1024;

function toRunSummary(r: GiteaRun): Record<string, unknown> {
  return {
    id: r.id,
    runNumber: r.run_number,
    title: sanitizeOptional(r.display_title),
    workflow: r.path,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion || undefined,
    branch: r.head_branch,
    sha: r.head_sha,
    actor: r.actor?.login,
    startedAt: r.started_at,
    completedAt: r.completed_at || undefined,
    htmlUrl: r.html_url,
  };
}

function toJobSummary(j: GiteaJob): Record<string, unknown> {
  return {
    id: j.id,
    runId: j.run_id,
    name: sanitizeOptional(j.name),
    status: j.status,
    conclusion: j.conclusion || undefined,
    startedAt: j.started_at,
    completedAt: j.completed_at || undefined,
    steps: (j.steps ?? []).map((s) => ({ name: sanitizeOptional(s.name), status: s.status, conclusion: s.conclusion })),
    htmlUrl: j.html_url,
  };
}

function toWorkflowSummary(w: GiteaWorkflow): Record<string, unknown> {
  return { id: w.id, name: sanitizeOptional(w.name), path: w.path, state: w.state, htmlUrl: w.html_url };
}

function toArtifactSummary(a: GiteaArtifact): Record<string, unknown> {
  return {
    id: a.id,
    name: sanitizeOptional(a.name),
    sizeBytes: a.size_in_bytes,
    expired: a.expired || undefined,
    expiresAt: a.expires_at,
    runId: a.workflow_run?.id,
    createdAt: a.created_at,
  };
}

/**
 * What one get_job_log call shows, from Gitea's answer to its ranged request:
 * 206 with the part asked for, 416 when logOffset is past the end (the size in
 * Content-Range), or 200 with the whole log where Gitea ignored the range.
 * Offsets are bytes of the log as Gitea stores it. A window ends at a line end
 * when it holds one, the tail starts at a line, and no character is cut.
 */
export function logWindow(res: GiteaResponse<Uint8Array>, offset: number | undefined): Record<string, unknown> {
  const range = parseContentRange(res.headers.get('content-range'));
  const bytes = res.data;
  const total = res.status === 200 ? bytes.byteLength : (range?.size ?? bytes.byteLength);
  // Where `bytes` sits in the log; positions below are indexes into `bytes`.
  const base = res.status === 206 ? (range?.start ?? 0) : 0;
  if (offset !== undefined && offset >= total)
    return {
      log: '',
      logBytes: total,
      fromOffset: total,
      nextOffset: null,
      note: `The log has ${total} bytes, so logOffset=${offset} is past its end; leave logOffset out to read its tail.`,
    };
  let from = Math.max((offset ?? Math.max(0, total - MAX_LOG_BYTES)) - base, 0);
  let to = Math.min(from + MAX_LOG_BYTES, bytes.byteLength);
  // The byte before the tail (fetched with it) says whether it starts at a line already.
  if (base + from > 0 && offset === undefined && bytes[from - 1] !== 0x0a) {
    const nl = bytes.indexOf(0x0a, from);
    if (nl !== -1 && nl + 1 < to) from = nl + 1;
  }
  for (let i = 0; i < 3 && from < to && isContinuationByte(bytes[from]); i++) from++;
  if (base + to < total) {
    const nl = bytes.lastIndexOf(0x0a, to - 1);
    to = nl >= from ? nl + 1 : from + wholeCharacters(bytes.subarray(from, to));
  }
  const start = base + from;
  const end = base + to;
  const notes: string[] = [];
  if (start > 0)
    notes.push(`Bytes before ${start} are not shown: call again with logOffset=0 (or any earlier offset).`);
  if (end < total) notes.push(`More follows: call again with logOffset=${end}.`);
  return {
    log: sanitizeText(new TextDecoder().decode(bytes.subarray(from, to))),
    logBytes: total,
    fromOffset: start,
    nextOffset: end < total ? end : null,
    note: notes.length > 0 ? notes.join(' ') : undefined,
  };
}

function isContinuationByte(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/** How many bytes of `b` are whole UTF-8 characters: all but a character cut at the end. */
function wholeCharacters(b: Uint8Array): number {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 4); i--) {
    const byte = b[i] as number;
    if (isContinuationByte(byte)) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length <= b.length ? b.length : i;
  }
  return b.length;
}

/** Gitea's `{jobs, total_count}` list at `path`, filtered by status and paged. */
async function jobsAt(
  path: GiteaPath,
  a: { status?: string | undefined; page: number; perPage: number },
  { gitea, signal }: ToolContext,
): Promise<Record<string, unknown>> {
  const { data } = await gitea.request('GET', path, {
    schema: jobsSchema,
    query: { status: a.status, page: a.page, limit: a.perPage },
    signal,
  });
  return pageResult('jobs', pageFromCount(data.jobs ?? [], a.page, a.perPage, data.total_count), toJobSummary);
}

/** Gitea's `{artifacts, total_count}` list at `path`, paged. */
async function artifactsAt(
  path: GiteaPath,
  a: { page: number; perPage: number },
  { gitea, signal }: ToolContext,
): Promise<Record<string, unknown>> {
  const { data } = await gitea.request('GET', path, {
    schema: artifactsSchema,
    query: { page: a.page, limit: a.perPage },
    signal,
  });
  const items = data.artifacts ?? [];
  // Gitea's swagger names no paging here while its handler (like the simulator) pages: should a whole
  // list come back anyway, it is cut here.
  const page =
    items.length > a.perPage
      ? pageOfAll(items, a.page, a.perPage)
      : pageFromCount(items, a.page, a.perPage, data.total_count);
  return pageResult('artifacts', page, toArtifactSummary);
}

const runFilters = {
  status: z
    .enum(['queued', 'in_progress', 'completed', 'success', 'failure', 'cancelled', 'skipped', 'waiting'])
    .optional()
    .describe('list_runs, list_jobs: only this status or conclusion.'),
  branch: z.string().trim().min(1).optional().describe('list_runs: only this branch.'),
  event: z.string().trim().min(1).optional().describe('list_runs: only this event (push, workflow_dispatch, …).'),
};

/** `actions_run_read`: workflows, runs, jobs, logs and artifacts. */
export const actionsRunRead = defineTool({
  name: 'actions_run_read',
  toolset: 'actions',
  title: 'Read Actions runs',
  description: 'Inspect Actions workflows, runs, jobs, job log tails and artifacts.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'list_workflows',
          'get_workflow',
          'list_runs',
          'get_run',
          'list_run_jobs',
          'list_jobs',
          'get_job',
          'get_job_log',
          'list_artifacts',
          'list_run_artifacts',
          'get_artifact',
        ])
        .describe('What to read.'),
      ...repoInput,
      workflowId: z.string().trim().min(1).optional().describe('get_workflow: workflow file name, e.g. deploy.yml.'),
      runId: numericId.optional().describe('get_run, list_run_jobs, list_run_artifacts: run id.'),
      jobId: numericId.optional().describe('get_job, get_job_log: job id.'),
      artifactId: numericId.optional().describe('get_artifact: artifact id.'),
      logOffset: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .describe('get_job_log: byte offset; the last 32 KiB when omitted.'),
      ...runFilters,
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list_workflows: m({
      description: 'Workflows of the repository (paged).',
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request(
          'GET',
          giteaPath('/repos/{owner}/{repo}/actions/workflows', { owner: args.owner, repo: args.repo }),
          { schema: workflowsSchema, signal },
        );
        // Gitea answers every workflow at once (the endpoint has no paging).
        return pageResult('workflows', pageOfAll(data.workflows ?? [], args.page, args.perPage), toWorkflowSummary);
      },
    }),
    get_workflow: m({
      description: 'One workflow.',
      required: ['workflowId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/actions/workflows/{workflowId}', {
          owner: args.owner,
          repo: args.repo,
          workflowId: args.workflowId,
        });
        const { data } = await gitea.request('GET', path, { schema: workflowSchema, signal });
        return toWorkflowSummary(data);
      },
    }),
    list_runs: m({
      description: 'Workflow runs, newest first (paged).',
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request(
          'GET',
          giteaPath('/repos/{owner}/{repo}/actions/runs', { owner: args.owner, repo: args.repo }),
          {
            schema: runsSchema,
            query: {
              status: args.status,
              branch: args.branch,
              event: args.event,
              page: args.page,
              limit: args.perPage,
            },
            signal,
          },
        );
        const page = pageFromCount(data.workflow_runs ?? [], args.page, args.perPage, data.total_count);
        return pageResult('runs', page, toRunSummary);
      },
    }),
    get_run: m({
      description: 'One run.',
      required: ['runId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/actions/runs/{runId}', {
          owner: args.owner,
          repo: args.repo,
          runId: args.runId,
        });
        const { data } = await gitea.request('GET', path, { schema: runSchema, signal });
        return toRunSummary(data);
      },
    }),
    list_run_jobs: m({
      description: 'Jobs of one run with their steps (paged).',
      required: ['runId'],
      run: (args, ctx) =>
        jobsAt(
          giteaPath('/repos/{owner}/{repo}/actions/runs/{runId}/jobs', {
            owner: args.owner,
            repo: args.repo,
            runId: args.runId,
          }),
          args,
          ctx,
        ),
    }),
    list_jobs: m({
      description: 'Jobs of every run of the repository (paged).',
      run: (args, ctx) =>
        jobsAt(giteaPath('/repos/{owner}/{repo}/actions/jobs', { owner: args.owner, repo: args.repo }), args, ctx),
    }),
    get_job: m({
      description: 'One job with its steps.',
      required: ['jobId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/actions/jobs/{jobId}', {
          owner: args.owner,
          repo: args.repo,
          jobId: args.jobId,
        });
        const { data } = await gitea.request('GET', path, { schema: jobSchema, signal });
        return toJobSummary(data);
      },
    }),
    get_job_log: m({
      description: 'The tail of a job log, or the part from logOffset (at most 32 KiB per call).',
      required: ['jobId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/actions/jobs/{jobId}/logs', {
          owner: args.owner,
          repo: args.repo,
          jobId: args.jobId,
        });
        // Only the part shown is fetched: logs run to many MiB.
        const range =
          args.logOffset === undefined
            ? { lastBytes: MAX_LOG_BYTES + 1 }
            : { from: args.logOffset, length: MAX_LOG_BYTES };
        const res = await gitea.request<Uint8Array>('GET', path, { accept: 'raw', range, signal });
        return { jobId: args.jobId, ...logWindow(res, args.logOffset) };
      },
    }),
    list_artifacts: m({
      description: 'Artifacts of the repository (paged).',
      run: (args, ctx) =>
        artifactsAt(
          giteaPath('/repos/{owner}/{repo}/actions/artifacts', { owner: args.owner, repo: args.repo }),
          args,
          ctx,
        ),
    }),
    list_run_artifacts: m({
      description: 'Artifacts of one run (paged).',
      required: ['runId'],
      run: (args, ctx) =>
        artifactsAt(
          giteaPath('/repos/{owner}/{repo}/actions/runs/{runId}/artifacts', {
            owner: args.owner,
            repo: args.repo,
            runId: args.runId,
          }),
          args,
          ctx,
        ),
    }),
    get_artifact: m({
      description: 'One artifact (name, size, expiry); Gatea does not download artifacts.',
      required: ['artifactId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/actions/artifacts/{artifactId}', {
          owner: args.owner,
          repo: args.repo,
          artifactId: args.artifactId,
        });
        const { data } = await gitea.request('GET', path, { schema: artifactSchema, signal });
        return toArtifactSummary(data);
      },
    }),
  }),
});

/** `actions_run_write`: dispatch, enable and disable workflows. */
export const actionsRunWrite = defineTool({
  name: 'actions_run_write',
  toolset: 'actions',
  title: 'Start or switch workflows',
  description: 'Run a workflow_dispatch workflow on a ref with inputs, or disable or enable a workflow.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['dispatch_workflow', 'disable_workflow', 'enable_workflow']).describe('What to do.'),
      ...repoInput,
      workflowId: z.string().trim().min(1).describe('Workflow file name, e.g. deploy.yml.'),
      ref: z.string().trim().min(1).optional().describe('dispatch_workflow: branch or tag to run on.'),
      inputs: z.record(z.string(), z.string()).optional().describe('dispatch_workflow: inputs, name → string value.'),
    })
    .strict(),
  methods: (m) => {
    const workflow = (a: { owner: string; repo: string; workflowId: string }) => ({
      owner: a.owner,
      repo: a.repo,
      workflowId: a.workflowId,
    });
    return {
      dispatch_workflow: m({
        description: 'Start the workflow.',
        required: ['ref'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/actions/workflows/{workflowId}/dispatches', workflow(args));
          await gitea.request('POST', path, {
            body: { ref: args.ref, inputs: args.inputs ?? {} },
            signal,
          });
          return {
            dispatched: true,
            workflowId: args.workflowId,
            ref: args.ref,
            note: 'Find the new run with actions_run_read method list_runs event=workflow_dispatch.',
          };
        },
      }),
      disable_workflow: m({
        description: 'Stop the workflow from running.',
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/actions/workflows/{workflowId}/disable', workflow(args));
          await gitea.request('PUT', path, { signal });
          return { workflowId: args.workflowId, state: 'disabled' };
        },
      }),
      enable_workflow: m({
        description: 'Let the workflow run again.',
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/actions/workflows/{workflowId}/enable', workflow(args));
          await gitea.request('PUT', path, { signal });
          return { workflowId: args.workflowId, state: 'active' };
        },
      }),
    };
  },
});

/** The runs half of the `actions` toolset. */
export const ACTIONS_RUN_TOOLS = [actionsRunRead, actionsRunWrite] as const;
