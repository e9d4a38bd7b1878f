/**
 * Toolset `repos`, people of a repository: `collaborator_read` (collaborators,
 * a user's permission, who can be assigned or asked for a review),
 * `update_collaborator` (add one or change their permission) and
 * `delete_collaborator` (take their access away). All sit in Gitea's
 * repository route group (reference §3.4), so the scope is `repository`.
 */
import { z } from 'zod';
import { type GiteaPath, type GiteaUser, giteaPath, permissionSchema, userSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { repoInput } from './params.js';
import { presentInRepo } from './presence.js';
import { pageOfAll, pageResult, pagingInput } from './shape.js';
import { toUserSummary } from './summaries.js';
import type { ToolContext } from './tool-context.js';

const loginInput = z.string().trim().min(1);

function collaboratorPath(owner: string, repo: string, collaborator: string) {
  return giteaPath('/repos/{owner}/{repo}/collaborators/{collaborator}', { owner, repo, collaborator });
}

/** A user list Gitea sends whole (assignees, reviewers), cut into the asked page here. */
async function unpagedUsers(
  { gitea, signal }: ToolContext,
  path: GiteaPath,
  args: { page: number; perPage: number },
): Promise<Record<string, unknown>> {
  const { data } = await gitea.request<GiteaUser[] | null>('GET', path, {
    schema: z.array(userSchema).nullable(),
    signal,
  });
  const page = pageOfAll(Array.isArray(data) ? data : [], args.page, args.perPage);
  return pageResult('users', page, (u) => toUserSummary(u));
}

/** `collaborator_read`: collaborators, permissions and the assignee/reviewer candidates of a repository. */
export const collaboratorRead = defineTool({
  name: 'collaborator_read',
  toolset: 'repos',
  title: 'Read collaborators',
  description:
    "List a repository's collaborators, check one or get a permission, or list assignable users or reviewers.",
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['list', 'check', 'get_permission', 'list_assignees', 'list_reviewers'])
        .describe('What to read; check and get_permission need username.'),
      ...repoInput,
      username: loginInput.optional().describe('check, get_permission: user login.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list: m({
      description: 'Explicit collaborators (not team members or the owner), paged.',
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/collaborators', { owner: args.owner, repo: args.repo });
        const res = await gitea.requestPage<GiteaUser>('GET', path, {
          itemSchema: userSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('collaborators', res, (u) => toUserSummary(u));
      },
    }),
    check: m({
      description: 'Whether the user is an explicit collaborator.',
      required: ['username'],
      async run(args, ctx) {
        const path = collaboratorPath(args.owner, args.repo, args.username);
        // 404: not a collaborator (an unknown login is Gitea's 422, which stays an error).
        return { username: args.username, collaborator: await presentInRepo(ctx, path, args.owner, args.repo) };
      },
    }),
    get_permission: m({
      description:
        "The user's effective access (none, read, write, admin, owner) from any source; others' needs repository admin.",
      required: ['username'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/collaborators/{collaborator}/permission', {
          owner: args.owner,
          repo: args.repo,
          collaborator: args.username,
        });
        const { data } = await gitea.request('GET', path, { schema: permissionSchema, signal });
        return { username: data.user?.login ?? args.username, permission: data.permission, role: data.role_name };
      },
    }),
    list_assignees: m({
      description: 'Users who can be assigned to issues and pull requests (write access).',
      async run(args, ctx) {
        const path = giteaPath('/repos/{owner}/{repo}/assignees', { owner: args.owner, repo: args.repo });
        return unpagedUsers(ctx, path, args);
      },
    }),
    list_reviewers: m({
      description: 'Users who can be asked to review pull requests.',
      async run(args, ctx) {
        const path = giteaPath('/repos/{owner}/{repo}/reviewers', { owner: args.owner, repo: args.repo });
        return unpagedUsers(ctx, path, args);
      },
    }),
  }),
});

/** `update_collaborator`: add a collaborator or change their permission. */
export const updateCollaborator = defineTool({
  name: 'update_collaborator',
  toolset: 'repos',
  title: 'Add or update collaborator',
  description: 'Add a repository collaborator or change their permission; needs repository admin rights.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      username: loginInput.describe('User login.'),
      permission: z
        .enum(['read', 'write', 'admin'])
        .default('write')
        .describe('Access: read, write (default) or admin.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = collaboratorPath(args.owner, args.repo, args.username);
    await gitea.request('PUT', path, { body: { permission: args.permission }, signal });
    return { username: args.username, collaborator: true, permission: args.permission };
  },
});

/** `delete_collaborator`: remove a collaborator's explicit access. */
export const deleteCollaborator = defineTool({
  name: 'delete_collaborator',
  toolset: 'repos',
  title: 'Remove collaborator',
  description: 'Remove a repository collaborator (team or owner access stays); needs repository admin rights.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      username: loginInput.describe('Collaborator login.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    await gitea.request('DELETE', collaboratorPath(args.owner, args.repo, args.username), { signal });
    return { username: args.username, collaborator: false };
  },
});

/** The collaborator tools (toolset `repos`). */
export const COLLABORATORS_TOOLS = [collaboratorRead, updateCollaborator, deleteCollaborator] as const;
