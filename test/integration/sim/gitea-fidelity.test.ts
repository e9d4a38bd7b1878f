/**
 * Contract tests: the simulator's error bodies, paging and validation follow
 * Gitea 1.25 (go-gitea/gitea at 87d670c96b, 2025-10-27). Each case names the
 * Gitea source it follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';

describe('simulator fidelity to Gitea 1.25', () => {
  let sim: RunningSimulator;
  let token: string;
  const swagger = () => `${sim.url}/api/swagger`;
  const get = (path: string) => callApi(sim, 'GET', path, { token, raw: true });
  beforeAll(async () => {
    sim = await startTestSim();
    token = seededToken(sim, 'alice');
  });
  afterAll(async () => {
    await sim?.close();
  });

  describe('404 bodies', () => {
    it('names the failed owner lookup with the redirect error (routers/api/v1/api.go repoAssignment, orgAssignment)', async () => {
      const repo = await get('/repos/NoBody/x');
      expect(repo.status).toBe(404);
      expect(repo.text).toBe(
        `{"errors":["user redirect does not exist [name: nobody]"],"message":"GetUserByName","url":"${swagger()}"}\n`,
      );
      // An unknown repository under a known owner is a plain APIErrorNotFound().
      expect((await get('/repos/alice/nope')).body).toEqual({ errors: null, message: 'not found', url: swagger() });
      expect((await get('/orgs/alice')).body).toEqual({
        errors: ['user redirect does not exist [name: alice]'],
        message: 'GetOrgByName',
        url: swagger(),
      });
    });

    it('answers an unknown user without `errors` (services/context/user.go userAssignment → APIError(404, err))', async () => {
      const user = await get('/users/nobody');
      expect(user.status).toBe(404);
      expect(user.text).toBe(`{"message":"user redirect does not exist [name: nobody]","url":"${swagger()}"}\n`);
    });

    it('says which tag or commit is missing (routers/api/v1/repo/tag.go GetTag, commits.go getCommit)', async () => {
      expect((await get('/repos/alice/hello-world/tags/v9.9.9')).body).toMatchObject({
        errors: null,
        message: "tag doesn't exist: v9.9.9",
      });
      expect((await get('/repos/alice/hello-world/git/commits/abcdef1')).body).toMatchObject({
        message: "commit doesn't exist: abcdef1",
      });
      expect((await get('/repos/alice/hello-world/git/commits/abcdef1.diff')).body).toMatchObject({
        message: "commit doesn't exist: abcdef1",
      });
    });

    it('lists the git error for a missing contents path or ref (routers/api/v1/repo/file.go getRepoContents, resolveRefCommit)', async () => {
      expect((await get('/repos/alice/hello-world/contents/nope.md')).body).toEqual({
        errors: ['object does not exist [id: , rel_path: nope.md]'],
        message: 'GetContentsOrList',
        url: swagger(),
      });
      // modules/git/tree.go SubTree: a missing directory on the way is named alone.
      expect((await get('/repos/alice/hello-world/contents/src/nope/x.ts')).body).toMatchObject({
        errors: ['object does not exist [id: , rel_path: nope]'],
      });
      expect((await get('/repos/alice/hello-world/contents/README.md?ref=nope')).body).toEqual({
        errors: ['object does not exist [id: nope, rel_path: ]'],
        message: 'not found',
        url: swagger(),
      });
    });

    it('needs the full commit id in the contents API but 7 digits in commit statuses (routers/api/v1/utils/git.go ResolveRefCommit)', async () => {
      const main = await callApi<{ commit: { id: string } }>(sim, 'GET', '/repos/alice/hello-world/branches/main', {
        token,
      });
      const sha = main.body.commit.id;
      expect((await get(`/repos/alice/hello-world/contents/README.md?ref=${sha}`)).status).toBe(200);
      const short = await get(`/repos/alice/hello-world/contents/README.md?ref=${sha.slice(0, 10)}`);
      expect(short.status).toBe(404);
      expect(short.body).toMatchObject({ errors: [`object does not exist [id: ${sha.slice(0, 10)}, rel_path: ]`] });
      const status = await get(`/repos/alice/hello-world/commits/${sha.slice(0, 7)}/status`);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ sha });
      expect((await get('/repos/alice/hello-world/commits/nope/status')).body).toMatchObject({
        errors: ['object does not exist [id: nope, rel_path: ]'],
        message: 'not found',
      });
    });

    it('falls back to the default branch for an unknown raw ref (services/context/repo.go getRefNameLegacy)', async () => {
      const fallback = await get('/repos/alice/hello-world/raw/README.md?ref=no-such-branch');
      expect(fallback.status).toBe(200);
      expect(fallback.text).toContain('# hello-world');
      // A full commit id that does not exist: services/context/api.go RepoRefForAPI.
      const unknown = await get(`/repos/alice/hello-world/raw/README.md?ref=${'0'.repeat(40)}`);
      expect(unknown.body).toMatchObject({ errors: null, message: 'unable to find a git ref' });
      // routers/api/v1/repo/file.go getBlobForEntry.
      expect((await get('/repos/alice/hello-world/raw/nope.md')).body).toMatchObject({ message: 'not found' });
      expect((await get('/repos/alice/hello-world/raw/src')).body).toMatchObject({ message: 'getBlobForEntry' });
    });

    it('reports pull and issue lookups as each handler does (routers/api/v1/repo/pull.go, pull_review.go, issue_tracked_time.go, issue_comment.go)', async () => {
      expect((await get('/repos/alice/hello-world/pulls/99')).body).toMatchObject({
        errors: null,
        message: 'not found',
      });
      const repoId = sim.sim.state.repoByName('alice', 'hello-world')?.id;
      expect((await get('/repos/alice/hello-world/pulls/99/reviews')).body).toMatchObject({
        errors: [
          `pull request does not exist [id: 0, issue_id: 0, head_repo_id: 0, base_repo_id: ${repoId}, head_branch: , base_branch: ]`,
        ],
        message: 'GetPullRequestByIndex',
      });
      expect((await get('/repos/alice/hello-world/issues/99/times')).body).toMatchObject({
        errors: [`issue does not exist [id: 0, repo_id: ${repoId}, index: 99]`],
        message: 'not found',
      });
      expect((await get('/repos/alice/hello-world/issues/comments/9999')).body).toMatchObject({
        errors: ['comment does not exist [id: 9999, issue_id: 0]'],
      });
      // Gitea bug kept: ListIssueComments hands the lookup error to APIErrorInternal.
      const comments = await get('/repos/alice/hello-world/issues/99/comments');
      expect(comments.status).toBe(500);
      expect(comments.body).toEqual({ message: '', url: swagger() });
    });
  });

  describe('paging', () => {
    it('rebuilds the Link query with url.Values.Encode and clamps a page past the end (services/context/api.go genAPILinks, modules/paginator/paginator.go)', async () => {
      const base = `${sim.url}/api/v1/repos/alice/hello-world/issues`;
      const res = await get('/repos/alice/hello-world/issues?type=issues&state=all&limit=2&page=9&sort=x%20y*~');
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      const q = (page: number) => `limit=2&page=${page}&sort=x+y%2A~&state=all&type=issues`;
      // Three issues, two per page: page 9 is treated as the last page (2), so only first and prev.
      expect(res.headers.get('link')).toBe(`<${base}?${q(1)}>; rel="first",<${base}?${q(1)}>; rel="prev"`);
      const first = await get('/repos/alice/hello-world/issues?type=issues&state=all&limit=2');
      expect(first.headers.get('link')).toBe(
        `<${base}?${q(2).replace('&sort=x+y%2A~', '')}>; rel="next",<${base}?${q(2).replace('&sort=x+y%2A~', '')}>; rel="last"`,
      );
    });
  });
});
