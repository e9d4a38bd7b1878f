/**
 * The issue-tracker toolsets (issues, labels, milestones, timetracking)
 * through the official MCP SDK client, the gateway and the simulator: every
 * method, long bodies, sanitizing, and the permission failures a user meets.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callTool, failTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';
import { apiAs } from '../support/sim.js';
import { addScopedToken } from './sim/tokens.js';

let h: ToolHarness;
let alice: Client;
let bob: Client;
let carol: Client;

const repo = { owner: 'alice', repo: 'hello-world' };
const R = '/repos/alice/hello-world';

/** The simulator's clock: the wall clock unless a test freezes it. */
let frozenAt: Date | null = null;

/** Names no other test uses, so each test can make its own labels and milestones. */
let serial = 0;
const unique = (base: string) => `${base}-${++serial}`;

/** A repository label and milestone made through Gitea's API, for a test that needs them to exist. */
async function makeLabel(name: string, color = '#d73a4a'): Promise<Label> {
  return apiAs<Label>(h.sim, 'alice', 'POST', `${R}/labels`, { json: { name, color } });
}
async function makeMilestone(title: string): Promise<{ id: number; title: string }> {
  return apiAs(h.sim, 'alice', 'POST', `${R}/milestones`, { json: { title } });
}
async function makeIssue(fields: Record<string, unknown> = {}): Promise<number> {
  return (await apiAs<{ number: number }>(h.sim, 'alice', 'POST', `${R}/issues`, { json: { title: 'x', ...fields } }))
    .number;
}

beforeAll(async () => {
  h = await startToolHarness({ now: () => frozenAt ?? new Date() });
  alice = await h.connectAs('alice');
  bob = await h.connectAs('bob');
  carol = await h.connectAs('carol');
});

afterAll(async () => {
  await h?.close();
});

interface Label {
  id: number;
  name: string;
}

describe('labels', () => {
  it('creates, lists, reads and edits repository labels', async () => {
    const bug = await okTool(alice, 'label_write', {
      method: 'create_repo_label',
      ...repo,
      name: 'gatea-bug',
      color: 'D73A4A',
      description: 'Something is broken',
    });
    expect(bug).toMatchObject({ name: 'gatea-bug', color: expect.stringMatching(/d73a4a$/i) });
    await okTool(alice, 'label_write', { method: 'create_repo_label', ...repo, name: 'gatea-docs', color: '#0075ca' });
    const list = await okTool(alice, 'label_read', { method: 'list_repo_labels', ...repo, perPage: 50 });
    const names = (list.labels as Label[]).map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['gatea-bug', 'gatea-docs']));
    expect(list).toHaveProperty('nextPage');
    const got = await okTool(alice, 'label_read', { method: 'get_repo_label', ...repo, labelId: bug.id });
    expect(got).toMatchObject({ id: bug.id, name: 'gatea-bug', description: 'Something is broken' });
    const edited = await okTool(alice, 'label_write', {
      method: 'edit_repo_label',
      ...repo,
      labelId: bug.id,
      description: 'Broken\u202E thing',
    });
    // Bidi overrides are stripped from what the model reads back.
    expect(edited).toMatchObject({ id: bug.id, description: 'Broken thing' });
  });

  it('creates, reads, edits and deletes organization labels', async () => {
    const created = await okTool(alice, 'label_write', {
      method: 'create_org_label',
      org: 'acme',
      name: 'gatea-org-label',
      color: '00ff00',
    });
    expect(created).toMatchObject({ name: 'gatea-org-label' });
    const list = await okTool(alice, 'label_read', { method: 'list_org_labels', org: 'acme' });
    expect((list.labels as Label[]).map((l) => l.name)).toContain('gatea-org-label');
    const got = await okTool(alice, 'label_read', { method: 'get_org_label', org: 'acme', labelId: created.id });
    expect(got).toMatchObject({ name: 'gatea-org-label' });
    const edited = await okTool(alice, 'label_write', {
      method: 'edit_org_label',
      org: 'acme',
      labelId: created.id,
      name: 'gatea-org-renamed',
    });
    expect(edited).toMatchObject({ name: 'gatea-org-renamed' });
    const deleted = await okTool(alice, 'delete_label', {
      method: 'delete_org_label',
      org: 'acme',
      labelId: created.id,
    });
    expect(deleted).toEqual({ deleted: true, labelId: created.id });
    const after = await okTool(alice, 'label_read', { method: 'list_org_labels', org: 'acme' });
    expect((after.labels as Label[]).map((l) => l.name)).not.toContain('gatea-org-renamed');
  });

  it('says which parameter a method needs', async () => {
    const text = await failTool(alice, 'label_read', { method: 'list_repo_labels', owner: 'alice' });
    expect(text).toMatch(/parameter "repo" is required when method is "list_repo_labels"/);
  });

  it("a read-only collaborator creating a label gets Gitea's 403 as a sentence", async () => {
    // carol is a read-only collaborator on alice/hello-world in the seed.
    const text = await failTool(carol, 'label_write', {
      method: 'create_repo_label',
      ...repo,
      name: 'carol-label',
      color: '123456',
    });
    expect(text).toMatch(/^Gitea refused label_write on alice\/hello-world: you do not have permission/);
  });
});

