/**
 * Time tracking and stopwatches (routers/api/v1/repo/issue_tracked_time.go,
 * issue_stopwatch.go). With Gitea's default ALLOW_ONLY_CONTRIBUTORS_TO_TRACK_TIME
 * only writers may track time (CanUseTimetracker); others get a bodiless
 * 403. Non-writers listing times see only their own, and asking for another
 * user's is refused. Stopping a stopwatch books its elapsed seconds.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { toApiStopwatch, toApiTrackedTime } from '../convert/issue.js';
import { requireSignedIn } from '../http/auth.js';
import { forbiddenWithoutBody, giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { paginateTotalOnly } from '../http/pagination.js';
import { queryBeforeSince } from '../http/query.js';
import type { RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimIssue, SimTrackedTime, SimUser } from '../state.js';
import { canWriteIssues, loadIssue, loadIssuesRepo } from './issues.js';
import { pathInt, requireNotArchived } from './pull-helpers.js';
import { optString, readJsonBody } from './request-body.js';

function addTime(c: Context<SimEnv>, issue: SimIssue, user: SimUser, seconds: number, created: Date): SimTrackedTime {
  const t: SimTrackedTime = {
    id: c.get('sim').state.nextId('time'),
    issueId: issue.id,
    userId: user.id,
    seconds,
    created,
  };
  c.get('sim').state.trackedTimes.set(t.id, t);
  return t;
}

/** The issue of a tracking route, which the doer must be allowed to track time on. */
function trackableIssue(c: Context<SimEnv>): { rc: RepoContext; issue: SimIssue; doer: SimUser } {
  const rc = loadIssuesRepo(c);
  requireNotArchived(rc);
  const doer = requireSignedIn(c);
  const issue = loadIssue(c, rc, 'errors');
  if (!canWriteIssues(rc)) throw forbiddenWithoutBody();
  return { rc, issue, doer };
}

/**
 * The user filter of the list routes: writers and site admins may ask for anyone
 * (or everyone); other users see their own times only.
 */
function timesUserFilter(c: Context<SimEnv>, rc: RepoContext): number | null {
  const doer = requireSignedIn(c);
  const login = c.req.query('user');
  let userId: number | null = null;
  if (login) {
    const user = c.get('sim').state.userByLogin(login);
    if (!user) throw unprocessable(`user does not exist [uid: 0, name: ${login}]`);
    userId = user.id;
  }
  if (doer.isAdmin || userId === doer.id || canWriteIssues(rc)) return userId;
  if (userId === null) return doer.id;
  throw new SimApiError(403, 'query by user not allowed; not enough rights');
}

function timeWindow(c: Context<SimEnv>): (t: SimTrackedTime) => boolean {
  const { before, since } = queryBeforeSince(c);
  return (t) => (!since || t.created >= since) && (!before || t.created <= before);
}

function listTimes(c: Context<SimEnv>, times: SimTrackedTime[]): Response {
  const sim = c.get('sim');
  const sorted = times.sort((a, b) => a.created.getTime() - b.created.getTime() || a.id - b.id);
  return giteaJson(
    c,
    // ListTrackedTimes, ListTrackedTimesByRepository, ListMyTrackedTimes: X-Total-Count only.
    paginateTotalOnly(c, sorted).map((t) => toApiTrackedTime(sim, t, c.get('doer'))),
  );
}

function registerTrackedTimeRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues/{index}/times',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        const issue = loadIssue(c, rc, 'errors');
        const userId = timesUserFilter(c, rc);
        const inWindow = timeWindow(c);
        const times = [...c.get('sim').state.trackedTimes.values()].filter(
          (t) => t.issueId === issue.id && (userId === null || t.userId === userId) && inWindow(t),
        );
        return listTimes(c, times);
      },
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{index}/times',
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const { rc, issue, doer } = trackableIssue(c);
        const sim = c.get('sim');
        const body = await readJsonBody(c);
        const seconds = body.time;
        if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds === 0)
          throw unprocessable('[Time]: Required');
        let user = doer;
        const userName = optString(body, 'user_name');
        // Only repository admins and site admins may book time for someone else; others' user_name is ignored.
        if (userName && (doer.isAdmin || rc.access === 'admin' || rc.access === 'owner')) {
          const other = sim.state.userByLogin(userName);
          if (!other) throw new SimApiError(400, `user does not exist [uid: 0, name: ${userName}]`);
          user = other;
        }
        const createdRaw = optString(body, 'created');
        const created = createdRaw ? new Date(createdRaw) : sim.now();
        if (Number.isNaN(created.getTime())) throw unprocessable('[Created]: invalid time');
        return giteaJson(c, toApiTrackedTime(sim, addTime(c, issue, user, seconds, created), doer));
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/issues/{index}/times',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const { issue, doer } = trackableIssue(c);
        const times = c.get('sim').state.trackedTimes;
        for (const t of [...times.values()]) if (t.issueId === issue.id && t.userId === doer.id) times.delete(t.id);
        return c.body(null, 204);
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/issues/{index}/times/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const { issue, doer } = trackableIssue(c);
        const times = c.get('sim').state.trackedTimes;
        const t = times.get(pathInt(c, 'id'));
        if (!t || t.issueId !== issue.id) throw notFound(c);
        if (!doer.isAdmin && t.userId !== doer.id) throw forbiddenWithoutBody();
        times.delete(t.id);
        return c.body(null, 204);
      },
    },
    {
      // Outside /issues: Gitea mounts it in the repository group (api.go `m.Group("/times", …)` under
      // `/repos/{username}/{reponame}`, tokenRequiresScopes(Repository)), so it needs read:repository.
      method: 'GET',
      path: '/repos/{owner}/{repo}/times',
      scope: ['repository'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        const sim = c.get('sim');
        const userId = timesUserFilter(c, rc);
        const inWindow = timeWindow(c);
        const times = [...sim.state.trackedTimes.values()].filter(
          (t) =>
            sim.state.issues.get(t.issueId)?.repoId === rc.repo.id &&
            (userId === null || t.userId === userId) &&
            inWindow(t),
        );
        return listTimes(c, times);
      },
    },
    {
      method: 'GET',
      path: '/user/times',
      scope: ['user'],
      reqToken: true,
      handler: (c) => {
        const doer = requireSignedIn(c);
        const inWindow = timeWindow(c);
        return listTimes(
          c,
          [...c.get('sim').state.trackedTimes.values()].filter((t) => t.userId === doer.id && inWindow(t)),
        );
      },
    },
  );
}

function registerStopwatchRoutes(router: SimRouter): void {
  /** prepareIssueStopwatch: the issue, and whether the doer's stopwatch on it must (not) exist. */
  const prepare = (c: Context<SimEnv>, shouldExist: boolean) => {
    const { issue, doer } = trackableIssue(c);
    const watches = c.get('sim').state.stopwatches;
    const at = watches.findIndex((w) => w.userId === doer.id && w.issueId === issue.id);
    if (at >= 0 !== shouldExist)
      throw new SimApiError(
        409,
        shouldExist
          ? 'cannot stop/cancel a non existent stopwatch'
          : 'cannot start a stopwatch again if it already exists',
      );
    return { issue, doer, at };
  };
  router.add(
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{index}/stopwatch/start',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const { issue, doer } = prepare(c, false);
        c.get('sim').state.stopwatches.push({ userId: doer.id, issueId: issue.id, created: c.get('sim').now() });
        return c.body(null, 201);
      },
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{index}/stopwatch/stop',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const { issue, doer, at } = prepare(c, true);
        const sim = c.get('sim');
        const [watch] = sim.state.stopwatches.splice(at, 1);
        const now = sim.now();
        const seconds = watch ? Math.max(0, Math.floor((now.getTime() - watch.created.getTime()) / 1000)) : 0;
        addTime(c, issue, doer, seconds, now);
        return c.body(null, 201);
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/issues/{index}/stopwatch/delete',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const { at } = prepare(c, true);
        c.get('sim').state.stopwatches.splice(at, 1);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: '/user/stopwatches',
      scope: ['user'],
      reqToken: true,
      handler: (c) => {
        const doer = requireSignedIn(c);
        const sim = c.get('sim');
        const mine = sim.state.stopwatches.filter((w) => w.userId === doer.id);
        return giteaJson(
          c,
          // GetStopwatches: X-Total-Count only.
          paginateTotalOnly(c, mine).map((w) => toApiStopwatch(sim, w)),
        );
      },
    },
  );
}

/** Registers tracked-time and stopwatch routes. */
export function registerTimeRoutes(router: SimRouter): void {
  registerTrackedTimeRoutes(router);
  registerStopwatchRoutes(router);
}
