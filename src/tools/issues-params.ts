/**
 * Inputs shared by the issue-tracker toolsets, and the look-ups that turn the
 * names an assistant knows (label names, milestone titles) into the ids
 * Gitea's write endpoints take.
 */
import { z } from 'zod';
import {
  GiteaError,
  type GiteaLabel,
  type GiteaMilestone,
  type GiteaPath,
  giteaPath,
  labelSchema,
  milestoneSchema,
} from '../gitea/index.js';
import { ToolInputError } from './errors.js';
import type { GiteaScope } from './scopes.js';
import { MAX_PER_PAGE } from './shape.js';
import type { ToolContext } from './tool-context.js';

/** `owner`, optional: for tools whose methods work on a repository or on an organization. */
export const optionalOwner = z.string().trim().min(1).optional().describe('For repo methods.');

/** `repo`, optional (see `optionalOwner`). */
export const optionalRepo = z.string().trim().min(1).optional().describe('Repo; repo methods.');

/** An issue number (the N of #N); Gitea calls it the index. */
export const issueIndex = z.coerce.number().int().min(1);

/** A positive numeric id (comment, label, tracked time, notification thread). */
export const numericId = z.coerce.number().int().min(1);

/** A byte offset into a long body. */
export const bodyOffsetInput = z.coerce.number().int().min(0).default(0).describe('The previous nextBodyOffset.');

/** Pages scanned when resolving label names: 10 × 50 labels is more than any sane repository has. */
const MAX_LABEL_PAGES = 10;

async function allLabels(ctx: ToolContext, path: GiteaPath): Promise<GiteaLabel[]> {
  const out: GiteaLabel[] = [];
  for (let page = 1; page <= MAX_LABEL_PAGES; page++) {
    const res = await ctx.gitea.requestPage<GiteaLabel>('GET', path, {
      itemSchema: labelSchema,
      page,
      limit: MAX_PER_PAGE,
      signal: ctx.signal,
    });
    out.push(...res.items);
    if (res.nextPage === null) break;
  }
  return out;
}

/**
 * Organization labels can be put on the org's repositories' issues. A user
 * owner has none (404), and a token without read:organization cannot list
 * them (403): both just mean "no org labels to match".
 */
async function orgLabels(ctx: ToolContext, owner: string): Promise<GiteaLabel[]> {
  try {
    return await allLabels(ctx, giteaPath('/orgs/{owner}/labels', { owner }));
  } catch (err) {
    if (err instanceof GiteaError && ['not_found', 'forbidden', 'missing_scope', 'public_only'].includes(err.code))
      return [];
    throw err;
  }
}

/**
 * Label references → label ids. A reference of digits is an id; anything
 * else is a name, matched exactly and then ignoring case against the
 * repository's and then its organization's labels. Unknown names are an
 * error that lists the labels there are (Gitea itself silently drops them).
 */
export async function resolveLabelIds(
  ctx: ToolContext,
  owner: string,
  repo: string,
  refs: readonly string[],
): Promise<number[]> {
  const names = refs.filter(isNameRef);
  if (names.length === 0) return refs.map((r) => Number(r.trim()));
  const known = await allLabels(ctx, giteaPath('/repos/{owner}/{repo}/labels', { owner, repo }));
  const find = (pool: GiteaLabel[], name: string) =>
    pool.find((l) => l.name === name) ?? pool.find((l) => l.name?.toLowerCase() === name.toLowerCase());
  if (names.some((n) => !find(known, n.trim()))) known.push(...(await orgLabels(ctx, owner)));
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const r = ref.trim();
    if (/^\d+$/.test(r)) ids.push(Number(r));
    else {
      const id = find(known, r)?.id;
      if (typeof id === 'number') ids.push(id);
      else unknown.push(r);
    }
  }
  if (unknown.length > 0) {
    const available = known.map((l) => l.name).filter(Boolean);
    throw new ToolInputError(
      `No label named ${unknown.map((n) => `"${n}"`).join(', ')} in ${owner}/${repo}. ${available.length ? `Its labels are: ${available.join(', ')}.` : 'It has no labels yet.'} Create one with label_write first, or use an existing name.`,
      'labels',
    );
  }
  return [...new Set(ids)];
}

/** Words that mean "no milestone" / "no due date" in an update. */
export const NONE_WORDS: ReadonlySet<string> = new Set(['none', '0', '']);

/** A label or milestone reference that is a name (looked up in the issue tracker), not an id. */
export function isNameRef(ref: string): boolean {
  return !/^\d+$/.test(ref.trim());
}

/**
 * The scope a pull request tool needs besides its own when label names or a
 * milestone title must be resolved: labels and milestones belong to Gitea's
 * issue tracker, so the lookups need read:issue (ids go to Gitea unresolved).
 */
export function issueLookupScopes(
  labels: readonly string[] | undefined,
  milestone: string | undefined,
): readonly GiteaScope[] {
  const named = (labels ?? []).some(isNameRef) || (milestone !== undefined && isNameRef(milestone));
  return named ? ['read:issue'] : [];
}

/**
 * A milestone reference (id or exact title) → its id. Gitea's
 * `/milestones/{id}` route itself falls back from id to title.
 */
export async function resolveMilestoneId(ctx: ToolContext, owner: string, repo: string, ref: string): Promise<number> {
  const r = ref.trim();
  if (!isNameRef(r)) return Number(r);
  try {
    const { data } = await ctx.gitea.request<GiteaMilestone>(
      'GET',
      giteaPath('/repos/{owner}/{repo}/milestones/{milestone}', { owner, repo, milestone: r }),
      { schema: milestoneSchema, signal: ctx.signal },
    );
    if (typeof data.id === 'number') return data.id;
  } catch (err) {
    if (!(err instanceof GiteaError && err.code === 'not_found')) throw err;
  }
  throw new ToolInputError(
    `No milestone titled "${r}" in ${owner}/${repo} (or the repository is not visible to you). List them with milestone_read method list.`,
    'milestone',
  );
}

/** A due date as Gitea wants it (RFC 3339); a plain YYYY-MM-DD means the end of that day, UTC. */
export function toDueDate(input: string): string {
  const d = input.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return `${d}T23:59:59Z`;
  if (Number.isNaN(Date.parse(d)))
    throw new ToolInputError(`"${input}" is not a date; use YYYY-MM-DD or an RFC 3339 timestamp.`, 'dueDate');
  return d;
}
