/**
 * Actions secrets and variables of a repository (routers/api/v1/repo/action.go,
 * repository admins only) or of an organization (routers/api/v1/org/action.go,
 * organization owners only). Names are upper-cased and may not use the
 * reserved GITEA_/GITHUB_ prefixes. Secret values are never returned.
 */
import type { Context } from 'hono';
import { isOrgOwner } from '../access.js';
import type { SimEnv } from '../context.js';
import { toGiteaTime } from '../convert/user.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import type { SimRouter } from '../http/route.js';
import type { ScopeCategory } from '../scopes.js';
import { actionsRepo, page } from './action-helpers.js';
import { loadOrg } from './orgs.js';
import { optString, readJsonBody } from './request-body.js';

/** Secret and variable names (models/secret, actions variables): upper-cased, no GITEA_/GITHUB_ prefix. */
function checkName(raw: string, kind: 'secret' | 'variable'): string {
  const name = raw.toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITEA_') || name.startsWith('GITHUB_') || name === 'CI')
    throw new SimApiError(400, `invalid ${kind} name`);
  return name;
}

/** Whose secrets and variables a route works on: one repository or one organization. */
interface SettingsOwner {
  repoId: number | null;
  orgId: number | null;
}

type OwnerLoader = (c: Context<SimEnv>) => SettingsOwner;

const repoOwner: OwnerLoader = (c) => ({ repoId: actionsRepo(c, 'admin').repo.id, orgId: null });

/** reqOrgOwnership: organization owners and site admins. */
const orgOwner: OwnerLoader = (c) => {
  const org = loadOrg(c);
  const doer = requireSignedIn(c);
  if (!doer.isAdmin && !isOrgOwner(c.get('sim').state, org.id, doer.id))
    throw new SimApiError(403, 'Must be an organization owner');
  return { repoId: null, orgId: org.id };
};

function owns(o: SettingsOwner, x: { repoId: number | null; orgId: number | null }): boolean {
  return x.repoId === o.repoId && x.orgId === o.orgId;
}

async function putSecret(c: Context<SimEnv>, owner: OwnerLoader): Promise<Response> {
  const o = owner(c);
  const sim = c.get('sim');
  const name = checkName(c.req.param('secretname') ?? '', 'secret');
  const body = await readJsonBody(c);
  const data = optString(body, 'data') ?? '';
  if (data === '') throw unprocessable('[Data]: Required');
  const description = optString(body, 'description') ?? '';
  const existing = sim.state.actionSecrets.find((s) => owns(o, s) && s.name === name);
  if (existing) {
    existing.data = data;
    existing.description = description;
    return c.body(null, 204);
  }
  sim.state.actionSecrets.push({ ...o, name, data, description, created: sim.now() });
  return c.body(null, 201);
}

function variableJson(v: {
  repoId: number | null;
  orgId: number | null;
  name: string;
  value: string;
  description: string;
}) {
  return { owner_id: v.orgId ?? 0, repo_id: v.repoId ?? 0, name: v.name, data: v.value, description: v.description };
}

async function writeVariable(c: Context<SimEnv>, owner: OwnerLoader, create: boolean): Promise<Response> {
  const o = owner(c);
  const sim = c.get('sim');
  const name = checkName(c.req.param('variablename') ?? '', 'variable');
  const body = await readJsonBody(c);
  const value = optString(body, 'value') ?? '';
  if (value === '') throw unprocessable('[Value]: Required');
  const description = optString(body, 'description') ?? '';
  const existing = sim.state.actionVariables.find((v) => owns(o, v) && v.name === name);
  if (create) {
    if (existing) throw new SimApiError(409, 'variable name has been used');
    sim.state.actionVariables.push({ ...o, name, value, description });
    return c.body(null, 201);
  }
  if (!existing) throw notFound(c);
  const newName = optString(body, 'name');
  if (newName) existing.name = checkName(newName, 'variable');
  existing.value = value;
  existing.description = description;
  return c.body(null, 204);
}

function routes(router: SimRouter, base: string, scope: readonly ScopeCategory[], owner: OwnerLoader): void {
  router.add(
    {
      method: 'GET',
      path: `${base}/secrets`,
      scope,
      reqToken: true,
      handler: (c) => {
        const o = owner(c);
        const list = c
          .get('sim')
          .state.actionSecrets.filter((s) => owns(o, s))
          .sort((a, b) => a.name.localeCompare(b.name));
        return giteaJson(
          c,
          page(c, list).map((s) => ({ name: s.name, description: s.description, created_at: toGiteaTime(s.created) })),
        );
      },
    },
    { method: 'PUT', path: `${base}/secrets/{secretname}`, scope, reqToken: true, handler: (c) => putSecret(c, owner) },
    {
      method: 'DELETE',
      path: `${base}/secrets/{secretname}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const o = owner(c);
        const sim = c.get('sim');
        const name = checkName(c.req.param('secretname') ?? '', 'secret');
        const i = sim.state.actionSecrets.findIndex((s) => owns(o, s) && s.name === name);
        if (i < 0) throw notFound(c);
        sim.state.actionSecrets.splice(i, 1);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: `${base}/variables`,
      scope,
      reqToken: true,
      handler: (c) => {
        const o = owner(c);
        const list = c.get('sim').state.actionVariables.filter((v) => owns(o, v));
        return giteaJson(c, page(c, list).map(variableJson));
      },
    },
    {
      method: 'GET',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const o = owner(c);
        const name = (c.req.param('variablename') ?? '').toUpperCase();
        const v = c.get('sim').state.actionVariables.find((x) => owns(o, x) && x.name === name);
        if (!v) throw notFound(c);
        return giteaJson(c, variableJson(v));
      },
    },
    {
      method: 'POST',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => writeVariable(c, owner, true),
    },
    {
      method: 'PUT',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => writeVariable(c, owner, false),
    },
    {
      method: 'DELETE',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const o = owner(c);
        const sim = c.get('sim');
        const name = (c.req.param('variablename') ?? '').toUpperCase();
        const i = sim.state.actionVariables.findIndex((v) => owns(o, v) && v.name === name);
        if (i < 0) throw notFound(c);
        sim.state.actionVariables.splice(i, 1);
        return c.body(null, 204);
      },
    },
  );
}

/** Registers the repository and organization secret and variable routes. */
export function registerActionSettingRoutes(router: SimRouter): void {
  routes(router, '/repos/{owner}/{repo}/actions', ['repository'], repoOwner);
  routes(router, '/orgs/{org}/actions', ['organization'], orgOwner);
}
