/** Simulator pull requests and reviews: lifecycle, every merge style in real git, conflicts, diffs, access rules. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../../sim/git.js';
import { commitFiles } from '../../../sim/git-write.js';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

type Pull = {
  number: number;
  title: string;
  state: string;
  merged: boolean;
  mergeable: boolean;
  merge_commit_sha: string | null;
  merged_by: { login: string } | null;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  merge_base: string;
  requested_reviewers: { login: string }[] | null;
  changed_files: number;
  additions: number;
};
type Review = { id: number; state: string; user: { login: string }; dismissed: boolean; comments_count: number };
type ChangedFile = { filename: string; status: string; additions: number };

const R = '/repos/alice/hello-world';
const sig = (name: string, hours: number) => ({
  name,
  email: `${name.toLowerCase()}@example.com`,
  date: new Date(Date.UTC(2024, 5, 1, hours)),
});

describe('simulator pull requests (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  let gitDir: string;
  const tok = (login: string) => seededToken(sim, login);
  const git = async (...args: string[]) => (await runGit(gitDir, args)).stdout.toString().trim();
  const tip = (branch: string) => git('rev-parse', `refs/heads/${branch}`);
  /** A branch off main with one commit writing `files`. */
  const branchWith = async (branch: string, files: Record<string, string>, from = 'main', hour = 1) => {
    await git('update-ref', `refs/heads/${branch}`, await tip(from));
    return commitFiles(gitDir, {
      branch,
      files: Object.entries(files).map(([path, content]) => ({ path, content })),
      message: `Change ${Object.keys(files).join(', ')}`,
      author: sig('Bob', hour),
    });
  };
  const openPull = async (head: string, title: string) => {
    const res = await callApi<Pull>(sim, 'POST', `${R}/pulls`, {
      token: tok('bob'),
      json: { head, base: 'main', title, body: 'please merge' },
    });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    sim = await startTestSim();
    gitDir = sim.sim.state.repoByName('alice', 'hello-world')?.gitDir ?? '';
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('lists the seeded pulls: all without a state (Gitea ignores the swagger default), open and closed filters', async () => {
    const all = await callApi<Pull[]>(sim, 'GET', `${R}/pulls`);
    expect(all.status).toBe(200);
    expect(all.body.map((p) => p.title)).toEqual(['Greet in several languages', 'Document the --name option']);
    const open = await callApi<Pull[]>(sim, 'GET', `${R}/pulls?state=open`);
    expect(open.body.map((p) => p.title)).toEqual(['Greet in several languages']);
    const closed = await callApi<Pull[]>(sim, 'GET', `${R}/pulls?state=closed&poster=bob`);
    expect(closed.body[0]?.merged).toBe(true);
    expect(closed.body[0]?.merged_by?.login).toBe('alice');
    // The merged pull's head branch was deleted; its head lives on at refs/pull/<n>/head.
    expect(closed.body[0]?.head.ref).toBe(`refs/pull/${closed.body[0]?.number}/head`);
    expect(closed.body[0]?.merge_commit_sha).toBe(await git('rev-parse', 'refs/heads/main'));
    expect((await callApi(sim, 'GET', `${R}/pulls?poster=nobody`)).status).toBe(400);
  });

  it('answers a plain 404 for the number of an issue (GetPullRequestByIndex → ErrPullRequestNotExist, routers/api/v1/repo/pull.go)', async () => {
    const issues = await callApi<{ number: number; pull_request: unknown }[]>(sim, 'GET', `${R}/issues?type=issues`);
    const issue = issues.body[0];
    if (!issue) throw new Error('no seeded issue');
    expect(issue.pull_request).toBeNull();
    const res = await callApi(sim, 'GET', `${R}/pulls/${issue.number}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: null, message: 'not found', url: `${sim.url}/api/swagger` });
  });

  it('pages with X-Total-Count and Link', async () => {
    const page = await callApi<Pull[]>(sim, 'GET', `${R}/pulls?limit=1&page=1`);
    expect(page.body).toHaveLength(1);
    expect(Number(page.headers.get('x-total-count'))).toBeGreaterThanOrEqual(2);
    expect(page.headers.get('link')).toContain('rel="next"');
  });

  it('renders the open seeded pull with requested reviewers, stats and reviews with code comments', async () => {
    const list = await callApi<Pull[]>(sim, 'GET', `${R}/pulls?state=open`);
    const n = list.body[0]?.number ?? 0;
    const pr = await callApi<Pull>(sim, 'GET', `${R}/pulls/${n}`);
    expect(pr.body.head.ref).toBe('feature/greeting');
    expect(pr.body.head.sha).toBe(await tip('feature/greeting'));
    expect(pr.body.base.sha).toBe(await tip('main'));
    expect(pr.body.merge_base).toBe(await git('merge-base', 'main', 'feature/greeting'));
    expect(pr.body.mergeable).toBe(true);
    expect(pr.body.changed_files).toBe(1);
    expect(pr.body.requested_reviewers?.map((u) => u.login)).toEqual(['carol']);
    const reviews = await callApi<Review[]>(sim, 'GET', `${R}/pulls/${n}/reviews`);
    expect(reviews.body.map((r) => r.state)).toEqual(['REQUEST_REVIEW', 'REQUEST_CHANGES', 'COMMENT']);
    const changes = reviews.body[1] as Review;
    expect(changes.comments_count).toBe(1);
    const comments = await callApi<{ path: string; position: number; diff_hunk: string }[]>(
      sim,
      'GET',
      `${R}/pulls/${n}/reviews/${changes.id}/comments`,
    );
    expect(comments.body[0]).toMatchObject({ path: 'src/greet.ts', position: 3 });
    expect(comments.body[0]?.diff_hunk.startsWith('@@ ')).toBe(true);
  });

  it('serves diff, patch, files and commits that match git', async () => {
    const list = await callApi<Pull[]>(sim, 'GET', `${R}/pulls?state=open`);
    const n = list.body[0]?.number ?? 0;
    const mb = await git('merge-base', 'main', 'feature/greeting');
    const diff = await callApi<string>(sim, 'GET', `${R}/pulls/${n}.diff`);
    expect(diff.status).toBe(200);
    expect(diff.text).toBe(`${await git('diff', '-p', `${mb}...feature/greeting`)}\n`);
    const patch = await callApi<string>(sim, 'GET', `${R}/pulls/${n}.patch`);
    expect(patch.text).toContain('Subject: [PATCH] Greet in several languages');
    const files = await callApi<ChangedFile[]>(sim, 'GET', `${R}/pulls/${n}/files`);
    expect(files.body.map((f) => [f.filename, f.status])).toEqual([['src/greet.ts', 'changed']]);
    expect(files.headers.get('x-total-count')).toBe('1');
    const commits = await callApi<{ sha: string }[]>(sim, 'GET', `${R}/pulls/${n}/commits`);
    expect(commits.body.map((c) => c.sha)).toEqual([await tip('feature/greeting')]);
    expect(commits.headers.get('x-hasmore')).toBe('false');
    expect((await callApi(sim, 'GET', `${R}/pulls/9999`)).status).toBe(404);
    expect((await callApi(sim, 'GET', `${R}/pulls/9999.diff`)).status).toBe(404);
  });

  for (const [i, style] of (['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only'] as const).entries()) {
    it(`runs a full lifecycle and merges in git with Do=${style}`, async () => {
      const head = await branchWith(`t/${style}`, { [`${style}.txt`]: `${style}\n` }, 'main', 10 + i);
      const pr = await openPull(`t/${style}`, `Add ${style}.txt`);
      expect(pr.head.sha).toBe(head);
      expect((await callApi(sim, 'GET', `${R}/pulls/${pr.number}/merge`)).status).toBe(404);
      const own = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/reviews`, {
        token: tok('bob'),
        json: { event: 'APPROVED', body: 'mine' },
      });
      expect(own.status).toBe(422);
      expect(own.body).toMatchObject({ message: 'approve your own pull is not allowed' });
      const approve = await callApi<Review>(sim, 'POST', `${R}/pulls/${pr.number}/reviews`, {
        token: tok('alice'),
        json: { event: 'APPROVED', body: 'LGTM' },
      });
      expect(approve.body.state).toBe('APPROVED');
      const before = await tip('main');
      const merged = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/merge`, {
        token: tok('alice'),
        json: { Do: style, delete_branch_after_merge: true },
      });
      expect(merged.status, merged.text).toBe(200);
      const after = await tip('main');
      expect(after).not.toBe(before);
      expect(await git('show', `${after}:${style}.txt`)).toBe(style);
      const parents = (await git('rev-list', '--parents', '-n1', after)).split(' ').length - 1;
      if (style === 'merge' || style === 'rebase-merge') expect(parents).toBe(2);
      else expect(parents).toBe(1);
      if (style === 'fast-forward-only') expect(after).toBe(head);
      if (style === 'squash')
        expect(await git('log', '-1', '--format=%an|%cn|%s', after)).toBe(
          `Bob Builder|Alice Liddell|Add ${style}.txt (#${pr.number})`,
        );
      if (style === 'merge')
        expect(await git('log', '-1', '--format=%s', after)).toBe(
          `Merge pull request 'Add ${style}.txt' (#${pr.number}) from t/${style} into main`,
        );
      const got = await callApi<Pull>(sim, 'GET', `${R}/pulls/${pr.number}`);
      expect(got.body).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: after });
      expect((await callApi(sim, 'GET', `${R}/pulls/${pr.number}/merge`)).status).toBe(204);
      // The head branch is gone, refs/pull/<n>/head keeps the head.
      expect(
        (await runGit(gitDir, ['rev-parse', '--verify', '--quiet', `refs/heads/t/${style}`], { okExitCodes: [1] }))
          .exitCode,
      ).toBe(1);
      const again = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/merge`, {
        token: tok('alice'),
        json: { Do: style },
      });
      expect(again.status).toBe(405);
      const reopen = await callApi(sim, 'PATCH', `${R}/pulls/${pr.number}`, {
        token: tok('alice'),
        json: { state: 'open' },
      });
      expect(reopen.status).toBe(412);
    });
  }

  it('refuses a conflicting pull with 405 and leaves main untouched', async () => {
    await branchWith('t/conflict', { 'README.md': 'head version\n' }, 'main', 20);
    const pr = await openPull('t/conflict', 'Rewrite README');
    await commitFiles(gitDir, {
      branch: 'main',
      files: [{ path: 'README.md', content: 'base version\n' }],
      message: 'Rewrite README on main',
      author: sig('Alice', 21),
    });
    const got = await callApi<Pull>(sim, 'GET', `${R}/pulls/${pr.number}`);
    expect(got.body.mergeable).toBe(false);
    const before = await tip('main');
    const res = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/merge`, {
      token: tok('alice'),
      json: { Do: 'merge' },
    });
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ message: 'Please try again later' });
    expect(await tip('main')).toBe(before);
    expect((await callApi<Pull>(sim, 'GET', `${R}/pulls/${pr.number}`)).body.state).toBe('open');
    const upd = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/update`, { token: tok('bob') });
    expect(upd.status).toBe(409);
    expect(upd.body).toMatchObject({ message: 'merge failed because of conflict' });
  });

  it('answers 409 with Gitea’s conflict body when only the rebase conflicts, and nothing changes', async () => {
    const base = await tip('main');
    await git('update-ref', 'refs/heads/t/rebase-conflict', base);
    const original = await git('show', `${base}:package.json`);
    const edit = (c: string, m: string, h: number) =>
      commitFiles(gitDir, {
        branch: 't/rebase-conflict',
        files: [{ path: 'package.json', content: c }],
        message: m,
        author: sig('Bob', h),
      });
    await edit(original.replace('"1.0.0"', '"2.0.0-beta"'), 'Try a beta version', 22);
    await edit(`${original}\n`.replace(/\n\n$/, '\n'), 'Back to 1.0.0', 23);
    await commitFiles(gitDir, {
      branch: 't/rebase-conflict',
      files: [{ path: 'beta.txt', content: 'beta\n' }],
      message: 'Add beta notes',
      author: sig('Bob', 23),
    });
    const pr = await openPull('t/rebase-conflict', 'Beta notes');
    await commitFiles(gitDir, {
      branch: 'main',
      files: [{ path: 'package.json', content: original.replace('"1.0.0"', '"1.1.0"') }],
      message: 'Bump to 1.1.0',
      author: sig('Alice', 23),
    });
    const before = await tip('main');
    const res = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/merge`, {
      token: tok('alice'),
      json: { Do: 'rebase' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ Style: 'rebase', Err: {} });
    expect(await tip('main')).toBe(before);
    expect((await callApi<Pull>(sim, 'GET', `${R}/pulls/${pr.number}`)).body.merged).toBe(false);
  });

  it('updates a pull that is behind by merging the base into the head', async () => {
    const pr = await openPull(
      (await branchWith('t/behind', { 'behind.txt': 'x\n' }, 'main', 3)) && 't/behind',
      'Behind',
    );
    await commitFiles(gitDir, {
      branch: 'main',
      files: [{ path: 'ahead.txt', content: 'y\n' }],
      message: 'Move main ahead',
      author: sig('Alice', 4),
    });
    const main = await tip('main');
    const res = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/update?style=merge`, { token: tok('bob') });
    expect(res.status).toBe(200);
    expect(await git('merge-base', '--is-ancestor', main, 't/behind').catch(() => 'no')).toBe('');
    expect(await git('log', '-1', '--format=%s', 't/behind')).toBe("Merge branch 'main' into t/behind");
    const carol = await callApi(sim, 'POST', `${R}/pulls/${pr.number}/update`, { token: tok('carol') });
    expect(carol.status).toBe(403);
  });

  it('enforces create and merge rules: 401, 404, 409, 422 and 405 for readers', async () => {
    const anon = await callApi(sim, 'POST', `${R}/pulls`, { json: { head: 'develop', base: 'main', title: 'x' } });
    expect(anon.status).toBe(401);
    const same = await callApi(sim, 'POST', `${R}/pulls`, {
      token: tok('bob'),
      json: { head: 'main', base: 'main', title: 'x' },
    });
    expect(same.status).toBe(422);
    const missing = await callApi(sim, 'POST', `${R}/pulls`, {
      token: tok('bob'),
      json: { head: 'nope', base: 'main', title: 'x' },
    });
    expect(missing.status).toBe(404);
    const tag = await callApi(sim, 'POST', `${R}/pulls`, {
      token: tok('bob'),
      json: { head: 'v1.0.0', base: 'main', title: 'x' },
    });
    expect(tag.body).toMatchObject({ message: 'Invalid PullRequest: base and head must be branches' });
    const dup = await callApi(sim, 'POST', `${R}/pulls`, {
      token: tok('bob'),
      json: { head: 'feature/greeting', base: 'main', title: 'again' },
    });
    expect(dup.status).toBe(409);
    expect((await callApi(sim, 'GET', '/repos/alice/secret-notes/pulls', { token: tok('bob') })).status).toBe(404);
    const open = await callApi<Pull[]>(sim, 'GET', `${R}/pulls?state=open&sort=oldest`);
    const n = open.body[0]?.number ?? 0;
    const reader = await callApi(sim, 'POST', `${R}/pulls/${n}/merge`, { token: tok('carol'), json: { Do: 'merge' } });
    expect(reader.status).toBe(405);
    expect(reader.body).toMatchObject({ message: 'User not allowed to merge PR' });
    const bad = await callApi(sim, 'POST', `${R}/pulls/${n}/merge`, { token: tok('alice'), json: { Do: 'octopus' } });
    expect(bad.status).toBe(422);
    const edit = await callApi(sim, 'PATCH', `${R}/pulls/${n}`, { token: tok('carol'), json: { title: 'hijack' } });
    expect(edit.status).toBe(403);
  });

  it('handles review requests, pending reviews, submission, dismissal and deletion', async () => {
    await branchWith('t/review', { 'review.txt': 'r\n' }, 'main', 5);
    const pr = await openPull('t/review', 'Needs review');
    const base = `${R}/pulls/${pr.number}`;
    const req = await callApi<Review[]>(sim, 'POST', `${base}/requested_reviewers`, {
      token: tok('bob'),
      json: { reviewers: ['alice', 'carol'] },
    });
    expect(req.status).toBe(201);
    expect(req.body.map((r) => [r.user.login, r.state])).toEqual([
      ['alice', 'REQUEST_REVIEW'],
      ['carol', 'REQUEST_REVIEW'],
    ]);
    const self = await callApi(sim, 'POST', `${base}/requested_reviewers`, {
      token: tok('alice'),
      json: { reviewers: ['bob'] },
    });
    expect(self.status).toBe(422);
    expect(
      (
        await callApi(sim, 'DELETE', `${base}/requested_reviewers`, {
          token: tok('bob'),
          json: { reviewers: ['carol'] },
        })
      ).status,
    ).toBe(204);
    expect((await callApi<Pull>(sim, 'GET', base)).body.requested_reviewers?.map((u) => u.login)).toEqual(['alice']);

    const pending = await callApi<Review>(sim, 'POST', `${base}/reviews`, {
      token: tok('alice'),
      json: { body: 'thinking', comments: [{ path: 'review.txt', body: 'why?', new_position: 1 }] },
    });
    expect(pending.body.state).toBe('PENDING');
    expect((await callApi(sim, 'GET', `${base}/reviews/${pending.body.id}`, { token: tok('carol') })).status).toBe(404);
    const asCarol = await callApi<Review[]>(sim, 'GET', `${base}/reviews`, { token: tok('carol') });
    expect(asCarol.body.some((r) => r.state === 'PENDING')).toBe(false);
    const submitted = await callApi<Review>(sim, 'POST', `${base}/reviews/${pending.body.id}`, {
      token: tok('alice'),
      json: { event: 'REQUEST_CHANGES', body: 'Please explain.' },
    });
    expect(submitted.body).toMatchObject({ state: 'REQUEST_CHANGES', comments_count: 1 });
    expect((await callApi<Pull>(sim, 'GET', base)).body.requested_reviewers).toBeNull();
    const resubmit = await callApi(sim, 'POST', `${base}/reviews/${pending.body.id}`, {
      token: tok('alice'),
      json: { event: 'APPROVED' },
    });
    expect(resubmit.status).toBe(422);
    const noAdmin = await callApi(sim, 'POST', `${base}/reviews/${pending.body.id}/dismissals`, {
      token: tok('bob'),
      json: { message: 'stale' },
    });
    expect(noAdmin.status).toBe(403);
    const dismissed = await callApi<Review>(sim, 'POST', `${base}/reviews/${pending.body.id}/dismissals`, {
      token: tok('alice'),
      json: { message: 'stale' },
    });
    expect(dismissed.body.dismissed).toBe(true);
    const undismissed = await callApi<Review>(sim, 'POST', `${base}/reviews/${pending.body.id}/undismissals`, {
      token: tok('alice'),
    });
    expect(undismissed.body.dismissed).toBe(false);
    expect((await callApi(sim, 'DELETE', `${base}/reviews/${pending.body.id}`, { token: tok('carol') })).status).toBe(
      403,
    );
    expect((await callApi(sim, 'DELETE', `${base}/reviews/${pending.body.id}`, { token: tok('alice') })).status).toBe(
      204,
    );
    expect((await callApi(sim, 'GET', `${base}/reviews/${pending.body.id}`)).status).toBe(404);
  });
});
