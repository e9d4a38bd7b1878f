/**
 * Toolset `actions`: Gitea Actions workflows, runs, jobs, logs and artifacts
 * (`actions_run_read`, `actions_run_write`), secrets and variables
 * (`actions_config_read`, `actions_config_write`), and deletions as their own
 * destructive tool. Secret values are write-only: Gitea never returns them.
 * Cancel and re-run are not in Gitea 1.25's API, so they are not offered.
 */
import { z } from 'zod';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { numericId } from './issues-params.js';
import { repoInput, repoPath } from './params.js';
import { sanitizeOptional } from './sanitize.js';
import { byteLength, pageResult, pagingInput, sliceBytes } from './shape.js';

/** Cap on log text returned by one call. */
const MAX_LOG_BYTES = 32 * 1024;

interface GiteaRunLike {
  id: number;
  run_number?: number;
  display_title?: string;
  event?: string;
  status?: string;
  conclusion?: string;
  head_branch?: string;
  head_sha?: string;
  path?: string;
  actor?: { login?: string } | null;
  started_at?: string;
  completed_at?: string;
  html_url?: string;
}

interface GiteaJobLike {
  id: number;
  run_id?: number;
  name?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  steps?: { number?: number; name?: string; status?: string; conclusion?: string }[] | null;
  html_url?: string;
}

interface GiteaWorkflowLike {
  id: string;
  name?: string;
  path?: string;
  state?: string;
  html_url?: string;
}

interface GiteaArtifactLike {
  id: number;
  name?: string;
  size_in_bytes?: number;
  expired?: boolean;
  expires_at?: string;
  created_at?: string;
  workflow_run?: { id?: number } | null;
}

interface GiteaSecretLike {
  name: string;
  description?: string;
  created_at?: string;
}

interface GiteaVariableLike {
  name: string;
  data?: string;
  description?: string;
}

function actionsPath(owner: string, repo: string, ...rest: string[]): string {
  return repoPath(owner, repo, 'actions', ...rest);
}

