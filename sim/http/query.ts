/** Query parameters as Gitea's API reads them. */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { SimApiError } from './errors.js';
import { parseGoRfc3339 } from './go-time.js';

/** Go's zero time, 0001-01-01T00:00:00Z, which parseFormTime treats as no filter. */
const GO_ZERO_TIME_MS = new Date(0).setUTCFullYear(1, 0, 1);

/**
 * An optional RFC 3339 time parameter, read as services/context/utils.go
 * parseFormTime does: trimmed, Go's time.Parse, Go's zero time counts as
 * absent; a bad value is `status` (422 in GetQueryBeforeSince's callers)
 * with Go's error text as the message.
 */
export function queryTime(c: Context<SimEnv>, name: string, status = 422): Date | null {
  const raw = (c.req.query(name) ?? '').trim();
  if (raw === '') return null;
  const parsed = parseGoRfc3339(raw);
  if ('error' in parsed) throw new SimApiError(status, parsed.error);
  return parsed.getTime() === GO_ZERO_TIME_MS ? null : parsed;
}

/** services/context/utils.go GetQueryBeforeSince: `before` is read (and fails) first, then `since`. */
export function queryBeforeSince(c: Context<SimEnv>): { before: Date | null; since: Date | null } {
  const before = queryTime(c, 'before');
  return { before, since: queryTime(c, 'since') };
}
