/**
 * Who can be assigned to issues and asked for reviews
 * (routers/api/v1/repo/collaborators.go GetAssignees, GetReviewers).
 * Assignees (models/repo/user_repo.go GetRepoAssignees): everyone with write
 * access or more, plus the owner of a personal repository. Reviewers
 * (services/pull/reviewer.go GetReviewers, poster 0): collaborators of any
 * level and, for an organization's repository, members of its teams that can
 * read it; active accounts sorted by name, then a personal repository's owner.
 * Neither list is paged.
 */
import type { Context } from 'hono';
import { atLeast, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiUser } from '../convert/user.js';
import { giteaJson } from '../http/errors.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimRepo, SimUser } from '../state.js';

function byName(a: SimUser, b: SimUser): number {
  const x = a.login.toLowerCase();
  const y = b.login.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function assignees(c: Context<SimEnv>, repo: SimRepo): SimUser[] {
  const st = c.get('sim').state;
  return [...st.users.values()]
    .filter((u) => u.type === 'user' && u.active && atLeast(repoAccess(st, u, repo), 'write'))
    .filter((u) => u.id !== repo.ownerId && !u.isAdmin)
    .sort(byName)
    .concat(st.users.get(repo.ownerId)?.type === 'user' ? [st.users.get(repo.ownerId) as SimUser] : []);
}

function reviewers(c: Context<SimEnv>, repo: SimRepo): SimUser[] {
  const st = c.get('sim').state;
  const ids = new Set(st.collaborators.filter((x) => x.repoId === repo.id).map((x) => x.userId));
  for (const t of st.teams.values())
    if (t.orgId === repo.ownerId && (t.includesAllRepositories || t.repoIds.has(repo.id)))
      for (const id of t.memberIds) ids.add(id);
  const users = [...ids]
    .map((id) => st.users.get(id))
    .filter((u): u is SimUser => !!u && u.active)
    .sort(byName);
  const owner = st.users.get(repo.ownerId);
  if (owner?.type === 'user' && !ids.has(owner.id)) users.push(owner);
  return users;
}

function usersJson(c: Context<SimEnv>, users: readonly SimUser[]): Response {
  const sim = c.get('sim');
  return giteaJson(
    c,
    users.map((u) => toApiUser(sim, u, c.get('doer'))),
  );
}

/** Registers /assignees and /reviewers (scope category `repository`, reqToken). */
export function registerAssigneeRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/assignees',
      scope: ['repository'],
      reqToken: true,
      handler: (c) => usersJson(c, assignees(c, loadRepo(c).repo)),
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/reviewers',
      scope: ['repository'],
      reqToken: true,
      handler: (c) => usersJson(c, reviewers(c, loadRepo(c).repo)),
    },
  );
}
