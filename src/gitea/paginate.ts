/**
 * Walks every page of a Gitea list endpoint, bounded by `maxItems` so one
 * call can never pull an unbounded listing into memory (a large org can hold
 * tens of thousands of repositories).
 */
import type { z } from 'zod';
import { GITEA_MAX_PAGE_SIZE, type GiteaClient, type GiteaPage, type Query } from './client.js';
import type { GiteaPath } from './path.js';

/** Options of paginateAll. */
export interface PaginateOptions<T> {
  query?: Query;
  /** Stop after this many items (required: there is no unbounded walk). */
  maxItems: number;
  /** Page size (default and cap: GITEA_MAX_PAGE_SIZE). */
  limit?: number;
  itemSchema?: z.ZodType<T>;
  signal?: AbortSignal;
}

/** Every item up to `maxItems`, with Gitea's total count and whether the list was cut. */
export interface PaginatedItems<T> {
  items: T[];
  /** `X-Total-Count` of the first page, when sent. */
  total: number | null;
  /** True when more items exist than were returned. */
  truncated: boolean;
}

/** GETs page after page of `path` until the list ends or `maxItems` is reached. */
export async function paginateAll<T = unknown>(
  client: GiteaClient,
  path: GiteaPath,
  opts: PaginateOptions<T>,
): Promise<PaginatedItems<T>> {
  if (!Number.isInteger(opts.maxItems) || opts.maxItems < 1) throw new TypeError('maxItems must be a positive integer');
  const limit = Math.min(opts.limit ?? GITEA_MAX_PAGE_SIZE, GITEA_MAX_PAGE_SIZE);
  const items: T[] = [];
  let total: number | null = null;
  let page: number | null = 1;
  let first = true;
  while (page !== null) {
    const res: GiteaPage<T> = await client.requestPage<T>('GET', path, {
      query: opts.query,
      page,
      limit,
      itemSchema: opts.itemSchema,
      signal: opts.signal,
    });
    if (first) total = res.total;
    first = false;
    const room = opts.maxItems - items.length;
    items.push(...res.items.slice(0, room));
    if (res.items.length > room) return { items, total, truncated: true };
    // An empty page with a "next" link would loop forever; treat it as the end.
    const next: number | null =
      res.items.length === 0 || res.nextPage === null || res.nextPage <= page ? null : res.nextPage;
    if (items.length >= opts.maxItems) return { items, total, truncated: next !== null };
    page = next;
  }
  return { items, total, truncated: false };
}
