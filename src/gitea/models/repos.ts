/** Users, repositories and their git objects, releases and file contents. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { bool, type Nested, num, str, type Wire, type WireShape } from './wire.js';

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

export const commitUserSchema = z.object({
  name: str(),
  email: str(),
  date: str(),
} satisfies WireShape<GiteaCommitUser>);

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

/** The parts of Gitea's `FileCommitResponse` (the commit a file write made) that tools read. */
export type GiteaFileCommit = Wire<Pick<gen.FileCommitResponse, 'sha' | 'html_url' | 'message'>>;

/** The parts of Gitea's `FileResponse` / `FileDeleteResponse` that tools read. */
export type GiteaFileResponse = Nested<gen.FileResponse, { commit: GiteaFileCommit }>;

/** Parses a `FileResponse` (or `FileDeleteResponse`: the same `commit`). */
export const fileResponseSchema = z.object({
  commit: z.object({ sha: str(), html_url: str(), message: str() } satisfies WireShape<GiteaFileCommit>).nullish(),
} satisfies WireShape<GiteaFileResponse>);
