/** Issues, their labels, milestones and comments. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { type GiteaUser, userSchema } from './repos.js';
import { bool, type Nested, num, str, type Wire, type WireShape } from './wire.js';

/** The parts of Gitea's `Label` that tools read. */
export type GiteaLabel = Wire<Pick<gen.Label, 'id' | 'name' | 'color' | 'description' | 'exclusive' | 'is_archived'>>;

/** Parses a `Label`; `id` and `name` are required. */
export const labelSchema = z.object({
  id: z.number(),
  name: z.string(),
  color: str(),
  description: str(),
  exclusive: bool(),
  is_archived: bool(),
} satisfies WireShape<GiteaLabel>);

/** The parts of Gitea's `Milestone` that tools read. */
export type GiteaMilestone = Wire<
  Pick<
    gen.Milestone,
    | 'id'
    | 'title'
    | 'description'
    | 'state'
    | 'open_issues'
    | 'closed_issues'
    | 'due_on'
    | 'created_at'
    | 'updated_at'
    | 'closed_at'
  >
>;

/** Parses a `Milestone`; `id` and `title` are required. */
export const milestoneSchema = z.object({
  id: z.number(),
  title: z.string(),
  description: str(),
  state: str(),
  open_issues: num(),
  closed_issues: num(),
  due_on: str(),
  created_at: str(),
  updated_at: str(),
  closed_at: str(),
} satisfies WireShape<GiteaMilestone>);

/** The parts of Gitea's `Issue` that tools read. */
export type GiteaIssue = Wire<
  Pick<
    gen.Issue,
    | 'id'
    | 'number'
    | 'title'
    | 'body'
    | 'state'
    | 'comments'
    | 'is_locked'
    | 'ref'
    | 'due_date'
    | 'created_at'
    | 'updated_at'
    | 'closed_at'
    | 'html_url'
  >
> &
  Nested<
    gen.Issue,
    {
      user: GiteaUser;
      labels: GiteaLabel[];
      milestone: GiteaMilestone;
      assignees: GiteaUser[];
      pull_request: object;
      repository: Wire<Pick<gen.RepositoryMeta, 'full_name' | 'name' | 'owner'>>;
    }
  >;

/** Parses an `Issue` (or the issue view of a pull request); `number` is required. */
export const issueSchema = z.object({
  id: num(),
  number: z.number(),
  title: str(),
  body: str(),
  state: str(),
  user: userSchema.nullish(),
  labels: z.array(labelSchema).nullish(),
  milestone: milestoneSchema.nullish(),
  assignees: z.array(userSchema).nullish(),
  comments: num(),
  is_locked: bool(),
  ref: str(),
  due_date: str(),
  created_at: str(),
  updated_at: str(),
  closed_at: str(),
  html_url: str(),
  // Only its presence matters (an issue that is a pull request); kept as sent.
  pull_request: z.looseObject({}).nullish(),
  repository: z.object({ full_name: str(), name: str(), owner: str() }).nullish(),
} satisfies WireShape<GiteaIssue>);

/** The parts of Gitea's `Comment` that tools read. */
export type GiteaComment = Wire<
  Pick<gen.Comment, 'id' | 'body' | 'original_author' | 'created_at' | 'updated_at' | 'html_url' | 'issue_url'>
> &
  Nested<gen.Comment, { user: GiteaUser }>;

/** Parses a `Comment`; `id` is required. */
export const commentSchema = z.object({
  id: z.number(),
  body: str(),
  user: userSchema.nullish(),
  original_author: str(),
  created_at: str(),
  updated_at: str(),
  html_url: str(),
  issue_url: str(),
} satisfies WireShape<GiteaComment>);

/** The parts of Gitea's `Reaction` that tools read. */
export type GiteaReaction = Wire<Pick<gen.Reaction, 'content' | 'created_at'>> &
  Nested<gen.Reaction, { user: GiteaUser }>;

/** Parses a `Reaction`. */
export const reactionSchema = z.object({
  user: userSchema.nullish(),
  content: str(),
  created_at: str(),
} satisfies WireShape<GiteaReaction>);

/** The parts of Gitea's `TrackedTime` that tools read. */
export type GiteaTrackedTime = Wire<Pick<gen.TrackedTime, 'id' | 'time' | 'user_name' | 'created' | 'issue_id'>> &
  Nested<gen.TrackedTime, { issue: GiteaIssue }>;

/** Parses a `TrackedTime`. */
export const trackedTimeSchema = z.object({
  id: num(),
  time: num(),
  user_name: str(),
  created: str(),
  issue_id: num(),
  issue: issueSchema.nullish(),
} satisfies WireShape<GiteaTrackedTime>);

/** The parts of Gitea's `StopWatch` that tools read. */
export type GiteaStopWatch = Wire<
  Pick<
    gen.StopWatch,
    'created' | 'seconds' | 'duration' | 'issue_index' | 'issue_title' | 'repo_owner_name' | 'repo_name'
  >
>;

/** Parses a `StopWatch`. */
export const stopWatchSchema = z.object({
  created: str(),
  seconds: num(),
  duration: str(),
  issue_index: num(),
  issue_title: str(),
  repo_owner_name: str(),
  repo_name: str(),
} satisfies WireShape<GiteaStopWatch>);
