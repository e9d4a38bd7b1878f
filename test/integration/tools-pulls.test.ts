/**
 * The `pulls` toolset (list_pull_requests, pull_request_read,
 * pull_request_write, merge_pull_request, pull_request_review_write,
 * delete_pull_request_review) through the official MCP SDK client, the
 * gateway and the simulator: every method, each merge style really merging in
 * git, the diff byte cap and its continuation, and the refusals a user meets.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DIFF_BYTES } from '../../src/tools/shape.js';
import { failTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';
import { apiAs } from '../support/sim.js';

let h: ToolHarness;
let alice: Client;
let bob: Client;
let carol: Client;

const repo = { owner: 'alice', repo: 'hello-world' };

interface PullSummary {
  number: number;
  title: string;
  state: string;
  author?: string;
  head?: string;
  base?: string;
  labels?: { id: number; name: string }[];
  milestone?: string;
  merged?: boolean;
  requestedReviewers?: string[];
}
interface Review {
  id: number;
  reviewer?: string;
  state: string;
  body?: string;
  comments?: number;
  dismissed?: boolean;
}

/** Seeded pulls: the merged README one and the open feature/greeting one (numbers found at run time). */
let mergedSeed: PullSummary;
let openSeed: PullSummary;

beforeAll(async () => {
  h = await startToolHarness();
  alice = await h.connectAs('alice');
  bob = await h.connectAs('bob');
  carol = await h.connectAs('carol');
  const all = await okTool(alice, 'list_pull_requests', { ...repo, state: 'all', perPage: 50 });
  const pulls = all.pullRequests as PullSummary[];
  const find = (title: string) => {
    const p = pulls.find((x) => x.title === title);
    if (!p) throw new Error(`seeded pull "${title}" missing`);
    return p;
  };
  mergedSeed = find('Document the --name option');
  openSeed = find('Greet in several languages');
});

afterAll(async () => {
  await h?.close();
});

let branchCounter = 0;
let fixtureCounter = 0;

/**
 * A fresh repository label "pr-ready-N" and milestone "pr-milestone-N", made
 * through Gitea's API as alice, so a test that filters by them sees only its
 * own pull requests.
 */
async function labelAndMilestone(): Promise<{
  labelId: number;
  label: string;
  milestoneId: number;
  milestone: string;
}> {
  fixtureCounter += 1;
  const label = await apiAs<{ id: number; name: string }>(h.sim, 'alice', 'POST', '/repos/alice/hello-world/labels', {
    json: { name: `pr-ready-${fixtureCounter}`, color: '#0e8a16' },
  });
  const milestone = await apiAs<{ id: number; title: string }>(
    h.sim,
    'alice',
    'POST',
    '/repos/alice/hello-world/milestones',
    { json: { title: `pr-milestone-${fixtureCounter}` } },
  );
  return { labelId: label.id, label: label.name, milestoneId: milestone.id, milestone: milestone.title };
}

/** Commits `files` on a new branch off main as `client` and opens a pull request for it. */
async function openPull(
  client: Client,
  title: string,
  files: { path: string; content: string }[],
  extra: Record<string, unknown> = {},
): Promise<{ number: number; branch: string }> {
  branchCounter += 1;
  const branch = `test/pr-${branchCounter}`;
  await okTool(client, 'create_or_update_file', {
    ...repo,
    message: `${title} (commit)`,
    files,
    branch: 'main',
    newBranch: branch,
  });
  const created = await okTool(client, 'pull_request_write', {
    method: 'create',
    ...repo,
    head: branch,
    base: 'main',
    title,
    ...extra,
  });
  expect(created).toMatchObject({ title, state: 'open', head: branch, base: 'main' });
  return { number: created.number as number, branch };
}

async function mainTip(): Promise<{ sha: string; parents: string[]; message: string }> {
  const c = await okTool(alice, 'get_commit', { ...repo, sha: 'main' });
  return { sha: c.sha as string, parents: c.parents as string[], message: c.message as string };
}

