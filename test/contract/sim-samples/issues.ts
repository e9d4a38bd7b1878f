/**
 * Samples for issue, comment, label, milestone, time-tracking and
 * notification routes. They run after the other samples on the seeded
 * alice/hello-world (sim/seed/issues.ts): seeded issues #3–#5 (#1–#2 are
 * pulls), labels 1–3 and acme's label 4, milestones 1–2, comments 1–2,
 * alice's notification thread 1. The sample issue is #6, its comment 3, the
 * new repository label 5, organization label 6, milestone 3 and tracked time 2.
 */
import type { RouteSample } from './types.js';

const H = '/repos/alice/hello-world';
const I = `${H}/issues/6`;

const issueRoutes: RouteSample[] = [
  {
    method: 'GET',
    route: '/repos/issues/search',
    path: '/repos/issues/search?q=greeting&state=all',
    as: 'alice',
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/issues', path: `${H}/issues?state=all&type=issues`, status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues',
    path: `${H}/issues`,
    as: 'bob',
    json: { title: 'Sample issue', body: 'From the contract test.', labels: [1], milestone: 1, assignees: ['alice'] },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/issues/{index}', path: I, status: 200 },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/issues/{index}',
    path: I,
    as: 'bob',
    json: { body: 'Edited.', due_date: '2030-01-31T00:00:00Z' },
    status: 201,
  },
];

const commentRoutes: RouteSample[] = [
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/{index}/comments',
    path: `${H}/issues/3/comments`,
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/comments',
    path: `${I}/comments`,
    as: 'alice',
    json: { body: 'A sample comment.' },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/issues/comments', path: `${H}/issues/comments`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/issues/comments/{id}', path: `${H}/issues/comments/3`, status: 200 },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/issues/comments/{id}',
    path: `${H}/issues/comments/3`,
    as: 'alice',
    json: { body: 'An edited sample comment.' },
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/comments/{id}',
    path: `${H}/issues/comments/3`,
    as: 'alice',
    status: 204,
  },
];

const labelRoutes: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/labels', path: `${H}/labels`, status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/labels',
    path: `${H}/labels`,
    as: 'alice',
    json: { name: 'sample', color: '#0f0', description: 'A sample label' },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/labels/{id}', path: `${H}/labels/5`, status: 200 },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/labels/{id}',
    path: `${H}/labels/5`,
    as: 'alice',
    json: { description: 'Still a sample' },
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/issues/{index}/labels', path: `${I}/labels`, status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/labels',
    path: `${I}/labels`,
    as: 'alice',
    json: { labels: [5] },
    status: 200,
  },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/issues/{index}/labels',
    path: `${I}/labels`,
    as: 'alice',
    json: { labels: ['bug', 'sample'] },
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/labels/{id}',
    path: `${I}/labels/1`,
    as: 'alice',
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/labels',
    path: `${I}/labels`,
    as: 'alice',
    status: 204,
  },
  { method: 'DELETE', route: '/repos/{owner}/{repo}/labels/{id}', path: `${H}/labels/5`, as: 'alice', status: 204 },
  { method: 'GET', route: '/orgs/{org}/labels', path: '/orgs/acme/labels', as: 'alice', status: 200 },
  {
    method: 'POST',
    route: '/orgs/{org}/labels',
    path: '/orgs/acme/labels',
    as: 'alice',
    json: { name: 'sample-org', color: 'ededed' },
    status: 201,
  },
  { method: 'GET', route: '/orgs/{org}/labels/{id}', path: '/orgs/acme/labels/6', as: 'alice', status: 200 },
  {
    method: 'PATCH',
    route: '/orgs/{org}/labels/{id}',
    path: '/orgs/acme/labels/6',
    as: 'alice',
    json: { name: 'sample-org-renamed' },
    status: 200,
  },
  { method: 'DELETE', route: '/orgs/{org}/labels/{id}', path: '/orgs/acme/labels/6', as: 'alice', status: 204 },
];

const milestoneRoutes: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/milestones', path: `${H}/milestones?state=all`, status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/milestones',
    path: `${H}/milestones`,
    as: 'alice',
    json: { title: 'sample-ms', due_on: '2030-06-30T00:00:00Z' },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/milestones/{id}', path: `${H}/milestones/sample-ms`, status: 200 },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/milestones/{id}',
    path: `${H}/milestones/3`,
    as: 'alice',
    json: { state: 'closed' },
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/milestones/{id}',
    path: `${H}/milestones/3`,
    as: 'alice',
    status: 204,
  },
];

const timeRoutes: RouteSample[] = [
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/{index}/times',
    path: `${H}/issues/3/times`,
    as: 'alice',
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/times',
    path: `${I}/times`,
    as: 'alice',
    json: { time: 90 },
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/times', path: `${H}/times`, as: 'alice', status: 200 },
  { method: 'GET', route: '/user/times', path: '/user/times', as: 'alice', status: 200 },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/times/{id}',
    path: `${I}/times/2`,
    as: 'alice',
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/times',
    path: `${I}/times`,
    as: 'alice',
    status: 204,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/stopwatch/start',
    path: `${I}/stopwatch/start`,
    as: 'alice',
    status: 201,
  },
  { method: 'GET', route: '/user/stopwatches', path: '/user/stopwatches', as: 'alice', status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/stopwatch/stop',
    path: `${I}/stopwatch/stop`,
    as: 'alice',
    status: 201,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/stopwatch/start',
    path: `${I}/stopwatch/start`,
    as: 'alice',
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/stopwatch/delete',
    path: `${I}/stopwatch/delete`,
    as: 'alice',
    status: 204,
  },
];

