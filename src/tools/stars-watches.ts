/**
 * Toolset `repos`, stars and watches: `star_watch_read` and `star_watch_write`.
 * Starring lives under /user/starred, which Gitea guards with the user and the
 * repository scopes together; watching (/repos/{o}/{r}/subscription) and the
 * stargazer and watcher lists sit in the repository group (reference §3.4).
 */
import { z } from 'zod';
import {
  type GiteaPath,
  type GiteaRepository,
  type GiteaUser,
  giteaPath,
  repositorySchema,
  userSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { repoInput } from './params.js';
import { presentInRepo } from './presence.js';
import { pageResult, pagingInput } from './shape.js';
import { toRepoSummary, toUserSummary } from './summaries.js';

const optionalOwner = repoInput.owner.optional().describe('Owner; all but list_my_starred.');
const optionalRepo = repoInput.repo.optional().describe('Repo; all but list_my_starred.');

function starredPath(owner: string, repo: string): GiteaPath {
  return giteaPath('/user/starred/{owner}/{repo}', { owner, repo });
}

function subscriptionPath(owner: string, repo: string): GiteaPath {
  return giteaPath('/repos/{owner}/{repo}/subscription', { owner, repo });
}

/** `star_watch_read`: whether you star or watch a repository, your stars, a repository's stargazers and watchers. */
export const starWatchRead = defineTool({
  name: 'star_watch_read',
  toolset: 'repos',
  title: 'Read stars and watches',
  description: 'Check if you star or watch a repository, list your starred ones, or list its stargazers or watchers.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['is_starred', 'is_watching', 'list_my_starred', 'list_stargazers', 'list_watchers'])
        .describe('What to read.'),
      owner: optionalOwner,
      repo: optionalRepo,
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    is_starred: m({
      description: 'Whether you starred the repository.',
      required: ['owner', 'repo'],
      scopes: ['read:repository', 'read:user'],
      async run(args, ctx) {
        return {
          repository: `${args.owner}/${args.repo}`,
          starred: await presentInRepo(ctx, starredPath(args.owner, args.repo), args.owner, args.repo),
        };
      },
    }),
    is_watching: m({
      description: 'Whether you watch the repository (get notified of its activity).',
      required: ['owner', 'repo'],
      async run(args, ctx) {
        const watching = await presentInRepo(ctx, subscriptionPath(args.owner, args.repo), args.owner, args.repo);
        return { repository: `${args.owner}/${args.repo}`, watching };
      },
    }),
    list_my_starred: m({
      description: 'Repositories you starred (paged).',
      scopes: ['read:repository', 'read:user'],
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaRepository>('GET', giteaPath('/user/starred'), {
          itemSchema: repositorySchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('repositories', res, toRepoSummary);
      },
    }),
    list_stargazers: m({
      description: 'Users who starred the repository (paged).',
      required: ['owner', 'repo'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/stargazers', { owner: args.owner, repo: args.repo });
        const res = await gitea.requestPage<GiteaUser>('GET', path, {
          itemSchema: userSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('stargazers', res, (u) => toUserSummary(u));
      },
    }),
    list_watchers: m({
      description: 'Users who watch the repository (paged).',
      required: ['owner', 'repo'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/subscribers', { owner: args.owner, repo: args.repo });
        const res = await gitea.requestPage<GiteaUser>('GET', path, {
          itemSchema: userSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('watchers', res, (u) => toUserSummary(u));
      },
    }),
  }),
});

/** `star_watch_write`: star, unstar, watch or unwatch a repository (each idempotent). */
export const starWatchWrite = defineTool({
  name: 'star_watch_write',
  toolset: 'repos',
  title: 'Star or watch',
  description: 'Star, unstar, watch or unwatch a repository (watching sends notifications).',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['star', 'unstar', 'watch', 'unwatch']).describe('What to do.'),
      ...repoInput,
    })
    .strict(),
  methods: (m) => ({
    star: m({
      description: 'Star the repository.',
      scopes: ['write:repository', 'write:user'],
      async run(args, { gitea, signal }) {
        await gitea.request('PUT', starredPath(args.owner, args.repo), { signal });
        return { repository: `${args.owner}/${args.repo}`, starred: true };
      },
    }),
    unstar: m({
      description: 'Remove your star.',
      scopes: ['write:repository', 'write:user'],
      async run(args, { gitea, signal }) {
        await gitea.request('DELETE', starredPath(args.owner, args.repo), { signal });
        return { repository: `${args.owner}/${args.repo}`, starred: false };
      },
    }),
    watch: m({
      description: 'Watch the repository.',
      async run(args, { gitea, signal }) {
        await gitea.request('PUT', subscriptionPath(args.owner, args.repo), { signal });
        return { repository: `${args.owner}/${args.repo}`, watching: true };
      },
    }),
    unwatch: m({
      description: 'Stop watching the repository.',
      async run(args, { gitea, signal }) {
        await gitea.request('DELETE', subscriptionPath(args.owner, args.repo), { signal });
        return { repository: `${args.owner}/${args.repo}`, watching: false };
      },
    }),
  }),
});

/** The star and watch tools (toolset `repos`). */
export const STARS_WATCHES_TOOLS = [starWatchRead, starWatchWrite] as const;
