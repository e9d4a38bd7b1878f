/**
 * The search, organization and notification tools through the official MCP
 * SDK client, the gateway and the simulator, including the scope and
 * visibility failures a user meets.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';
import { apiAs } from '../support/sim.js';
import { addScopedToken } from './sim/tokens.js';

let h: ToolHarness;
let alice: Client;
let bob: Client;

beforeAll(async () => {
  h = await startToolHarness();
  alice = await h.connectAs('alice');
  bob = await h.connectAs('bob');
});

afterAll(async () => {
  await h?.close();
});

describe('search', () => {
  it('search_users finds users by login with compact summaries', async () => {
    const res = await okTool(bob, 'search_users', { query: 'ali' });
    const users = res.users as { login: string; email?: string }[];
    expect(users.map((u) => u.login)).toContain('alice');
    expect(users.every((u) => u.email === undefined)).toBe(true);
    expect(res).toHaveProperty('nextPage');
  });

  it("search_org_teams finds an organization's teams", async () => {
    const res = await okTool(alice, 'search_org_teams', { org: 'acme', query: 'dev' });
    expect(res.teams).toEqual([expect.objectContaining({ name: 'developers', permission: 'write' })]);
  });

  it("search_org_teams without a query lists all the organization's teams (issue #14)", async () => {
    const all = await okTool(alice, 'search_org_teams', { org: 'acme' });
    const names = (all.teams as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Owners', 'developers']));
    const empty = await okTool(alice, 'search_org_teams', { org: 'acme', query: '' });
    expect((empty.teams as { name: string }[]).map((t) => t.name)).toEqual(names);
  });

  it('search_issues finds issues across repositories, and pull requests with type pulls', async () => {
    const created = await okTool(alice, 'issue_write', {
      method: 'create',
      owner: 'alice',
      repo: 'hello-world',
      title: 'Zebra crossing broken',
    });
    const res = await okTool(bob, 'search_issues', { query: 'Zebra' });
    expect(res.issues).toEqual([
      expect.objectContaining({
        number: created.number,
        repository: 'alice/hello-world',
        title: 'Zebra crossing broken',
      }),
    ]);
    const pulls = await okTool(alice, 'search_issues', { type: 'pulls', state: 'all' });
    const items = pulls.pullRequests as { isPullRequest?: boolean }[];
    expect(Array.isArray(items)).toBe(true);
    expect(items.every((p) => p.isPullRequest === true)).toBe(true);
  });

  it("search_issues does not show alice's private issues to bob", async () => {
    await okTool(alice, 'issue_write', {
      method: 'create',
      owner: 'alice',
      repo: 'secret-notes',
      title: 'Quokka secret plan',
    });
    expect((await okTool(alice, 'search_issues', { query: 'Quokka' })).issues).toHaveLength(1);
    expect((await okTool(bob, 'search_issues', { query: 'Quokka' })).issues).toEqual([]);
  });
});

describe('organizations', () => {
  it('list_my_orgs lists the organizations alice belongs to', async () => {
    const res = await okTool(alice, 'list_my_orgs', {});
    expect((res.organizations as { name: string }[]).map((o) => o.name)).toContain('acme');
  });

  it('org_read gets an organization, its members and its teams', async () => {
    expect(await okTool(alice, 'org_read', { method: 'get', org: 'acme' })).toMatchObject({
      name: 'acme',
      fullName: 'ACME Corp',
    });
    const members = await okTool(alice, 'org_read', { method: 'list_members', org: 'acme' });
    expect((members.members as { login: string }[]).map((m) => m.login)).toContain('alice');
    const teams = await okTool(alice, 'org_read', { method: 'list_teams', org: 'acme' });
    expect((teams.teams as { name: string }[]).map((t) => t.name)).toEqual(
      expect.arrayContaining(['Owners', 'developers']),
    );
  });

  it('an unknown organization is "not found or not visible"', async () => {
    const text = await failTool(alice, 'org_read', { method: 'get', org: 'no-such-org' });
    expect(text).toMatch(/Organization no-such-org not found or not visible to you/);
  });
});

describe('notifications', () => {
  /** Per test, a new unread thread of alice's: bob opens an issue on her repository, which she watches. */
  let threadId: number;
  let title: string;
  let serial = 0;

  beforeEach(async () => {
    title = `Please look at this (${++serial})`;
    await apiAs(h.sim, 'bob', 'POST', '/repos/alice/hello-world/issues', { json: { title } });
    const threads = await apiAs<{ id: number; unread: boolean; subject: { title: string } }[]>(
      h.sim,
      'alice',
      'GET',
      '/notifications?limit=50',
    );
    const thread = threads.find((n) => n.subject.title === title);
    if (!thread) throw new Error(`alice was not notified of "${title}"`);
    expect(thread.unread).toBe(true);
    threadId = thread.id;
  });

  it('lists notifications, per repository, and reads one thread', async () => {
    const list = await okTool(alice, 'notification_read', { method: 'list' });
    const threads = list.notifications as { id: number; unread: boolean; repository: string; title: string }[];
    expect(threads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: threadId,
          unread: true,
          repository: 'alice/hello-world',
          title,
        }),
      ]),
    );
    const repoList = await okTool(alice, 'notification_read', {
      method: 'list_repo',
      owner: 'alice',
      repo: 'hello-world',
    });
    expect((repoList.notifications as { id: number }[]).map((n) => n.id)).toContain(threadId);
    const thread = await okTool(alice, 'notification_read', { method: 'get_thread', threadId });
    expect(thread).toMatchObject({ id: threadId, type: 'Issue', repository: 'alice/hello-world' });
  });

  it('marks a thread read and unread, pins and unpins it', async () => {
    expect(await okTool(alice, 'notification_write', { method: 'mark_read', threadId })).toMatchObject({
      id: threadId,
      unread: false,
    });
    const unreadOnly = await okTool(alice, 'notification_read', { method: 'list' });
    expect((unreadOnly.notifications as { id: number }[]).map((n) => n.id)).not.toContain(threadId);
    const withRead = await okTool(alice, 'notification_read', { method: 'list', includeRead: true });
    expect((withRead.notifications as { id: number }[]).map((n) => n.id)).toContain(threadId);
    expect(await okTool(alice, 'notification_write', { method: 'mark_unread', threadId })).toMatchObject({
      unread: true,
    });
    expect(await okTool(alice, 'notification_write', { method: 'pin', threadId })).toMatchObject({ pinned: true });
    const unpinned = await okTool(alice, 'notification_write', { method: 'unpin', threadId });
    expect(unpinned.pinned).toBeUndefined();
  });

  it('marks all notifications, and those of one repository, read', async () => {
    await okTool(alice, 'notification_write', { method: 'mark_unread', threadId });
    const repoRead = await okTool(alice, 'notification_write', {
      method: 'mark_repo_read',
      owner: 'alice',
      repo: 'hello-world',
    });
    expect(repoRead.markedRead).toBeGreaterThanOrEqual(1);
    await okTool(alice, 'notification_write', { method: 'mark_unread', threadId });
    const all = await okTool(alice, 'notification_write', { method: 'mark_all_read' });
    expect(all.threadIds).toContain(threadId);
    const left = await okTool(alice, 'notification_read', { method: 'list' });
    expect((left.notifications as { id: number }[]).map((n) => n.id)).not.toContain(threadId);
  });

  it("bob cannot read alice's notification thread", async () => {
    const text = await failTool(bob, 'notification_read', { method: 'get_thread', threadId });
    expect(text).toMatch(/not found|not visible|permission/i);
  });

  it('a token without the notification scope is told which scope to grant', async () => {
    const client = await h.connectWithToken(await addScopedToken(h.sim, 'alice', 'read:repository,read:issue'));
    const text = await failTool(client, 'notification_read', { method: 'list' });
    expect(text).toMatch(/read:notification/);
  });
});
