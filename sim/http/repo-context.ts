/**
 * Gitea's repoAssignment for /repos/{owner}/{repo}/…: an invisible repository
 * (including private ones the doer cannot see) answers 404, never 403; a
 * visible one without enough permission answers 403 with Gitea's wording.
 */
import type { Context } from 'hono';
import { atLeast, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import type { AccessMode, SimRepo, SimUser } from '../state.js';
import { requirePublicOnlyAllows } from './auth.js';
import { forbidden, notFound, notFoundWith, userRedirectNotExist } from './errors.js';

export interface RepoContext {
  repo: SimRepo;
  owner: SimUser;
  access: AccessMode;
}

const DENIED: Record<'read' | 'write' | 'admin' | 'owner', string> = {
  read: 'user should have specific read permission or be a repo admin or a site admin',
  write: 'user should have a permission to write to a repo',
  admin: 'user should be an owner or a collaborator with admin write of a repository',
  owner: 'user should be the owner of the repo',
};

/** Resolves `:owner/:repo` for the doer and checks `need`; throws Gitea's 404/403. */
export function loadRepo(c: Context<SimEnv>, need: 'read' | 'write' | 'admin' | 'owner' = 'read'): RepoContext {
  const sim = c.get('sim');
  const ownerName = c.req.param('owner') ?? '';
  // routers/api/v1/api.go repoAssignment: an unknown owner is APIErrorNotFound("GetUserByName", err)
  // with the redirect lookup's error; an unknown repository under a known owner is a plain 404.
  if (!sim.state.userByLogin(ownerName)) throw notFoundWith('GetUserByName', userRedirectNotExist(ownerName));
  const repo = sim.state.repoByName(ownerName, c.req.param('repo') ?? '');
  const owner = repo && sim.state.users.get(repo.ownerId);
  if (!repo || !owner) throw notFound(c);
  const access = repoAccess(sim.state, c.get('doer'), repo);
  if (access === 'none') throw notFound(c);
  requirePublicOnlyAllows(c, 'repos', !repo.private);
  if (!atLeast(access, need)) throw forbidden(DENIED[need]);
  return { repo, owner, access };
}
