/** Shared by the Actions route modules: the unit check and Actions' own list paging. */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { notFound } from '../http/errors.js';
import { pageRequest } from '../http/pagination.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';

/** mustEnableActions (404 when the unit is off) plus the needed permission. */
export function actionsRepo(c: Context<SimEnv>, need: 'read' | 'write' | 'admin'): RepoContext {
  const rc = loadRepo(c, need);
  if (!rc.repo.hasActions) throw notFound(c);
  return rc;
}

/** A page of `items`; Actions lists carry X-Total-Count and no Link header. */
export function page<T>(c: Context<SimEnv>, items: T[]): T[] {
  const { page, limit } = pageRequest(c);
  c.header('X-Total-Count', String(items.length));
  return items.slice((page - 1) * limit, page * limit);
}
