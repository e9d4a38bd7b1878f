/**
 * Stargazers and watchers of a repository and the doer's watch
 * (routers/api/v1/repo/star.go, subscriber.go, user/watch.go). Listing sets
 * X-Total-Count from the repository's counter and no Link; the watch check
 * answers 404 when the doer is not watching; watching answers 200 with a
 * WatchInfo, unwatching 204. (Starring itself is /user/starred, api/users.ts.)
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { repoApiUrl } from '../convert/issue.js';
import { toApiUser, toGiteaTime } from '../convert/user.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound } from '../http/errors.js';
import { pageRequest } from '../http/pagination.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimRepo, SimUser } from '../state.js';

function listUsers(c: Context<SimEnv>, ids: ReadonlySet<number>): Response {
  const sim = c.get('sim');
  const users = [...ids].map((id) => sim.state.users.get(id)).filter((u): u is SimUser => !!u);
  const { page, limit } = pageRequest(c);
  c.header('X-Total-Count', String(ids.size));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return giteaJson(
    c,
    users.slice((page - 1) * limit, page * limit).map((u) => toApiUser(sim, u, c.get('doer'))),
  );
}

/** api.WatchInfo as user/watch.go builds it (created_at is the repository's creation time). */
function watchInfo(c: Context<SimEnv>, repo: SimRepo): Record<string, unknown> {
  const url = repoApiUrl(c.get('sim'), repo);
  return {
    subscribed: true,
    ignored: false,
    reason: null,
    created_at: toGiteaTime(repo.created),
    url: `${url}/subscription`,
    repository_url: url,
  };
}

/** Registers stargazers, subscribers and subscription routes (scope category `repository`). */
export function registerStarWatchRoutes(router: SimRouter): void {
  const sub = '/repos/{owner}/{repo}/subscription';
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/stargazers',
      scope: ['repository'],
      handler: (c) => listUsers(c, loadRepo(c).repo.stars),
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/subscribers',
      scope: ['repository'],
      handler: (c) => listUsers(c, loadRepo(c).repo.watchers),
    },
    {
      method: 'GET',
      path: sub,
      scope: ['repository'],
      // IsWatching has no reqToken() but reads ctx.Doer; the simulator asks for a token instead of failing.
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c);
        if (!repo.watchers.has(requireSignedIn(c).id)) throw notFound(c);
        return giteaJson(c, watchInfo(c, repo));
      },
    },
    {
      method: 'PUT',
      path: sub,
      scope: ['repository'],
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c);
        repo.watchers.add(requireSignedIn(c).id);
        return giteaJson(c, watchInfo(c, repo));
      },
    },
    {
      method: 'DELETE',
      path: sub,
      scope: ['repository'],
      reqToken: true,
      handler: (c) => {
        const { repo } = loadRepo(c);
        repo.watchers.delete(requireSignedIn(c).id);
        return c.body(null, 204);
      },
    },
  );
}
