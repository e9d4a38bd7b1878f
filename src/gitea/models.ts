/**
 * The Gitea objects tools read, as zod schemas that parse them at the edge
 * (`request(…, { schema })`, `requestPage(…, { itemSchema })`), so a Gitea
 * that changes a field fails with `bad_response` instead of yielding a wrong
 * summary. Each type picks its fields from the generated swagger models
 * (types.gen.ts), and each schema must match its type field for field
 * (`satisfies WireShape<…>`): a field renamed or retyped in the swagger file
 * fails tsc here, not at run time in a summary.
 *
 * Fields are lenient where Gitea omits or nulls them (`.nullish()`, the
 * swagger file marks almost everything optional); only the fields a tool
 * cannot do without (an object's identity: `full_name`, `number`, `id`) are
 * required. Unknown fields are stripped: summaries read only these.
 */
import { z } from 'zod';
import type * as gen from './types.gen.js';

/** Every field of T possibly absent or null, as Gitea sends them (omitempty, nil pointers). */
type Wire<T> = { [K in keyof T]?: T[K] | null };

/**
 * Nested objects replaced by their own picked types; the keys must be fields
 * of T, so a field the swagger file renames fails here.
 */
type Nested<T, N extends { [K in keyof N]: K extends keyof T ? unknown : never }> = { [K in keyof N]?: N[K] | null };

/** A zod shape for W: one schema per field, none missing, none extra (used with `satisfies`). */
type WireShape<W> = { [K in keyof Required<W>]: z.ZodType<W[K]> };

const str = () => z.string().nullish();
const num = () => z.number().nullish();
const bool = () => z.boolean().nullish();

/** The parts of Gitea's `User` that tools read. */
export type GiteaUser = Wire<
  Pick<
    gen.User,
    | 'login'
    | 'full_name'
    | 'email'
    | 'is_admin'
    | 'html_url'
    | 'description'
    | 'website'
    | 'location'
    | 'visibility'
    | 'created'
  >
>;

/** Parses a `User`. */
export const userSchema = z.object({
  login: str(),
  full_name: str(),
  email: str(),
  is_admin: bool(),
  html_url: str(),
  description: str(),
  website: str(),
  location: str(),
  visibility: str(),
  created: str(),
} satisfies WireShape<GiteaUser>);

/** The parts of Gitea's `Repository` that tools read. */
export type GiteaRepository = Wire<
  Pick<
    gen.Repository,
    | 'full_name'
    | 'name'
    | 'description'
    | 'private'
    | 'fork'
    | 'template'
    | 'mirror'
    | 'archived'
    | 'empty'
    | 'default_branch'
    | 'stars_count'
    | 'forks_count'
    | 'open_issues_count'
    | 'open_pr_counter'
    | 'size'
    | 'language'
    | 'topics'
    | 'html_url'
    | 'clone_url'
    | 'ssh_url'
    | 'website'
    | 'updated_at'
    | 'created_at'
    | 'has_issues'
    | 'has_pull_requests'
    | 'has_wiki'
  >
> &
  Nested<
    gen.Repository,
    {
      owner: GiteaUser;
      parent: Wire<Pick<gen.Repository, 'full_name'>>;
      permissions: Wire<gen.Permission>;
    }
  >;

/** Parses a `Repository`; `full_name` is required (every tool names repositories by it). */
export const repositorySchema = z.object({
  full_name: z.string(),
  name: str(),
  owner: userSchema.nullish(),
  description: str(),
  private: bool(),
  fork: bool(),
  parent: z.object({ full_name: str() }).nullish(),
  template: bool(),
  mirror: bool(),
  archived: bool(),
  empty: bool(),
  default_branch: str(),
  stars_count: num(),
  forks_count: num(),
  open_issues_count: num(),
  open_pr_counter: num(),
  size: num(),
  language: str(),
  topics: z.array(z.string()).nullish(),
  html_url: str(),
  clone_url: str(),
  ssh_url: str(),
  website: str(),
  updated_at: str(),
  created_at: str(),
  has_issues: bool(),
  has_pull_requests: bool(),
  has_wiki: bool(),
  // Returned as is by get_repository: keep whatever flags this Gitea sends.
  permissions: z.looseObject({ admin: bool(), push: bool(), pull: bool() }).nullish(),
} satisfies WireShape<GiteaRepository>);

/** A git identity in a commit (`CommitUser`). */
export type GiteaCommitUser = Wire<Pick<gen.CommitUser, 'name' | 'email' | 'date'>>;

const commitUserSchema = z.object({ name: str(), email: str(), date: str() } satisfies WireShape<GiteaCommitUser>);

/** The parts of Gitea's `Commit` that tools read. */
export type GiteaCommit = Wire<Pick<gen.Commit, 'sha' | 'html_url' | 'created'>> &
  Nested<
    gen.Commit,
    {
      commit: Wire<Pick<gen.RepoCommit, 'message'>> &
        Nested<gen.RepoCommit, { author: GiteaCommitUser; committer: GiteaCommitUser }>;
      author: GiteaUser;
      parents: Wire<Pick<gen.CommitMeta, 'sha'>>[];
      stats: Wire<gen.CommitStats>;
      files: Wire<gen.CommitAffectedFiles>[];
    }
  >;

