/**
 * Repository Actions secrets and variables (routers/api/v1/repo/action.go):
 * repository admins only; names are upper-cased and may not use the
 * reserved GITEA_/GITHUB_ prefixes. Secret values are never returned.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { toGiteaTime } from '../convert/user.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import type { SimRouter } from '../http/route.js';
import { actionsRepo, page } from './action-helpers.js';
import { optString, readJsonBody } from './request-body.js';

/** Secret and variable names (models/secret, actions variables): upper-cased, no GITEA_/GITHUB_ prefix. */
function checkName(raw: string, kind: 'secret' | 'variable'): string {
  const name = raw.toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITEA_') || name.startsWith('GITHUB_') || name === 'CI')
    throw new SimApiError(400, `invalid ${kind} name`);
  return name;
}

async function putSecret(c: Context<SimEnv>): Promise<Response> {
  const rc = actionsRepo(c, 'admin');
  const sim = c.get('sim');
  const name = checkName(c.req.param('secretname') ?? '', 'secret');
  const body = await readJsonBody(c);
  const data = optString(body, 'data') ?? '';
  if (data === '') throw unprocessable('[Data]: Required');
  const description = optString(body, 'description') ?? '';
  const existing = sim.state.actionSecrets.find((s) => s.repoId === rc.repo.id && s.name === name);
  if (existing) {
    existing.data = data;
    existing.description = description;
    return c.body(null, 204);
  }
  sim.state.actionSecrets.push({ repoId: rc.repo.id, orgId: null, name, data, description, created: sim.now() });
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

async function writeVariable(c: Context<SimEnv>, create: boolean): Promise<Response> {
  const rc = actionsRepo(c, 'admin');
  const sim = c.get('sim');
  const name = checkName(c.req.param('variablename') ?? '', 'variable');
  const body = await readJsonBody(c);
  const value = optString(body, 'value') ?? '';
  if (value === '') throw unprocessable('[Value]: Required');
  const description = optString(body, 'description') ?? '';
  const existing = sim.state.actionVariables.find((v) => v.repoId === rc.repo.id && v.name === name);
  if (create) {
    if (existing) throw new SimApiError(409, 'variable name has been used');
    sim.state.actionVariables.push({ repoId: rc.repo.id, orgId: null, name, value, description });
    return c.body(null, 201);
  }
  if (!existing) throw notFound(c);
  const newName = optString(body, 'name');
  if (newName) existing.name = checkName(newName, 'variable');
  existing.value = value;
  existing.description = description;
  return c.body(null, 204);
}

/** Registers secret and variable routes. */
export function registerActionSettingRoutes(router: SimRouter): void {
  const scope = ['repository'] as const;
  const base = '/repos/{owner}/{repo}/actions';
  router.add(
    {
      method: 'GET',
      path: `${base}/secrets`,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = actionsRepo(c, 'admin');
        const list = c
          .get('sim')
          .state.actionSecrets.filter((s) => s.repoId === rc.repo.id)
          .sort((a, b) => a.name.localeCompare(b.name));
        return giteaJson(
          c,
          page(c, list).map((s) => ({ name: s.name, description: s.description, created_at: toGiteaTime(s.created) })),
        );
      },
    },
    { method: 'PUT', path: `${base}/secrets/{secretname}`, scope, reqToken: true, handler: putSecret },
    {
      method: 'DELETE',
      path: `${base}/secrets/{secretname}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = actionsRepo(c, 'admin');
        const sim = c.get('sim');
        const name = checkName(c.req.param('secretname') ?? '', 'secret');
        const i = sim.state.actionSecrets.findIndex((s) => s.repoId === rc.repo.id && s.name === name);
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
        const rc = actionsRepo(c, 'admin');
        const list = c.get('sim').state.actionVariables.filter((v) => v.repoId === rc.repo.id);
        return giteaJson(c, page(c, list).map(variableJson));
      },
    },
    {
      method: 'GET',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = actionsRepo(c, 'admin');
        const name = (c.req.param('variablename') ?? '').toUpperCase();
        const v = c.get('sim').state.actionVariables.find((x) => x.repoId === rc.repo.id && x.name === name);
        if (!v) throw notFound(c);
        return giteaJson(c, variableJson(v));
      },
    },
    {
      method: 'POST',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => writeVariable(c, true),
    },
    {
      method: 'PUT',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => writeVariable(c, false),
    },
    {
      method: 'DELETE',
      path: `${base}/variables/{variablename}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = actionsRepo(c, 'admin');
        const sim = c.get('sim');
        const name = (c.req.param('variablename') ?? '').toUpperCase();
        const i = sim.state.actionVariables.findIndex((v) => v.repoId === rc.repo.id && v.name === name);
        if (i < 0) throw notFound(c);
        sim.state.actionVariables.splice(i, 1);
        return c.body(null, 204);
      },
    },
  );
}
