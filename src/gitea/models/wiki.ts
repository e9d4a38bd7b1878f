/** Wiki pages and their history. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { type Nested, num, str, type Wire, type WireShape } from './wire.js';

/** The parts of Gitea's `WikiCommit` that tools read. */
export type GiteaWikiCommit = Wire<Pick<gen.WikiCommit, 'message'>> &
  Nested<gen.WikiCommit, { author: Wire<Pick<gen.CommitUser, 'name' | 'date'>> }> &
  Required<Pick<gen.WikiCommit, 'sha'>>;

/** Parses a `WikiCommit`; `sha` is required. */
export const wikiCommitSchema = z.object({
  sha: z.string(),
  message: str(),
  author: z.object({ name: str(), date: str() }).nullish(),
} satisfies WireShape<GiteaWikiCommit>);

/** The parts of Gitea's `WikiCommitList` that tools read. */
export type GiteaWikiCommits = Wire<Pick<gen.WikiCommitList, 'count'>> &
  Nested<gen.WikiCommitList, { commits: GiteaWikiCommit[] }>;

/** Parses a `WikiCommitList`. */
export const wikiCommitsSchema = z.object({
  commits: z.array(wikiCommitSchema).nullish(),
  count: num(),
} satisfies WireShape<GiteaWikiCommits>);

/** The parts of Gitea's `WikiPage` (or `WikiPageMetaData`, in lists) that tools read. */
export type GiteaWikiPage = Wire<Pick<gen.WikiPage, 'html_url' | 'sub_url' | 'content_base64' | 'commit_count'>> &
  Nested<gen.WikiPage, { last_commit: GiteaWikiCommit }> &
  Required<Pick<gen.WikiPage, 'title'>>;

/** Parses a `WikiPage`; `title` is required. */
export const wikiPageSchema = z.object({
  title: z.string(),
  html_url: str(),
  sub_url: str(),
  content_base64: str(),
  commit_count: num(),
  last_commit: wikiCommitSchema.nullish(),
} satisfies WireShape<GiteaWikiPage>);
