/**
 * Toolset `actions`, part two: secrets and variables of a repository or an
 * organization (`actions_config_read`, `actions_config_write`), and the
 * toolset's deletions as their own destructive tool (`delete_actions_item`:
 * runs and artifacts too). Secret values are write-only: Gitea never returns
 * them. Runs, jobs, logs and artifacts are read in actions-runs.ts.
 */
import { z } from 'zod';
import {
  type GiteaPath,
  type GiteaSecret,
  type GiteaVariable,
  giteaPath,
  secretSchema,
  variableSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { numericId, optionalOwner, optionalRepo } from './issues-params.js';
import { sanitizeOptional } from './sanitize.js';
import { pageResult, pagingInput } from './shape.js';
import type { ToolContext } from './tool-context.js';

const variableName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores, not starting with a digit');

/** Secrets and variables live on a repository or, for the `org_` methods, on an organization. */
const settingsOwnerInput = {
  owner: optionalOwner,
  repo: optionalRepo,
  org: z.string().trim().min(1).optional().describe('Org; org_ methods.'),
};

const REPO: ['owner', 'repo'] = ['owner', 'repo'];

/** Whose secrets and variables: a repository's, or an organization's for the org_ methods. */
type SettingsOwner = { org: string } | { owner: string; repo: string };

function repoSettings(a: { owner: string; repo: string }): SettingsOwner {
  return { owner: a.owner, repo: a.repo };
}

function orgSettings(a: { org: string }): SettingsOwner {
  return { org: a.org };
}

/** The secrets of `s`, or its secret `name`. */
function secretsPath(s: SettingsOwner, name?: string): GiteaPath {
  if ('org' in s)
    return name === undefined
      ? giteaPath('/orgs/{org}/actions/secrets', { org: s.org })
      : giteaPath('/orgs/{org}/actions/secrets/{name}', { org: s.org, name });
  return name === undefined
    ? giteaPath('/repos/{owner}/{repo}/actions/secrets', { owner: s.owner, repo: s.repo })
    : giteaPath('/repos/{owner}/{repo}/actions/secrets/{name}', { owner: s.owner, repo: s.repo, name });
}

/** The variables of `s`, or its variable `name`. */
function variablesPath(s: SettingsOwner, name?: string): GiteaPath {
  if ('org' in s)
    return name === undefined
      ? giteaPath('/orgs/{org}/actions/variables', { org: s.org })
      : giteaPath('/orgs/{org}/actions/variables/{name}', { org: s.org, name });
  return name === undefined
    ? giteaPath('/repos/{owner}/{repo}/actions/variables', { owner: s.owner, repo: s.repo })
    : giteaPath('/repos/{owner}/{repo}/actions/variables/{name}', { owner: s.owner, repo: s.repo, name });
}

function toSecretSummary(s: GiteaSecret): Record<string, unknown> {
  return { name: s.name, description: sanitizeOptional(s.description) || undefined, createdAt: s.created_at };
}

function toVariableSummary(v: GiteaVariable): Record<string, unknown> {
  return { name: v.name, value: sanitizeOptional(v.data), description: sanitizeOptional(v.description) || undefined };
}

/** `actions_config_read`: secret names and variables. */
export const actionsConfigRead = defineTool({
  name: 'actions_config_read',
  toolset: 'actions',
  title: 'Read Actions secrets and variables',
  description:
    'List Actions secret names (never values) and variables of a repository or organization, or get a variable; admins only.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'list_secrets',
          'list_variables',
          'get_variable',
          'list_org_secrets',
          'list_org_variables',
          'get_org_variable',
        ])
        .describe('What to read; org_ methods: the organization.'),
      ...settingsOwnerInput,
      name: variableName.optional().describe('get_variable, get_org_variable: variable name.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => {
    type Paged = { page: number; perPage: number };
    const secrets = async (path: GiteaPath, a: Paged, { gitea, signal }: ToolContext) =>
      pageResult(
        'secrets',
        await gitea.requestPage('GET', path, { itemSchema: secretSchema, page: a.page, limit: a.perPage, signal }),
        toSecretSummary,
      );
    const variables = async (path: GiteaPath, a: Paged, { gitea, signal }: ToolContext) =>
      pageResult(
        'variables',
        await gitea.requestPage('GET', path, { itemSchema: variableSchema, page: a.page, limit: a.perPage, signal }),
        toVariableSummary,
      );
    const variable = async (path: GiteaPath, { gitea, signal }: ToolContext) =>
      toVariableSummary((await gitea.request('GET', path, { schema: variableSchema, signal })).data);
    const ORG_READ = ['read:organization'] as const;
    return {
      list_secrets: m({
        description: 'Repository secret names (paged).',
        required: REPO,
        run: (a, ctx) => secrets(secretsPath(repoSettings(a)), a, ctx),
      }),
      list_variables: m({
        description: 'Repository variables with values (paged).',
        required: REPO,
        run: (a, ctx) => variables(variablesPath(repoSettings(a)), a, ctx),
      }),
      get_variable: m({
        description: 'One repository variable.',
        required: ['owner', 'repo', 'name'],
        run: (a, ctx) => variable(variablesPath(repoSettings(a), a.name), ctx),
      }),
      list_org_secrets: m({
        description: 'Organization secret names (paged).',
        required: ['org'],
        scopes: ORG_READ,
        run: (a, ctx) => secrets(secretsPath(orgSettings(a)), a, ctx),
      }),
      list_org_variables: m({
        description: 'Organization variables with values (paged).',
        required: ['org'],
        scopes: ORG_READ,
        run: (a, ctx) => variables(variablesPath(orgSettings(a)), a, ctx),
      }),
      get_org_variable: m({
        description: 'One organization variable.',
        required: ['org', 'name'],
        scopes: ORG_READ,
        run: (a, ctx) => variable(variablesPath(orgSettings(a), a.name), ctx),
      }),
    };
  },
});

