/** Pull requests, their reviews and changed files. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { type GiteaLabel, type GiteaMilestone, labelSchema, milestoneSchema } from './issues.js';
import { type GiteaUser, userSchema } from './repos.js';
import { bool, type Nested, num, str, type Wire, type WireShape } from './wire.js';

/** The parts of Gitea's `PRBranchInfo` that tools read. */
export type GiteaBranchInfo = Wire<Pick<gen.PRBranchInfo, 'label' | 'ref' | 'sha'>> &
  Nested<gen.PRBranchInfo, { repo: Wire<Pick<gen.Repository, 'full_name'>> }>;

const branchInfoSchema = z.object({
  label: str(),
  ref: str(),
  sha: str(),
  repo: z.object({ full_name: str() }).nullish(),
} satisfies WireShape<GiteaBranchInfo>);

/** The parts of Gitea's `PullRequest` that tools read. */
export type GiteaPull = Wire<
  Pick<
    gen.PullRequest,
    | 'number'
    | 'title'
    | 'body'
    | 'state'
    | 'draft'
    | 'is_locked'
    | 'merge_base'
    | 'mergeable'
    | 'merged'
    | 'merged_at'
    | 'merge_commit_sha'
    | 'comments'
    | 'review_comments'
    | 'additions'
    | 'deletions'
    | 'changed_files'
    | 'allow_maintainer_edit'
    | 'due_date'
    | 'created_at'
    | 'updated_at'
    | 'closed_at'
    | 'html_url'
  >
> &
  Nested<
    gen.PullRequest,
    {
      user: GiteaUser;
      labels: GiteaLabel[];
      milestone: GiteaMilestone;
      assignees: GiteaUser[];
      requested_reviewers: GiteaUser[];
      base: GiteaBranchInfo;
      head: GiteaBranchInfo;
      merged_by: GiteaUser;
    }
  >;

/** Parses a `PullRequest`; `number` is required. */
export const pullSchema = z.object({
  number: z.number(),
  title: str(),
  body: str(),
  state: str(),
  draft: bool(),
  is_locked: bool(),
  user: userSchema.nullish(),
  labels: z.array(labelSchema).nullish(),
  milestone: milestoneSchema.nullish(),
  assignees: z.array(userSchema).nullish(),
  requested_reviewers: z.array(userSchema).nullish(),
  base: branchInfoSchema.nullish(),
  head: branchInfoSchema.nullish(),
  merge_base: str(),
  mergeable: bool(),
  merged: bool(),
  merged_at: str(),
  merged_by: userSchema.nullish(),
  merge_commit_sha: str(),
  comments: num(),
  review_comments: num(),
  additions: num(),
  deletions: num(),
  changed_files: num(),
  allow_maintainer_edit: bool(),
  due_date: str(),
  created_at: str(),
  updated_at: str(),
  closed_at: str(),
  html_url: str(),
} satisfies WireShape<GiteaPull>);

/** The parts of Gitea's `PullReview` that tools read. */
export type GiteaReview = Wire<
  Pick<
    gen.PullReview,
    | 'id'
    | 'state'
    | 'body'
    | 'commit_id'
    | 'stale'
    | 'official'
    | 'dismissed'
    | 'comments_count'
    | 'submitted_at'
    | 'updated_at'
    | 'html_url'
  >
> &
  Nested<gen.PullReview, { user: GiteaUser; team: Wire<Pick<gen.Team, 'name'>> }>;

/** Parses a `PullReview`; `id` is required (reviews are read, submitted and dismissed by it). */
export const reviewSchema = z.object({
  id: z.number(),
  user: userSchema.nullish(),
  team: z.object({ name: str() }).nullish(),
  state: str(),
  body: str(),
  commit_id: str(),
  stale: bool(),
  official: bool(),
  dismissed: bool(),
  comments_count: num(),
  submitted_at: str(),
  updated_at: str(),
  html_url: str(),
} satisfies WireShape<GiteaReview>);

/** The parts of Gitea's `PullReviewComment` that tools read. */
export type GiteaReviewComment = Wire<
  Pick<
    gen.PullReviewComment,
    | 'id'
    | 'pull_request_review_id'
    | 'body'
    | 'path'
    | 'position'
    | 'original_position'
    | 'commit_id'
    | 'diff_hunk'
    | 'created_at'
    | 'updated_at'
    | 'html_url'
  >
> &
  Nested<gen.PullReviewComment, { user: GiteaUser; resolver: GiteaUser }>;

/** Parses a `PullReviewComment`; `id` is required. */
export const reviewCommentSchema = z.object({
  id: z.number(),
  pull_request_review_id: num(),
  user: userSchema.nullish(),
  resolver: userSchema.nullish(),
  body: str(),
  path: str(),
  position: num(),
  original_position: num(),
  commit_id: str(),
  diff_hunk: str(),
  created_at: str(),
  updated_at: str(),
  html_url: str(),
} satisfies WireShape<GiteaReviewComment>);

/** The parts of Gitea's `ChangedFile` that tools read. */
export type GiteaChangedFile = Wire<
  Pick<gen.ChangedFile, 'filename' | 'previous_filename' | 'status' | 'additions' | 'deletions' | 'changes'>
>;

/** Parses a `ChangedFile`; `filename` is required. */
export const changedFileSchema = z.object({
  filename: z.string(),
  previous_filename: str(),
  status: str(),
  additions: num(),
  deletions: num(),
  changes: num(),
} satisfies WireShape<GiteaChangedFile>);

/**
 * The parts of Gitea's `CommitStatus` that tools read; `status` is read as any
 * string (shown as is), so a state a newer Gitea adds does not fail the read.
 */
export type GiteaCommitStatus = Wire<Pick<gen.CommitStatus, 'context' | 'description' | 'target_url' | 'updated_at'>> &
  Nested<gen.CommitStatus, { status: string; creator: GiteaUser }>;

/** The parts of Gitea's `CombinedStatus` that tools read; `state` as any string, like the statuses'. */
export type GiteaCombinedStatus = Wire<Pick<gen.CombinedStatus, 'sha' | 'total_count'>> &
  Nested<gen.CombinedStatus, { state: string; statuses: GiteaCommitStatus[] }>;

/** Parses a `CombinedStatus`. */
export const combinedStatusSchema = z.object({
  state: str(),
  sha: str(),
  total_count: num(),
  statuses: z
    .array(
      z.object({
        context: str(),
        status: str(),
        description: str(),
        target_url: str(),
        creator: userSchema.nullish(),
        updated_at: str(),
      } satisfies WireShape<GiteaCommitStatus>),
    )
    .nullish(),
} satisfies WireShape<GiteaCombinedStatus>);
