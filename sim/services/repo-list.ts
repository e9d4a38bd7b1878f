/**
 * Repository sets the list routes share: what a viewer can see at all, and
 * what a user has explicit access to (Gitea's SearchRepositoryCondition with
 * OwnerID + Collaborate, i.e. owned, collaborator and team repositories).
 */
import { repoAccess } from '../access.js';
import type { SimRepo, SimState, SimUser } from '../state.js';

/** Every repository `viewer` (null = anonymous) may see, by id. */
export function visibleRepos(state: SimState, viewer: SimUser | null): SimRepo[] {
  return [...state.repos.values()].filter((r) => repoAccess(state, viewer, r) !== 'none');
}

/** True when `user` owns `repo` or has access through a collaboration or a team (not just as a site admin). */
export function hasExplicitAccess(state: SimState, user: SimUser, repo: SimRepo): boolean {
  if (repo.ownerId === user.id) return true;
  if (state.collaborators.some((c) => c.repoId === repo.id && c.userId === user.id)) return true;
  for (const t of state.teams.values()) {
    if (t.orgId !== repo.ownerId || !t.memberIds.has(user.id)) continue;
    if (t.permission === 'owner' || t.includesAllRepositories || t.repoIds.has(repo.id)) return true;
  }
  return false;
}

/** Gitea's SearchOrderByAlphabetically (`name ASC`), ties broken by id. */
export function byName(a: SimRepo, b: SimRepo): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
}
