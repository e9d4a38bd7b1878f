/** Query parameters as Gitea's API reads them. */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { unprocessable } from './errors.js';

/** An optional RFC 3339 time parameter (`since`, `before`, …); unparseable → 422 like Go's time.Parse. */
export function queryTime(c: Context<SimEnv>, name: string): Date | null {
  const raw = c.req.query(name);
  if (!raw) return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw unprocessable(`parsing time "${raw}" as "2006-01-02T15:04:05Z07:00"`);
  return d;
}
