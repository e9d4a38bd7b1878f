/**
 * Scope-matrix cases (see scope-cases.ts) for the tools of issue #14:
 * collaborators, stars and watches, teams, reactions and issue dependencies.
 * Kept apart so scope-cases.ts only spreads them in; the few helpers are
 * repeated here rather than imported, to keep the modules acyclic.
 */
import { expect } from 'vitest';
import type { SimState } from '../../sim/state.js';
import type { Setup } from './scope-cases.js';
import type { Fixtures } from './scope-rig.js';

type Json = Record<string, unknown>;

const H = { owner: 'alice', repo: 'hello-world' } as const;
const HP = '/repos/alice/hello-world';
/** bob's public repository; the rig made alice an admin collaborator of another, not of this one. */
const D = { owner: 'bob', repo: 'dotfiles' } as const;
const DP = '/repos/bob/dotfiles';

const logins = (list: unknown) => (list as Json[]).map((x) => x.login);

function state(fx: Fixtures): SimState {
  return fx.sim.sim.state;
}

function userId(fx: Fixtures, login: string): number {
  const id = state(fx).userByLogin(login)?.id;
  if (id === undefined) throw new Error(`no user ${login}`);
  return id;
}

function repoOf(fx: Fixtures, owner: string, name: string) {
  const r = state(fx).repoByName(owner, name);
  if (!r) throw new Error(`no repository ${owner}/${name}`);
  return r;
}

function issueId(fx: Fixtures, index: number): number {
  const repo = repoOf(fx, H.owner, H.repo);
  const issue = [...state(fx).issues.values()].find((i) => i.repoId === repo.id && i.index === index);
  if (!issue) throw new Error(`no issue #${index}`);
  return issue.id;
}

async function newIssue(fx: Fixtures): Promise<number> {
  return (await fx.api('POST', `${HP}/issues`, { title: fx.unique('Scope matrix issue') })).number as number;
}

function teamId(fx: Fixtures, org: string, name: string): number {
  const orgId = userId(fx, org);
  const t = [...state(fx).teams.values()].find((x) => x.orgId === orgId && x.name === name);
  if (!t) throw new Error(`no team ${org}/${name}`);
  return t.id;
}

function hasReaction(fx: Fixtures, index: number, type: string): boolean {
  const issue = issueId(fx, index);
  const alice = userId(fx, 'alice');
  return [...state(fx).reactions.values()].some(
    (r) => r.issueId === issue && r.commentId === null && r.userId === alice && r.type === type,
  );
}

function depends(fx: Fixtures, index: number, blocker: number): boolean {
  const a = issueId(fx, index);
  const b = issueId(fx, blocker);
  return state(fx).issueDependencies.some((d) => d.issueId === a && d.dependencyId === b);
}

function isCollaborator(fx: Fixtures, login: string): boolean {
  const repo = repoOf(fx, H.owner, H.repo).id;
  const user = userId(fx, login);
  return state(fx).collaborators.some((c) => c.repoId === repo && c.userId === user);
}

const read = (args: Json, verify: (r: Json) => void): Setup => {
  return async () => ({ args, verify });
};