describe('list_pull_requests', () => {
  it('lists by state, sort, base and author', async () => {
    const open = await okTool(alice, 'list_pull_requests', repo);
    const openNumbers = (open.pullRequests as PullSummary[]).map((p) => p.number);
    expect(openNumbers).toContain(openSeed.number);
    expect(openNumbers).not.toContain(mergedSeed.number);
    expect(open).toMatchObject({ page: 1, perPage: 30, nextPage: null });

    const closed = await okTool(alice, 'list_pull_requests', { ...repo, state: 'closed' });
    const closedList = closed.pullRequests as PullSummary[];
    expect(closedList.map((p) => p.number)).toEqual([mergedSeed.number]);
    // The seeded head branch was deleted on merge: Gitea's head.ref is refs/pull/1/head, head.label keeps the name.
    expect(closedList[0]).toMatchObject({
      merged: true,
      author: 'bob',
      base: 'main',
      head: 'docs/name-option',
      headBranchDeleted: true,
    });
    // Compact: users as logins, no nested objects.
    expect(closedList[0]).not.toHaveProperty('user');
    expect(typeof closedList[0]?.author).toBe('string');

    const oldest = await okTool(alice, 'list_pull_requests', { ...repo, state: 'all', sort: 'oldest', perPage: 1 });
    expect((oldest.pullRequests as PullSummary[]).map((p) => p.number)).toEqual([mergedSeed.number]);
    expect(oldest.nextPage).toBe(2);

    const byBase = await okTool(alice, 'list_pull_requests', { ...repo, state: 'all', base: 'develop' });
    expect(byBase.pullRequests).toEqual([]);
    const byAuthor = await okTool(alice, 'list_pull_requests', { ...repo, state: 'all', author: 'alice' });
    expect((byAuthor.pullRequests as PullSummary[]).every((p) => p.author === 'alice')).toBe(true);
    expect((byAuthor.pullRequests as PullSummary[]).map((p) => p.number)).not.toContain(openSeed.number);
  });

  it('filters by label and milestone', async () => {
    const { labelId, label, milestoneId, milestone } = await labelAndMilestone();
    const { number } = await openPull(alice, 'Labelled pull', [{ path: 'labelled.txt', content: 'l\n' }], {
      labels: [String(labelId)],
      milestone: String(milestoneId),
    });
    const byLabel = await okTool(alice, 'list_pull_requests', { ...repo, state: 'all', labels: [String(labelId)] });
    expect((byLabel.pullRequests as PullSummary[]).map((p) => p.number)).toEqual([number]);
    expect((byLabel.pullRequests as PullSummary[])[0]).toMatchObject({
      labels: [{ id: labelId, name: label }],
      milestone,
    });
    const byMilestone = await okTool(alice, 'list_pull_requests', { ...repo, state: 'all', milestone: milestoneId });
    expect((byMilestone.pullRequests as PullSummary[]).map((p) => p.number)).toEqual([number]);

    const cleared = await okTool(alice, 'pull_request_write', { method: 'update', ...repo, index: number, labels: [] });
    expect(cleared.labels).toBeUndefined();
    const after = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: number });
    expect(after).toMatchObject({ labels: [], milestone: { id: milestoneId, title: milestone } });
    const none = await okTool(alice, 'list_pull_requests', { ...repo, state: 'all', labels: [String(labelId)] });
    expect(none.pullRequests).toEqual([]);
    // Gitea's pull request edit ignores milestone 0, so removal is refused with the way that works.
    const unset = await failTool(alice, 'pull_request_write', {
      method: 'update',
      ...repo,
      index: number,
      milestone: 'none',
    });
    expect(unset).toMatch(/use issue_write method update with milestone "none"/);
    await okTool(alice, 'pull_request_write', { method: 'update', ...repo, index: number, state: 'closed' });
  });
});

