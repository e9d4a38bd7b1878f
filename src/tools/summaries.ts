/**
 * Compact views of Gitea objects: the fields an assistant needs, no nested
 * full user/repository objects (peer-mcp-servers.md §1.6 "slim responses").
 * Inputs are the Gitea models (src/gitea/models.ts: fields picked from the
 * swagger types, parsed at the edge, absent or null where Gitea omits them);
 * untrusted prose goes through `sanitizeText`.
 */
import type { GiteaCommit, GiteaRepository, GiteaUser } from '../gitea/index.js';
import { sanitizeOptional } from './sanitize.js';

/** A user as tools show it. */
export function toUserSummary(u: GiteaUser | null | undefined): Record<string, unknown> | undefined {
  if (!u) return undefined;
  return {
    login: u.login,
    fullName: sanitizeOptional(u.full_name) || undefined,
    htmlUrl: u.html_url,
  };
}

/** A repository in a list. */
export function toRepoSummary(r: GiteaRepository): Record<string, unknown> {
  return {
    fullName: r.full_name,
    description: sanitizeOptional(r.description) || undefined,
    private: r.private,
    fork: r.fork || undefined,
    archived: r.archived || undefined,
    defaultBranch: r.default_branch,
    stars: r.stars_count,
    updatedAt: r.updated_at,
    htmlUrl: r.html_url,
  };
}

/** A single repository with the details `get_repository` adds. */
export function toRepoDetail(r: GiteaRepository): Record<string, unknown> {
  // Object.assign, not `{ ...summary, …20 fields }`: V8 builds that literal about 20× slower (it was the
  // costliest function of a get_repository call), and the keys come out in the same order.
  return Object.assign(toRepoSummary(r), {
    fork: r.fork,
    archived: r.archived,
    parent: r.parent?.full_name,
    template: r.template || undefined,
    mirror: r.mirror || undefined,
    empty: r.empty || undefined,
    language: r.language || undefined,
    topics: r.topics?.length ? r.topics.map((t) => sanitizeOptional(t)) : undefined,
    website: r.website || undefined,
    forks: r.forks_count,
    openIssues: r.open_issues_count,
    openPullRequests: r.open_pr_counter,
    sizeKiB: r.size,
    hasIssues: r.has_issues,
    hasPullRequests: r.has_pull_requests,
    hasWiki: r.has_wiki,
    permissions: r.permissions,
    cloneUrl: r.clone_url,
    sshUrl: r.ssh_url,
    createdAt: r.created_at,
  });
}

/** First line of a commit message (the subject). */
export function commitSubject(message: string | null | undefined): string | undefined {
  const clean = sanitizeOptional(message);
  return clean === undefined ? undefined : (clean.split('\n', 1)[0] ?? '');
}

/** A commit in a list: sha, subject, author, date. */
export function toCommitSummary(c: GiteaCommit): Record<string, unknown> {
  return {
    sha: c.sha,
    subject: commitSubject(c.commit?.message),
    author: sanitizeOptional(c.commit?.author?.name),
    authorLogin: c.author?.login || undefined,
    date: c.commit?.author?.date ?? c.created,
    htmlUrl: c.html_url,
  };
}
