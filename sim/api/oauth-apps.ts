/**
 * The signed-in user's OAuth2 applications (routers/api/v1/user/app.go):
 * create (the only answer carrying the new `client_secret`, besides PATCH,
 * which regenerates it), list (newest first), get, update and delete. Scope
 * category user, token required (reference §1.1, §3.4).
 */
import type { Context } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import { toGiteaTime } from '../convert/user.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { paginateTotalOnly } from '../http/pagination.js';
import type { SimRouter } from '../http/route.js';
import {
  createOAuthApp,
  deleteOAuthApp,
  regenerateClientSecret,
  supportsSkipSecondaryAuthorization,
} from '../oauth/apps.js';
import type { SimOAuthApp } from '../state.js';
import { optBool, optString, optStringArray, readJsonBody } from './request-body.js';

/** convert.ToOAuth2Application; `skip_secondary_authorization` only where the version has it. */
function toApiOAuth2Application(sim: SimContext, app: SimOAuthApp, clientSecret: string): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    client_id: app.clientId,
    client_secret: clientSecret,
    confidential_client: app.confidential,
    ...(supportsSkipSecondaryAuthorization(sim.profile)
      ? { skip_secondary_authorization: app.skipSecondaryAuthorization }
      : {}),
    redirect_uris: app.redirectUris,
    created: toGiteaTime(app.created),
  };
}

interface AppOptions {
  name: string;
  redirectUris: string[];
  confidential: boolean;
  skipSecondaryAuthorization: boolean;
}

/** CreateOAuth2ApplicationOptions with its `binding:"Required"` fields, first failure only. */
async function readAppOptions(c: Context<SimEnv>): Promise<AppOptions> {
  const body = await readJsonBody(c);
  const name = optString(body, 'name') ?? '';
  const confidential = optBool(body, 'confidential_client') ?? false;
  const skip = optBool(body, 'skip_secondary_authorization') ?? false;
  const redirectUris = optStringArray(body, 'redirect_uris') ?? [];
  if (name === '') throw unprocessable('[Name]: Required');
  if (redirectUris.length === 0) throw unprocessable('[RedirectURIs]: Required');
  const skipSecondaryAuthorization = supportsSkipSecondaryAuthorization(c.get('sim').profile) && skip;
  return { name, redirectUris, confidential, skipSecondaryAuthorization };
}

function appParam(c: Context<SimEnv>): number {
  const id = Number(c.req.param('id'));
  return Number.isSafeInteger(id) ? id : 0;
}

async function createApp(c: Context<SimEnv>): Promise<Response> {
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const opts = await readAppOptions(c);
  const { app, clientSecret } = createOAuthApp(sim.state, { ownerId: doer.id, ...opts }, sim.now());
  return giteaJson(c, toApiOAuth2Application(sim, app, clientSecret), 201);
}

function listApps(c: Context<SimEnv>): Response {
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const mine = [...sim.state.oauthApps.values()].filter((a) => a.ownerId === doer.id).sort((a, b) => b.id - a.id);
  return giteaJson(
    c,
    // ListOauth2Applications: X-Total-Count only.
    paginateTotalOnly(c, mine).map((a) => toApiOAuth2Application(sim, a, '')),
  );
}

function getApp(c: Context<SimEnv>): Response {
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const app = sim.state.oauthApps.get(appParam(c));
  if (!app || app.ownerId !== doer.id) throw notFound(c);
  return giteaJson(c, toApiOAuth2Application(sim, app, ''));
}

async function updateApp(c: Context<SimEnv>): Promise<Response> {
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const opts = await readAppOptions(c);
  const app = sim.state.oauthApps.get(appParam(c));
  if (!app) throw notFound(c);
  // UpdateOAuth2Application fails with a plain "UID mismatch" error → 500, not 404.
  if (app.ownerId !== doer.id) throw new SimApiError(500, '');
  Object.assign(app, {
    name: opts.name,
    redirectUris: [...opts.redirectUris],
    confidential: opts.confidential,
    skipSecondaryAuthorization: opts.skipSecondaryAuthorization,
    updated: sim.now(),
  });
  return giteaJson(c, toApiOAuth2Application(sim, app, regenerateClientSecret(app)));
}

function deleteApp(c: Context<SimEnv>): Response {
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const app = sim.state.oauthApps.get(appParam(c));
  // DeleteOAuth2Application deletes by (id, owner): someone else's app is "not found".
  if (!app || app.ownerId !== doer.id || !deleteOAuthApp(sim.state, app.id)) throw notFound(c);
  return c.body(null, 204);
}

export function registerOAuthAppRoutes(router: SimRouter): void {
  const base = { scope: ['user'] as const, reqToken: true };
  router.add(
    { ...base, method: 'GET', path: '/user/applications/oauth2', handler: listApps },
    { ...base, method: 'POST', path: '/user/applications/oauth2', handler: createApp },
    { ...base, method: 'GET', path: '/user/applications/oauth2/{id}', handler: getApp },
    { ...base, method: 'PATCH', path: '/user/applications/oauth2/{id}', handler: updateApp },
    { ...base, method: 'DELETE', path: '/user/applications/oauth2/{id}', handler: deleteApp },
  );
}
