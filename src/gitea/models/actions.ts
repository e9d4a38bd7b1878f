/** Actions: workflows, their runs, jobs and artifacts; secrets and variables. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { bool, type Nested, num, str, type Wire, type WireShape } from './wire.js';

/** The parts of Gitea's `ActionWorkflowRun` that tools read. */
export type GiteaRun = Wire<
  Pick<
    gen.ActionWorkflowRun,
    | 'run_number'
    | 'display_title'
    | 'event'
    | 'status'
    | 'conclusion'
    | 'head_branch'
    | 'head_sha'
    | 'path'
    | 'started_at'
    | 'completed_at'
    | 'html_url'
  >
> &
  Nested<gen.ActionWorkflowRun, { actor: Wire<Pick<gen.User, 'login'>> }> &
  Required<Pick<gen.ActionWorkflowRun, 'id'>>;

/** Parses an `ActionWorkflowRun`; `id` is required (runs are read, rerun and cancelled by it). */
export const runSchema = z.object({
  id: z.number(),
  run_number: num(),
  display_title: str(),
  event: str(),
  status: str(),
  conclusion: str(),
  head_branch: str(),
  head_sha: str(),
  path: str(),
  actor: z.object({ login: str() }).nullish(),
  started_at: str(),
  completed_at: str(),
  html_url: str(),
} satisfies WireShape<GiteaRun>);

/** The parts of Gitea's `ActionWorkflowRunsResponse` that tools read. */
export type GiteaRuns = Wire<Pick<gen.ActionWorkflowRunsResponse, 'total_count'>> &
  Nested<gen.ActionWorkflowRunsResponse, { workflow_runs: GiteaRun[] }>;

/** Parses an `ActionWorkflowRunsResponse`. */
export const runsSchema = z.object({
  workflow_runs: z.array(runSchema).nullish(),
  total_count: num(),
} satisfies WireShape<GiteaRuns>);

/** The parts of Gitea's `ActionWorkflowStep` that tools read. */
export type GiteaJobStep = Wire<Pick<gen.ActionWorkflowStep, 'number' | 'name' | 'status' | 'conclusion'>>;

/** The parts of Gitea's `ActionWorkflowJob` that tools read. */
export type GiteaJob = Wire<
  Pick<gen.ActionWorkflowJob, 'run_id' | 'name' | 'status' | 'conclusion' | 'started_at' | 'completed_at' | 'html_url'>
> &
  Nested<gen.ActionWorkflowJob, { steps: GiteaJobStep[] }> &
  Required<Pick<gen.ActionWorkflowJob, 'id'>>;

/** Parses an `ActionWorkflowJob`; `id` is required (its log is read by it). */
export const jobSchema = z.object({
  id: z.number(),
  run_id: num(),
  name: str(),
  status: str(),
  conclusion: str(),
  started_at: str(),
  completed_at: str(),
  steps: z
    .array(z.object({ number: num(), name: str(), status: str(), conclusion: str() } satisfies WireShape<GiteaJobStep>))
    .nullish(),
  html_url: str(),
} satisfies WireShape<GiteaJob>);

/** The parts of Gitea's `ActionWorkflowJobsResponse` that tools read. */
export type GiteaJobs = Wire<Pick<gen.ActionWorkflowJobsResponse, 'total_count'>> &
  Nested<gen.ActionWorkflowJobsResponse, { jobs: GiteaJob[] }>;

/** Parses an `ActionWorkflowJobsResponse`. */
export const jobsSchema = z.object({
  jobs: z.array(jobSchema).nullish(),
  total_count: num(),
} satisfies WireShape<GiteaJobs>);

/** The parts of Gitea's `ActionWorkflow` that tools read. */
export type GiteaWorkflow = Wire<Pick<gen.ActionWorkflow, 'name' | 'path' | 'state' | 'html_url'>> &
  Required<Pick<gen.ActionWorkflow, 'id'>>;

/** Parses an `ActionWorkflow`; `id` (the file name) is required: workflows are read and dispatched by it. */
export const workflowSchema = z.object({
  id: z.string(),
  name: str(),
  path: str(),
  state: str(),
  html_url: str(),
} satisfies WireShape<GiteaWorkflow>);

/** The parts of Gitea's `ActionWorkflowResponse` that tools read. */
export type GiteaWorkflows = Wire<Pick<gen.ActionWorkflowResponse, 'total_count'>> &
  Nested<gen.ActionWorkflowResponse, { workflows: GiteaWorkflow[] }>;

/** Parses an `ActionWorkflowResponse`. */
export const workflowsSchema = z.object({
  workflows: z.array(workflowSchema).nullish(),
  total_count: num(),
} satisfies WireShape<GiteaWorkflows>);

/** The parts of Gitea's `ActionArtifact` that tools read. */
export type GiteaArtifact = Wire<
  Pick<gen.ActionArtifact, 'name' | 'size_in_bytes' | 'expired' | 'expires_at' | 'created_at'>
> &
  Nested<gen.ActionArtifact, { workflow_run: Wire<Pick<gen.ActionWorkflowRun, 'id'>> }> &
  Required<Pick<gen.ActionArtifact, 'id'>>;

/** Parses an `ActionArtifact`; `id` is required. */
export const artifactSchema = z.object({
  id: z.number(),
  name: str(),
  size_in_bytes: num(),
  expired: bool(),
  expires_at: str(),
  created_at: str(),
  workflow_run: z.object({ id: num() }).nullish(),
} satisfies WireShape<GiteaArtifact>);

/** The parts of Gitea's `ActionArtifactsResponse` that tools read. */
export type GiteaArtifacts = Wire<Pick<gen.ActionArtifactsResponse, 'total_count'>> &
  Nested<gen.ActionArtifactsResponse, { artifacts: GiteaArtifact[] }>;

/** Parses an `ActionArtifactsResponse`. */
export const artifactsSchema = z.object({
  artifacts: z.array(artifactSchema).nullish(),
  total_count: num(),
} satisfies WireShape<GiteaArtifacts>);

/** The parts of Gitea's `Secret` that tools read (never its value: Gitea does not send it). */
export type GiteaSecret = Wire<Pick<gen.Secret, 'description' | 'created_at'>> & Required<Pick<gen.Secret, 'name'>>;

/** Parses a `Secret`; `name` is required. */
export const secretSchema = z.object({
  name: z.string(),
  description: str(),
  created_at: str(),
} satisfies WireShape<GiteaSecret>);

/** The parts of Gitea's `ActionVariable` that tools read. */
export type GiteaVariable = Wire<Pick<gen.ActionVariable, 'data' | 'description'>> &
  Required<Pick<gen.ActionVariable, 'name'>>;

/** Parses an `ActionVariable`; `name` is required. */
export const variableSchema = z.object({
  name: z.string(),
  data: str(),
  description: str(),
} satisfies WireShape<GiteaVariable>);
