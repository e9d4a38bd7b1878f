/**
 * Everyday tools of issue #14 through the official MCP SDK client, the
 * gateway and the simulator: collaborators and the assignee and reviewer
 * candidates, stars and watches, teams, reactions and issue dependencies.
 * Seeded: alice owns alice/hello-world (bob writes, carol reads; bob and
 * carol star it, bob watches it) and the acme organization (teams Owners:
 * alice; developers: bob, carol).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';

let h: ToolHarness;
let alice: Client;
let bob: Client;
let carol: Client;

const repo = { owner: 'alice', repo: 'hello-world' };
const logins = (list: unknown) => (list as { login: string }[]).map((u) => u.login);

beforeAll(async () => {
  h = await startToolHarness();
  alice = await h.connectAs('alice');
  bob = await h.connectAs('bob');
  carol = await h.connectAs('carol');
});

afterAll(async () => {
  await h?.close();
});

describe('collaborators', () => {
  it('collaborator_read: list, check, get_permission, list_assignees, list_reviewers', async () => {
    const list = await okTool(carol, 'collaborator_read', { method: 'list', ...repo });
    expect(logins(list.collaborators)).toEqual(expect.arrayContaining(['bob', 'carol']));
    expect(await okTool(carol, 'collaborator_read', { method: 'check', ...repo, username: 'bob' })).toEqual({
      username: 'bob',
      collaborator: true,
    });
    expect(await okTool(carol, 'collaborator_read', { method: 'check', ...repo, username: 'dave' })).toMatchObject({
      collaborator: false,
    });
    const perm = await okTool(alice, 'collaborator_read', { method: 'get_permission', ...repo, username: 'bob' });
    expect(perm).toMatchObject({ username: 'bob', permission: 'write' });
    // Assignees need write access: bob and the owner, not carol (read).
    const assignees = await okTool(carol, 'collaborator_read', { method: 'list_assignees', ...repo });
    expect(logins(assignees.users)).toEqual(['bob', 'alice']);
    const reviewers = await okTool(carol, 'collaborator_read', { method: 'list_reviewers', ...repo });
    expect(logins(reviewers.users)).toEqual(['bob', 'carol', 'alice']);
  });

  it('check on a repository you cannot see is a not-found error, not "no"', async () => {
    const text = await failTool(bob, 'collaborator_read', {
      method: 'check',
      owner: 'alice',
      repo: 'secret-notes',
      username: 'carol',
    });
    expect(text).toMatch(/not found|not visible/i);
  });

  it('get_permission of someone else needs repository admin, with Gitea’s reason', async () => {
    const text = await failTool(carol, 'collaborator_read', { method: 'get_permission', ...repo, username: 'bob' });
    expect(text).toMatch(/admin/i);
  });

  it('update_collaborator adds and re-grants, delete_collaborator removes; only admins may', async () => {
    const added = await okTool(alice, 'update_collaborator', { ...repo, username: 'dave', permission: 'read' });
    expect(added).toEqual({ username: 'dave', collaborator: true, permission: 'read' });
    await okTool(alice, 'update_collaborator', { ...repo, username: 'dave', permission: 'write' });
    const perm = await okTool(alice, 'collaborator_read', { method: 'get_permission', ...repo, username: 'dave' });
    expect(perm.permission).toBe('write');
    expect(await failTool(bob, 'delete_collaborator', { ...repo, username: 'dave' })).toMatch(/owner|admin/i);
    expect(await okTool(alice, 'delete_collaborator', { ...repo, username: 'dave' })).toEqual({
      username: 'dave',
      collaborator: false,
    });
    const after = await okTool(alice, 'collaborator_read', { method: 'check', ...repo, username: 'dave' });
    expect(after.collaborator).toBe(false);
  });
});

describe('stars and watches', () => {
  it('star_watch_read: is_starred, is_watching, list_my_starred, list_stargazers, list_watchers', async () => {
    expect(await okTool(bob, 'star_watch_read', { method: 'is_starred', ...repo })).toMatchObject({ starred: true });
    expect(await okTool(alice, 'star_watch_read', { method: 'is_starred', ...repo })).toMatchObject({ starred: false });
    expect(await okTool(bob, 'star_watch_read', { method: 'is_watching', ...repo })).toMatchObject({ watching: true });
    expect(await okTool(carol, 'star_watch_read', { method: 'is_watching', ...repo })).toMatchObject({
      watching: false,
    });
    const mine = await okTool(carol, 'star_watch_read', { method: 'list_my_starred' });
    expect((mine.repositories as { fullName: string }[]).map((r) => r.fullName)).toContain('alice/hello-world');
    const gazers = await okTool(alice, 'star_watch_read', { method: 'list_stargazers', ...repo });
    expect(logins(gazers.stargazers)).toEqual(expect.arrayContaining(['bob', 'carol']));
    const watchers = await okTool(alice, 'star_watch_read', { method: 'list_watchers', ...repo });
    expect(logins(watchers.watchers)).toContain('bob');
  });

  it('is_starred and is_watching on a missing repository fail instead of answering false', async () => {
    await failTool(bob, 'star_watch_read', { method: 'is_starred', owner: 'alice', repo: 'no-such-repo' });
    await failTool(bob, 'star_watch_read', { method: 'is_watching', owner: 'alice', repo: 'no-such-repo' });
  });

  it('star_watch_write: star, unstar, watch, unwatch (each idempotent)', async () => {
    const target = { owner: 'bob', repo: 'dotfiles' };
    expect(await okTool(carol, 'star_watch_write', { method: 'star', ...target })).toMatchObject({ starred: true });
    await okTool(carol, 'star_watch_write', { method: 'star', ...target });
    expect(await okTool(carol, 'star_watch_read', { method: 'is_starred', ...target })).toMatchObject({
      starred: true,
    });
    await okTool(carol, 'star_watch_write', { method: 'unstar', ...target });
    expect(await okTool(carol, 'star_watch_read', { method: 'is_starred', ...target })).toMatchObject({
      starred: false,
    });
    expect(await okTool(carol, 'star_watch_write', { method: 'watch', ...target })).toMatchObject({ watching: true });
    expect(await okTool(carol, 'star_watch_read', { method: 'is_watching', ...target })).toMatchObject({
      watching: true,
    });
    await okTool(carol, 'star_watch_write', { method: 'unwatch', ...target });
    expect(await okTool(carol, 'star_watch_read', { method: 'is_watching', ...target })).toMatchObject({
      watching: false,
    });
  });
});

describe('teams', () => {
  it('team_read: list_mine with organizations, get, list_members', async () => {
    const mine = await okTool(carol, 'team_read', { method: 'list_mine' });
    const teams = mine.teams as { id: number; name: string; organization: string }[];
    expect(teams).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'developers', organization: 'acme' })]),
    );
    const dev = teams.find((t) => t.name === 'developers');
    const got = await okTool(carol, 'team_read', { method: 'get', teamId: dev?.id });
    expect(got).toMatchObject({ name: 'developers', permission: 'write', organization: 'acme' });
    const members = await okTool(carol, 'team_read', { method: 'list_members', teamId: dev?.id });
    expect(logins(members.members)).toEqual(['bob', 'carol']);
  });

  it('get and list_members need the teamId', async () => {
    expect(await failTool(carol, 'team_read', { method: 'list_members' })).toMatch(/teamId/);
  });
});

describe('reactions', () => {
  it('reaction_write add and remove on an issue; list_reactions counts them', async () => {
    const added = await okTool(bob, 'reaction_write', { method: 'add', ...repo, index: 4, reaction: '🚀' });
    expect(added).toMatchObject({ added: true, reaction: 'rocket', index: 4 });
    const again = await okTool(bob, 'reaction_write', { method: 'add', ...repo, index: 4, reaction: 'rocket' });
    expect(again.alreadyThere).toBe(true);
    await okTool(carol, 'reaction_write', { method: 'add', ...repo, index: 4, reaction: 'heart' });
    const list = await okTool(alice, 'list_reactions', { ...repo, index: 4 });
    expect(list.counts).toEqual({ rocket: 1, heart: 1 });
    expect(list.reactions).toEqual([
      expect.objectContaining({ reaction: 'rocket', user: 'bob' }),
      expect.objectContaining({ reaction: 'heart', user: 'carol' }),
    ]);
    expect(list).toMatchObject({ total: 2, nextPage: null });
    await okTool(bob, 'reaction_write', { method: 'remove', ...repo, index: 4, reaction: 'rocket' });
    const after = await okTool(alice, 'list_reactions', { ...repo, index: 4 });
    expect(after.counts).toEqual({ heart: 1 });
  });

  it('an issue without reactions (Gitea sends null) lists none', async () => {
    const list = await okTool(alice, 'list_reactions', { ...repo, index: 5 });
    expect(list).toMatchObject({ reactions: [], counts: {} });
  });

  it('on a comment; an unknown reaction and a missing target are refused with a sentence', async () => {
    const comments = await okTool(alice, 'issue_read', { method: 'get_comments', ...repo, index: 3 });
    const commentId = (comments.comments as { id: number }[])[0]?.id;
    await okTool(carol, 'reaction_write', { method: 'add', ...repo, commentId, reaction: '+1' });
    const list = await okTool(alice, 'list_reactions', { ...repo, commentId });
    expect(list).toMatchObject({ commentId, counts: { '+1': 1 } });
    await okTool(carol, 'reaction_write', { method: 'remove', ...repo, commentId, reaction: '👍' });
    expect((await okTool(alice, 'list_reactions', { ...repo, commentId })).counts).toEqual({});
    const bad = await failTool(carol, 'reaction_write', { method: 'add', ...repo, index: 3, reaction: 'banana' });
    expect(bad).toMatch(/"banana" is not a reaction.*heart/);
    const neither = await failTool(carol, 'list_reactions', { ...repo });
    expect(neither).toMatch(/either index .* or commentId/);
  });
});

describe('issue dependencies', () => {
  it('issue_dependency_write add and remove; list_issue_dependencies both ways', async () => {
    const added = await okTool(bob, 'issue_dependency_write', { method: 'add', ...repo, index: 3, blockedBy: 4 });
    expect(added).toEqual({ index: 3, blockedBy: '#4', dependency: 'added' });
    const blockedBy = await okTool(carol, 'list_issue_dependencies', { ...repo, index: 3 });
    expect((blockedBy.issues as { number: number }[]).map((i) => i.number)).toEqual([4]);
    const blocks = await okTool(carol, 'list_issue_dependencies', { ...repo, index: 4, direction: 'blocks' });
    expect((blocks.issues as { number: number }[]).map((i) => i.number)).toEqual([3]);
    // Gitea's bare 500 for a duplicate becomes a sentence.
    const dup = await failTool(bob, 'issue_dependency_write', { method: 'add', ...repo, index: 3, blockedBy: 4 });
    expect(dup).toMatch(/probably already does/);
    await okTool(bob, 'issue_dependency_write', { method: 'remove', ...repo, index: 3, blockedBy: 4 });
    const none = await okTool(carol, 'list_issue_dependencies', { ...repo, index: 3 });
    expect(none.issues).toEqual([]);
  });

  it('refuses a self-dependency before Gitea, and a reader cannot add one', async () => {
    const self = await failTool(bob, 'issue_dependency_write', { method: 'add', ...repo, index: 3, blockedBy: 3 });
    expect(self).toMatch(/cannot depend on itself/);
    await failTool(carol, 'issue_dependency_write', { method: 'add', ...repo, index: 3, blockedBy: 5 });
  });
});
