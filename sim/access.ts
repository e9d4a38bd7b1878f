/**
 * Who may see and change what: Gitea's access modes for repositories, users
 * and organizations (models/perm/access, services/convert/repository.go).
 */
import type { AccessMode, SimRepo, SimState, SimUser } from './state.js';

const RANK: Record<AccessMode, number> = { none: 0, read: 1, write: 2, admin: 3, owner: 4 };

export function atLeast(have: AccessMode, need: AccessMode): boolean {
  return RANK[have] >= RANK[need];
}

function max(a: AccessMode, b: AccessMode): AccessMode {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `viewer` may see the account `user` (public, limited = any signed-in user, private = members/self/admin). */
export function canSeeAccount(state: SimState, viewer: SimUser | null, user: SimUser): boolean {
  if (user.visibility === 'public') return true;
  if (!viewer) return false;
  if (viewer.isAdmin || viewer.id === user.id) return true;
  if (user.visibility === 'limited') return true;
  return user.type === 'organization' && isOrgMember(state, user.id, viewer.id);
}

export function isOrgMember(state: SimState, orgId: number, userId: number): boolean {
  for (const t of state.teams.values()) if (t.orgId === orgId && t.memberIds.has(userId)) return true;
  return false;
}

export function isOrgOwner(state: SimState, orgId: number, userId: number): boolean {
  for (const t of state.teams.values())
    if (t.orgId === orgId && t.permission === 'owner' && t.memberIds.has(userId)) return true;
  return false;
}

/** The access mode `viewer` (null = anonymous) has on `repo`. */
export function repoAccess(state: SimState, viewer: SimUser | null, repo: SimRepo): AccessMode {
  const owner = state.users.get(repo.ownerId);
  if (!owner) return 'none';
  let mode: AccessMode = 'none';
  if (!repo.private && canSeeAccount(state, viewer, owner)) mode = 'read';
  if (!viewer) return mode;
  if (viewer.isAdmin || viewer.id === owner.id) return 'owner';
  if (owner.type === 'organization') {
    for (const t of state.teams.values()) {
      if (t.orgId !== owner.id || !t.memberIds.has(viewer.id)) continue;
      if (t.permission === 'owner') return 'owner';
      if (t.includesAllRepositories || t.repoIds.has(repo.id)) mode = max(mode, t.permission);
    }
  }
  for (const c of state.collaborators)
    if (c.repoId === repo.id && c.userId === viewer.id) mode = max(mode, c.permission);
  return mode;
}
