/**
 * Samples for /user, /users, /orgs and /teams routes. Team ids follow the
 * seed's creation order: 1 acme Owners, 2 opensource Owners, 3 acme developers.
 */
import type { RouteSample } from './types.js';

export const accountSamples: RouteSample[] = [
  { method: 'GET', route: '/user', path: '/user', as: 'alice', status: 200 },
  { method: 'GET', route: '/users/search', path: '/users/search?q=a&limit=2', status: 200 },
  { method: 'GET', route: '/users/{username}', path: '/users/bob', as: 'alice', status: 200 },
  {
    method: 'POST',
    route: '/users/{username}/tokens',
    path: '/users/alice/tokens',
    basicAs: 'alice',
    json: { name: 'sample-token', scopes: ['read:repository'] },
    status: 201,
  },
  { method: 'GET', route: '/users/{username}/tokens', path: '/users/alice/tokens', basicAs: 'alice', status: 200 },
  {
    method: 'DELETE',
    route: '/users/{username}/tokens/{token}',
    path: '/users/alice/tokens/sample-token',
    basicAs: 'alice',
    status: 204,
  },
  { method: 'GET', route: '/user/repos', path: '/user/repos', as: 'alice', status: 200 },
  {
    method: 'POST',
    route: '/user/repos',
    path: '/user/repos',
    as: 'alice',
    json: { name: 'sample-repo', description: 'created by a contract sample', auto_init: true },
    status: 201,
  },
  { method: 'GET', route: '/users/{username}/repos', path: '/users/alice/repos', as: 'bob', status: 200 },
  { method: 'GET', route: '/user/orgs', path: '/user/orgs', as: 'alice', status: 200 },
  { method: 'GET', route: '/users/{username}/orgs', path: '/users/alice/orgs', status: 200 },
  { method: 'GET', route: '/user/starred', path: '/user/starred', as: 'bob', status: 200 },
  {
    method: 'GET',
    route: '/user/starred/{owner}/{repo}',
    path: '/user/starred/alice/hello-world',
    as: 'bob',
    status: 204,
  },
  {
    method: 'PUT',
    route: '/user/starred/{owner}/{repo}',
    path: '/user/starred/bob/dotfiles',
    as: 'alice',
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/user/starred/{owner}/{repo}',
    path: '/user/starred/bob/dotfiles',
    as: 'alice',
    status: 204,
  },
  { method: 'GET', route: '/user/teams', path: '/user/teams', as: 'carol', status: 200 },
  { method: 'GET', route: '/orgs', path: '/orgs', status: 200 },
  { method: 'GET', route: '/orgs/{org}', path: '/orgs/acme', as: 'bob', status: 200 },
  { method: 'GET', route: '/orgs/{org}/repos', path: '/orgs/acme/repos', as: 'bob', status: 200 },
  {
    method: 'POST',
    route: '/orgs/{org}/repos',
    path: '/orgs/acme/repos',
    as: 'carol',
    json: { name: 'sample-service', private: true },
    status: 201,
  },
  { method: 'GET', route: '/orgs/{org}/members', path: '/orgs/acme/members', as: 'alice', status: 200 },
  { method: 'GET', route: '/orgs/{org}/teams', path: '/orgs/acme/teams', as: 'alice', status: 200 },
  { method: 'GET', route: '/orgs/{org}/teams/search', path: '/orgs/acme/teams/search?q=dev', as: 'bob', status: 200 },
  { method: 'GET', route: '/teams/{id}', path: '/teams/3', as: 'bob', status: 200 },
  { method: 'GET', route: '/teams/{id}/members', path: '/teams/3/members', as: 'alice', status: 200 },
  { method: 'GET', route: '/teams/{id}/repos', path: '/teams/3/repos', as: 'carol', status: 200 },
];
