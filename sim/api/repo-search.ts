/**
 * GET /repos/search (routers/api/v1/repo/repo.go Search): keyword, topic,
 * owner, team and star filters, Gitea's sort/order table, and `{ok, data}`
 * with X-Total-Count and Link. Anonymous callers and public-only tokens see
 * public repositories only.
 */
import type { Context } from 'hono';
import { repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { repoSizeKiB, toApiRepo } from '../convert/repo.js';
import { giteaJson, unprocessable } from '../http/errors.js';
import { paginate } from '../http/pagination.js';
import type { SimRouter } from '../http/route.js';
import { hasExplicitAccess } from '../services/repo-list.js';
import type { SimRepo, SimState } from '../state.js';

type SortKey = (a: SimRepo, b: SimRepo) => number;

function ownerName(st: SimState, r: SimRepo): string {
  return (st.users.get(r.ownerId)?.login ?? '').toLowerCase();
}

function cmp(x: number | string, y: number | string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Gitea's OrderByMap["asc"]; "desc" reverses each key. */
function sortKeys(st: SimState): Record<string, SortKey> {
  const forks = (r: SimRepo) => [...st.repos.values()].filter((f) => f.forkOfId === r.id).length;
  return {
    alpha: (a, b) => cmp(ownerName(st, a), ownerName(st, b)) || cmp(a.name.toLowerCase(), b.name.toLowerCase()),
    created: (a, b) => cmp(a.created.getTime(), b.created.getTime()),
    updated: (a, b) => cmp(a.updated.getTime(), b.updated.getTime()),
    size: (a, b) => cmp(repoSizeKiB(a.gitDir), repoSizeKiB(b.gitDir)),
    git_size: (a, b) => cmp(repoSizeKiB(a.gitDir), repoSizeKiB(b.gitDir)),
    lfs_size: () => 0,
    stars: (a, b) => cmp(a.stars.size, b.stars.size),
    forks: (a, b) => cmp(forks(a), forks(b)),
    id: (a, b) => a.id - b.id,
  };
}

function optionalBool(c: Context<SimEnv>, name: string): boolean | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  return v === 'true' || v === '1' || v === 't' || v === 'T' || v === 'TRUE' || v === 'True';
}

function int(c: Context<SimEnv>, name: string): number {
  return Number.parseInt(c.req.query(name) ?? '0', 10) || 0;
}

function ordering(c: Context<SimEnv>): SortKey {
  const st = c.get('sim').state;
  const keys = sortKeys(st);
  const sort = (c.req.query('sort') ?? '').trim();
  let key: SortKey = (a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || a.id - b.id;
  if (sort !== '') {
    const order = (c.req.query('order') ?? '').trim() || 'asc';
    if (order !== 'asc' && order !== 'desc') throw unprocessable(`Invalid sort order: "${order}"`);
    const k = keys[sort];
    if (!k) throw unprocessable(`Invalid sort mode: "${sort}"`);
    key = order === 'asc' ? (a, b) => k(a, b) || a.id - b.id : (a, b) => k(b, a) || b.id - a.id;
  }
  const priority = int(c, 'priority_owner_id');
  if (priority <= 0) return key;
  return (a, b) => cmp(a.ownerId === priority ? 0 : 1, b.ownerId === priority ? 0 : 1) || key(a, b);
}

function matchesKeyword(r: SimRepo, q: string, topicOnly: boolean, withDesc: boolean): boolean {
  if (q === '') return true;
  return q.split(',').some((kw) => {
    const k = kw.trim().toLowerCase();
    if (topicOnly) return r.topics.includes(k);
    return (
      r.name.toLowerCase().includes(k) ||
      r.topics.some((t) => t.includes(k)) ||
      (withDesc && r.description.toLowerCase().includes(k))
    );
  });
}

function search(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const st = sim.state;
  const doer = c.get('doer');
  const mode = c.req.query('mode') ?? '';
  if (!['', 'source', 'fork', 'mirror', 'collaborative'].includes(mode))
    throw unprocessable(`Invalid search mode: "${mode}"`);
  const order = ordering(c);
  const publicOnly = c.get('tokenScope')?.publicOnly ?? false;
  const includePrivate = !!doer && !publicOnly && optionalBool(c, 'private') !== false;
  const q = (c.req.query('q') ?? '').trim();
  const topicOnly = optionalBool(c, 'topic') ?? false;
  const withDesc = optionalBool(c, 'includeDesc') ?? false;
  const uid = int(c, 'uid');
  const uidUser = uid > 0 ? st.users.get(uid) : undefined;
  const exclusive = optionalBool(c, 'exclusive') ?? false;
  const teamId = int(c, 'team_id');
  const team = teamId > 0 ? st.teams.get(teamId) : undefined;
  const starredBy = int(c, 'starredBy');
  const isPrivate = optionalBool(c, 'is_private');
  const template = optionalBool(c, 'template');
  const archived = optionalBool(c, 'archived');

  const found = [...st.repos.values()].filter((r) => {
    const access = repoAccess(st, doer, r);
    if (access === 'none' || (r.private && !includePrivate)) return false;
    if (!matchesKeyword(r, q, topicOnly, withDesc)) return false;
    if (uid > 0) {
      const owned = r.ownerId === uid;
      const collab = !!uidUser && !owned && hasExplicitAccess(st, uidUser, r);
      if (mode === 'collaborative' ? !collab : exclusive ? !owned : !(owned || collab)) return false;
    }
    if (mode === 'fork' && r.forkOfId === null) return false;
    if (mode === 'source' && r.forkOfId !== null) return false;
    // The simulator has no mirrors.
    if (mode === 'mirror') return false;
    if (teamId > 0 && !(team && r.ownerId === team.orgId && (team.includesAllRepositories || team.repoIds.has(r.id))))
      return false;
    if (starredBy > 0 && !r.stars.has(starredBy)) return false;
    if (isPrivate !== undefined && r.private !== isPrivate) return false;
    if (template !== undefined && r.template !== template) return false;
    if (archived !== undefined && r.archived !== archived) return false;
    return true;
  });
  found.sort(order);
  return giteaJson(c, { ok: true, data: paginate(c, found).map((r) => toApiRepo(sim, r, doer)) });
}

/** Registers GET /repos/search. */
export function registerRepoSearchRoutes(router: SimRouter): void {
  router.add({ method: 'GET', path: '/repos/search', scope: ['repository'], handler: search });
}
