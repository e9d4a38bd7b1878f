/**
 * Gitea's list paging (routers/api/v1/utils/page.go, services/context/api.go
 * SetLinkHeader): `page` 1-based, `limit` default 30 and capped at 50,
 * `X-Total-Count` and a `Link` header ordered next, last, first, prev.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';

export const DEFAULT_PAGING_NUM = 30;
export const MAX_RESPONSE_ITEMS = 50;

export interface PageRequest {
  page: number;
  limit: number;
}

export function pageRequest(c: Context<SimEnv>): PageRequest {
  const page = Number.parseInt(c.req.query('page') ?? '', 10);
  const limit = Number.parseInt(c.req.query('limit') ?? c.req.query('per_page') ?? '', 10);
  return {
    page: Number.isFinite(page) && page > 0 ? page : 1,
    limit: !Number.isFinite(limit) || limit <= 0 ? DEFAULT_PAGING_NUM : Math.min(limit, MAX_RESPONSE_ITEMS),
  };
}

/** Slices `items` for the request's page and sets `X-Total-Count` and `Link`. */
export function paginate<T>(c: Context<SimEnv>, items: readonly T[]): T[] {
  const { page, limit } = pageRequest(c);
  setPageHeaders(c, items.length, page, limit);
  return items.slice((page - 1) * limit, page * limit);
}

export function setPageHeaders(c: Context<SimEnv>, total: number, page: number, limit: number): void {
  c.header('X-Total-Count', String(total));
  c.header('Access-Control-Expose-Headers', 'Link, X-Total-Count');
  const last = Math.max(1, Math.ceil(total / limit));
  const url = new URL(c.req.url);
  const base = `${c.get('sim').appUrl()}${url.pathname.slice(1)}`;
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(url.search);
    q.set('page', String(p));
    return `<${base}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  if (links.length > 0) c.header('Link', links.join(','));
}
