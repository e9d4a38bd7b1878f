/**
 * Commit statuses (routers/api/v1/repo/status.go): CI reports a state per
 * context on a commit; the combined status keeps the latest per context and
 * takes the worst of them (CalcCommitStatus). A commit without statuses
 * answers an all-zero CombinedStatus, as Gitea does. A ref that names no
 * branch or tag is taken as a SHA (ResolveRefOrSha).
 */
import type { Context } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import { repoApiUrl } from '../convert/issue.js';
import { toApiRepo } from '../convert/repo.js';
import { toApiUser, toGiteaTime } from '../convert/user.js';
import { resolveRef } from '../git-content.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, SimApiError } from '../http/errors.js';
import { paginate } from '../http/pagination.js';
import { resolveRefCommit } from '../http/ref-commit.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimCommitStatus, SimRepo, SimUser } from '../state.js';
import { optString, readJsonBody } from './request-body.js';

const STATES = ['pending', 'success', 'error', 'failure', 'warning', 'skipped'] as const;
type State = (typeof STATES)[number];

/** Lower is worse (commitStatusPriorities). */
const PRIORITY: Record<State, number> = { error: 0, failure: 1, warning: 2, pending: 3, success: 4, skipped: 5 };

function toApiStatus(sim: SimContext, repo: SimRepo, s: SimCommitStatus, viewer: SimUser | null) {
  const creator = sim.state.users.get(s.creatorId);
  return {
    id: s.id,
    status: s.state,
    target_url: s.targetUrl,
    description: s.description,
    url: `${repoApiUrl(sim, repo)}/statuses/${s.sha}`,
    context: s.context,
    creator: creator ? toApiUser(sim, creator, viewer) : null,
    created_at: toGiteaTime(s.created),
    updated_at: toGiteaTime(s.updated),
  };
}

function statusesOf(sim: SimContext, repo: SimRepo, sha: string): SimCommitStatus[] {
  return [...sim.state.commitStatuses.values()].filter((s) => s.repoId === repo.id && s.sha === sha);
}

/**
 * The commit a status route names. Gitea 1.25 (routers/api/v1/repo/status.go):
 * `/statuses/{sha}` takes the id as given; `/commits/{ref}/status(es)` resolve
 * it with resolveRefCommit(ctx, ref, 7) — a branch, tag or an id of at least 7
 * hex digits, else 404 with `object does not exist [id: …]`. Older versions
 * answered an unknown ref with an empty list.
 */
async function shaOf(c: Context<SimEnv>, repo: SimRepo, ref: string, byRef: boolean): Promise<string> {
  if (ref === '') throw new SimApiError(400, 'ref/sha not given');
  const profile = c.get('sim').profile;
  if (byRef && profile.flavor === 'gitea' && profile.giteaCompat[1] >= 25)
    return (await resolveRefCommit(c, repo.gitDir, ref, 7)).sha;
  if (!byRef && profile.flavor === 'gitea' && profile.giteaCompat[1] >= 25) return ref;
  return (await resolveRef(repo.gitDir, ref))?.sha ?? ref;
}

/** GET …/statuses/{sha} and …/commits/{ref}/statuses: every status, newest first unless `sort` says otherwise. */
async function listStatuses(c: Context<SimEnv>, param: 'sha' | 'ref'): Promise<Response> {
  const { repo } = loadRepo(c, 'read');
  const sim = c.get('sim');
  const sha = await shaOf(c, repo, c.req.param(param) ?? '', param === 'ref');
  const state = c.req.query('state');
  const sort = c.req.query('sort');
  const items = statusesOf(sim, repo, sha)
    .filter((s) => !state || s.state === state)
    .sort((a, b) => (sort === 'oldest' ? a.id - b.id : b.id - a.id));
  return giteaJson(
    c,
    paginate(c, items).map((s) => toApiStatus(sim, repo, s, c.get('doer'))),
  );
}

async function combinedStatus(c: Context<SimEnv>): Promise<Response> {
  const rc = loadRepo(c, 'read');
  const sim = c.get('sim');
  const sha = await shaOf(c, rc.repo, c.req.param('ref') ?? '', true);
  const latest = new Map<string, SimCommitStatus>();
  for (const s of statusesOf(sim, rc.repo, sha).sort((a, b) => a.id - b.id)) latest.set(s.context, s);
  const statuses = [...latest.values()];
  const profile = sim.profile;
  // Gitea 1.25 (#35335, routers/api/v1/repo/status.go GetCombinedCommitStatusByRef, services/convert/status.go
  // ToCombinedStatus) describes the commit even without statuses; before, the answer was an empty CombinedStatus.
  if (statuses.length === 0 && !(profile.flavor === 'gitea' && profile.giteaCompat[1] >= 25))
    return giteaJson(c, {
      state: '',
      sha: '',
      total_count: 0,
      statuses: null,
      repository: null,
      commit_url: '',
      url: '',
    });
  let worst = statuses[0];
  for (const s of statuses.slice(1)) if (worst && PRIORITY[s.state] <= PRIORITY[worst.state]) worst = s;
  c.header('X-Total-Count', String(statuses.length));
  const api = repoApiUrl(sim, rc.repo);
  return giteaJson(c, {
    state: worst?.state ?? '',
    sha,
    total_count: statuses.length,
    statuses: worst ? statuses.map((s) => toApiStatus(sim, rc.repo, s, c.get('doer'))) : null,
    repository: toApiRepo(sim, rc.repo, c.get('doer')),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  });
}

async function createStatus(c: Context<SimEnv>): Promise<Response> {
  const { repo } = loadRepo(c, 'write');
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const given = c.req.param('sha') ?? '';
  if (given === '') throw new SimApiError(400, 'sha not given');
  // NewCommitStatus loads the commit first and stores its full SHA.
  const resolved = await resolveRef(repo.gitDir, given);
  if (!resolved) throw new SimApiError(400, `object does not exist [id: ${given}, rel_path: ]`);
  const sha = resolved.sha;
  const body = await readJsonBody(c);
  const state = optString(body, 'state') ?? '';
  if (!(STATES as readonly string[]).includes(state)) throw new SimApiError(400, `invalid state: ${state}`);
  const now = sim.now();
  const status: SimCommitStatus = {
    id: sim.state.nextId('commitStatus'),
    repoId: repo.id,
    sha,
    state: state as State,
    targetUrl: optString(body, 'target_url') ?? '',
    description: optString(body, 'description') ?? '',
    context: optString(body, 'context') || 'default',
    creatorId: doer.id,
    created: now,
    updated: now,
  };
  sim.state.commitStatuses.set(status.id, status);
  return giteaJson(c, toApiStatus(sim, repo, status, doer), 201);
}

/** Registers the commit status routes. */
export function registerStatusRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/commits/{ref}/status',
      scope: ['repository'],
      handler: combinedStatus,
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/commits/{ref}/statuses',
      scope: ['repository'],
      handler: (c) => listStatuses(c, 'ref'),
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/statuses/{sha}',
      scope: ['repository'],
      handler: (c) => listStatuses(c, 'sha'),
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/statuses/{sha}',
      scope: ['repository'],
      reqToken: true,
      handler: createStatus,
    },
  );
}
