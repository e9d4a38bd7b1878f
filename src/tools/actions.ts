/**
 * Toolset `actions`: Gitea Actions workflows, runs, jobs, logs and artifacts
 * (`actions_run_read`, `actions_run_write`), secrets and variables
 * (`actions_config_read`, `actions_config_write`), and deletions as their own
 * destructive tool. Secret values are write-only: Gitea never returns them.
 * Cancel and re-run are not in Gitea 1.25's API, so they are not offered.
 */
import { z } from 'zod';
import { type GiteaPath, giteaPath } from '../gitea/index.js';
import { defineTool } from './define.js';
import { numericId, optionalOwner, optionalRepo } from './issues-params.js';
import { repoInput } from './params.js';
import { sanitizeOptional } from './sanitize.js';
import { byteLength, pageResult, pagingInput, sliceBytes } from './shape.js';
import type { ToolContext } from './tool-context.js';

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

/** Gitea's `{jobs, total_count}` list at `path`, filtered by status and paged. */
async function jobsAt(
  path: GiteaPath,
  a: { status?: string | undefined; page: number; perPage: number },
  { gitea, signal }: ToolContext,
): Promise<Record<string, unknown>> {
  const { data } = await gitea.request<{ jobs?: GiteaJobLike[]; total_count?: number }>('GET', path, {
    query: { status: a.status, page: a.page, limit: a.perPage },
    signal,
  });
  return { jobs: (data.jobs ?? []).map(toJobSummary), total: data.total_count, page: a.page };
}

