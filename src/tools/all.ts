/**
 * Every tool Gatea has, in documentation order. Adding a toolset: write
 * `src/tools/<toolset>.ts` exporting `<TOOLSET>_TOOLS`, add its id to
 * toolsets.ts, and spread it here; every surface picks it up.
 */
import { ACTIONS_CONFIG_TOOLS } from './actions-config.js';
import { ACTIONS_RUN_TOOLS } from './actions-runs.js';
import { attachmentRead } from './attachments.js';
import { BRANCHES_TOOLS } from './branches.js';
import { COLLABORATORS_TOOLS } from './collaborators.js';
import { COMMITS_TOOLS } from './commits.js';
import { CONTEXT_TOOLS } from './context.js';
import type { ToolDefinition } from './define.js';
import { getFileContents, getRepositoryTree } from './files-read.js';
import { FILES_WRITE_TOOLS } from './files-write.js';
import { ISSUE_DEPENDENCIES_TOOLS } from './issue-dependencies.js';
import { ISSUES_READ_TOOLS } from './issues-read.js';
import { ISSUES_WRITE_TOOLS } from './issues-write.js';
import { LABELS_TOOLS } from './labels.js';
import { MILESTONES_TOOLS } from './milestones.js';
import { NOTIFICATIONS_TOOLS } from './notifications.js';
import { ORGS_TOOLS } from './orgs.js';
import { PACKAGES_TOOLS } from './packages.js';
import { PULLS_READ_TOOLS } from './pulls-read.js';
import { PULLS_WRITE_TOOLS } from './pulls-write.js';
import { REACTIONS_TOOLS } from './reactions.js';
import { RELEASES_TOOLS } from './releases.js';
import { REPOS_TOOLS } from './repos.js';
import { REVIEWS_TOOLS } from './reviews.js';
import { SEARCH_TOOLS } from './search.js';
import { STARS_WATCHES_TOOLS } from './stars-watches.js';
import { TAGS_TOOLS } from './tags.js';
import { TEAMS_TOOLS } from './teams.js';
import { TIMETRACKING_TOOLS } from './timetracking.js';
import { WIKI_TOOLS } from './wiki.js';

/** The `pulls` toolset: reads, writes, merging and reviews. */
export const PULLS_TOOLS: readonly ToolDefinition[] = [...PULLS_READ_TOOLS, ...PULLS_WRITE_TOOLS, ...REVIEWS_TOOLS];

/** All tool definitions. */
export const ALL_TOOLS: readonly ToolDefinition[] = Object.freeze([
  ...CONTEXT_TOOLS,
  ...REPOS_TOOLS,
  ...COLLABORATORS_TOOLS,
  ...STARS_WATCHES_TOOLS,
  getFileContents,
  getRepositoryTree,
  ...FILES_WRITE_TOOLS,
  ...BRANCHES_TOOLS,
  ...COMMITS_TOOLS,
  ...TAGS_TOOLS,
  ...ISSUES_READ_TOOLS,
  ...ISSUES_WRITE_TOOLS,
  ...REACTIONS_TOOLS,
  ...ISSUE_DEPENDENCIES_TOOLS,
  ...LABELS_TOOLS,
  ...MILESTONES_TOOLS,
  ...TIMETRACKING_TOOLS,
  ...SEARCH_TOOLS,
  ...ORGS_TOOLS,
  ...TEAMS_TOOLS,
  ...NOTIFICATIONS_TOOLS,
  ...PULLS_TOOLS,
  attachmentRead,
  ...RELEASES_TOOLS,
  ...WIKI_TOOLS,
  ...ACTIONS_RUN_TOOLS,
  ...ACTIONS_CONFIG_TOOLS,
  ...PACKAGES_TOOLS,
]);

/** Old tool names that stay callable (not listed): old name → current name. */
export const TOOL_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  // The official gitea-mcp's name for the same call (no arguments either way).
  get_user_orgs: 'list_my_orgs',
  // Older Gitea MCP setups' "list my repositories" (GET /user/repos, paged). list_my_repos is that same
  // call; search_repos needs a keyword and spans the instance, list_org_repos needs an org.
  list_repositories: 'list_my_repos',
});
