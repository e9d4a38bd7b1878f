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

  it("frames answers as Go's net/http does: a Content-Length up to 2048 bytes, chunked above (server.go bufferBeforeChunkingSize)", async () => {
    const small = await get('/version');
    expect(small.headers.get('content-length')).toBe(String(Buffer.byteLength(small.text)));
    expect(small.headers.get('transfer-encoding')).toBeNull();
    const large = await get('/repos/alice/hello-world');
    expect(Buffer.byteLength(large.text)).toBeGreaterThan(2048);
    expect(large.headers.get('content-length')).toBeNull();
    expect(large.headers.get('transfer-encoding')).toBe('chunked');
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

  describe('personal access tokens (routers/api/v1/user/app.go, routed in routers/api/v1/api.go)', () => {
    const basic = (login: string, password = `${login}-password-1`) => ({
      Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`,
    });
    const tokens = (method: string, path: string, headers: Record<string, string>, json?: unknown) =>
      callApi(sim, method, `/users/${path}`, { headers, json, raw: true });

    it('creates a token with Basic auth only (reqBasicOrRevProxyAuth, reqSelfOrAdmin, CreateAccessToken)', async () => {
      const created = await tokens('POST', 'alice/tokens', basic('alice'), {
        name: 'ci-reader',
        scopes: ['read:repository', 'read:repository', 'write:issue', 'read:issue'],
      });
      expect(created.status).toBe(201);
      const body = created.body as Record<string, unknown>;
      expect(body).toEqual({
        id: expect.any(Number),
        name: 'ci-reader',
        sha1: expect.stringMatching(/^[0-9a-f]{40}$/),
        token_last_eight: String(body.sha1).slice(-8),
        // AccessTokenScope.Normalize: Gitea's scope order, duplicates and implied reads dropped.
        scopes: ['write:issue', 'read:repository'],
        // The answer never sets them: Go's zero time.
        created_at: '0001-01-01T00:00:00Z',
        last_used_at: '0001-01-01T00:00:00Z',
      });
      // The new token works on the API with exactly those scopes (tokenRequiresScopes).
      const pat = String(body.sha1);
      expect((await callApi(sim, 'GET', '/repos/alice/hello-world', { token: pat, raw: true })).status).toBe(200);
      const denied = await callApi(sim, 'GET', '/user', { token: pat, raw: true });
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({
        message:
          'token does not have at least one of required scope(s), required=[read:user], token scope=write:issue,read:repository',
      });
      // A token in `Authorization: token …` is refused before the handler: 401 "auth required"…
      const byToken = await callApi(sim, 'POST', '/users/alice/tokens', { token, json: { name: 'x' }, raw: true });
      expect(byToken.status).toBe(401);
      expect(byToken.text).toBe(`{"message":"auth required","url":"${swagger()}"}\n`);
      // …but a token inside Basic is the Basic method (ctx.IsBasicAuth), limited by its scope as usual.
      const inBasic = await tokens('GET', 'alice/tokens', { Authorization: `Basic ${btoa(`${pat}:x-oauth-basic`)}` });
      expect(inBasic.status).toBe(403);
      expect((await tokens('GET', 'alice/tokens', { Authorization: `Basic ${btoa(`${token}:`)}` })).status).toBe(200);
      // Another user's tokens: 403 unless site admin.
      const other = await tokens('GET', 'alice/tokens', basic('bob'));
      expect(other.status).toBe(403);
      expect(other.body).toEqual({
        message: 'doer should be the site admin or be same as the contextUser',
        url: swagger(),
      });
      expect((await tokens('GET', 'alice/tokens', basic('admin'))).status).toBe(200);
      expect((await tokens('GET', 'nobody/tokens', basic('alice'))).status).toBe(404);
    });

    it('refuses a duplicate name, an unknown scope and no scope with 400s (CreateAccessToken, AccessTokenScope.Normalize)', async () => {
      await tokens('POST', 'bob/tokens', basic('bob'), { name: 'dup', scopes: ['read:user'] });
      const dup = await tokens('POST', 'bob/tokens', basic('bob'), { name: 'dup', scopes: ['nonsense'] });
      expect(dup.status).toBe(400);
      expect(dup.body).toEqual({ message: 'access token name has been used already', url: swagger() });
      const unknown = await tokens('POST', 'bob/tokens', basic('bob'), {
        name: 'new',
        scopes: ['read:user', 'read:repo'],
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({
        message: 'invalid access token scope provided: invalid access token scope: read:repo',
        url: swagger(),
      });
      // Only commas separate scopes (the list is joined with ","), so a space makes an unknown scope.
      expect(
        (await tokens('POST', 'bob/tokens', basic('bob'), { name: 'new', scopes: ['read:user write:issue'] })).body,
      ).toMatchObject({
        message: 'invalid access token scope provided: invalid access token scope: read:user write:issue',
      });
      const none = await tokens('POST', 'bob/tokens', basic('bob'), { name: 'new' });
      expect(none.status).toBe(400);
      expect(none.body).toEqual({ message: 'access token must have a scope', url: swagger() });
      // binding:"Required" on name.
      const noName = await tokens('POST', 'bob/tokens', basic('bob'), { scopes: ['all'] });
      expect(noName.status).toBe(422);
      expect(noName.body).toMatchObject({ message: '[Name]: Required' });
      expect((await tokens('POST', 'bob/tokens', basic('bob', 'wrong'), { name: 'x', scopes: ['all'] })).status).toBe(
        401,
      );
    });

    it('lists without the secret and with X-Total-Count only; deletes by id or name (ListAccessTokens, DeleteAccessToken)', async () => {
      const made = await tokens('POST', 'carol/tokens', basic('carol'), {
        name: 'to-delete',
        scopes: ['all', 'public-only'],
      });
      expect((made.body as { scopes: string[] }).scopes).toEqual(['public-only', 'all']);
      const list = await tokens('GET', 'carol/tokens', basic('carol'));
      expect(list.status).toBe(200);
      expect(list.headers.get('x-total-count')).toBe('2');
      expect(list.headers.get('link')).toBeNull();
      const rows = list.body as Array<Record<string, unknown>>;
      // created_unix DESC: the new token first.
      expect(rows.map((t) => t.name)).toEqual(['to-delete', 'seed']);
      expect(rows[0]).toMatchObject({
        sha1: '',
        token_last_eight: (made.body as { token_last_eight: string }).token_last_eight,
      });
      expect(Object.keys(rows[0] ?? {})).toEqual([
        'id',
        'name',
        'sha1',
        'token_last_eight',
        'scopes',
        'created_at',
        'last_used_at',
      ]);
      // Unknown name → 404; a number is an id (strconv.ParseInt base 0: 0x… is hex), of this user only.
      expect((await tokens('DELETE', 'carol/tokens/nope', basic('carol'))).body).toMatchObject({
        message: 'not found',
      });
      const id = (made.body as { id: number }).id;
      expect((await tokens('DELETE', `bob/tokens/${id}`, basic('bob'))).status).toBe(404);
      expect((await tokens('DELETE', `carol/tokens/0x${id.toString(16)}`, basic('carol'))).status).toBe(204);
      expect((await tokens('DELETE', `carol/tokens/${id}`, basic('carol'))).status).toBe(404);
      await tokens('POST', 'carol/tokens', basic('carol'), { name: 'by-name', scopes: ['read:user'] });
      expect((await tokens('DELETE', 'carol/tokens/by-name', basic('carol'))).status).toBe(204);
      expect((await tokens('GET', 'carol/tokens', basic('carol'))).headers.get('x-total-count')).toBe('1');
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
  describe('which lists send Link (SetLinkHeader) and which only X-Total-Count (SetTotalCountHeader)', () => {
    it('sends X-Total-Count without Link where the handler only counts (repo/label.go, milestone.go, tag.go, issue_comment.go ListRepoIssueComments, issue_tracked_time.go, notify/user.go, user/app.go)', async () => {
      for (const path of [
        '/repos/alice/hello-world/labels?limit=1',
        '/orgs/acme/labels?limit=1',
        '/repos/alice/hello-world/milestones?state=all&limit=1',
        '/repos/alice/hello-world/tags?limit=1',
        '/repos/alice/hello-world/issues/comments?limit=1',
        '/repos/alice/hello-world/times?limit=1',
        '/notifications?all=true&limit=1',
        '/user/applications/oauth2?limit=1',
        '/user/stopwatches?limit=1',
      ]) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('x-total-count'), path).not.toBeNull();
        expect(res.headers.get('link'), path).toBeNull();
      }
      // ListIssues, ListPullRequests, ListReleases, ListBranches, GetAllCommits, Search: both headers.
      for (const path of [
        '/repos/alice/hello-world/issues?state=all&limit=1',
        '/repos/alice/hello-world/pulls?limit=1',
        '/repos/alice/hello-world/releases?limit=1',
        '/repos/alice/hello-world/branches?limit=1',
        '/repos/alice/hello-world/commits?limit=1',
        '/repos/search?limit=1',
      ]) {
        const res = await get(path);
        expect(res.headers.get('link'), path).toContain('rel="next"');
      }
    });

    it('pages the issue search by [ui] ISSUE_PAGING_NUM (20) when limit is absent, other lists by 30 (repo/issue.go SearchIssues, utils/page.go GetListOptions)', async () => {
      const bob = seededToken(sim, 'bob');
      await callApi(sim, 'POST', '/user/repos', { token: bob, json: { name: 'paging' } });
      for (let i = 1; i <= 21; i++)
        await callApi(sim, 'POST', '/repos/bob/paging/issues', { token: bob, json: { title: `issue ${i}` } });
      const search = await callApi<unknown[]>(sim, 'GET', '/repos/issues/search?owner=bob&type=issues', {
        token: bob,
        raw: true,
      });
      expect(search.body).toHaveLength(20);
      expect(search.headers.get('x-total-count')).toBe('21');
      expect(search.headers.get('link')).toContain('owner=bob&page=2&type=issues>; rel="last"');
      const list = await callApi<unknown[]>(sim, 'GET', '/repos/bob/paging/issues?type=issues', {
        token: bob,
        raw: true,
      });
      expect(list.body).toHaveLength(21);
      expect(list.headers.get('link')).toBeNull();
      // `limit` only: `per_page` is the tree API's parameter, not GetListOptions'.
      expect(
        (await callApi<unknown[]>(sim, 'GET', '/repos/bob/paging/issues?per_page=5', { token: bob })).body,
      ).toHaveLength(21);
    });
  });

  describe('validation', () => {
    const issues = (q: string) => get(`/repos/alice/hello-world/issues?${q}`);
    const layout = '"2006-01-02T15:04:05Z07:00"';

    it("answers a bad since/before with 422 and Go's time.Parse error (services/context/utils.go GetQueryBeforeSince, time/format.go)", async () => {
      const bad = await issues('since=x');
      expect(bad.status).toBe(422);
      expect(bad.body).toEqual({
        message: `parsing time "x" as ${layout}: cannot parse "x" as "2006"`,
        url: swagger(),
      });
      // `before` is read first, so its error wins.
      expect((await issues('since=x&before=2024-13-01T00:00:00Z')).body).toMatchObject({
        message: 'parsing time "2024-13-01T00:00:00Z": month out of range',
      });
      expect((await issues('since=2024-01-01')).body).toMatchObject({
        message: `parsing time "2024-01-01" as ${layout}: cannot parse "" as "T"`,
      });
      expect((await issues('since=2024-01-01T00:00:00%2B0100')).body).toMatchObject({
        message: `parsing time "2024-01-01T00:00:00+0100" as ${layout}: cannot parse "+0100" as "Z07:00"`,
      });
      expect((await issues('since=2024-01-01T00:00:00Zjunk')).body).toMatchObject({
        message: 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"',
      });
      expect((await issues('since=2024-02-30T00:00:00Z')).body).toMatchObject({
        message: 'parsing time "2024-02-30T00:00:00Z": day out of range',
      });
      // Trimmed; Go's general parser takes a one-digit hour and a fraction the layout does not name.
      expect((await issues('since=%202024-01-01T1:00:00.5Z%20')).status).toBe(200);
      for (const path of [
        '/repos/alice/hello-world/issues/comments?before=x',
        '/repos/alice/hello-world/issues/1/comments?since=x',
        '/repos/alice/hello-world/times?since=x',
        '/notifications?since=x',
        '/repos/issues/search?before=x',
      ])
        expect((await get(path)).status, path).toBe(422);
      // notify/user.go ReadNotifications: a bad last_read_at is a 400 with the same text.
      const read = await callApi(sim, 'PUT', '/notifications?last_read_at=x', { token, raw: true });
      expect(read.status).toBe(400);
      expect(read.body).toMatchObject({ message: `parsing time "x" as ${layout}: cannot parse "x" as "2006"` });
      // repo/commits.go GetAllCommits (1.25, #34497) has its own text.
      expect((await get('/repos/alice/hello-world/commits?since=yesterday')).body).toEqual({
        message: "invalid 'since' format, expected ISO 8601 (RFC3339)",
        url: swagger(),
      });
    });

    it('reads an unknown issue state as open, an unknown pull state as no filter (repo/issue.go ListIssues, models/issues/pull_list.go)', async () => {
      const open = (await issues('type=issues')).body as unknown[];
      expect((await issues('type=issues&state=bogus')).body).toEqual(open);
      const all = (await get('/repos/alice/hello-world/pulls?state=all')).body as unknown[];
      expect(all.length).toBeGreaterThan(1);
      expect((await get('/repos/alice/hello-world/pulls?state=bogus')).body).toEqual(all);
    });

    it('refuses contents writes with 423 on an archived repository, 403 without write access (routers/api/v1/api.go mustEnableEditor, repo/file.go ReqChangeRepoFileOptionsAndCheck)', async () => {
      const put = (repo: string, t?: string) =>
        callApi(sim, 'POST', `/repos/alice/${repo}/contents/new.txt`, {
          token: t,
          json: { content: Buffer.from('x').toString('base64') },
          raw: true,
        });
      const carol = await put('hello-world', seededToken(sim, 'carol'));
      expect(carol.status).toBe(403);
      expect(carol.body).toEqual({
        message: 'user should have a permission to write to the target branch',
        url: swagger(),
      });
      await callApi(sim, 'POST', '/user/repos', { token, json: { name: 'Frozen', auto_init: true } });
      await callApi(sim, 'PATCH', '/repos/alice/Frozen', { token, json: { archived: true } });
      const archived = await put('frozen', token);
      expect(archived.status).toBe(423);
      expect(archived.body).toEqual({ message: 'alice/Frozen is not allowed to edit', url: swagger() });
      // mustEnableEditor runs before reqToken: anonymous callers see the 423 too.
      expect((await put('frozen')).status).toBe(423);
      expect((await put('hello-world')).body).toMatchObject({ message: 'token is required' });
    });
  });

  describe('git trees', () => {
    it('flags truncated only while entries follow, sends X-Total-Count and names the resolved object (services/repository/files/tree.go GetTreeBySHA, modules/git/repo_tree_nogogit.go GetTree)', async () => {
      type Tree = { sha: string; url: string; tree: unknown[] | null; truncated: boolean; total_count: number };
      const tree = (q: string) => callApi<Tree>(sim, 'GET', `/repos/alice/hello-world/git/trees/main?${q}`, { token });
      const first = await tree('recursive=true&per_page=2');
      const total = first.body.total_count;
      expect(total).toBeGreaterThan(2);
      expect(first.headers.get('x-total-count')).toBe(String(total));
      expect(first.headers.get('link')).toBeNull();
      expect(first.body.truncated).toBe(true);
      const lastPage = Math.ceil(total / 2);
      const last = await tree(`recursive=true&per_page=2&page=${lastPage}`);
      expect(last.body.tree?.length).toBeGreaterThan(0);
      expect(last.body.truncated).toBe(false);
      const past = await tree(`recursive=true&per_page=2&page=${lastPage + 1}`);
      expect(past.body).toMatchObject({ tree: null, truncated: false, total_count: total });
      // A branch resolves to its commit: `sha` and `url` name the commit, not its tree.
      const main = await callApi<{ commit: { id: string } }>(sim, 'GET', '/repos/alice/hello-world/branches/main', {
        token,
      });
      expect(first.body.sha).toBe(main.body.commit.id);
      expect(first.body.url).toBe(`${sim.url}/api/v1/repos/alice/hello-world/git/trees/${main.body.commit.id}`);
      const blob = (first.body.tree as { type: string; sha: string }[]).find((e) => e.type === 'blob');
      expect((await get(`/repos/alice/hello-world/git/trees/${blob?.sha}`)).body).toMatchObject({
        message: `sha not found [${blob?.sha}]`,
      });
    });
  });

  describe('commits', () => {
    it('pages a path-filtered commit list by COMMITS_RANGE_SIZE whatever the limit (repo/commits.go GetAllCommits, modules/git/repo_commit.go CommitsByFileAndRange)', async () => {
      const all = await get('/repos/alice/hello-world/commits?path=README.md&limit=50');
      const total = Number(all.headers.get('x-total-count'));
      expect(total).toBeGreaterThan(1);
      const one = await get('/repos/alice/hello-world/commits?path=README.md&limit=1');
      expect(one.body).toHaveLength(total);
      expect(one.headers.get('x-perpage')).toBe('1');
      expect(one.headers.get('x-pagecount')).toBe(String(total));
      expect((await get('/repos/alice/hello-world/commits?limit=1')).body).toHaveLength(1);
    });
  });
});

describe('simulator fidelity: what changed in Gitea 1.25', () => {
  it('Gitea 1.24 checked contents writes per branch before the archive, and passed commit since/until to git (api.go before #34855, #34497)', async () => {
    const sim = await startTestSim({ version: '1.24.0' });
    try {
      const token = seededToken(sim, 'alice');
      const carol = await callApi(sim, 'POST', '/repos/alice/hello-world/contents/new.txt', {
        token: seededToken(sim, 'carol'),
        json: { content: 'eA==' },
        raw: true,
      });
      expect(carol.body).toMatchObject({ message: 'user should have a permission to write to this branch' });
      await callApi(sim, 'POST', '/user/repos', { token, json: { name: 'frozen', auto_init: true } });
      await callApi(sim, 'PATCH', '/repos/alice/frozen', { token, json: { archived: true } });
      const archived = await callApi(sim, 'POST', '/repos/alice/frozen/contents/new.txt', {
        token,
        json: { content: 'eA==' },
        raw: true,
      });
      expect(archived.status).toBe(423);
      expect(archived.body).toMatchObject({ message: 'alice/frozen is archived' });
      const anonymous = await callApi(sim, 'POST', '/repos/alice/frozen/contents/new.txt', { json: {}, raw: true });
      expect(anonymous.status).toBe(401);
      expect((await callApi(sim, 'GET', '/repos/alice/hello-world/commits?since=yesterday', { token })).status).toBe(
        200,
      );
    } finally {
      await sim.close();
    }
  });
});