function toRunSummary(r: GiteaRunLike): Record<string, unknown> {
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

function toJobSummary(j: GiteaJobLike): Record<string, unknown> {
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

function toWorkflowSummary(w: GiteaWorkflowLike): Record<string, unknown> {
  return { id: w.id, name: sanitizeOptional(w.name), path: w.path, state: w.state, htmlUrl: w.html_url };
}

function toArtifactSummary(a: GiteaArtifactLike): Record<string, unknown> {
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

/** A window of a job log: the tail by default, or from `offset`, capped at MAX_LOG_BYTES. */
function logWindow(log: string, offset: number | undefined): Record<string, unknown> {
  const clean = sanitizeOptional(log) ?? '';
  const total = byteLength(clean);
  const start = offset ?? Math.max(0, total - MAX_LOG_BYTES);
  const w = sliceBytes(clean, start, MAX_LOG_BYTES);
  const notes: string[] = [];
  if (start > 0)
    notes.push(`Bytes before ${start} are not shown: call again with logOffset=0 (or any earlier offset).`);
  if (w.nextOffset !== null) notes.push(`More follows: call again with logOffset=${w.nextOffset}.`);
  return {
    log: w.text,
    logBytes: total,
    fromOffset: start,
    nextOffset: w.nextOffset,
    note: notes.length > 0 ? notes.join(' ') : undefined,
  };
}

const runFilters = {
  status: z
    .enum(['queued', 'in_progress', 'completed', 'success', 'failure', 'cancelled', 'skipped', 'waiting'])
    .optional()
    .describe('list_runs, list_jobs: only runs or jobs with this status or conclusion.'),
  branch: z.string().trim().min(1).optional().describe('list_runs: only runs on this branch.'),
  event: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('list_runs: only runs of this event (push, workflow_dispatch, …).'),
};

/** `actions_run_read`: workflows, runs, jobs, logs and artifacts. */
export const actionsRunRead = defineTool({
  name: 'actions_run_read',
  toolset: 'actions',
  title: 'Read Actions runs',
  description:
    'Inspect Gitea Actions: workflows, runs (filter by status, branch, event), a run and its jobs, a job with its steps, the tail of a job log, and artifacts.',
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
      runId: numericId.optional().describe('get_run, list_run_jobs, list_run_artifacts: the run id.'),
      jobId: numericId.optional().describe('get_job, get_job_log: the job id.'),
      artifactId: numericId.optional().describe('get_artifact: the artifact id.'),
      logOffset: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .describe('get_job_log: byte offset to read from; omitted, the last 32 KiB (the tail) are returned.'),
      ...runFilters,
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list_workflows: m({
      description: 'Workflows of the repository.',
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<{ workflows?: GiteaWorkflowLike[]; total_count?: number }>(
          'GET',
          actionsPath(args.owner, args.repo, 'workflows'),
          { signal },
        );
        return { workflows: (data.workflows ?? []).map(toWorkflowSummary), total: data.total_count };
      },
    }),
    get_workflow: m({
      description: 'One workflow.',
      required: ['workflowId'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'workflows', encodeURIComponent(args.workflowId));
        const { data } = await gitea.request<GiteaWorkflowLike>('GET', path, { signal });
        return toWorkflowSummary(data);
      },
    }),
    list_runs: m({
      description: 'Workflow runs, newest first (paged).',
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<{ workflow_runs?: GiteaRunLike[]; total_count?: number }>(
          'GET',
          actionsPath(args.owner, args.repo, 'runs'),
          {
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
        const runs = data.workflow_runs ?? [];
        const total = data.total_count ?? runs.length;
        return {
          runs: runs.map(toRunSummary),
          page: args.page,
          perPage: args.perPage,
          total,
          nextPage: args.page * args.perPage < total ? args.page + 1 : null,
        };
      },
    }),
    get_run: m({
      description: 'One run.',
      required: ['runId'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'runs', String(args.runId));
        const { data } = await gitea.request<GiteaRunLike>('GET', path, { signal });
        return toRunSummary(data);
      },
    }),
    list_run_jobs: m({
      description: 'Jobs of one run with their steps.',
      required: ['runId'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'runs', String(args.runId), 'jobs');
        const { data } = await gitea.request<{ jobs?: GiteaJobLike[]; total_count?: number }>('GET', path, {
          query: { status: args.status, page: args.page, limit: args.perPage },
          signal,
        });
        return { jobs: (data.jobs ?? []).map(toJobSummary), total: data.total_count };
      },
    }),
    list_jobs: m({
      description: 'Jobs of every run of the repository (paged).',
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<{ jobs?: GiteaJobLike[]; total_count?: number }>(
          'GET',
          actionsPath(args.owner, args.repo, 'jobs'),
          { query: { status: args.status, page: args.page, limit: args.perPage }, signal },
        );
        return { jobs: (data.jobs ?? []).map(toJobSummary), total: data.total_count, page: args.page };
      },
    }),
    get_job: m({
      description: 'One job with its steps.',
      required: ['jobId'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'jobs', String(args.jobId));
        const { data } = await gitea.request<GiteaJobLike>('GET', path, { signal });
        return toJobSummary(data);
      },
    }),
    get_job_log: m({
      description: 'The tail of a job log, or the part from logOffset (at most 32 KiB per call).',
      required: ['jobId'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'jobs', String(args.jobId), 'logs');
        const { data } = await gitea.request<string>('GET', path, { accept: 'text', signal });
        return { jobId: args.jobId, ...logWindow(data, args.logOffset) };
      },
    }),
    list_artifacts: m({
      description: 'Artifacts of the repository.',
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<{ artifacts?: GiteaArtifactLike[]; total_count?: number }>(
          'GET',
          actionsPath(args.owner, args.repo, 'artifacts'),
          { signal },
        );
        return { artifacts: (data.artifacts ?? []).map(toArtifactSummary), total: data.total_count };
      },
    }),
    list_run_artifacts: m({
      description: 'Artifacts of one run.',
      required: ['runId'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'runs', String(args.runId), 'artifacts');
        const { data } = await gitea.request<{ artifacts?: GiteaArtifactLike[]; total_count?: number }>('GET', path, {
          signal,
        });
        return { artifacts: (data.artifacts ?? []).map(toArtifactSummary), total: data.total_count };
      },
    }),
    get_artifact: m({
      description: 'One artifact (name, size, expiry); Gatea does not download artifacts.',
      required: ['artifactId'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'artifacts', String(args.artifactId));
        const { data } = await gitea.request<GiteaArtifactLike>('GET', path, { signal });
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
  description:
    'Start a workflow that has a workflow_dispatch trigger on a branch or tag with inputs (dispatch_workflow), or switch a workflow off or on (disable_workflow, enable_workflow).',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['dispatch_workflow', 'disable_workflow', 'enable_workflow']).describe('What to do.'),
      ...repoInput,
      workflowId: z.string().trim().min(1).describe('Workflow file name, e.g. deploy.yml.'),
      ref: z.string().trim().min(1).optional().describe('dispatch_workflow: branch or tag to run on.'),
      inputs: z
        .record(z.string(), z.string())
        .optional()
        .describe('dispatch_workflow: workflow inputs as name → value strings.'),
    })
    .strict(),
  methods: (m) => {
    const workflowPath = (a: { owner: string; repo: string; workflowId: string }, action: string) =>
      actionsPath(a.owner, a.repo, 'workflows', encodeURIComponent(a.workflowId), action);
    return {
      dispatch_workflow: m({
        description: 'Start the workflow.',
        required: ['ref'],
        async run(args, { gitea, signal }) {
          await gitea.request('POST', workflowPath(args, 'dispatches'), {
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
          await gitea.request('PUT', workflowPath(args, 'disable'), { signal });
          return { workflowId: args.workflowId, state: 'disabled' };
        },
      }),
      enable_workflow: m({
        description: 'Let the workflow run again.',
        async run(args, { gitea, signal }) {
          await gitea.request('PUT', workflowPath(args, 'enable'), { signal });
          return { workflowId: args.workflowId, state: 'active' };
        },
      }),
    };
  },
});

