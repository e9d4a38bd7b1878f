/**
 * Organizations: `list_my_orgs` (toolset `context`: which organizations
 * "our" repositories may live in) and `org_read` (toolset `orgs`: one
 * organization, its members and teams).
 */
import { z } from 'zod';
import {
  type GiteaOrg,
  type GiteaTeam,
  type GiteaUser,
  giteaPath,
  orgSchema,
  teamSchema,
  userSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { sanitizeOptional } from './sanitize.js';
import { pageResult, pagingInput } from './shape.js';
import { toUserSummary } from './summaries.js';

function toOrgSummary(o: GiteaOrg): Record<string, unknown> {
  return {
    name: o.name || o.username,
    fullName: sanitizeOptional(o.full_name) || undefined,
    description: sanitizeOptional(o.description) || undefined,
    visibility: o.visibility,
  };
}

function toOrgDetail(o: GiteaOrg): Record<string, unknown> {
  return {
    ...toOrgSummary(o),
    website: o.website || undefined,
    location: sanitizeOptional(o.location) || undefined,
    email: o.email || undefined,
  };
}

/** A team as tools show it. */
export function toTeamSummary(t: GiteaTeam): Record<string, unknown> {
  return {
    id: t.id,
    name: sanitizeOptional(t.name),
    description: sanitizeOptional(t.description) || undefined,
    permission: t.permission,
    includesAllRepositories: t.includes_all_repositories || undefined,
    canCreateOrgRepo: t.can_create_org_repo || undefined,
  };
}

/** `list_my_orgs`: organizations the caller belongs to. */
export const listMyOrgs = defineTool({
  name: 'list_my_orgs',
  toolset: 'context',
  title: 'List my organizations',
  description: 'List your organizations: with get_me, the owners "our" repositories may belong to.',
  scopes: ['read:organization', 'read:user'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...pagingInput }).strict(),
  async run(args, { gitea, signal }) {
    const res = await gitea.requestPage('GET', giteaPath('/user/orgs'), {
      itemSchema: orgSchema,
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return pageResult('organizations', res, toOrgSummary);
  },
});

/** `org_read`: one organization, its members or its teams. */
export const orgRead = defineTool({
  name: 'org_read',
  toolset: 'orgs',
  title: 'Read an organization',
  description: 'Get an organization or list its members or teams; list_org_repos lists its repositories.',
  scopes: ['read:organization'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['get', 'list_members', 'list_teams'])
        .describe('What to read; list_teams is for org members only.'),
      org: z.string().trim().min(1).describe('Organization name.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    get: m({
      description: "The organization's profile.",
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request('GET', giteaPath('/orgs/{org}', { org: args.org }), {
          schema: orgSchema,
          signal,
        });
        return toOrgDetail(data);
      },
    }),
    list_members: m({
      description: 'Members (all of them for members of the org, public ones otherwise).',
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaUser>('GET', giteaPath('/orgs/{org}/members', { org: args.org }), {
          itemSchema: userSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('members', res, (u) => toUserSummary(u));
      },
    }),
    list_teams: m({
      description: 'Teams with their permission level.',
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage('GET', giteaPath('/orgs/{org}/teams', { org: args.org }), {
          itemSchema: teamSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('teams', res, toTeamSummary);
      },
    }),
  }),
});

/** The organization tools (`list_my_orgs` is in `context`, `org_read` in `orgs`). */
export const ORGS_TOOLS = [listMyOrgs, orgRead] as const;
