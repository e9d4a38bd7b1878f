/**
 * Toolset `search`: users, an organization's teams, and issues or pull
 * requests across every repository the caller can see. Repository search is
 * `search_repos` in the `repos` toolset.
 */
import { z } from 'zod';
import {
  type GiteaIssue,
  type GiteaUser,
  giteaPath,
  issueSchema,
  searchResultsSchema,
  teamSchema,
  userSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { toTeamSummary } from './orgs.js';
import { pageFromHeaders, pageResult, pagingInput } from './shape.js';
import { toUserSummary } from './summaries.js';
import { toIssueSummary } from './summaries-issues.js';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/** Gitea's `{ok, data}` search envelope; anything else reads as no results. */
function dataOf<T>(body: { data?: T[] | null } | null | undefined): T[] {
  return Array.isArray(body?.data) ? body.data : [];
}

/** `search_users`. */
export const searchUsers = defineTool({
  name: 'search_users',
  toolset: 'search',
  title: 'Search users',
  description: 'Find Gitea users by login or full name, e.g. to get a login to assign.',
  scopes: ['read:user'],
  annotations: READ,
  input: z
    .object({
      query: z.string().trim().min(1).describe('Keyword in logins and full names.'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const query = { q: args.query, page: args.page, limit: args.perPage };
    const res = await gitea.request<{ data?: GiteaUser[] | null }>('GET', giteaPath('/users/search'), {
      schema: searchResultsSchema(userSchema),
      query,
      signal,
    });
    const page = pageFromHeaders(dataOf(res.data), res.headers, args.page, args.perPage);
    return pageResult('users', page, (u) => toUserSummary(u));
  },
});

/** `search_org_teams`. */
export const searchOrgTeams = defineTool({
  name: 'search_org_teams',
  toolset: 'search',
  title: 'Search organization teams',
  description: "Find an organization's teams by name, or list them all, e.g. to request a team review.",
  scopes: ['read:organization'],
  annotations: READ,
  input: z
    .object({
      org: z.string().trim().min(1).describe('Organization name.'),
      query: z.string().trim().optional().describe('Keyword in team names; omit for all.'),
      includeDescription: z.boolean().default(true).describe('Also match team descriptions (default true).'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    if (!args.query) {
      // GET /orgs/{org}/teams: the same read:organization scope and org-membership check as the search.
      const res = await gitea.requestPage('GET', giteaPath('/orgs/{org}/teams', { org: args.org }), {
        itemSchema: teamSchema,
        page: args.page,
        limit: args.perPage,
        signal,
      });
      return pageResult('teams', res, toTeamSummary);
    }
    const query = { q: args.query, include_desc: args.includeDescription, page: args.page, limit: args.perPage };
    const path = giteaPath('/orgs/{org}/teams/search', { org: args.org });
    const res = await gitea.request('GET', path, { schema: searchResultsSchema(teamSchema), query, signal });
    const page = pageFromHeaders(dataOf(res.data), res.headers, args.page, args.perPage);
    return pageResult('teams', page, toTeamSummary);
  },
});

const optionalFlag = (what: string) => z.boolean().optional().describe(what);

/** `search_issues`: issues or pull requests across repositories. */
export const searchIssues = defineTool({
  name: 'search_issues',
  toolset: 'search',
  title: 'Search issues',
  description:
    'Search issues or pull requests in all visible repositories by keyword, labels, owner or your involvement.',
  scopes: ['read:issue'],
  annotations: READ,
  input: z
    .object({
      query: z.string().trim().min(1).optional().describe('Keyword in titles and bodies.'),
      type: z.enum(['issues', 'pulls']).default('issues').describe('issues (default) or pulls.'),
      state: z.enum(['open', 'closed', 'all']).default('open').describe('Default open.'),
      labels: z.array(z.string().trim().min(1)).max(20).optional().describe('Label names; any matches.'),
      milestones: z.array(z.string().trim().min(1)).max(20).optional().describe('Milestone titles; any matches.'),
      owner: z.string().trim().min(1).optional().describe('Only repos of this user or org.'),
      team: z.string().trim().min(1).optional().describe("This team's repos (needs owner)."),
      assigned: optionalFlag('Assigned to you.'),
      created: optionalFlag('Opened by you.'),
      mentioned: optionalFlag('Mentioning you.'),
      reviewRequested: optionalFlag('pulls: awaiting your review.'),
      reviewed: optionalFlag('pulls: reviewed by you.'),
      since: z.string().trim().min(1).optional().describe('Updated after this RFC 3339 time.'),
      before: z.string().trim().min(1).optional().describe('Updated before this RFC 3339 time.'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const res = await gitea.requestPage<GiteaIssue>('GET', giteaPath('/repos/issues/search'), {
      itemSchema: issueSchema,
      query: {
        q: args.query,
        type: args.type,
        state: args.state,
        labels: args.labels?.join(','),
        milestones: args.milestones?.join(','),
        owner: args.owner,
        team: args.team,
        assigned: args.assigned,
        created: args.created,
        mentioned: args.mentioned,
        review_requested: args.reviewRequested,
        reviewed: args.reviewed,
        since: args.since,
        before: args.before,
      },
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return pageResult(args.type === 'pulls' ? 'pullRequests' : 'issues', res, toIssueSummary);
  },
});

/** The `search` toolset (repository search is `search_repos` in `repos`). */
export const SEARCH_TOOLS = [searchUsers, searchOrgTeams, searchIssues] as const;
