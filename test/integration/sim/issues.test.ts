/**
 * Simulator issues, comments, labels, milestones, time tracking and
 * notifications behave as Gitea's handlers do: who may do what, which
 * fields a reader's request silently loses, bodiless 403s, 201 on edit,
 * exact conflict texts, and notifications raised for watchers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';
import { addScopedToken } from './tokens.js';

type Label = { id: number; name: string; url: string };
type Issue = {
  id: number;
  number: number;
  title: string;
  state: string;
  labels: Label[];
  milestone: { id: number; title: string } | null;
  assignees: { login: string }[] | null;
  due_date: string | null;
  pull_request: object | null;
  repository: { full_name: string };
};
type Thread = { id: number; unread: boolean; pinned: boolean; subject: { title: string; type: string } };

const H = '/repos/alice/hello-world';

describe('simulator issues (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  const tok = (login: string) => seededToken(sim, login);
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('lists issues and pulls together unless type says which, newest first, with paging headers', async () => {
    const all = await callApi<Issue[]>(sim, 'GET', `${H}/issues?state=all`);
    expect(all.body.map((i) => i.number)).toEqual([4, 3, 2, 1, 5]);
    expect(all.headers.get('x-total-count')).toBe('5');
    const issues = await callApi<Issue[]>(sim, 'GET', `${H}/issues?state=all&type=issues`);
    expect(issues.body.every((i) => i.pull_request === null)).toBe(true);
    const pulls = await callApi<Issue[]>(sim, 'GET', `${H}/issues?state=all&type=pulls`);
    expect(pulls.body.map((i) => i.number).sort()).toEqual([1, 2]);
    const open = await callApi<Issue[]>(sim, 'GET', `${H}/issues?type=issues`);
    expect(open.body.map((i) => i.number)).toEqual([4, 3]);
    const paged = await callApi<Issue[]>(sim, 'GET', `${H}/issues?type=issues&limit=1`);
    expect(paged.body).toHaveLength(1);
    expect(paged.headers.get('link')).toContain('rel="next"');
  });

  it('filters by label names and milestone, discarding unknown label names', async () => {
    const bugs = await callApi<Issue[]>(sim, 'GET', `${H}/issues?labels=bug&type=issues`);
    expect(bugs.body.map((i) => i.title)).toEqual(['Greeting ignores the locale']);
    const unknown = await callApi<Issue[]>(sim, 'GET', `${H}/issues?labels=nope&type=issues`);
    expect(unknown.body.map((i) => i.number)).toEqual([4, 3]);
    const closed = await callApi<Issue[]>(sim, 'GET', `${H}/issues?state=closed&milestones=v0.9`);
    expect(closed.body.map((i) => i.title)).toEqual(['Typo in README']);
    // The repository list wants every named label; the cross-repository search any of them.
    const both = await callApi<Issue[]>(sim, 'GET', `${H}/issues?labels=bug,enhancement&type=issues`);
    expect(both.body).toEqual([]);
    const anyOf = await callApi<Issue[]>(sim, 'GET', '/repos/issues/search?labels=bug,enhancement', {
      token: tok('alice'),
    });
    expect(anyOf.body.map((i) => i.number).sort()).toEqual([3, 4]);
  });

  it('answers 404 for an unknown created_by user', async () => {
    expect((await callApi(sim, 'GET', `${H}/issues?created_by=nobody`)).status).toBe(404);
    const bobs = await callApi<Issue[]>(sim, 'GET', `${H}/issues?created_by=bob&state=all&type=issues`);
    expect(bobs.body.map((i) => i.number)).toEqual([3, 5]);
  });

  it("drops a reader's labels, milestone and assignees on create, and keeps a writer's", async () => {
    const body = { title: 'From carol', labels: [1], milestone: 1, assignees: ['alice'] };
    const reader = await callApi<Issue>(sim, 'POST', `${H}/issues`, { token: tok('carol'), json: body });
    expect(reader.status).toBe(201);
    expect(reader.body).toMatchObject({ labels: [], milestone: null, assignees: null });
    const writer = await callApi<Issue>(sim, 'POST', `${H}/issues`, { token: tok('bob'), json: body });
    expect(writer.body.labels.map((l) => l.name)).toEqual(['bug']);
    expect(writer.body.milestone?.title).toBe('v1.1');
    expect(writer.body.assignees?.map((a) => a.login)).toEqual(['alice']);
  });

  it('refuses a missing title and an assignee who cannot write', async () => {
    const untitled = await callApi<{ message: string }>(sim, 'POST', `${H}/issues`, { token: tok('bob'), json: {} });
    expect(untitled.status).toBe(422);
    expect(untitled.body.message).toBe('[Title]: Required');
    const assignee = await callApi<{ message: string }>(sim, 'POST', `${H}/issues`, {
      token: tok('bob'),
      json: { title: 'x', assignees: ['dave'] },
    });
    expect(assignee.status).toBe(422);
    expect(assignee.body.message).toMatch(
      /^user doesn't have access to repo \[user_id: \d+, repo_name: hello-world\]$/,
    );
  });

  it('answers 201 to an edit, and a bodiless 403 to a reader editing somebody else’s issue', async () => {
    const edited = await callApi<Issue>(sim, 'PATCH', `${H}/issues/4`, {
      token: tok('alice'),
      json: { state: 'closed', due_date: '2030-05-01T08:00:00Z' },
    });
    expect(edited.status).toBe(201);
    expect(edited.body).toMatchObject({ state: 'closed', due_date: '2030-05-01T23:59:59Z' });
    const poster = await callApi<Issue>(sim, 'PATCH', `${H}/issues/4`, {
      token: tok('carol'),
      json: { state: 'open' },
    });
    expect(poster.status).toBe(201);
    const stranger = await callApi(sim, 'PATCH', `${H}/issues/3`, { token: tok('carol'), json: { title: 'mine now' } });
    expect(stranger.status).toBe(403);
    expect(stranger.text).toBe('');
  });

  it('lets the poster or a writer change comments, and nobody else', async () => {
    const posted = await callApi<{ id: number }>(sim, 'POST', `${H}/issues/3/comments`, {
      token: tok('carol'),
      json: { body: 'carol was here' },
    });
    expect(posted.status).toBe(201);
    const url = `${H}/issues/comments/${posted.body.id}`;
    const dave = await callApi(sim, 'PATCH', url, { token: tok('dave'), json: { body: 'dave' } });
    expect(dave.status).toBe(403);
    const empty = await callApi<{ message: string }>(sim, 'PATCH', url, { token: tok('carol'), json: { body: ' ' } });
    expect(empty.body.message).toBe('[Body]: Required');
    expect((await callApi(sim, 'DELETE', url, { token: tok('bob') })).status).toBe(204);
    expect((await callApi(sim, 'GET', url)).status).toBe(404);
    const list = await callApi<unknown[]>(sim, 'GET', `${H}/issues/3/comments`);
    expect(list.headers.get('x-total-count')).toBe(String(list.body.length));
  });

  it('takes labels by id or by name, not both, and needs write access', async () => {
    const byName = await callApi<Label[]>(sim, 'PUT', `${H}/issues/4/labels`, {
      token: tok('bob'),
      json: { labels: ['documentation', 'no-such'] },
    });
    expect(byName.body.map((l) => l.name)).toEqual(['documentation']);
    const mixed = await callApi<{ message: string }>(sim, 'POST', `${H}/issues/4/labels`, {
      token: tok('bob'),
      json: { labels: [1, 'bug'] },
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.message).toBe('labels should be an array of strings or integers');
    const reader = await callApi<{ message: string }>(sim, 'POST', `${H}/issues/4/labels`, {
      token: tok('carol'),
      json: { labels: [1] },
    });
    expect(reader.status).toBe(403);
    expect(reader.body.message).toBe('write permission is required');
    const clear = await callApi(sim, 'DELETE', `${H}/issues/4/labels`, { token: tok('carol') });
    expect(clear.status).toBe(403);
    expect(clear.text).toBe('');
  });

  it("offers an organization's labels on its repositories and only owners change them", async () => {
    const plat = '/repos/acme/platform';
    const added = await callApi<Label[]>(sim, 'POST', `${plat}/issues/1/labels`, {
      token: tok('bob'),
      json: { labels: ['priority/high'] },
    });
    expect(added.body.map((l) => l.url)).toEqual([expect.stringMatching(/\/api\/v1\/orgs\/acme\/labels\/\d+$/)]);
    const notOwner = await callApi<{ message: string }>(sim, 'POST', '/orgs/acme/labels', {
      token: tok('bob'),
      json: { name: 'x', color: '#000000' },
    });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.message).toBe('Must be an organization owner');
    const badColor = await callApi<{ message: string }>(sim, 'POST', `${H}/labels`, {
      token: tok('alice'),
      json: { name: 'x', color: 'blue' },
    });
    expect(badColor.status).toBe(422);
    expect(badColor.body.message).toBe('bad color code: blue');
  });

  it('finds a milestone by id or title, and readers cannot create one', async () => {
    expect((await callApi<{ id: number }>(sim, 'GET', `${H}/milestones/v1.1`)).body.id).toBe(1);
    expect((await callApi<{ title: string }>(sim, 'GET', `${H}/milestones/2`)).body.title).toBe('v0.9');
    const reader = await callApi<{ message: string }>(sim, 'POST', `${H}/milestones`, {
      token: tok('carol'),
      json: { title: 'nope' },
    });
    expect(reader.status).toBe(403);
    expect(reader.body.message).toBe('user should have a permission to write to a repo');
  });

  it('tracks time for writers only, and shows non-writers their own times only', async () => {
    const added = await callApi<{ time: number; user_name: string }>(sim, 'POST', `${H}/issues/3/times`, {
      token: tok('bob'),
      json: { time: 120 },
    });
    expect(added.body).toMatchObject({ time: 120, user_name: 'bob' });
    const reader = await callApi(sim, 'POST', `${H}/issues/3/times`, { token: tok('carol'), json: { time: 5 } });
    expect(reader.status).toBe(403);
    expect(reader.text).toBe('');
    const own = await callApi<unknown[]>(sim, 'GET', `${H}/issues/3/times`, { token: tok('carol') });
    expect(own.body).toEqual([]);
    const others = await callApi<{ message: string }>(sim, 'GET', `${H}/times?user=bob`, { token: tok('carol') });
    expect(others.status).toBe(403);
    expect(others.body.message).toBe('query by user not allowed; not enough rights');
    const writer = await callApi<{ user_name: string }[]>(sim, 'GET', `${H}/times`, { token: tok('alice') });
    expect(writer.body.map((t) => t.user_name).sort()).toEqual(['alice', 'bob']);
  });

  it("answers Gitea's conflict texts for stopwatches", async () => {
    const sw = `${H}/issues/3/stopwatch`;
    expect((await callApi(sim, 'POST', `${sw}/start`, { token: tok('bob') })).status).toBe(201);
    const again = await callApi<{ message: string }>(sim, 'POST', `${sw}/start`, { token: tok('bob') });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('cannot start a stopwatch again if it already exists');
    const running = await callApi<{ issue_index: number; repo_name: string }[]>(sim, 'GET', '/user/stopwatches', {
      token: tok('bob'),
    });
    expect(running.body).toEqual([expect.objectContaining({ issue_index: 3, repo_name: 'hello-world' })]);
    expect((await callApi(sim, 'POST', `${sw}/stop`, { token: tok('bob') })).status).toBe(201);
    const none = await callApi<{ message: string }>(sim, 'DELETE', `${sw}/delete`, { token: tok('bob') });
    expect(none.status).toBe(409);
    expect(none.body.message).toBe('cannot stop/cancel a non existent stopwatch');
  });

  it("notifies the repository's watchers of others' issues and comments, not the doer", async () => {
    const before = await callApi<{ new: number }>(sim, 'GET', '/notifications/new', { token: tok('alice') });
    await callApi(sim, 'POST', `${H}/issues`, { token: tok('dave'), json: { title: 'Dave needs help' } });
    const after = await callApi<{ new: number }>(sim, 'GET', '/notifications/new', { token: tok('alice') });
    expect(after.body.new).toBe(before.body.new + 1);
    const threads = await callApi<Thread[]>(sim, 'GET', '/notifications', { token: tok('alice') });
    expect(threads.body[0]).toMatchObject({ unread: true, subject: { title: 'Dave needs help', type: 'Issue' } });
    const daves = await callApi<Thread[]>(sim, 'GET', '/notifications', { token: tok('dave') });
    expect(daves.body).toEqual([]);
  });

  it('marks threads with 205, and refuses another user’s thread', async () => {
    const [first] = (await callApi<Thread[]>(sim, 'GET', '/notifications', { token: tok('alice') })).body;
    if (!first) throw new Error('alice has no notification');
    const thread = `/notifications/threads/${first.id}`;
    const pinned = await callApi(sim, 'PATCH', `${thread}?to-status=pinned`, { token: tok('alice') });
    expect(pinned.status).toBe(205);
    expect((await callApi<Thread>(sim, 'GET', thread, { token: tok('alice') })).body.pinned).toBe(true);
    const bob = await callApi<{ message: string }>(sim, 'GET', thread, { token: tok('bob') });
    expect(bob.status).toBe(403);
    expect(bob.body.message).toBe(`only user itself and admin are allowed to read/change this thread ${first.id}`);
    expect((await callApi(sim, 'PUT', '/notifications', { token: tok('alice') })).status).toBe(205);
    const unread = await callApi<Thread[]>(sim, 'GET', '/notifications?status-types=unread', { token: tok('alice') });
    expect(unread.body).toEqual([]);
  });

  it('searches issues across visible repositories only', async () => {
    const alice = await callApi<Issue[]>(sim, 'GET', '/repos/issues/search?q=deploy', { token: tok('alice') });
    expect(alice.body.map((i) => i.repository.full_name)).toEqual(['acme/platform']);
    const dave = await callApi<Issue[]>(sim, 'GET', '/repos/issues/search?q=deploy', { token: tok('dave') });
    expect(dave.body).toEqual([]);
    const publicOnly = await addScopedToken(sim, 'alice', 'read:issue,public-only');
    const limited = await callApi<Issue[]>(sim, 'GET', '/repos/issues/search?q=deploy', { token: publicOnly });
    expect(limited.body).toEqual([]);
  });

  it('puts issue routes under the issue scope and notifications under notification', async () => {
    const repoOnly = await addScopedToken(sim, 'alice', 'read:repository');
    const issues = await callApi<{ message: string }>(sim, 'GET', `${H}/issues`, { token: repoOnly });
    expect(issues.status).toBe(403);
    expect(issues.body.message).toMatch(/required=\[read:issue\]/);
    const notes = await callApi<{ message: string }>(sim, 'GET', '/notifications', { token: repoOnly });
    expect(notes.body.message).toMatch(/required=\[read:notification\]/);
    const readIssue = await addScopedToken(sim, 'alice', 'read:issue');
    const write = await callApi<{ message: string }>(sim, 'POST', `${H}/issues`, {
      token: readIssue,
      json: { title: 'x' },
    });
    expect(write.status).toBe(403);
    expect(write.body.message).toMatch(/required=\[write:issue\]/);
  });

  it('hides the issues of a private repository from outsiders with a 404', async () => {
    expect((await callApi(sim, 'GET', '/repos/acme/platform/issues/1', { token: tok('dave') })).status).toBe(404);
    expect((await callApi(sim, 'GET', '/repos/alice/secret-notes/issues')).status).toBe(404);
  });
});
