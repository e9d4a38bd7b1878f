/**
 * Toolset `orgs`, teams: `team_read` — the teams you are in (GET /user/teams,
 * Gitea's user group: scope `user`), one team and its members (/teams/{id},
 * the organization group: scope `organization`; reference §3.4).
 */
import { z } from 'zod';
import { type GiteaTeamWithOrg, type GiteaUser, giteaPath, teamWithOrgSchema, userSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { numericId } from './issues-params.js';
import { toTeamSummary } from './orgs.js';
import { pageResult, pagingInput } from './shape.js';
import { toUserSummary } from './summaries.js';

function toTeamWithOrg(t: GiteaTeamWithOrg): Record<string, unknown> {
  return { ...toTeamSummary(t), organization: t.organization?.name || t.organization?.username || undefined };
}

/** `team_read`: your teams, one team, or a team's members. */
export const teamRead = defineTool({
  name: 'team_read',
  toolset: 'orgs',
  title: 'Read teams',
  description: "List your teams, get a team or list its members; org_read list_teams lists an organization's teams.",
  scopes: ['read:organization'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['list_mine', 'get', 'list_members']).describe('What to read.'),
      teamId: numericId.optional().describe('get, list_members: team id (list_mine, org_read list_teams).'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list_mine: m({
      description: 'Teams you are a member of, with their organization (paged).',
      scopes: ['read:user'],
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage('GET', giteaPath('/user/teams'), {
          itemSchema: teamWithOrgSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('teams', res, toTeamWithOrg);
      },
    }),
    get: m({
      description: 'One team with its permission and units (members of the team or org owners only).',
      required: ['teamId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/teams/{id}', { id: args.teamId });
        const { data } = await gitea.request('GET', path, { schema: teamWithOrgSchema, signal });
        return { ...toTeamWithOrg(data), units: data.units?.length ? data.units : undefined };
      },
    }),
    list_members: m({
      description: "The team's members (paged; members of the organization only).",
      required: ['teamId'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/teams/{id}/members', { id: args.teamId });
        const res = await gitea.requestPage<GiteaUser>('GET', path, {
          itemSchema: userSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return { teamId: args.teamId, ...pageResult('members', res, (u) => toUserSummary(u)) };
      },
    }),
  }),
});

/** The team tools (toolset `orgs`). */
export const TEAMS_TOOLS = [teamRead] as const;
