/**
 * Samples for repository metadata routes. Writes touch only repositories the
 * samples create (alice/sample-repo from accounts.ts) or carol/sandbox, and
 * undo changes to shared seed data (collaborators), so later samples see the seed.
 */
import type { RouteSample } from './types.js';

export const repoSamples: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}', path: '/repos/alice/hello-world', status: 200 },
  {
    method: 'GET',
    route: '/repos/search',
    path: '/repos/search?q=hello&sort=updated&order=desc',
    as: 'bob',
    status: 200,
  },
  { method: 'GET', route: '/repositories/{id}', path: '/repositories/1', status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/forks', path: '/repos/alice/hello-world/forks', status: 200 },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/forks',
    path: '/repos/alice/sample-repo/forks',
    as: 'bob',
    json: {},
    status: 202,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/collaborators',
    path: '/repos/alice/hello-world/collaborators',
    as: 'alice',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/collaborators/{collaborator}',
    path: '/repos/alice/hello-world/collaborators/bob',
    as: 'alice',
    status: 204,
  },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/collaborators/{collaborator}',
    path: '/repos/alice/sample-repo/collaborators/dave',
    as: 'alice',
    json: { permission: 'read' },
    status: 204,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/collaborators/{collaborator}/permission',
    path: '/repos/alice/sample-repo/collaborators/dave/permission',
    as: 'alice',
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/collaborators/{collaborator}',
    path: '/repos/alice/sample-repo/collaborators/dave',
    as: 'alice',
    status: 204,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/topics', path: '/repos/alice/hello-world/topics', status: 200 },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/topics',
    path: '/repos/alice/sample-repo/topics',
    as: 'alice',
    json: { topics: ['Sample', 'contract-test'] },
    status: 204,
  },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/topics/{topic}',
    path: '/repos/alice/sample-repo/topics/extra',
    as: 'alice',
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/topics/{topic}',
    path: '/repos/alice/sample-repo/topics/extra',
    as: 'alice',
    status: 204,
  },
  { method: 'GET', route: '/topics/search', path: '/topics/search?q=sam', status: 200 },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}',
    path: '/repos/alice/sample-repo',
    as: 'alice',
    json: { description: 'edited by a contract sample', has_wiki: false, allow_squash_merge: false },
    status: 200,
  },
  { method: 'DELETE', route: '/repos/{owner}/{repo}', path: '/repos/bob/sample-repo', as: 'bob', status: 204 },
  { method: 'DELETE', route: '/repos/{owner}/{repo}', path: '/repos/alice/sample-repo', as: 'alice', status: 204 },
];
