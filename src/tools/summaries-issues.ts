/**
 * Compact views of Gitea's issue-tracker objects (issues, comments, labels,
 * milestones, tracked times, notification threads): the fields an assistant
 * needs, users as logins and repositories as `owner/name`. Inputs are the
 * Gitea models (src/gitea/models.ts, parsed at the edge); titles, bodies and
 * descriptions go through `sanitizeText`.
 */
import type { GiteaComment, GiteaIssue, GiteaLabel, GiteaMilestone } from '../gitea/index.js';
import { sanitizeOptional } from './sanitize.js';
import { sliceBytes } from './shape.js';

/** Cap on one issue or comment body returned by a single-item read. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Cap on each comment body inside a list of comments. */
export const COMMENT_PREVIEW_BYTES = 2 * 1024;

/** A label as tools show it. */
export function toLabelSummary(l: GiteaLabel): Record<string, unknown> {
  return {
    id: l.id,
    name: sanitizeOptional(l.name),
    color: l.color,
    description: sanitizeOptional(l.description) || undefined,
    exclusive: l.exclusive || undefined,
    archived: l.is_archived || undefined,
  };
}

/**
 * Labels on an issue or pull request, one shape in every result: `{id, name}`
 * (the id is what writes take unambiguously; label_read has colours and descriptions).
 */
export function toLabelRefs(labels: readonly GiteaLabel[] | null | undefined): { id?: number | null; name?: string }[] {
  return (labels ?? []).map((l) => ({ id: l.id, name: sanitizeOptional(l.name) }));
}

/** A milestone as tools show it. */
export function toMilestoneSummary(m: GiteaMilestone): Record<string, unknown> {
  return {
    id: m.id,
    title: sanitizeOptional(m.title),
    description: sanitizeOptional(m.description) || undefined,
    state: m.state,
    openIssues: m.open_issues,
    closedIssues: m.closed_issues,
    dueOn: m.due_on || undefined,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    closedAt: m.closed_at || undefined,
  };
}

/** `owner/name` of an issue's repository (search results carry it; per-repository lists do not). */
function repoOf(i: GiteaIssue): string | undefined {
  const r = i.repository;
  if (!r) return undefined;
  return r.full_name || (r.owner && r.name ? `${r.owner}/${r.name}` : undefined);
}

/** An issue in a list: no body (use issue_read `get` for it). */
export function toIssueSummary(i: GiteaIssue): Record<string, unknown> {
  const labels = toLabelRefs(i.labels);
  const assignees = (i.assignees ?? []).map((u) => u.login ?? '');
  return {
    number: i.number,
    repository: repoOf(i),
    title: sanitizeOptional(i.title),
    state: i.state,
    isPullRequest: i.pull_request ? true : undefined,
    author: i.user?.login,
    labels: labels.length ? labels : undefined,
    milestone: i.milestone ? sanitizeOptional(i.milestone.title) : undefined,
    assignees: assignees.length ? assignees : undefined,
    comments: i.comments,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    closedAt: i.closed_at || undefined,
    htmlUrl: i.html_url,
  };
}

/** A body window: the text from `offset`, capped at `maxBytes`, and where to continue. */
export function bodyWindow(
  raw: string | null | undefined,
  offset: number,
  maxBytes: number,
): { body: string; bodyBytes: number; nextBodyOffset: number | null } {
  const window = sliceBytes(sanitizeOptional(raw) ?? '', offset, maxBytes);
  return { body: window.text, bodyBytes: window.totalBytes, nextBodyOffset: window.nextOffset };
}

/** One issue with its body (from `bodyOffset`, capped at MAX_BODY_BYTES) and metadata. */
export function toIssueDetail(i: GiteaIssue, bodyOffset: number, readMore: string): Record<string, unknown> {
  const w = bodyWindow(i.body, bodyOffset, MAX_BODY_BYTES);
  return {
    ...toIssueSummary(i),
    labels: toLabelRefs(i.labels),
    milestone: i.milestone ? { id: i.milestone.id, title: sanitizeOptional(i.milestone.title) } : undefined,
    locked: i.is_locked || undefined,
    ref: i.ref || undefined,
    dueDate: i.due_date || undefined,
    ...w,
    note:
      w.nextBodyOffset === null
        ? undefined
        : `The body is ${w.bodyBytes} bytes; this is from byte ${bodyOffset}. ${readMore} with bodyOffset=${w.nextBodyOffset} for the rest.`,
  };
}

/** A comment; its body is cut at `maxBytes` (with `bodyTruncated`) unless read on its own. */
export function toCommentSummary(c: GiteaComment, maxBytes: number, offset = 0): Record<string, unknown> {
  const w = bodyWindow(c.body, offset, maxBytes);
  return {
    id: c.id,
    author: c.user?.login || sanitizeOptional(c.original_author) || undefined,
    body: w.body,
    bodyBytes: w.nextBodyOffset === null && offset === 0 ? undefined : w.bodyBytes,
    bodyTruncated: w.nextBodyOffset === null ? undefined : true,
    nextBodyOffset: w.nextBodyOffset ?? undefined,
    createdAt: c.created_at,
    updatedAt: c.updated_at !== c.created_at ? c.updated_at : undefined,
    htmlUrl: c.html_url,
  };
}