describe('milestones', () => {
  it('creates, lists, reads (by id and title) and edits a milestone', async () => {
    const created = await okTool(alice, 'milestone_write', {
      method: 'create',
      ...repo,
      title: 'gatea-v1',
      description: 'First cut',
      dueOn: '2030-01-31',
    });
    expect(created).toMatchObject({ title: 'gatea-v1', state: 'open', dueOn: expect.stringMatching(/^2030-01-31/) });
    const list = await okTool(alice, 'milestone_read', { method: 'list', ...repo });
    expect((list.milestones as { title: string }[]).map((m) => m.title)).toContain('gatea-v1');
    expect(await okTool(alice, 'milestone_read', { method: 'get', ...repo, milestone: created.id })).toMatchObject({
      id: created.id,
      title: 'gatea-v1',
    });
    expect(await okTool(alice, 'milestone_read', { method: 'get', ...repo, milestone: 'gatea-v1' })).toMatchObject({
      id: created.id,
    });
    const closed = await okTool(alice, 'milestone_write', {
      method: 'edit',
      ...repo,
      milestone: String(created.id),
      state: 'closed',
    });
    expect(closed).toMatchObject({ state: 'closed' });
    const closedList = await okTool(alice, 'milestone_read', { method: 'list', ...repo, state: 'closed' });
    expect((closedList.milestones as { title: string }[]).map((m) => m.title)).toContain('gatea-v1');
  });

  it('refuses an edit that changes nothing, before calling Gitea', async () => {
    // No such milestone: had the tool asked Gitea first, the answer would be "not found".
    const text = await failTool(alice, 'milestone_write', { method: 'edit', ...repo, milestone: 'no-such-milestone' });
    expect(text).toMatch(/needs at least one of title, description, state or dueOn/);
  });
});