/** `actions_config_write`: set secrets, create and update variables. */
export const actionsConfigWrite = defineTool({
  name: 'actions_config_write',
  toolset: 'actions',
  title: 'Set Actions secrets and variables',
  description: 'Set an Actions secret (never shown again) or variable of a repository or (org_ methods) organization.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'set_secret',
          'create_variable',
          'update_variable',
          'set_org_secret',
          'create_org_variable',
          'update_org_variable',
        ])
        .describe('What to change; org_ methods: the organization.'),
      ...settingsOwnerInput,
      name: variableName.describe('Secret or variable name, e.g. DEPLOY_TOKEN.'),
      value: z.string().min(1).max(65536).describe('Secret or variable value.'),
      description: z.string().max(4096).optional().describe('Description.'),
      newName: variableName.optional().describe('update_variable, update_org_variable: new name.'),
    })
    .strict(),
  methods: (m) => {
    type Fields = { name: string; value: string; description?: string | undefined; newName?: string | undefined };
    const setSecret = async (s: SettingsOwner, a: Fields, { gitea, signal }: ToolContext) => {
      await gitea.request('PUT', secretsPath(s, a.name), {
        body: { data: a.value, description: a.description },
        signal,
      });
      // Never echo the value back.
      return { secret: a.name, set: true };
    };
    const createVariable = async (s: SettingsOwner, a: Fields, { gitea, signal }: ToolContext) => {
      await gitea.request('POST', variablesPath(s, a.name), {
        body: { value: a.value, description: a.description },
        signal,
      });
      return { variable: a.name, created: true };
    };
    const updateVariable = async (s: SettingsOwner, a: Fields, { gitea, signal }: ToolContext) => {
      await gitea.request('PUT', variablesPath(s, a.name), {
        body: { value: a.value, description: a.description, name: a.newName },
        signal,
      });
      return { variable: a.newName ?? a.name, updated: true };
    };
    const ORG_WRITE = ['write:organization'] as const;
    return {
      set_secret: m({
        description: 'Create or replace a repository secret.',
        required: REPO,
        run: (a, ctx) => setSecret(repoSettings(a), a, ctx),
      }),
      create_variable: m({
        description: 'Create a repository variable.',
        required: REPO,
        run: (a, ctx) => createVariable(repoSettings(a), a, ctx),
      }),
      update_variable: m({
        description: 'Change a repository variable.',
        required: REPO,
        run: (a, ctx) => updateVariable(repoSettings(a), a, ctx),
      }),
      set_org_secret: m({
        description: 'Create or replace an organization secret.',
        required: ['org'],
        scopes: ORG_WRITE,
        run: (a, ctx) => setSecret(orgSettings(a), a, ctx),
      }),
      create_org_variable: m({
        description: 'Create an organization variable.',
        required: ['org'],
        scopes: ORG_WRITE,
        run: (a, ctx) => createVariable(orgSettings(a), a, ctx),
      }),
      update_org_variable: m({
        description: 'Change an organization variable.',
        required: ['org'],
        scopes: ORG_WRITE,
        run: (a, ctx) => updateVariable(orgSettings(a), a, ctx),
      }),
    };
  },
});

