/** Toolset `repos`: find, inspect, create and fork repositories. */
import { z } from 'zod';
import { type GiteaRepository, giteaPath, repositorySchema, searchResultsSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { repoInput } from './params.js';
import { pageFromHeaders, pageResult, pagingInput } from './shape.js';
import { toRepoDetail, toRepoSummary } from './summaries.js';

/** `search_repos`: search repositories visible to the caller. */
export const searchRepos = defineTool({
  name: 'search_repos',
  toolset: 'repos',
  title: 'Search repositories',
  description: 'Search all repositories visible to you by keyword; list_my_repos or list_org_repos list one owner.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      query: z.string().trim().min(1).describe('Keyword matched against names.'),
      includeDescription: z.boolean().default(false).describe('Also match descriptions.'),
      sort: z
        .enum(['alpha', 'created', 'updated', 'size', 'stars', 'forks', 'id'])
        .optional()
        .describe('Sort field; relevance when omitted.'),
      order: z.enum(['asc', 'desc']).optional().describe('Only with sort.'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const query: Record<string, string | number | boolean> = {
      q: args.query,
      includeDesc: args.includeDescription,
      page: args.page,
      limit: args.perPage,
    };
    if (args.sort) query.sort = args.sort;
    if (args.sort && args.order) query.order = args.order;
    const res = await gitea.request<{ data?: GiteaRepository[] | null }>('GET', giteaPath('/repos/search'), {
      schema: searchResultsSchema(repositorySchema),
      query,
      signal,
    });
    const items = Array.isArray(res.data.data) ? res.data.data : [];
    return pageResult('repositories', pageFromHeaders(items, res.headers, args.page, args.perPage), toRepoSummary);
  },
});

/** `list_my_repos`: repositories the caller owns or can access. */
export const listMyRepos = defineTool({
  name: 'list_my_repos',
  toolset: 'repos',
  title: 'List my repositories',
  description: 'List repositories you own, collaborate on or reach via an organization; search_repos finds others.',
  scopes: ['read:repository', 'read:user'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...pagingInput }).strict(),
  async run(args, { gitea, signal }) {
    const res = await gitea.requestPage<GiteaRepository>('GET', giteaPath('/user/repos'), {
      itemSchema: repositorySchema,
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return pageResult('repositories', res, toRepoSummary);
  },
});

/** `list_org_repos`: an organization's repositories. */
export const listOrgRepos = defineTool({
  name: 'list_org_repos',
  toolset: 'repos',
  title: 'List organization repositories',
  description: 'List the repositories of an organization visible to you.',
  scopes: ['read:organization'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      org: z.string().trim().min(1).describe('Organization name.'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const res = await gitea.requestPage<GiteaRepository>('GET', giteaPath('/orgs/{org}/repos', { org: args.org }), {
      itemSchema: repositorySchema,
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return pageResult('repositories', res, toRepoSummary);
  },
});

/** `get_repository`: one repository's details. */
export const getRepository = defineTool({
  name: 'get_repository',
  toolset: 'repos',
  title: 'Get repository',
  description: 'Get a repository: description, default branch, visibility, counts, your permissions, clone URLs.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput }).strict(),
  async run(args, { gitea, signal }) {
    const { data } = await gitea.request<GiteaRepository>(
      'GET',
      giteaPath('/repos/{owner}/{repo}', { owner: args.owner, repo: args.repo }),
      { schema: repositorySchema, signal },
    );
    return toRepoDetail(data);
  },
});

/** `create_repo`: a new repository for the caller or one of their organizations. */
export const createRepo = defineTool({
  name: 'create_repo',
  toolset: 'repos',
  title: 'Create repository',
  description: 'Create a repository for you, or for organization (needs write:organization instead).',
  scopes: ['write:repository', 'write:user'],
  // Gitea guards POST /user/repos with user and repository scopes, POST /orgs/{org}/repos with organization alone.
  scopesFor: (args) => (args.organization ? ['write:organization'] : ['write:repository', 'write:user']),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      name: z.string().trim().min(1).max(100).describe('New repository name.'),
      organization: z.string().trim().min(1).optional().describe('Owning organization; you when omitted.'),
      description: z.string().max(2048).optional().describe('Short description.'),
      private: z.boolean().default(true).describe('Private (default true).'),
      autoInit: z.boolean().default(false).describe('Initial commit with a README (and license/gitignore if given).'),
      defaultBranch: z.string().trim().min(1).optional().describe('Default branch name (with autoInit).'),
      gitignores: z.string().optional().describe('Comma-separated gitignore template names, e.g. "Node,Go".'),
      license: z.string().optional().describe('License template name, e.g. "MIT".'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const body: Record<string, unknown> = {
      name: args.name,
      description: args.description,
      private: args.private,
      auto_init: args.autoInit,
      default_branch: args.defaultBranch,
      gitignores: args.gitignores,
      license: args.license,
      readme: args.autoInit ? 'Default' : undefined,
    };
    const path = args.organization
      ? giteaPath('/orgs/{organization}/repos', { organization: args.organization })
      : giteaPath('/user/repos');
    const { data } = await gitea.request<GiteaRepository>('POST', path, { schema: repositorySchema, body, signal });
    return toRepoDetail(data);
  },
});

/** `fork_repo`: fork a repository into the caller's account or an organization. */
export const forkRepo = defineTool({
  name: 'fork_repo',
  toolset: 'repos',
  title: 'Fork repository',
  description: 'Fork a repository into your account or an organization.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      organization: z.string().trim().min(1).optional().describe('Organization to fork into; you when omitted.'),
      name: z.string().trim().min(1).max(100).optional().describe('Fork name; the source name when omitted.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const body = { organization: args.organization, name: args.name };
    const { data } = await gitea.request<GiteaRepository>(
      'POST',
      giteaPath('/repos/{owner}/{repo}/forks', { owner: args.owner, repo: args.repo }),
      { schema: repositorySchema, body, signal },
    );
    return toRepoDetail(data);
  },
});

/** The `repos` toolset. */
export const REPOS_TOOLS = [searchRepos, listMyRepos, listOrgRepos, getRepository, createRepo, forkRepo] as const;