/** Parses a `Commit`; `sha` is required. */
export const commitSchema = z.object({
  sha: z.string(),
  html_url: str(),
  created: str(),
  commit: z
    .object({ message: str(), author: commitUserSchema.nullish(), committer: commitUserSchema.nullish() })
    .nullish(),
  author: userSchema.nullish(),
  parents: z.array(z.object({ sha: str() })).nullish(),
  stats: z.object({ additions: num(), deletions: num(), total: num() }).nullish(),
  files: z.array(z.object({ filename: str(), status: str() })).nullish(),
} satisfies WireShape<GiteaCommit>);

/** The parts of Gitea's `Branch` that tools read. */
export type GiteaBranch = Wire<Pick<gen.Branch, 'name' | 'protected'>> &
  Nested<
    gen.Branch,
    {
      commit: Wire<Pick<gen.PayloadCommit, 'id' | 'message' | 'timestamp'>> &
        Nested<gen.PayloadCommit, { author: Wire<Pick<gen.PayloadUser, 'name'>> }>;
    }
  >;

/** Parses a `Branch`; `name` is required. */
export const branchSchema = z.object({
  name: z.string(),
  protected: bool(),
  commit: z
    .object({ id: str(), message: str(), timestamp: str(), author: z.object({ name: str() }).nullish() })
    .nullish(),
} satisfies WireShape<GiteaBranch>);

/** The parts of Gitea's `Tag` that tools read. */
export type GiteaTag = Wire<Pick<gen.Tag, 'name' | 'id' | 'message'>> &
  Nested<gen.Tag, { commit: Wire<Pick<gen.CommitMeta, 'sha' | 'created'>> }>;

/** Parses a `Tag`; `name` is required. */
export const tagSchema = z.object({
  name: z.string(),
  id: str(),
  message: str(),
  commit: z.object({ sha: str(), created: str() }).nullish(),
} satisfies WireShape<GiteaTag>);

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

/** The parts of Gitea's `Attachment` that tools read. */
export type GiteaAttachment = Wire<Pick<gen.Attachment, 'download_count' | 'created_at' | 'browser_download_url'>> &
  Required<Pick<gen.Attachment, 'id' | 'name' | 'size'>>;

/** Parses an `Attachment`; `id`, `name` and `size` are required. */
export const attachmentSchema = z.object({
  id: z.number(),
  name: z.string(),
  size: z.number(),
  download_count: num(),
  created_at: str(),
  browser_download_url: str(),
} satisfies WireShape<GiteaAttachment>);

/** The parts of Gitea's `Release` that tools read. */
export type GiteaRelease = Wire<
  Pick<
    gen.Release,
    'target_commitish' | 'name' | 'body' | 'draft' | 'prerelease' | 'created_at' | 'published_at' | 'html_url'
  >
> &
  Nested<gen.Release, { author: Wire<Pick<gen.User, 'login'>>; assets: GiteaAttachment[] }> &
  Required<Pick<gen.Release, 'id' | 'tag_name'>>;

/** Parses a `Release`; `id` and `tag_name` are required. */
export const releaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  target_commitish: str(),
  name: str(),
  body: str(),
  draft: bool(),
  prerelease: bool(),
  created_at: str(),
  published_at: str(),
  html_url: str(),
  author: z.object({ login: str() }).nullish(),
  assets: z.array(attachmentSchema).nullish(),
} satisfies WireShape<GiteaRelease>);

/** The parts of Gitea's `ContentsResponse` (a file, directory entry, symlink or submodule) that tools read. */
export type GiteaContents = Wire<
  Pick<
    gen.ContentsResponse,
    | 'name'
    | 'path'
    | 'sha'
    | 'type'
    | 'size'
    | 'encoding'
    | 'content'
    | 'target'
    | 'submodule_git_url'
    | 'lfs_oid'
    | 'download_url'
    | 'html_url'
  >
>;

/** Parses a `ContentsResponse`; `type` is required (the tools branch on it). */
export const contentsSchema = z.object({
  name: str(),
  path: str(),
  sha: str(),
  type: z.string(),
  size: num(),
  encoding: str(),
  content: str(),
  target: str(),
  submodule_git_url: str(),
  lfs_oid: str(),
  download_url: str(),
  html_url: str(),
} satisfies WireShape<GiteaContents>);

/** The parts of Gitea's `GitTreeResponse` that tools read. */
export type GiteaTree = Wire<Pick<gen.GitTreeResponse, 'sha' | 'truncated' | 'page' | 'total_count'>> &
  Nested<gen.GitTreeResponse, { tree: Wire<Pick<gen.GitEntry, 'path' | 'type' | 'size' | 'sha'>>[] }>;

/** Parses a `GitTreeResponse`. */
export const treeSchema = z.object({
  sha: str(),
  tree: z.array(z.object({ path: str(), type: str(), size: num(), sha: str() })).nullish(),
  truncated: bool(),
  page: num(),
  total_count: num(),
} satisfies WireShape<GiteaTree>);

/** Gitea's `/repos/search` and `/users/search` envelope: `{ ok, data: [...] }`. */
export function searchResultsSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item).nullish() });
}