/** Gitea's `{artifacts, total_count}` list at `path`. */
async function artifactsAt(path: GiteaPath, { gitea, signal }: ToolContext): Promise<Record<string, unknown>> {
  const { data } = await gitea.request<{ artifacts?: GiteaArtifactLike[]; total_count?: number }>('GET', path, {
    signal,
  });
  return { artifacts: (data.artifacts ?? []).map(toArtifactSummary), total: data.total_count };
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
          giteaPath('/repos/{owner}/{repo}/actions/workflows', { owner: args.owner, repo: args.repo }),
          { signal },
        );
        return { workflows: (data.workflows ?? []).map(toWorkflowSummary), total: data.total_count };
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
        const { data } = await gitea.request<GiteaWorkflowLike>('GET', path, { signal });
        return toWorkflowSummary(data);
      },
    }),
    list_runs: m({
      description: 'Workflow runs, newest first (paged).',
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<{ workflow_runs?: GiteaRunLike[]; total_count?: number }>(
          'GET',
          giteaPath('/repos/{owner}/{repo}/actions/runs', { owner: args.owner, repo: args.repo }),
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
        const path = giteaPath('/repos/{owner}/{repo}/actions/runs/{runId}', {
          owner: args.owner,
          repo: args.repo,
          runId: args.runId,
        });
        const { data } = await gitea.request<GiteaRunLike>('GET', path, { signal });
        return toRunSummary(data);
      },
    }),
    list_run_jobs: m({
      description: 'Jobs of one run with their steps.',
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
        const { data } = await gitea.request<GiteaJobLike>('GET', path, { signal });
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
        const { data } = await gitea.request<string>('GET', path, { accept: 'text', signal });
        return { jobId: args.jobId, ...logWindow(data, args.logOffset) };
      },
    }),
    list_artifacts: m({
      description: 'Artifacts of the repository.',
      run: (args, ctx) =>
        artifactsAt(giteaPath('/repos/{owner}/{repo}/actions/artifacts', { owner: args.owner, repo: args.repo }), ctx),
    }),
    list_run_artifacts: m({
      description: 'Artifacts of one run.',
      required: ['runId'],
      run: (args, ctx) =>
        artifactsAt(
          giteaPath('/repos/{owner}/{repo}/actions/runs/{runId}/artifacts', {
            owner: args.owner,
            repo: args.repo,
            runId: args.runId,
          }),
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

const variableName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores, not starting with a digit');

/** Secrets and variables live on a repository or, for the `org_` methods, on an organization. */
const settingsOwnerInput = {
  owner: optionalOwner.describe('Repository owner; for the repository methods.'),
  repo: optionalRepo.describe('Repository name; for the repository methods.'),
  org: z.string().trim().min(1).optional().describe('Organization; for the org_ methods.'),
};

const REPO: ['owner', 'repo'] = ['owner', 'repo'];

/** Whose secrets and variables: a repository's, or an organization's for the org_ methods. */
type SettingsOwner = { org: string } | { owner: string; repo: string };

function repoSettings(a: { owner: string; repo: string }): SettingsOwner {
  return { owner: a.owner, repo: a.repo };
}

function orgSettings(a: { org: string }): SettingsOwner {
  return { org: a.org };
}

/** The secrets of `s`, or its secret `name`. */
function secretsPath(s: SettingsOwner, name?: string): GiteaPath {
  if ('org' in s)
    return name === undefined
      ? giteaPath('/orgs/{org}/actions/secrets', { org: s.org })
      : giteaPath('/orgs/{org}/actions/secrets/{name}', { org: s.org, name });
  return name === undefined
    ? giteaPath('/repos/{owner}/{repo}/actions/secrets', { owner: s.owner, repo: s.repo })
    : giteaPath('/repos/{owner}/{repo}/actions/secrets/{name}', { owner: s.owner, repo: s.repo, name });
}

/** The variables of `s`, or its variable `name`. */
function variablesPath(s: SettingsOwner, name?: string): GiteaPath {
  if ('org' in s)
    return name === undefined
      ? giteaPath('/orgs/{org}/actions/variables', { org: s.org })
      : giteaPath('/orgs/{org}/actions/variables/{name}', { org: s.org, name });
  return name === undefined
    ? giteaPath('/repos/{owner}/{repo}/actions/variables', { owner: s.owner, repo: s.repo })
    : giteaPath('/repos/{owner}/{repo}/actions/variables/{name}', { owner: s.owner, repo: s.repo, name });
}

function toSecretSummary(s: GiteaSecretLike): Record<string, unknown> {
  return { name: s.name, description: sanitizeOptional(s.description) || undefined, createdAt: s.created_at };
}

function toVariableSummary(v: GiteaVariableLike): Record<string, unknown> {
  return { name: v.name, value: sanitizeOptional(v.data), description: sanitizeOptional(v.description) || undefined };
}

/** `actions_config_read`: secret names and variables. */
export const actionsConfigRead = defineTool({
  name: 'actions_config_read',
  toolset: 'actions',
  title: 'Read Actions secrets and variables',
  description:
    "List the names of a repository's or organization's Actions secrets (values are never readable), list their variables, or get one; Gitea allows this to repository admins and organization owners only.",
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'list_secrets',
          'list_variables',
          'get_variable',
          'list_org_secrets',
          'list_org_variables',
          'get_org_variable',
        ])
        .describe('What to read; the org_ methods read the organization settings.'),
      ...settingsOwnerInput,
      name: variableName.optional().describe('get_variable, get_org_variable: the variable name.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => {
    type Paged = { page: number; perPage: number };
    const secrets = async (path: GiteaPath, a: Paged, { gitea, signal }: ToolContext) =>
      pageResult(
        'secrets',
        await gitea.requestPage<GiteaSecretLike>('GET', path, { page: a.page, limit: a.perPage, signal }),
        toSecretSummary,
      );
    const variables = async (path: GiteaPath, a: Paged, { gitea, signal }: ToolContext) =>
      pageResult(
        'variables',
        await gitea.requestPage<GiteaVariableLike>('GET', path, { page: a.page, limit: a.perPage, signal }),
        toVariableSummary,
      );
    const variable = async (path: GiteaPath, { gitea, signal }: ToolContext) =>
      toVariableSummary((await gitea.request<GiteaVariableLike>('GET', path, { signal })).data);
    const ORG_READ = ['read:organization'] as const;
    return {
      list_secrets: m({
        description: 'Repository secret names (paged).',
        required: REPO,
        run: (a, ctx) => secrets(secretsPath(repoSettings(a)), a, ctx),
      }),
      list_variables: m({
        description: 'Repository variables with values (paged).',
        required: REPO,
        run: (a, ctx) => variables(variablesPath(repoSettings(a)), a, ctx),
      }),
      get_variable: m({
        description: 'One repository variable.',
        required: ['owner', 'repo', 'name'],
        run: (a, ctx) => variable(variablesPath(repoSettings(a), a.name), ctx),
      }),
      list_org_secrets: m({
        description: 'Organization secret names (paged).',
        required: ['org'],
        scopes: ORG_READ,
        run: (a, ctx) => secrets(secretsPath(orgSettings(a)), a, ctx),
      }),
      list_org_variables: m({
        description: 'Organization variables with values (paged).',
        required: ['org'],
        scopes: ORG_READ,
        run: (a, ctx) => variables(variablesPath(orgSettings(a)), a, ctx),
      }),
      get_org_variable: m({
        description: 'One organization variable.',
        required: ['org', 'name'],
        scopes: ORG_READ,
        run: (a, ctx) => variable(variablesPath(orgSettings(a), a.name), ctx),
      }),
    };
  },
});

/** `actions_config_write`: set secrets, create and update variables. */
export const actionsConfigWrite = defineTool({
  name: 'actions_config_write',
  toolset: 'actions',
  title: 'Set Actions secrets and variables',
  description:
    'Create or replace an Actions secret (the value goes to Gitea and is never shown again), or create or change a variable, on a repository or (org_ methods) an organization.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'set_secret',
          'create_variable',
          'update_variable',
          'set_org_secret',
          'create_org_variable',
          'update_org_variable',
        ])
        .describe('What to change; the org_ methods change the organization settings.'),
      ...settingsOwnerInput,
      name: variableName.describe('Secret or variable name, e.g. DEPLOY_TOKEN.'),
      value: z.string().min(1).max(65536).describe('The secret value or the variable value.'),
      description: z.string().max(4096).optional().describe('An optional description.'),
      newName: variableName.optional().describe('update_variable, update_org_variable: rename the variable.'),
    })
    .strict(),
  methods: (m) => {
    type Fields = { name: string; value: string; description?: string | undefined; newName?: string | undefined };
    const setSecret = async (s: SettingsOwner, a: Fields, { gitea, signal }: ToolContext) => {
      await gitea.request('PUT', secretsPath(s, a.name), {
        body: { data: a.value, description: a.description },
        signal,
      });
      // Never echo the value back.
      return { secret: a.name, set: true };
    };
    const createVariable = async (s: SettingsOwner, a: Fields, { gitea, signal }: ToolContext) => {
      await gitea.request('POST', variablesPath(s, a.name), {
        body: { value: a.value, description: a.description },
        signal,
      });
      return { variable: a.name, created: true };
    };
    const updateVariable = async (s: SettingsOwner, a: Fields, { gitea, signal }: ToolContext) => {
      await gitea.request('PUT', variablesPath(s, a.name), {
        body: { value: a.value, description: a.description, name: a.newName },
        signal,
      });
      return { variable: a.newName ?? a.name, updated: true };
    };
    const ORG_WRITE = ['write:organization'] as const;
    return {
      set_secret: m({
        description: 'Create or replace a repository secret.',
        required: REPO,
        run: (a, ctx) => setSecret(repoSettings(a), a, ctx),
      }),
      create_variable: m({
        description: 'Create a repository variable.',
        required: REPO,
        run: (a, ctx) => createVariable(repoSettings(a), a, ctx),
      }),
      update_variable: m({
        description: 'Change a repository variable.',
        required: REPO,
        run: (a, ctx) => updateVariable(repoSettings(a), a, ctx),
      }),
      set_org_secret: m({
        description: 'Create or replace an organization secret.',
        required: ['org'],
        scopes: ORG_WRITE,
        run: (a, ctx) => setSecret(orgSettings(a), a, ctx),
      }),
      create_org_variable: m({
        description: 'Create an organization variable.',
        required: ['org'],
        scopes: ORG_WRITE,
        run: (a, ctx) => createVariable(orgSettings(a), a, ctx),
      }),
      update_org_variable: m({
        description: 'Change an organization variable.',
        required: ['org'],
        scopes: ORG_WRITE,
        run: (a, ctx) => updateVariable(orgSettings(a), a, ctx),
      }),
    };
  },
});

