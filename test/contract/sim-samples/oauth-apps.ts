/**
 * Samples for /user/applications/oauth2. The seed registers "Gatea" (id 1,
 * owned by admin), so alice's new app gets id 2.
 */
import type { RouteSample } from './types.js';

export const oauthAppSamples: RouteSample[] = [
  {
    method: 'POST',
    route: '/user/applications/oauth2',
    path: '/user/applications/oauth2',
    as: 'alice',
    json: { name: 'sample-app', redirect_uris: ['http://127.0.0.1/callback'], confidential_client: false },
    status: 201,
  },
  { method: 'GET', route: '/user/applications/oauth2', path: '/user/applications/oauth2', as: 'alice', status: 200 },
  {
    method: 'GET',
    route: '/user/applications/oauth2/{id}',
    path: '/user/applications/oauth2/2',
    as: 'alice',
    status: 200,
  },
  {
    method: 'PATCH',
    route: '/user/applications/oauth2/{id}',
    path: '/user/applications/oauth2/2',
    as: 'alice',
    json: { name: 'sample-app-renamed', redirect_uris: ['https://app.example/cb'], confidential_client: true },
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/user/applications/oauth2/{id}',
    path: '/user/applications/oauth2/2',
    as: 'alice',
    status: 204,
  },
];