/** Setups by `tool` or `tool.method`. */
export const PEOPLE_SETUPS: Readonly<Record<string, Setup>> = {
  // ---- collaborators (repository) ---------------------------------------------------
  'collaborator_read.list': read(H, (r) => expect(logins(r.collaborators)).toEqual(['bob', 'carol'])),
  'collaborator_read.check': read({ ...H, username: 'bob' }, (r) => expect(r.collaborator).toBe(true)),
  'collaborator_read.get_permission': read({ ...H, username: 'carol' }, (r) => expect(r.permission).toBe('read')),
  'collaborator_read.list_assignees': read(H, (r) => expect(logins(r.users)).toEqual(['bob', 'alice'])),
  'collaborator_read.list_reviewers': read(H, (r) => expect(logins(r.users)).toEqual(['bob', 'carol', 'alice'])),
  update_collaborator: async (fx) => ({
    args: { ...H, username: 'dave', permission: 'read' },
    verify: () => expect(isCollaborator(fx, 'dave')).toBe(true),
    async cleanup() {
      await fx.api('DELETE', `${HP}/collaborators/dave`);
    },
  }),
  delete_collaborator: async (fx) => {
    await fx.api('PUT', `${HP}/collaborators/dave`, { permission: 'read' });
    return { args: { ...H, username: 'dave' }, verify: () => expect(isCollaborator(fx, 'dave')).toBe(false) };
  },

  // ---- stars (user + repository) and watches (repository) ------------------------------
  'star_watch_read.is_starred': read(H, (r) => expect(r.starred).toBe(false)),
  'star_watch_read.is_watching': read(H, (r) => expect(r.watching).toBe(true)),
  'star_watch_read.list_my_starred': read({}, (r) =>
    expect((r.repositories as Json[]).map((x) => x.fullName)).toContain('opensource/website'),
  ),
  'star_watch_read.list_stargazers': read(H, (r) => expect(logins(r.stargazers)).toEqual(['bob', 'carol'])),
  'star_watch_read.list_watchers': read(H, (r) => expect(logins(r.watchers)).toContain('bob')),
  'star_watch_write.star': async (fx) => ({
    args: D,
    verify: () => expect(repoOf(fx, D.owner, D.repo).stars.has(userId(fx, 'alice'))).toBe(true),
    async cleanup() {
      await fx.api('DELETE', `/user/starred/${D.owner}/${D.repo}`);
    },
  }),
  'star_watch_write.unstar': async (fx) => {
    await fx.api('PUT', `/user/starred/${D.owner}/${D.repo}`);
    return { args: D, verify: () => expect(repoOf(fx, D.owner, D.repo).stars.has(userId(fx, 'alice'))).toBe(false) };
  },
  'star_watch_write.watch': async (fx) => ({
    args: D,
    verify: () => expect(repoOf(fx, D.owner, D.repo).watchers.has(userId(fx, 'alice'))).toBe(true),
    async cleanup() {
      await fx.api('DELETE', `${DP}/subscription`);
    },
  }),
  'star_watch_write.unwatch': async (fx) => {
    await fx.api('PUT', `${DP}/subscription`);
    return {
      args: D,
      verify: () => expect(repoOf(fx, D.owner, D.repo).watchers.has(userId(fx, 'alice'))).toBe(false),
    };
  },

  // ---- teams (user for /user/teams, organization for /teams/{id}) ------------------------
  'team_read.list_mine': read({}, (r) => expect((r.teams as Json[]).map((t) => t.organization)).toContain('acme')),
  'team_read.get': async (fx) => ({
    args: { teamId: teamId(fx, 'acme', 'developers') },
    verify: (r) => expect(r).toMatchObject({ name: 'developers', organization: 'acme' }),
  }),
  'team_read.list_members': async (fx) => ({
    args: { teamId: teamId(fx, 'acme', 'developers') },
    verify: (r) => expect(logins(r.members)).toEqual(['bob', 'carol']),
  }),

  // ---- reactions and dependencies (issue) -------------------------------------------------
  list_reactions: async (fx) => {
    const index = await newIssue(fx);
    await fx.api('POST', `${HP}/issues/${index}/reactions`, { content: 'eyes' }, 'bob');
    return { args: { ...H, index }, verify: (r) => expect(r.counts).toEqual({ eyes: 1 }) };
  },
  'reaction_write.add': async (fx) => {
    const index = await newIssue(fx);
    return {
      args: { ...H, index, reaction: 'hooray' },
      verify: () => expect(hasReaction(fx, index, 'hooray')).toBe(true),
    };
  },
  'reaction_write.remove': async (fx) => {
    const index = await newIssue(fx);
    await fx.api('POST', `${HP}/issues/${index}/reactions`, { content: 'heart' });
    return {
      args: { ...H, index, reaction: 'heart' },
      verify: () => expect(hasReaction(fx, index, 'heart')).toBe(false),
    };
  },
  list_issue_dependencies: async (fx) => {
    const index = await newIssue(fx);
    const blocker = await newIssue(fx);
    await fx.api('POST', `${HP}/issues/${index}/dependencies`, { ...H, index: blocker });
    return {
      args: { ...H, index },
      verify: (r) => expect((r.issues as Json[]).map((i) => i.number)).toEqual([blocker]),
    };
  },
  'issue_dependency_write.add': async (fx) => {
    const index = await newIssue(fx);
    const blockedBy = await newIssue(fx);
    return { args: { ...H, index, blockedBy }, verify: () => expect(depends(fx, index, blockedBy)).toBe(true) };
  },
  'issue_dependency_write.remove': async (fx) => {
    const index = await newIssue(fx);
    const blockedBy = await newIssue(fx);
    await fx.api('POST', `${HP}/issues/${index}/dependencies`, { ...H, index: blockedBy });
    return { args: { ...H, index, blockedBy }, verify: () => expect(depends(fx, index, blockedBy)).toBe(false) };
  },
};
