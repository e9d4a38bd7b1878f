/**
 * Samples for pull-request and review routes. Writes use alice/pull-samples,
 * which the first sample creates (auto_init) and actions.ts deletes last, so
 * pull #1 there is always the sample's own. Review ids follow the seed's four
 * reviews (sim/seed/pulls.ts): the request sample makes #5, the pending review #6.
 */
import type { RouteSample } from './types.js';

/** The scratch repository shared by the pull, release, wiki and actions samples. */
export const SAMPLE_REPO = '/repos/alice/pull-samples';
const R = SAMPLE_REPO;
const P = `${R}/pulls/1`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

export const pullSamples: RouteSample[] = [
  {
    method: 'POST',
    route: '/user/repos',
    path: '/user/repos',
    as: 'alice',
    json: { name: 'pull-samples', auto_init: true },
    status: 201,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/contents/{filepath}',
    path: `${R}/contents/feature.txt`,
    as: 'alice',
    json: { content: b64('feature\n'), new_branch: 'feature' },
    status: 201,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls',
    path: `${R}/pulls`,
    as: 'alice',
    json: { head: 'feature', base: 'main', title: 'Add feature', body: 'Adds feature.txt' },
    status: 201,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/pulls',
    path: '/repos/alice/hello-world/pulls?state=all',
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{index}', path: P, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{index}.{diffType}', path: `${P}.diff`, status: 200 },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/pulls/{index}',
    path: P,
    as: 'alice',
    json: { body: 'Adds feature.txt (edited)' },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{index}/files', path: `${P}/files`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{index}/commits', path: `${P}/commits`, status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls/{index}/requested_reviewers',
    path: `${P}/requested_reviewers`,
    as: 'alice',
    json: { reviewers: ['admin'] },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/pulls/{index}/requested_reviewers',
    path: `${P}/requested_reviewers`,
    as: 'alice',
    json: { reviewers: ['admin'] },
    status: 204,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls/{index}/reviews',
    path: `${P}/reviews`,
    as: 'admin',
    json: { body: 'first pass', comments: [{ path: 'feature.txt', body: 'nit', new_position: 1 }] },
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/pulls/{index}/reviews/{id}',
    path: `${P}/reviews/6`,
    as: 'admin',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/pulls/{index}/reviews/{id}/comments',
    path: `${P}/reviews/6/comments`,
    as: 'admin',
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls/{index}/reviews/{id}',
    path: `${P}/reviews/6`,
    as: 'admin',
    json: { event: 'APPROVED', body: 'Looks good' },
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls/{index}/reviews/{id}/dismissals',
    path: `${P}/reviews/6/dismissals`,
    as: 'alice',
    json: { message: 'outdated' },
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls/{index}/reviews/{id}/undismissals',
    path: `${P}/reviews/6/undismissals`,
    as: 'alice',
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{index}/reviews', path: `${P}/reviews`, status: 200 },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/pulls/{index}/reviews/{id}',
    path: `${P}/reviews/6`,
    as: 'admin',
    status: 204,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls/{index}/update',
    path: `${P}/update`,
    as: 'alice',
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/pulls/{index}/merge',
    path: `${P}/merge`,
    as: 'alice',
    json: { Do: 'squash' },
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{index}/merge', path: `${P}/merge`, status: 204 },
];
