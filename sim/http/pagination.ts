/**
 * Gitea's list paging (routers/api/v1/utils/page.go GetListOptions,
 * services/convert/utils.go ToCorrectPageSize, services/context/api.go
 * SetLinkHeader): `page` 1-based, `limit` (only `limit`; `per_page` is the
 * tree API's own) default 30 and capped at 50, `X-Total-Count` and a `Link`
 * header ordered next, last, first, prev. Handlers that call only
 * SetTotalCountHeader use `paginateTotalOnly`.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';

export const DEFAULT_PAGING_NUM = 30;
export const MAX_RESPONSE_ITEMS = 50;

export interface PageRequest {
  page: number;
  limit: number;
}

/** `[ui] ISSUE_PAGING_NUM`: the issue search's default page size (routers/api/v1/repo/issue.go SearchIssues). */
export const ISSUE_PAGING_NUM = 20;

/** `defaultLimit` for the few handlers that default `limit` themselves (issue search: ISSUE_PAGING_NUM). */
export function pageRequest(c: Context<SimEnv>, defaultLimit = DEFAULT_PAGING_NUM): PageRequest {
  const page = Number.parseInt(c.req.query('page') ?? '', 10);
  const limit = Number.parseInt(c.req.query('limit') ?? '', 10);
  return {
    page: Number.isFinite(page) && page > 0 ? page : 1,
    limit: !Number.isFinite(limit) || limit <= 0 ? defaultLimit : Math.min(limit, MAX_RESPONSE_ITEMS),
  };
}

/** Slices `items` for the request's page and sets `X-Total-Count` and `Link`. */
export function paginate<T>(c: Context<SimEnv>, items: readonly T[], defaultLimit = DEFAULT_PAGING_NUM): T[] {
  const { page, limit } = pageRequest(c, defaultLimit);
  setPageHeaders(c, items.length, page, limit);
  return items.slice((page - 1) * limit, page * limit);
}

/** Gitea's SetTotalCountHeader alone: `X-Total-Count` (and its CORS exposure), no `Link`. */
export function setTotalCountHeader(c: Context<SimEnv>, total: number): void {
  c.header('X-Total-Count', String(total));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
}

/** Slices `items` for the request's page, for handlers that set only `X-Total-Count` (no `Link`). */
export function paginateTotalOnly<T>(c: Context<SimEnv>, items: readonly T[], total = items.length): T[] {
  const { page, limit } = pageRequest(c);
  setTotalCountHeader(c, total);
  return items.slice((page - 1) * limit, page * limit);
}

/**
 * Go's url.QueryEscape: everything but ASCII letters, digits and `-_.~` is
 * percent-encoded (upper-case hex), a space becomes `+`.
 */
function goQueryEscape(v: string): string {
  return encodeURIComponent(v)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Go's url.Values.Encode: keys sorted, each key's values in request order. */
export function goValuesEncode(q: URLSearchParams): string {
  const keys = [...new Set(q.keys())].sort();
  return keys.flatMap((k) => q.getAll(k).map((v) => `${goQueryEscape(k)}=${goQueryEscape(v)}`)).join('&');
}

/**
 * services/context/api.go genAPILinks with modules/paginator: the current page
 * is clamped into 1…last, so a page past the end links first and prev as if
 * it were the last page; the query is rebuilt by url.Values.Encode.
 */
export function setPageHeaders(c: Context<SimEnv>, total: number, page: number, limit: number): void {
  c.header('X-Total-Count', String(total));
  c.header('Access-Control-Expose-Headers', 'Link, X-Total-Count');
  const totalPages = Math.ceil(total / Math.max(limit, 1));
  const current = Math.max(Math.min(page, totalPages), 1);
  const hasNext = current * limit < total;
  const url = new URL(c.req.url);
  const base = `${c.get('sim').appUrl()}${url.pathname.slice(1)}`;
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(url.search);
    q.set('page', String(p));
    return `<${base}?${goValuesEncode(q)}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (hasNext) links.push(link(current + 1, 'next'), link(totalPages, 'last'));
  if (current > 1) links.push(link(1, 'first'), link(current - 1, 'prev'));
  if (links.length > 0) c.header('Link', links.join(','));
}