/** `delete_actions_item`: deletions, each irreversible. */
export const deleteActionsItem = defineTool({
  name: 'delete_actions_item',
  toolset: 'actions',
  title: 'Delete an Actions run, artifact, secret or variable',
  description:
    'Delete, irreversibly, a workflow run with its logs, an artifact, or a secret or variable of a repository or (org_ methods) an organization.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'delete_run',
          'delete_artifact',
          'delete_secret',
          'delete_variable',
          'delete_org_secret',
          'delete_org_variable',
        ])
        .describe('What to delete.'),
      ...settingsOwnerInput,
      id: numericId.optional().describe('delete_run, delete_artifact: the id.'),
      name: variableName.optional().describe('The secret or variable name.'),
    })
    .strict(),
  methods: (m) => {
    const del = async (path: GiteaPath, { gitea, signal }: ToolContext, what: Record<string, unknown>) => {
      await gitea.request('DELETE', path, { signal });
      return { deleted: true, ...what };
    };
    const ORG_WRITE = ['write:organization'] as const;
    return {
      delete_run: m({
        description: 'A workflow run with its jobs and logs.',
        required: ['owner', 'repo', 'id'],
        run: (a, ctx) =>
          del(giteaPath('/repos/{owner}/{repo}/actions/runs/{id}', { owner: a.owner, repo: a.repo, id: a.id }), ctx, {
            run: a.id,
          }),
      }),
      delete_artifact: m({
        description: 'An artifact.',
        required: ['owner', 'repo', 'id'],
        run: (a, ctx) =>
          del(
            giteaPath('/repos/{owner}/{repo}/actions/artifacts/{id}', { owner: a.owner, repo: a.repo, id: a.id }),
            ctx,
            { artifact: a.id },
          ),
      }),
      delete_secret: m({
        description: 'A repository secret.',
        required: ['owner', 'repo', 'name'],
        run: (a, ctx) => del(secretsPath(repoSettings(a), a.name), ctx, { secret: a.name }),
      }),
      delete_variable: m({
        description: 'A repository variable.',
        required: ['owner', 'repo', 'name'],
        run: (a, ctx) => del(variablesPath(repoSettings(a), a.name), ctx, { variable: a.name }),
      }),
      delete_org_secret: m({
        description: 'An organization secret.',
        required: ['org', 'name'],
        scopes: ORG_WRITE,
        run: (a, ctx) => del(secretsPath(orgSettings(a), a.name), ctx, { secret: a.name }),
      }),
      delete_org_variable: m({
        description: 'An organization variable.',
        required: ['org', 'name'],
        scopes: ORG_WRITE,
        run: (a, ctx) => del(variablesPath(orgSettings(a), a.name), ctx, { variable: a.name }),
      }),
    };
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
