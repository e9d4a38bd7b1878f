/**
 * Notifications (routers/api/v1/notify/*.go): the doer's threads, filtered by
 * status (unread and pinned unless `all` or `status-types` say otherwise)
 * and subject type, newest first; marking threads read/unread/pinned answers
 * 205. Another user's thread is refused with 403.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { toApiNotification } from '../convert/issue.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError } from '../http/errors.js';
import { paginateTotalOnly } from '../http/pagination.js';
import { queryBeforeSince, queryTime } from '../http/query.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimNotification, SimUser } from '../state.js';
import { pathInt } from './pull-helpers.js';

type Status = SimNotification['status'];
const STATUSES: readonly Status[] = ['unread', 'read', 'pinned'];

function statusList(c: Context<SimEnv>, name: string, fallback: readonly Status[]): Status[] {
  const raw = (c.req.queries(name) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase());
  const picked = raw.filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
  return picked.length > 0 ? picked : [...fallback];
}

/** getFindNotificationOptions: status-types (or all), subject-type, since and before. */
function listFilter(c: Context<SimEnv>, doer: SimUser, repoId: number | null): (n: SimNotification) => boolean {
  const statuses = c.req.query('all') === 'true' ? [...STATUSES] : statusList(c, 'status-types', ['unread', 'pinned']);
  const subjects = (c.req.queries('subject-type') ?? []).flatMap((s) => s.split(',')).map((s) => s.toLowerCase());
  const { before, since } = queryBeforeSince(c);
  return (n) =>
    n.userId === doer.id &&
    (repoId === null || n.repoId === repoId) &&
    statuses.includes(n.status) &&
    (subjects.length === 0 || subjects.includes(n.subjectType.toLowerCase())) &&
    (!since || n.updated >= since) &&
    (!before || n.updated <= before);
}

function newestFirst(a: SimNotification, b: SimNotification): number {
  return b.updated.getTime() - a.updated.getTime() || b.id - a.id;
}

function list(c: Context<SimEnv>, repoId: number | null): Response {
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const items = [...sim.state.notifications.values()].filter(listFilter(c, doer, repoId)).sort(newestFirst);
  return giteaJson(
    c,
    // ListNotifications, ListRepoNotifications: X-Total-Count only.
    paginateTotalOnly(c, items).map((n) => toApiNotification(sim, n, doer)),
  );
}

function toStatus(c: Context<SimEnv>): Status {
  const raw = (c.req.query('to-status') ?? 'read').toLowerCase();
  if (!(STATUSES as readonly string[]).includes(raw)) throw new SimApiError(400, `Invalid status: ${raw}`);
  return raw as Status;
}

/** ReadNotifications / ReadRepoNotifications: moves the matching threads to `to-status`, 205 with them. */
function markAll(c: Context<SimEnv>, repoId: number | null): Response {
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const lastReadAt = queryTime(c, 'last_read_at', 400) ?? sim.now();
  const from = c.req.query('all') === 'true' ? [...STATUSES] : statusList(c, 'status-types', ['unread']);
  const to = toStatus(c);
  const changed = [...sim.state.notifications.values()]
    .filter((n) => n.userId === doer.id && (repoId === null || n.repoId === repoId))
    .filter((n) => from.includes(n.status) && n.updated <= lastReadAt)
    .sort(newestFirst);
  for (const n of changed) {
    n.status = to;
    n.updated = sim.now();
  }
  return resetContent(c);
}

/**
 * 205 Reset Content. Gitea (Go) writes the changed threads as a body, but 205
 * is a null-body status for fetch: Node clients never see it, and a Response
 * cannot carry one, so clients must re-read what they changed.
 */
function resetContent(c: Context<SimEnv>): Response {
  return c.body(null, 205);
}

function loadThread(c: Context<SimEnv>): { n: SimNotification; doer: SimUser } {
  const doer = requireSignedIn(c);
  const n = c.get('sim').state.notifications.get(pathInt(c, 'id'));
  if (!n) throw notFound(c);
  if (n.userId !== doer.id && !doer.isAdmin)
    throw new SimApiError(403, `only user itself and admin are allowed to read/change this thread ${n.id}`);
  return { n, doer };
}

/** Registers the notification routes. */
export function registerNotificationRoutes(router: SimRouter): void {
  router.add(
    { method: 'GET', path: '/notifications', scope: ['notification'], reqToken: true, handler: (c) => list(c, null) },
    {
      method: 'PUT',
      path: '/notifications',
      scope: ['notification'],
      reqToken: true,
      handler: (c) => markAll(c, null),
    },
    {
      method: 'GET',
      path: '/notifications/new',
      scope: ['notification'],
      reqToken: true,
      handler: (c) => {
        const doer = requireSignedIn(c);
        let count = 0;
        for (const n of c.get('sim').state.notifications.values())
          if (n.userId === doer.id && n.status === 'unread') count++;
        return giteaJson(c, { new: count });
      },
    },
    {
      method: 'GET',
      path: '/notifications/threads/{id}',
      scope: ['notification'],
      reqToken: true,
      handler: (c) => {
        const { n, doer } = loadThread(c);
        return giteaJson(c, toApiNotification(c.get('sim'), n, doer));
      },
    },
    {
      method: 'PATCH',
      path: '/notifications/threads/{id}',
      scope: ['notification'],
      reqToken: true,
      handler: (c) => {
        const { n } = loadThread(c);
        n.status = toStatus(c);
        n.updated = c.get('sim').now();
        return resetContent(c);
      },
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/notifications',
      scope: ['notification'],
      reqToken: true,
      handler: (c) => list(c, loadRepo(c, 'read').repo.id),
    },
    {
      method: 'PUT',
      path: '/repos/{owner}/{repo}/notifications',
      scope: ['notification'],
      reqToken: true,
      handler: (c) => markAll(c, loadRepo(c, 'read').repo.id),
    },
  );
}
