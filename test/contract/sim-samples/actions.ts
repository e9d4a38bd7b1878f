/**
 * Samples for Actions routes on the seeded opensource/website runs (run 1 is
 * the successful push run with job 1 and artifact 1, sim/seed/activity.ts;
 * bob owns the org); secrets and variables on alice/pull-samples, which the
 * last sample deletes.
 */
import { SAMPLE_REPO as R } from './pulls.js';
import type { RouteSample } from './types.js';

const A = '/repos/opensource/website/actions';
const S = `${R}/actions`;

export const actionSamples: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/runs', path: `${A}/runs?status=success`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/runs/{run}', path: `${A}/runs/1`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/runs/{run}/jobs', path: `${A}/runs/1/jobs`, status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/actions/runs/{run}/artifacts',
    path: `${A}/runs/1/artifacts`,
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/jobs', path: `${A}/jobs`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/jobs/{job_id}', path: `${A}/jobs/1`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/jobs/{job_id}/logs', path: `${A}/jobs/1/logs`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/artifacts', path: `${A}/artifacts`, status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
    path: `${A}/artifacts/1`,
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/workflows', path: `${A}/workflows`, status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}',
    path: `${A}/workflows/deploy.yml`,
    status: 200,
  },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/disable',
    path: `${A}/workflows/deploy.yml/disable`,
    as: 'bob',
    status: 204,
  },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable',
    path: `${A}/workflows/deploy.yml/enable`,
    as: 'bob',
    status: 204,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    path: `${A}/workflows/deploy.yml/dispatches`,
    as: 'bob',
    json: { ref: 'main' },
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
    path: `${A}/artifacts/1`,
    as: 'bob',
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/actions/runs/{run}',
    path: `${A}/runs/2`,
    as: 'bob',
    status: 204,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/secrets', path: `${S}/secrets`, as: 'alice', status: 200 },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/actions/secrets/{secretname}',
    path: `${S}/secrets/DEPLOY_TOKEN`,
    as: 'alice',
    json: { data: 'not-a-real-secret' },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/actions/secrets/{secretname}',
    path: `${S}/secrets/DEPLOY_TOKEN`,
    as: 'alice',
    status: 204,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/actions/variables/{variablename}',
    path: `${S}/variables/REGION`,
    as: 'alice',
    json: { value: 'eu' },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/variables', path: `${S}/variables`, as: 'alice', status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/actions/variables/{variablename}',
    path: `${S}/variables/REGION`,
    as: 'alice',
    status: 200,
  },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/actions/variables/{variablename}',
    path: `${S}/variables/REGION`,
    as: 'alice',
    json: { value: 'us' },
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/actions/variables/{variablename}',
    path: `${S}/variables/REGION`,
    as: 'alice',
    status: 204,
  },
  { method: 'DELETE', route: '/repos/{owner}/{repo}', path: R, as: 'alice', status: 204 },
];

/** Organization secrets and variables (bob owns opensource). */
const O = '/orgs/opensource/actions';
export const orgActionSamples: RouteSample[] = [
  {
    method: 'PUT',
    route: '/orgs/{org}/actions/secrets/{secretname}',
    path: `${O}/secrets/ORG_TOKEN`,
    as: 'bob',
    json: { data: 'x' },
    status: 201,
  },
  { method: 'GET', route: '/orgs/{org}/actions/secrets', path: `${O}/secrets`, as: 'bob', status: 200 },
  {
    method: 'DELETE',
    route: '/orgs/{org}/actions/secrets/{secretname}',
    path: `${O}/secrets/ORG_TOKEN`,
    as: 'bob',
    status: 204,
  },
  {
    method: 'POST',
    route: '/orgs/{org}/actions/variables/{variablename}',
    path: `${O}/variables/ORG_REGION`,
    as: 'bob',
    json: { value: 'eu' },
    status: 201,
  },
  { method: 'GET', route: '/orgs/{org}/actions/variables', path: `${O}/variables`, as: 'bob', status: 200 },
  {
    method: 'GET',
    route: '/orgs/{org}/actions/variables/{variablename}',
    path: `${O}/variables/ORG_REGION`,
    as: 'bob',
    status: 200,
  },
  {
    method: 'PUT',
    route: '/orgs/{org}/actions/variables/{variablename}',
    path: `${O}/variables/ORG_REGION`,
    as: 'bob',
    json: { value: 'us' },
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/orgs/{org}/actions/variables/{variablename}',
    path: `${O}/variables/ORG_REGION`,
    as: 'bob',
    status: 204,
  },
];