describe('pull_request_read', () => {
  it('get: the open and the merged seeded pull requests', async () => {
    const open = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: openSeed.number });
    expect(open).toMatchObject({
      number: openSeed.number,
      title: 'Greet in several languages',
      state: 'open',
      author: 'bob',
      head: 'feature/greeting',
      base: 'main',
      body: 'Adds German and French greetings behind an optional `lang` parameter.',
      requestedReviewers: ['carol'],
      nextBodyOffset: null,
    });
    expect(open.headSha).toMatch(/^[0-9a-f]{40}$/);
    const merged = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: mergedSeed.number });
    expect(merged).toMatchObject({ state: 'closed', merged: true, mergedBy: 'alice' });
    expect(merged.mergeCommitSha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('get_files, get_commits and get_status', async () => {
    const files = await okTool(alice, 'pull_request_read', { method: 'get_files', ...repo, index: openSeed.number });
    const paths = (files.files as { path: string; status: string }[]).map((f) => f.path);
    expect(paths).toContain('src/greet.ts');
    const greet = (files.files as { path: string; status: string; additions: number }[]).find(
      (f) => f.path === 'src/greet.ts',
    );
    expect(greet?.additions).toBeGreaterThan(0);

    const commits = await okTool(alice, 'pull_request_read', {
      method: 'get_commits',
      ...repo,
      index: openSeed.number,
    });
    const list = commits.commits as { sha: string; subject: string }[];
    expect(list.length).toBeGreaterThan(0);
    const detail = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: openSeed.number });
    expect(list.map((c) => c.sha)).toContain(detail.headSha);

    const status = await okTool(alice, 'pull_request_read', { method: 'get_status', ...repo, index: openSeed.number });
    expect(status).toMatchObject({
      index: openSeed.number,
      state: 'open',
      merged: false,
      mergeable: true,
      headSha: detail.headSha,
      base: 'main',
      checksState: 'failure',
      total: 2,
      nextPage: null,
    });
    expect(status.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ context: 'ci/build', status: 'success' }),
        expect.objectContaining({ context: 'ci/lint', status: 'failure', description: '2 lint errors' }),
      ]),
    );
    expect(status.note).toMatch(/CI reports failure/);
    const mergedStatus = await okTool(alice, 'pull_request_read', {
      method: 'get_status',
      ...repo,
      index: mergedSeed.number,
    });
    expect(mergedStatus).toMatchObject({ merged: true, note: 'Already merged.' });
  });

  it('get_reviews, get_review and get_review_comments', async () => {
    const reviews = await okTool(alice, 'pull_request_read', {
      method: 'get_reviews',
      ...repo,
      index: openSeed.number,
    });
    const list = reviews.reviews as Review[];
    expect(reviews.requestedReviewers).toEqual(['carol']);
    expect(list.map((r) => [r.reviewer, r.state])).toEqual(
      expect.arrayContaining([
        ['alice', 'REQUEST_CHANGES'],
        ['admin', 'COMMENT'],
      ]),
    );
    const changes = list.find((r) => r.state === 'REQUEST_CHANGES');
    if (!changes) throw new Error('no change request');
    const one = await okTool(alice, 'pull_request_read', {
      method: 'get_review',
      ...repo,
      index: openSeed.number,
      reviewId: changes.id,
    });
    expect(one).toMatchObject({
      id: changes.id,
      reviewer: 'alice',
      state: 'REQUEST_CHANGES',
      body: 'Nice idea. Please fall back to English explicitly.',
      comments: 1,
    });
    const comments = await okTool(alice, 'pull_request_read', {
      method: 'get_review_comments',
      ...repo,
      index: openSeed.number,
      reviewId: changes.id,
    });
    expect(comments).toMatchObject({ page: 1, total: 1, nextPage: null });
    expect(comments.comments).toEqual([
      expect.objectContaining({
        reviewId: changes.id,
        author: 'alice',
        path: 'src/greet.ts',
        line: 3,
        body: 'What happens for an unknown `lang`? A test would help.',
      }),
    ]);
    const missing = await failTool(alice, 'pull_request_read', {
      method: 'get_review_comments',
      ...repo,
      index: openSeed.number,
    });
    expect(missing).toMatch(/parameter "reviewId" is required when method is "get_review_comments"/);
  });

  it('get_diff is capped by bytes, cut at line ends, and continues from nextDiffOffset', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${String(i + 1).padStart(4, '0')} ${'x'.repeat(40)}`);
    const content = `${lines.join('\n')}\n`;
    const { number } = await openPull(alice, 'Add a big file', [
      { path: 'big/data.txt', content },
      { path: 'big/small.txt', content: 'small\n' },
    ]);
    const chunks: string[] = [];
    let offset: number | null = 0;
    let calls = 0;
    let total = 0;
    while (offset !== null) {
      const part: Record<string, unknown> = await okTool(alice, 'pull_request_read', {
        method: 'get_diff',
        ...repo,
        index: number,
        diffOffset: offset,
      });
      const text = part.diff as string;
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_DIFF_BYTES);
      expect(part.diffOffset).toBe(offset);
      total = part.diffTotalBytes as number;
      const next = part.nextDiffOffset as number | null;
      if (next !== null) {
        expect(text.endsWith('\n')).toBe(true);
        expect(part.note).toMatch(new RegExp(`diffOffset=${next}`));
        expect(next).toBe(offset + Buffer.byteLength(text));
      } else expect(part.note).toBeUndefined();
      chunks.push(text);
      offset = next;
      calls += 1;
    }
    expect(calls).toBeGreaterThanOrEqual(2);
    const whole = chunks.join('');
    expect(Buffer.byteLength(whole)).toBe(total);
    expect(total).toBeGreaterThan(MAX_DIFF_BYTES);
    expect(whole).toMatch(/^diff --git a\/big\/data\.txt b\/big\/data\.txt/);
    expect(whole).toContain(`+line 3000 ${'x'.repeat(40)}\n`);
    expect(whole).toContain('+small\n');

    // Changed files are paged too.
    const first = await okTool(alice, 'pull_request_read', { method: 'get_files', ...repo, index: number, perPage: 1 });
    expect(first).toMatchObject({ page: 1, perPage: 1, total: 2, nextPage: 2 });
    expect(first.files).toEqual([expect.objectContaining({ path: 'big/data.txt', status: 'added', additions: 3000 })]);
    const second = await okTool(alice, 'pull_request_read', {
      method: 'get_files',
      ...repo,
      index: number,
      perPage: 1,
      page: 2,
    });
    expect(second).toMatchObject({ nextPage: null, files: [expect.objectContaining({ path: 'big/small.txt' })] });
    await okTool(alice, 'pull_request_write', { method: 'update', ...repo, index: number, state: 'closed' });
  });
});

describe('pull_request_write', () => {
  it('create and update: title, body, state, base, assignees, labels, milestone, due date', async () => {
    const { labelId, label, milestoneId, milestone } = await labelAndMilestone();
    const { number } = await openPull(bob, 'Bob adds notes', [{ path: 'notes/bob.md', content: '# Notes\n' }], {
      body: 'First\u202E draft',
      assignees: ['alice'],
      labels: [String(labelId)],
      milestone: String(milestoneId),
      dueDate: '2031-05-01',
    });
    const got = await okTool(bob, 'pull_request_read', { method: 'get', ...repo, index: number });
    expect(got).toMatchObject({
      author: 'bob',
      assignees: ['alice'],
      labels: [{ id: labelId, name: label }],
      milestone: { id: milestoneId, title: milestone },
      // Bidi override stripped from what the model reads.
      body: 'First draft',
    });
    expect(got.dueDate).toMatch(/^2031-05-01/);

    const edited = await okTool(bob, 'pull_request_write', {
      method: 'update',
      ...repo,
      index: number,
      title: 'Bob adds notes (v2)',
      body: 'Second draft',
      assignees: ['bob'],
      dueDate: 'none',
    });
    expect(edited).toMatchObject({ number, title: 'Bob adds notes (v2)', milestone });
    const reread = await okTool(bob, 'pull_request_read', { method: 'get', ...repo, index: number });
    expect(reread).toMatchObject({ body: 'Second draft', assignees: ['bob'] });
    expect(reread.dueDate).toBeUndefined();

    const closed = await okTool(bob, 'pull_request_write', {
      method: 'update',
      ...repo,
      index: number,
      state: 'closed',
    });
    expect(closed).toMatchObject({ state: 'closed' });
    const closedList = await okTool(bob, 'list_pull_requests', { ...repo, state: 'closed' });
    expect((closedList.pullRequests as PullSummary[]).map((p) => p.number)).toContain(number);
    const reopened = await okTool(bob, 'pull_request_write', {
      method: 'update',
      ...repo,
      index: number,
      state: 'open',
    });
    expect(reopened).toMatchObject({ state: 'open' });

    const rebased = await okTool(bob, 'pull_request_write', {
      method: 'update',
      ...repo,
      index: number,
      base: 'develop',
    });
    expect(rebased).toMatchObject({ base: 'develop' });
    const onDevelop = await okTool(bob, 'list_pull_requests', { ...repo, base: 'develop' });
    expect((onDevelop.pullRequests as PullSummary[]).map((p) => p.number)).toEqual([number]);
    await okTool(bob, 'pull_request_write', { method: 'update', ...repo, index: number, base: 'main' });

    const nothing = await failTool(bob, 'pull_request_write', { method: 'update', ...repo, index: number });
    expect(nothing).toMatch(/update needs at least one of title/);
    const noTitle = await failTool(bob, 'pull_request_write', {
      method: 'create',
      ...repo,
      head: 'develop',
      base: 'main',
    });
    expect(noTitle).toMatch(/parameter "title" is required when method is "create"/);
    const badBase = await failTool(bob, 'pull_request_write', {
      method: 'update',
      ...repo,
      index: number,
      base: 'no-such-branch',
    });
    expect(badBase).toMatch(/not found|not exist/);
  });

  it('draft: create prefixes the title with "WIP: ", update removes or adds it, summaries say draft (issue #14)', async () => {
    await okTool(bob, 'create_or_update_file', {
      ...repo,
      message: 'Draft notes',
      files: [{ path: 'notes/draft.md', content: 'draft\n' }],
      branch: 'main',
      newBranch: 'test/pr-draft',
    });
    const created = await okTool(bob, 'pull_request_write', {
      method: 'create',
      ...repo,
      head: 'test/pr-draft',
      base: 'main',
      title: 'Bob drafts',
      draft: true,
    });
    expect(created).toMatchObject({ title: 'WIP: Bob drafts', draft: true });
    const number = created.number as number;
    const got = await okTool(bob, 'pull_request_read', { method: 'get', ...repo, index: number });
    expect(got).toMatchObject({ title: 'WIP: Bob drafts', draft: true });
    const ready = await okTool(bob, 'pull_request_write', { method: 'update', ...repo, index: number, draft: false });
    expect(ready).toMatchObject({ title: 'Bob drafts' });
    expect(ready.draft).toBeUndefined();
    const again = await okTool(bob, 'pull_request_write', {
      method: 'update',
      ...repo,
      index: number,
      title: '[wip] Bob drafts again',
      draft: true,
    });
    // An existing prefix (any case) is kept, not doubled.
    expect(again).toMatchObject({ title: '[wip] Bob drafts again', draft: true });
    const listed = await okTool(bob, 'list_pull_requests', { ...repo, state: 'open' });
    expect(
      (listed.pullRequests as { number: number; draft?: boolean }[]).find((p) => p.number === number),
    ).toMatchObject({ draft: true });
  });

  it('request_reviewers and remove_reviewers', async () => {
    const { number } = await openPull(bob, 'Bob wants review', [{ path: 'notes/review.md', content: 'review me\n' }]);
    const requested = await okTool(bob, 'pull_request_write', {
      method: 'request_reviewers',
      ...repo,
      index: number,
      reviewers: ['carol', 'alice'],
    });
    expect((requested.requested as Review[]).map((r) => [r.reviewer, r.state]).sort()).toEqual([
      ['alice', 'REQUEST_REVIEW'],
      ['carol', 'REQUEST_REVIEW'],
    ]);
    const got = await okTool(bob, 'pull_request_read', { method: 'get', ...repo, index: number });
    expect((got.requestedReviewers as string[]).sort()).toEqual(['alice', 'carol']);

    const removed = await okTool(bob, 'pull_request_write', {
      method: 'remove_reviewers',
      ...repo,
      index: number,
      reviewers: ['carol'],
    });
    expect(removed).toMatchObject({ removed: true, index: number, reviewers: ['carol'] });
    const after = await okTool(bob, 'pull_request_read', { method: 'get', ...repo, index: number });
    expect(after.requestedReviewers).toEqual(['alice']);

    const none = await failTool(bob, 'pull_request_write', { method: 'request_reviewers', ...repo, index: number });
    expect(none).toMatch(/request_reviewers needs reviewers or teamReviewers/);
    const self = await failTool(bob, 'pull_request_write', {
      method: 'request_reviewers',
      ...repo,
      index: number,
      reviewers: ['bob'],
    });
    expect(self).toMatch(/poster of pr can't be reviewer/);
  });

  it('update_branch merges the base into the head, or rebases the head onto it', async () => {
    const behind = await openPull(alice, 'Behind main', [{ path: 'upd/a.txt', content: 'a\n' }]);
    const before = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: behind.number });
    // Move main on.
    const ahead = await openPull(alice, 'Moves main', [{ path: 'upd/b.txt', content: 'b\n' }]);
    await okTool(alice, 'merge_pull_request', { ...repo, index: ahead.number, style: 'merge' });

    const merged = await okTool(alice, 'pull_request_write', {
      method: 'update_branch',
      ...repo,
      index: behind.number,
    });
    expect(merged).toMatchObject({ updated: true, index: behind.number, style: 'merge' });
    expect(merged.headSha).not.toBe(before.headSha);
    const commits = await okTool(alice, 'pull_request_read', { method: 'get_commits', ...repo, index: behind.number });
    const subjects = (commits.commits as { subject: string }[]).map((c) => c.subject);
    expect(subjects).toContain(`Merge branch 'main' into ${behind.branch}`);
    const tree = await okTool(alice, 'get_file_contents', { ...repo, path: 'upd/b.txt', ref: behind.branch });
    expect(tree.content).toBe('b');

    const ahead2 = await openPull(alice, 'Moves main again', [{ path: 'upd/c.txt', content: 'c\n' }]);
    await okTool(alice, 'merge_pull_request', { ...repo, index: ahead2.number, style: 'merge' });
    const rebased = await okTool(alice, 'pull_request_write', {
      method: 'update_branch',
      ...repo,
      index: behind.number,
      updateStyle: 'rebase',
    });
    expect(rebased).toMatchObject({ updated: true, style: 'rebase' });
    expect(rebased.headSha).not.toBe(merged.headSha);
    const afterRebase = await okTool(alice, 'pull_request_read', {
      method: 'get_commits',
      ...repo,
      index: behind.number,
    });
    // A rebase leaves the pull's own commit on top of main, with no merge commit.
    expect((afterRebase.commits as { subject: string }[]).map((c) => c.subject)).toEqual(['Behind main (commit)']);
    const c = await okTool(alice, 'get_file_contents', { ...repo, path: 'upd/c.txt', ref: behind.branch });
    expect(c.content).toBe('c');
    await okTool(alice, 'pull_request_write', { method: 'update', ...repo, index: behind.number, state: 'closed' });
  });
});

describe('merge_pull_request', () => {
  it('merge: a merge commit with two parents and the given title and message', async () => {
    const p = await openPull(alice, 'Merge style', [{ path: 'styles/merge.txt', content: 'merge\n' }]);
    const res = await okTool(alice, 'merge_pull_request', {
      ...repo,
      index: p.number,
      style: 'merge',
      title: 'Custom merge title',
      message: 'Custom merge body',
    });
    expect(res).toMatchObject({ merged: true, index: p.number, style: 'merge', state: 'closed', mergedBy: 'alice' });
    const tip = await mainTip();
    expect(tip.parents).toHaveLength(2);
    expect(tip.message).toMatch(/^Custom merge title\n\nCustom merge body/);
    expect(res.mergeCommitSha).toBe(tip.sha);
    const file = await okTool(alice, 'get_file_contents', { ...repo, path: 'styles/merge.txt', ref: 'main' });
    expect(file.content).toBe('merge');
    const status = await okTool(alice, 'pull_request_read', { method: 'get_status', ...repo, index: p.number });
    expect(status).toMatchObject({ merged: true, state: 'closed' });
  });

  it('rebase: the commit replayed onto main, no merge commit', async () => {
    const p = await openPull(alice, 'Rebase style', [{ path: 'styles/rebase.txt', content: 'rebase\n' }]);
    const before = await mainTip();
    const res = await okTool(alice, 'merge_pull_request', { ...repo, index: p.number, style: 'rebase' });
    expect(res).toMatchObject({ merged: true, style: 'rebase', state: 'closed' });
    const tip = await mainTip();
    expect(tip.parents).toEqual([before.sha]);
    expect(tip.message.trim()).toBe('Rebase style (commit)');
  });

  it('rebase-merge: rebased, then a merge commit', async () => {
    const p = await openPull(alice, 'Rebase-merge style', [{ path: 'styles/rm.txt', content: 'rm\n' }]);
    const before = await mainTip();
    const res = await okTool(alice, 'merge_pull_request', { ...repo, index: p.number, style: 'rebase-merge' });
    expect(res).toMatchObject({ merged: true, style: 'rebase-merge' });
    const tip = await mainTip();
    expect(tip.parents).toHaveLength(2);
    expect(tip.parents[0]).toBe(before.sha);
  });

  it('squash: one new commit with the given title, head branch deleted on request', async () => {
    const p = await openPull(alice, 'Squash style', [{ path: 'styles/squash.txt', content: 'squash\n' }]);
    await okTool(alice, 'create_or_update_file', {
      ...repo,
      message: 'second commit',
      files: [{ path: 'styles/squash2.txt', content: 'two\n' }],
      branch: p.branch,
    });
    const before = await mainTip();
    const res = await okTool(alice, 'merge_pull_request', {
      ...repo,
      index: p.number,
      style: 'squash',
      title: 'Squashed: two files',
      deleteBranch: true,
    });
    expect(res).toMatchObject({ merged: true, style: 'squash' });
    const tip = await mainTip();
    expect(tip.parents).toEqual([before.sha]);
    expect(tip.message).toMatch(/^Squashed: two files/);
    const two = await okTool(alice, 'get_file_contents', { ...repo, path: 'styles/squash2.txt', ref: 'main' });
    expect(two.content).toBe('two');
    const gone = await failTool(alice, 'get_file_contents', { ...repo, path: 'styles/squash.txt', ref: p.branch });
    expect(gone).toMatch(new RegExp(`"${p.branch}" is not a branch, tag or commit of alice/hello-world`));
    const branches = await okTool(alice, 'list_branches', { ...repo, perPage: 50 });
    expect(branches.nextPage).toBeNull();
    expect((branches.branches as { name: string }[]).map((b) => b.name)).not.toContain(p.branch);
  });

  it('fast-forward-only: main moves to the head commit itself', async () => {
    const p = await openPull(alice, 'FF style', [{ path: 'styles/ff.txt', content: 'ff\n' }]);
    const head = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: p.number });
    const res = await okTool(alice, 'merge_pull_request', {
      ...repo,
      index: p.number,
      style: 'fast-forward-only',
      headSha: head.headSha,
    });
    expect(res).toMatchObject({ merged: true, style: 'fast-forward-only', state: 'closed' });
    expect((await mainTip()).sha).toBe(head.headSha);
    const list = await okTool(alice, 'list_pull_requests', { ...repo, state: 'closed', perPage: 50 });
    expect((list.pullRequests as PullSummary[]).find((x) => x.number === p.number)).toMatchObject({ merged: true });
  });

  it('refuses a read-only collaborator, an already merged pull and a stale headSha with a sentence', async () => {
    const p = await openPull(alice, 'Carol cannot merge this', [{ path: 'styles/carol.txt', content: 'c\n' }]);
    const carolSays = await failTool(carol, 'merge_pull_request', { ...repo, index: p.number });
    expect(carolSays).toMatch(/^Gitea refused merge_pull_request on alice\/hello-world: you do not have permission/);
    expect(carolSays).toMatch(/needs write access to the repository/);
    const still = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: p.number });
    expect(still).toMatchObject({ state: 'open' });
    expect(still.merged).toBeUndefined();

    const stale = await failTool(alice, 'merge_pull_request', { ...repo, index: p.number, headSha: '0000000' });
    expect(stale).toMatch(/^Gitea reports a conflict on alice\/hello-world\. Gitea says: "head out of date"/);
    const carolUpdates = await failTool(carol, 'pull_request_write', {
      method: 'update_branch',
      ...repo,
      index: p.number,
    });
    expect(carolUpdates).toMatch(/^Gitea refused pull_request_write on alice\/hello-world: you do not have permission/);

    const again = await failTool(alice, 'merge_pull_request', { ...repo, index: mergedSeed.number });
    expect(again).toMatch(/merged already/);
    const badSha = await failTool(alice, 'merge_pull_request', { ...repo, index: p.number, headSha: 'not-a-sha' });
    expect(badSha).toMatch(/headSha/);
    await okTool(alice, 'pull_request_write', { method: 'update', ...repo, index: p.number, state: 'closed' });
    const closed = await failTool(alice, 'merge_pull_request', { ...repo, index: p.number });
    expect(closed).toMatch(/is closed; reopen it with pull_request_write method update state=open/);
    const missing = await failTool(alice, 'merge_pull_request', { ...repo, index: 9999 });
    expect(missing).toMatch(/not found or not visible to you, or #9999 does not exist in it/);
  });
});

describe('reviews', () => {
  it('create with inline comments, dismiss and undismiss', async () => {
    const approved = await okTool(alice, 'pull_request_review_write', {
      method: 'create',
      ...repo,
      index: openSeed.number,
      event: 'APPROVED',
      body: 'Good now',
      comments: [{ path: 'src/greet.ts', body: 'Nice table', newLine: 1 }],
    });
    expect(approved).toMatchObject({ reviewer: 'alice', state: 'APPROVED', body: 'Good now', comments: 1 });
    const comments = await okTool(alice, 'pull_request_read', {
      method: 'get_review_comments',
      ...repo,
      index: openSeed.number,
      reviewId: approved.id,
    });
    expect(comments.comments).toEqual([
      expect.objectContaining({ path: 'src/greet.ts', line: 1, body: 'Nice table', author: 'alice' }),
    ]);

    const bobSays = await failTool(bob, 'pull_request_review_write', {
      method: 'dismiss',
      ...repo,
      index: openSeed.number,
      reviewId: approved.id,
    });
    expect(bobSays).toMatch(/you do not have permission.*Must be repo admin/);
    const dismissed = await okTool(alice, 'pull_request_review_write', {
      method: 'dismiss',
      ...repo,
      index: openSeed.number,
      reviewId: approved.id,
      message: 'outdated',
    });
    expect(dismissed).toMatchObject({ id: approved.id, dismissed: true });
    const undismissed = await okTool(alice, 'pull_request_review_write', {
      method: 'undismiss',
      ...repo,
      index: openSeed.number,
      reviewId: approved.id,
    });
    expect(undismissed).toMatchObject({ id: approved.id, state: 'APPROVED' });
    expect(undismissed.dismissed).toBeUndefined();

    const noLine = await failTool(alice, 'pull_request_review_write', {
      method: 'create',
      ...repo,
      index: openSeed.number,
      body: 'x',
      comments: [{ path: 'src/greet.ts', body: 'where?' }],
    });
    expect(noLine).toMatch(/comments\[0\] needs newLine or oldLine/);
    const ownApproval = await failTool(bob, 'pull_request_review_write', {
      method: 'create',
      ...repo,
      index: openSeed.number,
      event: 'APPROVED',
    });
    expect(ownApproval).toMatch(/approve your own pull is not allowed/);
    const noBody = await failTool(alice, 'pull_request_review_write', {
      method: 'create',
      ...repo,
      index: openSeed.number,
      event: 'REQUEST_CHANGES',
    });
    expect(noBody).toMatch(/REQUEST_CHANGES requires a body/);
  });

  it('a pending review is private to its author until submitted', async () => {
    const pending = await okTool(carol, 'pull_request_review_write', {
      method: 'create',
      ...repo,
      index: openSeed.number,
      event: 'PENDING',
      body: 'Draft thoughts',
      comments: [{ path: 'src/greet.ts', body: 'old line here', oldLine: 1 }],
    });
    expect(pending).toMatchObject({ reviewer: 'carol', state: 'PENDING' });
    const seenByBob = await okTool(bob, 'pull_request_read', {
      method: 'get_reviews',
      ...repo,
      index: openSeed.number,
    });
    expect((seenByBob.reviews as Review[]).map((r) => r.id)).not.toContain(pending.id);
    const comments = await okTool(carol, 'pull_request_read', {
      method: 'get_review_comments',
      ...repo,
      index: openSeed.number,
      reviewId: pending.id,
    });
    expect(comments.comments).toEqual([expect.objectContaining({ path: 'src/greet.ts', oldLine: 1 })]);

    const stay = await failTool(carol, 'pull_request_review_write', {
      method: 'submit',
      ...repo,
      index: openSeed.number,
      reviewId: pending.id,
      event: 'PENDING',
    });
    expect(stay).toMatch(/submit needs event APPROVED, REQUEST_CHANGES or COMMENT/);
    const submitted = await okTool(carol, 'pull_request_review_write', {
      method: 'submit',
      ...repo,
      index: openSeed.number,
      reviewId: pending.id,
      event: 'COMMENT',
      body: 'Final thoughts',
    });
    expect(submitted).toMatchObject({ id: pending.id, state: 'COMMENT', body: 'Final thoughts' });
    const nowSeen = await okTool(bob, 'pull_request_read', {
      method: 'get_review',
      ...repo,
      index: openSeed.number,
      reviewId: pending.id,
    });
    expect(nowSeen).toMatchObject({ reviewer: 'carol', state: 'COMMENT' });
    // Submitting replaced carol's review request.
    const pr = await okTool(bob, 'pull_request_read', { method: 'get', ...repo, index: openSeed.number });
    expect(pr.requestedReviewers).toBeUndefined();
  });

  it('delete_pull_request_review deletes a review and its comments', async () => {
    const pending = await okTool(alice, 'pull_request_review_write', {
      method: 'create',
      ...repo,
      index: openSeed.number,
      event: 'PENDING',
      body: 'Will delete',
      comments: [{ path: 'src/greet.ts', body: 'Going away', newLine: 1 }],
    });
    const reviewPath = `/repos/alice/hello-world/pulls/${openSeed.number}/reviews/${pending.id}`;
    const before = await apiAs<{ id: number }[]>(h.sim, 'alice', 'GET', `${reviewPath}/comments`);
    expect(before).toHaveLength(1);
    const bobSays = await failTool(bob, 'delete_pull_request_review', {
      ...repo,
      index: openSeed.number,
      reviewId: pending.id,
    });
    // Another user's pending review is invisible to bob.
    expect(bobSays).toMatch(/not found or not visible/);
    const deleted = await okTool(alice, 'delete_pull_request_review', {
      ...repo,
      index: openSeed.number,
      reviewId: pending.id,
    });
    expect(deleted).toEqual({ deleted: true, index: openSeed.number, reviewId: pending.id });
    const gone = await failTool(alice, 'pull_request_read', {
      method: 'get_review',
      ...repo,
      index: openSeed.number,
      reviewId: pending.id,
    });
    expect(gone).toMatch(/not found or not visible/);
    const reviews = await apiAs<{ id: number }[]>(
      h.sim,
      'alice',
      'GET',
      `/repos/alice/hello-world/pulls/${openSeed.number}/reviews`,
    );
    expect(reviews.map((r) => r.id)).not.toContain(pending.id);
    // Its inline comment went with it. No API route reaches a deleted review's comments, so read Gitea's table.
    expect(before.map((c) => h.sim.sim.state.reviewComments.has(c.id))).toEqual([false]);
  });
});

describe('visibility', () => {
  it('another user\'s private repository is "not found or not visible" to bob', async () => {
    const secret = { owner: 'alice', repo: 'secret-notes' };
    const list = await failTool(bob, 'list_pull_requests', secret);
    expect(list).toMatch(/^Repository alice\/secret-notes not found or not visible to you/);
    const read = await failTool(bob, 'pull_request_read', { method: 'get', ...secret, index: 1 });
    expect(read).toMatch(/alice\/secret-notes not found or not visible to you/);
    const merge = await failTool(bob, 'merge_pull_request', { ...secret, index: 1 });
    expect(merge).toMatch(/alice\/secret-notes not found or not visible to you/);
  });

  it('a missing pull request number is named', async () => {
    const text = await failTool(alice, 'pull_request_read', { method: 'get', ...repo, index: 9999 });
    expect(text).toMatch(/or #9999 does not exist in it/);
  });
});

describe('issue #14: truthful pull request results', () => {
  it('get on the number of an issue says it is an issue and points at issue_read', async () => {
    const issue = await okTool(alice, 'issue_write', { method: 'create', ...repo, title: 'Not a pull request' });
    const text = await failTool(alice, 'pull_request_read', { method: 'get', ...repo, index: issue.number });
    expect(text).toMatch(new RegExp(`#${issue.number} in alice/hello-world is an issue, not a pull request`));
    expect(text).toMatch(/issue_read/);
    expect(text).not.toMatch(/not found or not visible/);
  });

  it('a merged pull request whose branch was deleted still shows the branch name', async () => {
    const p = await openPull(alice, 'Branch goes away', [{ path: 'gone/branch.txt', content: 'x\n' }]);
    await okTool(alice, 'merge_pull_request', { ...repo, index: p.number, style: 'merge', deleteBranch: true });
    const read = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: p.number });
    expect(read).toMatchObject({ merged: true, head: p.branch, headBranchDeleted: true });
    const listed = await okTool(alice, 'list_pull_requests', { ...repo, state: 'closed', perPage: 50 });
    const summary = (listed.pullRequests as PullSummary[]).find((x) => x.number === p.number);
    expect(summary?.head).toBe(p.branch);
  });

  it('get_reviews shows pending review requests apart from submitted reviews', async () => {
    const p = await openPull(bob, 'Review requests apart', [{ path: 'requests/apart.txt', content: 'r\n' }]);
    await okTool(bob, 'pull_request_write', {
      method: 'request_reviewers',
      ...repo,
      index: p.number,
      reviewers: ['carol'],
    });
    const res = await okTool(alice, 'pull_request_read', { method: 'get_reviews', ...repo, index: p.number });
    expect(res).toMatchObject({ reviews: [], requestedReviewers: ['carol'], total: 1, nextPage: null });
  });

  it('labels are {id, name} in lists and in single reads alike', async () => {
    const { labelId, label } = await labelAndMilestone();
    const { number } = await openPull(alice, 'Label shape', [{ path: 'shape.txt', content: 's\n' }], {
      labels: [String(labelId)],
    });
    const listed = await okTool(alice, 'list_pull_requests', { ...repo, labels: [String(labelId)] });
    const one = (listed.pullRequests as { number: number; labels?: unknown }[]).find((x) => x.number === number);
    const read = await okTool(alice, 'pull_request_read', { method: 'get', ...repo, index: number });
    expect(one?.labels).toEqual([{ id: labelId, name: label }]);
    expect(read.labels).toEqual(one?.labels);
  });
});
