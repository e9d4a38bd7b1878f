/**
 * Samples for release and release-asset routes: reads on the seeded
 * alice/hello-world, writes on alice/pull-samples. Ids follow the seed's three
 * releases and two attachments (a release asset, sim/seed/activity.ts, and an
 * issue file, sim/seed/issues.ts).
 */
import { SAMPLE_REPO as R } from './pulls.js';
import type { RouteSample } from './types.js';

const H = '/repos/alice/hello-world';

export const releaseSamples: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/releases', path: `${H}/releases`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/releases/latest', path: `${H}/releases/latest`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/releases/tags/{tag}', path: `${H}/releases/tags/v1.0.0`, status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/releases',
    path: `${R}/releases`,
    as: 'alice',
    json: { tag_name: 'v1.0.0', name: 'One', body: 'First', tag_message: 'v1' },
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/releases/{id}', path: `${R}/releases/4`, status: 200 },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/releases/{id}',
    path: `${R}/releases/4`,
    as: 'alice',
    json: { name: 'One (final)', prerelease: false },
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/releases/{id}/assets',
    path: `${R}/releases/4/assets?name=notes.txt`,
    as: 'alice',
    json: 'release notes',
    status: 201,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/releases/{id}/assets', path: `${R}/releases/4/assets`, status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/releases/{id}/assets/{attachment_id}',
    path: `${R}/releases/4/assets/3`,
    status: 200,
  },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/releases/{id}/assets/{attachment_id}',
    path: `${R}/releases/4/assets/3`,
    as: 'alice',
    json: { name: 'NOTES.txt' },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/releases/{id}/assets/{attachment_id}',
    path: `${R}/releases/4/assets/3`,
    as: 'alice',
    status: 204,
  },
  { method: 'DELETE', route: '/repos/{owner}/{repo}/releases/{id}', path: `${R}/releases/4`, as: 'alice', status: 204 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/releases',
    path: `${R}/releases`,
    as: 'alice',
    json: { tag_name: 'v1.1.0' },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/releases/tags/{tag}',
    path: `${R}/releases/tags/v1.1.0`,
    as: 'alice',
    status: 204,
  },
];