/** `delete_actions_item`: deletions, each irreversible. */
export const deleteActionsItem = defineTool({
  name: 'delete_actions_item',
  toolset: 'actions',
  title: 'Delete an Actions run, artifact, secret or variable',
  description:
    'Irreversibly delete a workflow run with its logs, an artifact, or a repository or (org_ methods) organization secret or variable.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'delete_run',
          'delete_artifact',
          'delete_secret',
          'delete_variable',
          'delete_org_secret',
          'delete_org_variable',
        ])
        .describe('What to delete.'),
      ...settingsOwnerInput,
      id: numericId.optional().describe('delete_run, delete_artifact: the id.'),
      name: variableName.optional().describe('Secret or variable name.'),
    })
    .strict(),
  methods: (m) => {
    const del = async (path: GiteaPath, { gitea, signal }: ToolContext, what: Record<string, unknown>) => {
      await gitea.request('DELETE', path, { signal });
      return { deleted: true, ...what };
    };
    const ORG_WRITE = ['write:organization'] as const;
    return {
      delete_run: m({
        description: 'A workflow run with its jobs and logs.',
        required: ['owner', 'repo', 'id'],
        run: (a, ctx) =>
          del(giteaPath('/repos/{owner}/{repo}/actions/runs/{id}', { owner: a.owner, repo: a.repo, id: a.id }), ctx, {
            run: a.id,
          }),
      }),
      delete_artifact: m({
        description: 'An artifact.',
        required: ['owner', 'repo', 'id'],
        run: (a, ctx) =>
          del(
            giteaPath('/repos/{owner}/{repo}/actions/artifacts/{id}', { owner: a.owner, repo: a.repo, id: a.id }),
            ctx,
            { artifact: a.id },
          ),
      }),
      delete_secret: m({
        description: 'A repository secret.',
        required: ['owner', 'repo', 'name'],
        run: (a, ctx) => del(secretsPath(repoSettings(a), a.name), ctx, { secret: a.name }),
      }),
      delete_variable: m({
        description: 'A repository variable.',
        required: ['owner', 'repo', 'name'],
        run: (a, ctx) => del(variablesPath(repoSettings(a), a.name), ctx, { variable: a.name }),
      }),
      delete_org_secret: m({
        description: 'An organization secret.',
        required: ['org', 'name'],
        scopes: ORG_WRITE,
        run: (a, ctx) => del(secretsPath(orgSettings(a), a.name), ctx, { secret: a.name }),
      }),
      delete_org_variable: m({
        description: 'An organization variable.',
        required: ['org', 'name'],
        scopes: ORG_WRITE,
        run: (a, ctx) => del(variablesPath(orgSettings(a), a.name), ctx, { variable: a.name }),
      }),
    };
  },
});

/** The secrets-and-variables half of the `actions` toolset, with its deletions. */
export const ACTIONS_CONFIG_TOOLS = [actionsConfigRead, actionsConfigWrite, deleteActionsItem] as const;