const notificationRoutes: RouteSample[] = [
  { method: 'GET', route: '/notifications', path: '/notifications', as: 'alice', status: 200 },
  { method: 'GET', route: '/notifications/new', path: '/notifications/new', as: 'alice', status: 200 },
  { method: 'GET', route: '/notifications/threads/{id}', path: '/notifications/threads/1', as: 'alice', status: 200 },
  {
    method: 'PATCH',
    route: '/notifications/threads/{id}',
    path: '/notifications/threads/1?to-status=pinned',
    as: 'alice',
    status: 205,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/notifications',
    path: `${H}/notifications?all=true`,
    as: 'alice',
    status: 200,
  },
  { method: 'PUT', route: '/repos/{owner}/{repo}/notifications', path: `${H}/notifications`, as: 'alice', status: 205 },
  { method: 'PUT', route: '/notifications', path: '/notifications?status-types=pinned', as: 'alice', status: 205 },
];

export const issueSamples: RouteSample[] = [
  ...issueRoutes,
  ...commentRoutes,
  ...labelRoutes,
  ...milestoneRoutes,
  ...timeRoutes,
  ...notificationRoutes,
];

/** Issue #3 carries seeded attachment 2; the sample upload on issue #3 becomes 4 (release samples make 3). */
const attachmentRoutes: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/issues/{index}/assets', path: `${H}/issues/3/assets`, status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/{index}/assets/{attachment_id}',
    path: `${H}/issues/3/assets/2`,
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/assets',
    path: `${H}/issues/3/assets?name=trace.txt`,
    as: 'bob',
    json: 'a trace',
    status: 201,
  },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/issues/{index}/assets/{attachment_id}',
    path: `${H}/issues/3/assets/4`,
    as: 'bob',
    json: { name: 'trace.log' },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/assets/{attachment_id}',
    path: `${H}/issues/3/assets/4`,
    as: 'bob',
    status: 204,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/assets',
    path: `${H}/issues/comments/1/assets`,
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/assets',
    path: `${H}/issues/comments/1/assets?name=fix.diff`,
    as: 'alice',
    json: 'a diff',
    status: 201,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/assets/{attachment_id}',
    path: `${H}/issues/comments/1/assets/5`,
    status: 200,
  },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/assets/{attachment_id}',
    path: `${H}/issues/comments/1/assets/5`,
    as: 'alice',
    json: { name: 'fix.patch' },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/assets/{attachment_id}',
    path: `${H}/issues/comments/1/assets/5`,
    as: 'alice',
    status: 204,
  },
];

/** alice's hello-cli (versions 1.0.0 and 1.1.0) and acme's private-use platform-sdk. */
const P = '/packages/alice/generic/hello-cli';
const packageRoutes: RouteSample[] = [
  { method: 'GET', route: '/packages/{owner}', path: '/packages/alice?type=generic', status: 200 },
  { method: 'GET', route: '/packages/{owner}/{type}/{name}', path: P, status: 200 },
  { method: 'GET', route: '/packages/{owner}/{type}/{name}/-/latest', path: `${P}/-/latest`, status: 200 },
  { method: 'GET', route: '/packages/{owner}/{type}/{name}/{version}', path: `${P}/1.0.0`, status: 200 },
  { method: 'GET', route: '/packages/{owner}/{type}/{name}/{version}/files', path: `${P}/1.1.0/files`, status: 200 },
  {
    method: 'POST',
    route: '/packages/{owner}/{type}/{name}/-/unlink',
    path: `${P}/-/unlink`,
    as: 'alice',
    status: 201,
  },
  {
    method: 'POST',
    route: '/packages/{owner}/{type}/{name}/-/link/{repo_name}',
    path: `${P}/-/link/hello-world`,
    as: 'alice',
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/packages/{owner}/{type}/{name}/{version}',
    path: `${P}/1.0.0`,
    as: 'alice',
    status: 204,
  },
];

export const attachmentAndPackageSamples: RouteSample[] = [...attachmentRoutes, ...packageRoutes];

/** Commit statuses: the sample posts one on main first, so the combined status has a body to check. */
export const statusSamples: RouteSample[] = [
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/statuses/{sha}',
    path: `${H}/statuses/main`,
    as: 'bob',
    json: { state: 'pending', context: 'ci/sample', description: 'Queued' },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/commits/{ref}/status', path: `${H}/commits/main/status`, status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/commits/{ref}/statuses',
    path: `${H}/commits/main/statuses`,
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/statuses/{sha}', path: `${H}/statuses/main`, status: 200 },
];