const variableName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores, not starting with a digit');

/** `actions_config_read`: secret names and variables. */
export const actionsConfigRead = defineTool({
  name: 'actions_config_read',
  toolset: 'actions',
  title: 'Read Actions secrets and variables',
  description:
    "List the names of a repository's Actions secrets (values are never readable), list its variables, or get one variable's value; Gitea allows this to repository admins only.",
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['list_secrets', 'list_variables', 'get_variable']).describe('What to read.'),
      ...repoInput,
      name: variableName.optional().describe('get_variable: the variable name.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list_secrets: m({
      description: 'Secret names and descriptions (paged).',
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaSecretLike>('GET', actionsPath(args.owner, args.repo, 'secrets'), {
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('secrets', res, (s) => ({
          name: s.name,
          description: sanitizeOptional(s.description) || undefined,
          createdAt: s.created_at,
        }));
      },
    }),
    list_variables: m({
      description: 'Variables with their values (paged).',
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaVariableLike>('GET', actionsPath(args.owner, args.repo, 'variables'), {
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('variables', res, toVariableSummary);
      },
    }),
    get_variable: m({
      description: 'One variable.',
      required: ['name'],
      async run(args, { gitea, signal }) {
        const path = actionsPath(args.owner, args.repo, 'variables', args.name);
        const { data } = await gitea.request<GiteaVariableLike>('GET', path, { signal });
        return toVariableSummary(data);
      },
    }),
  }),
});

function toVariableSummary(v: GiteaVariableLike): Record<string, unknown> {
  return { name: v.name, value: sanitizeOptional(v.data), description: sanitizeOptional(v.description) || undefined };
}

/** `actions_config_write`: set secrets, create and update variables. */
export const actionsConfigWrite = defineTool({
  name: 'actions_config_write',
  toolset: 'actions',
  title: 'Set Actions secrets and variables',
  description:
    'Create or replace an Actions secret (set_secret; the value is sent to Gitea and never shown again), or create or change a variable (create_variable, update_variable).',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['set_secret', 'create_variable', 'update_variable']).describe('What to change.'),
      ...repoInput,
      name: variableName.describe('Secret or variable name, e.g. DEPLOY_TOKEN.'),
      value: z.string().min(1).max(65536).describe('The secret value or the variable value.'),
      description: z.string().max(4096).optional().describe('An optional description.'),
      newName: variableName.optional().describe('update_variable: rename the variable.'),
    })
    .strict(),
  methods: (m) => ({
    set_secret: m({
      description: 'Create or replace a secret.',
      async run(args, { gitea, signal }) {
        await gitea.request('PUT', actionsPath(args.owner, args.repo, 'secrets', args.name), {
          body: { data: args.value, description: args.description },
          signal,
        });
        // Never echo the value back.
        return { secret: args.name, set: true };
      },
    }),
    create_variable: m({
      description: 'Create a variable.',
      async run(args, { gitea, signal }) {
        await gitea.request('POST', actionsPath(args.owner, args.repo, 'variables', args.name), {
          body: { value: args.value, description: args.description },
          signal,
        });
        return { variable: args.name, created: true };
      },
    }),
    update_variable: m({
      description: 'Change a variable, optionally renaming it.',
      async run(args, { gitea, signal }) {
        await gitea.request('PUT', actionsPath(args.owner, args.repo, 'variables', args.name), {
          body: { value: args.value, description: args.description, name: args.newName },
          signal,
        });
        return { variable: args.newName ?? args.name, updated: true };
      },
    }),
  }),
});

/** `delete_actions_item`: deletions, each irreversible. */
export const deleteActionsItem = defineTool({
  name: 'delete_actions_item',
  toolset: 'actions',
  title: 'Delete an Actions run, artifact, secret or variable',
  description:
    'Delete a workflow run with its logs (run), an artifact (artifact), a secret (secret) or a variable (variable), irreversibly.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      kind: z.enum(['run', 'artifact', 'secret', 'variable']).describe('What to delete.'),
      ...repoInput,
      id: numericId.optional().describe('run, artifact: the id.'),
      name: variableName.optional().describe('secret, variable: the name.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const byId = args.kind === 'run' || args.kind === 'artifact';
    const key = byId ? args.id : args.name;
    if (key === undefined)
      throw new ToolInputError(
        `delete_actions_item kind ${args.kind} needs ${byId ? 'id' : 'name'}.`,
        byId ? 'id' : 'name',
      );
    const segment = { run: 'runs', artifact: 'artifacts', secret: 'secrets', variable: 'variables' }[args.kind];
    await gitea.request('DELETE', actionsPath(args.owner, args.repo, segment, String(key)), { signal });
    return { deleted: true, kind: args.kind, [byId ? 'id' : 'name']: key };
  },
});

/** The `actions` toolset. */
export const ACTIONS_TOOLS = [
  actionsRunRead,
  actionsRunWrite,
  actionsConfigRead,
  actionsConfigWrite,
  deleteActionsItem,
] as const;
