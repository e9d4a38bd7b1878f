/**
 * Every toolset: id, description and whether it is on when `GATEA_TOOLSETS`
 * is unset (DESIGN §7). The one place these are declared; docs, config
 * validation and the registry read them from here.
 */

/** Toolset metadata. */
export interface ToolsetInfo {
  readonly id: string;
  readonly description: string;
  /** On when the operator picks no toolsets. */
  readonly defaultOn: boolean;
}

/** All toolsets, in documentation order. */
export const TOOLSETS = [
  { id: 'context', description: 'Who am I: the signed-in Gitea user.', defaultOn: true },
  {
    id: 'repos',
    description: 'Find, inspect, create and fork repositories; collaborators, stars and watches.',
    defaultOn: true,
  },
  { id: 'files', description: 'Read files and trees; commit file changes.', defaultOn: true },
  { id: 'branches', description: 'List, create, rename and delete branches.', defaultOn: true },
  { id: 'commits', description: 'Commit history, single commits and their diffs.', defaultOn: true },
  {
    id: 'issues',
    description: 'Issues, their comments, attachments, reactions and dependencies.',
    defaultOn: true,
  },
  { id: 'pulls', description: 'Pull requests, reviews and merges.', defaultOn: true },
  { id: 'search', description: 'Search users, teams, repositories and issues across the instance.', defaultOn: true },
  { id: 'releases', description: 'Releases and their assets.', defaultOn: true },
  { id: 'tags', description: 'Git tags.', defaultOn: false },
  { id: 'labels', description: 'Repository and organization labels.', defaultOn: false },
  { id: 'milestones', description: 'Milestones.', defaultOn: false },
  { id: 'timetracking', description: 'Time tracked on issues, and stopwatches.', defaultOn: false },
  { id: 'wiki', description: 'Wiki pages and their revisions.', defaultOn: false },
  {
    id: 'actions',
    description: 'Gitea Actions: workflows, runs, jobs, logs, secrets and variables.',
    defaultOn: false,
  },
  { id: 'orgs', description: 'Organizations, their members and teams.', defaultOn: false },
  { id: 'notifications', description: 'Notification threads of the signed-in user.', defaultOn: false },
  {
    id: 'packages',
    description: 'Packages in the package registry: versions, files, repository links.',
    defaultOn: false,
  },
] as const satisfies readonly ToolsetInfo[];

/** A toolset id. */
export type ToolsetId = (typeof TOOLSETS)[number]['id'];

/** The ids of all toolsets. */
export const TOOLSET_IDS: readonly ToolsetId[] = TOOLSETS.map((t) => t.id);

/** The ids on by default. */
export const DEFAULT_TOOLSET_IDS: readonly ToolsetId[] = TOOLSETS.filter((t) => t.defaultOn).map((t) => t.id);

const ID_SET: ReadonlySet<string> = new Set(TOOLSET_IDS);

/** True when `id` names a toolset. */
export function isToolsetId(id: string): id is ToolsetId {
  return ID_SET.has(id);
}