describe('issues', () => {
  /** Per test: two fresh labels, a milestone, and an open issue with the first label, the milestone, bob and a due date. */
  let bug: Label;
  let docs: Label;
  let milestone: { id: number; title: string };
  let index: number;

  beforeEach(async () => {
    bug = await makeLabel(unique('gatea-bug'));
    docs = await makeLabel(unique('gatea-docs'), '#0075ca');
    milestone = await makeMilestone(unique('gatea-v1'));
    index = await makeIssue({
      title: 'Gatea test issue',
      body: 'Steps to reproduce',
      labels: [bug.id],
      milestone: milestone.id,
      assignees: ['bob'],
      due_date: '2030-02-01T12:00:00Z',
    });
  });

  it('creates an issue with labels and milestone given by name', async () => {
    const created = await okTool(alice, 'issue_write', {
      method: 'create',
      ...repo,
      title: 'Gatea \u202Etest issue',
      body: 'Steps to reproduce',
      labels: [bug.name],
      milestone: milestone.title,
      assignees: ['bob'],
      dueDate: '2030-02-01',
    });
    expect(created).toMatchObject({
      title: 'Gatea test issue',
      state: 'open',
      author: 'alice',
      labels: [{ id: expect.any(Number), name: bug.name }],
      milestone: milestone.title,
      assignees: ['bob'],
    });
    expect(created).not.toHaveProperty('user');
    expect(created.number).toBeGreaterThan(index);
    // What Gitea stored, read back through its API rather than from the tool's answer.
    const stored = await apiAs<{ labels: Label[]; milestone: { id: number }; due_date: string }>(
      h.sim,
      'alice',
      'GET',
      `${R}/issues/${created.number}`,
    );
    expect(stored.labels.map((l) => l.id)).toEqual([bug.id]);
    expect(stored.milestone.id).toBe(milestone.id);
    expect(stored.due_date).toMatch(/^2030-02-01/);
  });

  it('lists issues by state and label, without pull requests', async () => {
    const byLabel = await okTool(alice, 'list_issues', { ...repo, labels: [bug.name] });
    expect((byLabel.issues as { number: number }[]).map((i) => i.number)).toEqual([index]);
    // Issue #14: labels have one shape, {id, name}, in lists and in single reads.
    const listed = (byLabel.issues as { labels?: unknown }[])[0]?.labels;
    expect(listed).toEqual([{ id: expect.any(Number), name: bug.name }]);
    expect((await okTool(alice, 'issue_read', { method: 'get', ...repo, index })).labels).toEqual(listed);
    const all = await okTool(alice, 'list_issues', { ...repo, state: 'all', perPage: 50 });
    const issues = all.issues as { number: number; isPullRequest?: boolean; body?: string }[];
    expect(issues.map((i) => i.number)).toContain(index);
    expect(issues.every((i) => i.isPullRequest === undefined && i.body === undefined)).toBe(true);
    const byMilestone = await okTool(alice, 'list_issues', { ...repo, milestone: milestone.title });
    expect((byMilestone.issues as { number: number }[]).map((i) => i.number)).toEqual([index]);
    const closed = await okTool(alice, 'list_issues', { ...repo, state: 'closed', perPage: 50 });
    expect((closed.issues as { number: number }[]).map((i) => i.number)).not.toContain(index);
  });

  it('reads the issue with ids of its labels and milestone', async () => {
    const issue = await okTool(alice, 'issue_read', { method: 'get', ...repo, index });
    expect(issue).toMatchObject({
      number: index,
      body: 'Steps to reproduce',
      labels: [{ id: bug.id, name: bug.name }],
      milestone: { id: milestone.id, title: milestone.title },
      dueDate: expect.stringMatching(/^2030-02-01/),
      nextBodyOffset: null,
    });
  });

  it('pages a long body by byte offset without losing a byte', async () => {
    const long = Array.from({ length: 800 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const created = await okTool(bob, 'issue_write', { method: 'create', ...repo, title: 'Long', body: long });
    const args = { method: 'get', ...repo, index: created.number };
    const first = await okTool(bob, 'issue_read', args);
    expect(first.nextBodyOffset).toEqual(expect.any(Number));
    expect(first.note).toMatch(/bodyOffset=\d+/);
    const second = await okTool(bob, 'issue_read', { ...args, bodyOffset: first.nextBodyOffset });
    expect(second.nextBodyOffset).toBeNull();
    expect(`${first.body}${second.body}`).toBe(long);
  });

  it('updates title, state, assignees, milestone and due date, and clears them', async () => {
    const updated = await okTool(alice, 'issue_write', {
      method: 'update',
      ...repo,
      index,
      title: 'Gatea renamed',
      state: 'closed',
      assignees: [],
      milestone: 'none',
      dueDate: 'none',
    });
    expect(updated).toMatchObject({ title: 'Gatea renamed', state: 'closed' });
    expect(updated.assignees).toBeUndefined();
    expect(updated.milestone).toBeUndefined();
    const issue = await okTool(alice, 'issue_read', { method: 'get', ...repo, index });
    expect(issue).toMatchObject({ title: 'Gatea renamed', state: 'closed' });
    expect(issue.dueDate).toBeUndefined();
    expect(issue.milestone).toBeUndefined();
    expect(issue.assignees).toBeUndefined();
    const reopened = await okTool(alice, 'issue_write', {
      method: 'update',
      ...repo,
      index,
      state: 'open',
      milestone: milestone.title,
    });
    expect(reopened).toMatchObject({ state: 'open', milestone: milestone.title });
    const nothing = await failTool(alice, 'issue_write', { method: 'update', ...repo, index });
    expect(nothing).toMatch(/needs at least one of title/);
  });

  it('adds, edits, lists, reads and deletes comments', async () => {
    const comment = await okTool(bob, 'issue_write', { method: 'add_comment', ...repo, index, body: 'Me too' });
    expect(comment).toMatchObject({ author: 'bob', body: 'Me too' });
    const edited = await okTool(bob, 'issue_write', {
      method: 'edit_comment',
      ...repo,
      commentId: comment.id,
      body: 'Me too, on 1.22',
    });
    expect(edited).toMatchObject({ id: comment.id, body: 'Me too, on 1.22' });
    const big = 'y'.repeat(5000);
    const bigComment = await okTool(alice, 'issue_write', { method: 'add_comment', ...repo, index, body: big });

    const list = await okTool(alice, 'issue_read', { method: 'get_comments', ...repo, index });
    const comments = list.comments as { id: number; body: string; bodyTruncated?: boolean }[];
    expect(comments.map((c) => c.id)).toEqual([comment.id, bigComment.id]);
    expect(comments[0]?.body).toBe('Me too, on 1.22');
    const cut = comments.find((c) => c.id === bigComment.id);
    expect(cut?.bodyTruncated).toBe(true);
    expect(cut?.body.length).toBeLessThan(big.length);
    expect(list.note).toMatch(/get_comment/);

    const paged = await okTool(alice, 'issue_read', { method: 'get_comments', ...repo, index, perPage: 1 });
    expect((paged.comments as object[]).length).toBe(1);
    expect(paged).toMatchObject({ page: 1, perPage: 1, nextPage: 2 });

    const whole = await okTool(alice, 'issue_read', { method: 'get_comment', ...repo, commentId: bigComment.id });
    expect(whole).toMatchObject({ id: bigComment.id, body: big });

    const deleted = await okTool(alice, 'delete_comment', { ...repo, commentId: comment.id });
    expect(deleted).toEqual({ deleted: true, commentId: comment.id });
    const gone = await failTool(alice, 'issue_read', { method: 'get_comment', ...repo, commentId: comment.id });
    expect(gone).toMatch(/not found or not visible/);
    const left = await okTool(alice, 'issue_read', { method: 'get_comments', ...repo, index });
    expect((left.comments as { id: number }[]).map((c) => c.id)).toEqual([bigComment.id]);

    // Gitea answers the comment list of an unknown issue with a bare 500 (routers/api/v1/repo/issue_comment.go
    // ListIssueComments → APIErrorInternal); the tool still says the issue is missing, not that Gitea failed.
    const noIssue = await failTool(alice, 'issue_read', { method: 'get_comments', ...repo, index: 9999 });
    expect(noIssue).toMatch(/#9999 does not exist/);
  });

  it('adds, replaces, removes and clears labels by name', async () => {
    const added = await okTool(alice, 'issue_write', { method: 'add_labels', ...repo, index, labels: [docs.name] });
    expect((added.labels as Label[]).map((l) => l.name).sort()).toEqual([bug.name, docs.name]);
    const onIssue = await okTool(alice, 'issue_read', { method: 'get_labels', ...repo, index });
    expect((onIssue.labels as Label[]).map((l) => l.name).sort()).toEqual([bug.name, docs.name]);
    const removed = await okTool(alice, 'issue_write', {
      method: 'remove_label',
      ...repo,
      index,
      labels: [bug.name],
    });
    expect((removed.labels as Label[]).map((l) => l.name)).toEqual([docs.name]);
    const replaced = await okTool(alice, 'issue_write', {
      method: 'replace_labels',
      ...repo,
      index,
      labels: [bug.name.toUpperCase()],
    });
    expect((replaced.labels as Label[]).map((l) => l.name)).toEqual([bug.name]);
    const cleared = await okTool(alice, 'issue_write', { method: 'clear_labels', ...repo, index });
    expect(cleared).toMatchObject({ cleared: true, removedLabels: [bug.name] });
    expect(cleared.note).toMatch(/replace_labels/);
    const none = await okTool(alice, 'issue_read', { method: 'get_labels', ...repo, index });
    expect(none.labels).toEqual([]);
  });

  it('names the labels there are when a label name is unknown', async () => {
    const text = await failTool(alice, 'issue_write', {
      method: 'add_labels',
      ...repo,
      index,
      labels: ['no-such-label'],
    });
    expect(text).toMatch(/No label named "no-such-label" in alice\/hello-world\. Its labels are: /);
    expect(text).toContain(bug.name);
    expect(text).toContain(docs.name);
  });

  it('another user\'s private repository is "not found or not visible" to bob', async () => {
    const list = await failTool(bob, 'list_issues', { owner: 'alice', repo: 'secret-notes' });
    expect(list).toMatch(/Repository alice\/secret-notes not found or not visible to you/);
    const read = await failTool(bob, 'issue_read', { method: 'get', owner: 'alice', repo: 'secret-notes', index: 1 });
    expect(read).toMatch(/not found or not visible to you/);
    const write = await failTool(bob, 'issue_write', {
      method: 'create',
      owner: 'alice',
      repo: 'secret-notes',
      title: 'x',
    });
    expect(write).toMatch(/not found or not visible to you/);
  });

  it('a token with only read:repository is told that list_issues needs read:issue', async () => {
    const client = await h.connectWithToken(await addScopedToken(h.sim, 'alice', 'read:repository'));
    const text = await failTool(client, 'list_issues', repo);
    expect(text).toMatch(/read:issue/);
    expect(text).toMatch(/list_issues/);
  });

  it('a read-only collaborator cannot relabel an issue', async () => {
    const text = await failTool(carol, 'issue_write', { method: 'add_labels', ...repo, index, labels: [docs.name] });
    expect(text).toMatch(/refused|permission/i);
    const labels = await okTool(alice, 'issue_read', { method: 'get_labels', ...repo, index });
    expect((labels.labels as Label[]).map((l) => l.name)).toEqual([bug.name]);
  });
});

describe('time tracking', () => {
  /** A fresh issue per test, so its tracked times are only the test's own. */
  let index: number;

  beforeEach(async () => {
    index = await makeIssue({ title: 'Track me' });
  });

  const issueTimes = async () =>
    (await okTool(alice, 'timetracking_read', { method: 'list_issue_times', ...repo, index })).times as {
      id: number;
      seconds: number;
      duration: string;
      user: string;
    }[];

  it('adds time and lists it per issue, per repository and for me', async () => {
    const added = await okTool(alice, 'timetracking_write', { method: 'add_time', ...repo, index, seconds: 5400 });
    expect(added).toMatchObject({ seconds: 5400, duration: '1h 30m', user: 'alice' });
    expect((await issueTimes()).map((t) => t.id)).toEqual([added.id]);
    const onRepo = await okTool(alice, 'timetracking_read', { method: 'list_repo_times', ...repo });
    expect((onRepo.times as { id: number }[]).map((t) => t.id)).toContain(added.id);
    const mine = await okTool(alice, 'timetracking_read', { method: 'get_my_times' });
    const entry = (mine.times as { id: number; issue?: { number: number } }[]).find((t) => t.id === added.id);
    expect(entry?.issue?.number).toBe(index);

    expect(await okTool(alice, 'delete_time', { ...repo, index, timeId: added.id })).toEqual({
      deleted: true,
      timeId: added.id,
    });
    expect(await issueTimes()).toEqual([]);
  });

  it('starts, lists and stops a stopwatch, which logs the time', async () => {
    // Gitea books the seconds between start and stop; freeze its clock so they are known exactly.
    const startedAt = new Date();
    frozenAt = startedAt;
    try {
      expect(await okTool(alice, 'timetracking_write', { method: 'start_stopwatch', ...repo, index })).toEqual({
        started: true,
        issue: index,
      });
      frozenAt = new Date(startedAt.getTime() + 5407_000);
      const watches = await okTool(alice, 'timetracking_read', { method: 'get_my_stopwatches' });
      expect(watches.stopwatches).toEqual([
        expect.objectContaining({ repository: 'alice/hello-world', issue: index, seconds: 5407 }),
      ]);
      expect(await issueTimes()).toEqual([]);
      expect(await okTool(alice, 'timetracking_write', { method: 'stop_stopwatch', ...repo, index })).toMatchObject({
        stopped: true,
        issue: index,
      });
    } finally {
      frozenAt = null;
    }
    const none = await okTool(alice, 'timetracking_read', { method: 'get_my_stopwatches' });
    expect(none.stopwatches).toEqual([]);
    // The logged time: one entry of exactly the elapsed 1h 30m 7s, booked to alice.
    expect(await issueTimes()).toEqual([
      expect.objectContaining({ seconds: 5407, duration: '1h 30m 7s', user: 'alice' }),
    ]);
  });

  it('discards a running stopwatch with delete_stopwatch', async () => {
    await okTool(alice, 'timetracking_write', { method: 'start_stopwatch', ...repo, index });
    expect(await okTool(alice, 'delete_stopwatch', { ...repo, index })).toEqual({ deleted: true, issue: index });
    const none = await okTool(alice, 'timetracking_read', { method: 'get_my_stopwatches' });
    expect(none.stopwatches).toEqual([]);
    // Discarded, not stopped: nothing was logged.
    expect(await issueTimes()).toEqual([]);
  });

  it('says add_time needs seconds', async () => {
    const text = await failTool(alice, 'timetracking_write', { method: 'add_time', ...repo, index });
    expect(text).toMatch(/parameter "seconds" is required when method is "add_time"/);
  });
});

describe('deleting', () => {
  it('deletes a milestone and a repository label', async () => {
    const title = unique('doomed-milestone');
    await makeMilestone(title);
    const label = await makeLabel(unique('doomed-label'));
    expect(await okTool(alice, 'delete_milestone', { ...repo, milestone: title })).toEqual({
      deleted: true,
      milestone: title,
    });
    const gone = await callTool(alice, 'milestone_read', { method: 'get', ...repo, milestone: title });
    expect(gone.isError).toBe(true);
    const milestones = await apiAs<{ title: string }[]>(h.sim, 'alice', 'GET', `${R}/milestones?state=all&limit=50`);
    expect(milestones.map((m) => m.title)).not.toContain(title);

    const deleted = await okTool(alice, 'delete_label', { method: 'delete_repo_label', ...repo, labelId: label.id });
    expect(deleted).toEqual({ deleted: true, labelId: label.id });
    const labelGone = await failTool(alice, 'label_read', { method: 'get_repo_label', ...repo, labelId: label.id });
    expect(labelGone).toMatch(/not found or not visible/);
    const labels = await apiAs<Label[]>(h.sim, 'alice', 'GET', `${R}/labels?limit=50`);
    expect(labels.map((l) => l.name)).not.toContain(label.name);
  });
});
