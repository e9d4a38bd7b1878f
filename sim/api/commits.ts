/**
 * Commits, compare and refs (routers/api/v1/repo/commits.go, compare.go,
 * git_ref.go): history with Gitea's legacy paging headers, single commits
 * with stats and files, raw diffs and patches, base...head compares and refs.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { repoUrls, type ToCommitOptions, toApiCommit } from '../convert/commit.js';
import {
  compareCommits,
  countCommits,
  isEmptyRepo,
  type LogOptions,
  listRefs,
  logCommits,
  rawCommitDiff,
  readCommit,
  resolveRef,
} from '../git-content.js';
import { giteaJson, gitNotFound, notFound, SimApiError } from '../http/errors.js';
import { parseGoRfc3339 } from '../http/go-time.js';
import { pageRequest, setPageHeaders } from '../http/pagination.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';

/** `[git] COMMITS_RANGE_SIZE`: the page size cap of the commit list. */
const COMMITS_RANGE_SIZE = 50;

/** Gitea's `ctx.FormString(x) == "" || ctx.FormBool(x)`: absent means true. */
function flag(c: Context<SimEnv>, name: string): boolean {
  const v = c.req.query(name);
  return v === undefined || v === '' || v === 'true' || v === '1';
}

async function listCommits(c: Context<SimEnv>): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'read');
  // GetAllCommits (Gitea 1.25) checks since/until with time.Parse(RFC3339) first; earlier versions handed them to git.
  for (const name of c.get('sim').profile.commitsValidateSinceUntil ? ['since', 'until'] : []) {
    const v = c.req.query(name) ?? '';
    if (v !== '' && 'error' in parseGoRfc3339(v))
      throw new SimApiError(422, `invalid '${name}' format, expected ISO 8601 (RFC3339)`);
  }
  if (await isEmptyRepo(repo.gitDir)) throw new SimApiError(409, 'Git Repository is empty.');
  const sha = c.req.query('sha') ?? '';
  const base = await resolveRef(repo.gitDir, sha || repo.defaultBranch);
  if (!base) throw notFound(c);
  const { page, limit: requested } = pageRequest(c);
  const limit = Math.min(requested, COMMITS_RANGE_SIZE);
  const path = c.req.query('path') ?? '';
  const not = c.req.queries('not') ?? [];
  const opts: LogOptions = {
    rev: base.sha,
    path: path || undefined,
    since: c.req.query('since'),
    until: c.req.query('until'),
    not: not.filter(Boolean),
  };
  const total = await countCommits(repo.gitDir, opts);
  // With a path filter, no matching commit is a 404 (FileCommitsCount).
  if (path && total === 0) throw notFound(c);
  // With `path`, CommitsByFileAndRange pages by [git] COMMITS_RANGE_SIZE and ignores `limit`
  // (modules/git/repo_commit.go); the headers still use `limit`.
  const size = path ? COMMITS_RANGE_SIZE : limit;
  const commits = await logCommits(repo.gitDir, { ...opts, skip: (page - 1) * size, limit: size });
  const urls = repoUrls(c.get('sim'), repo, owner);
  const conv: ToCommitOptions = { stat: flag(c, 'stat'), files: flag(c, 'files') };
  const out = [];
  for (const commit of commits) out.push(await toApiCommit(c.get('sim'), repo, urls, commit, conv));
  const pageCount = Math.ceil(total / limit);
  setPageHeaders(c, total, page, limit);
  c.header('X-Page', String(page));
  c.header('X-PerPage', String(limit));
  c.header('X-Total', String(total));
  c.header('X-PageCount', String(pageCount));
  c.header('X-HasMore', String(page < pageCount));
  c.header('Access-Control-Expose-Headers', 'Link, X-Total-Count, X-Page, X-PerPage, X-Total, X-PageCount, X-HasMore');
  return giteaJson(c, out);
}

/** Last path segment split into SHA and diff type, for `/git/commits/{sha}` and `{sha}.{diffType}`. */
function shaAndType(c: Context<SimEnv>): { sha: string; diffType: 'diff' | 'patch' | null } {
  const last = decodeURIComponent(c.req.path.split('/').pop() ?? '');
  const m = /^(.+)\.(diff|patch)$/.exec(last);
  return m ? { sha: m[1] ?? '', diffType: m[2] === 'diff' ? 'diff' : 'patch' } : { sha: last, diffType: null };
}

async function getCommit(c: Context<SimEnv>): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'read');
  const { sha, diffType } = shaAndType(c);
  if (diffType) {
    const commit = await readCommit(repo.gitDir, sha);
    // routers/api/v1/repo/commits.go DownloadCommitDiffOrPatch.
    if (!commit) throw gitNotFound(c, `commit doesn't exist: ${sha}`, sha);
    const text = await rawCommitDiff(repo.gitDir, commit.sha, diffType);
    return c.body(text, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
  }
  if (sha === '' || sha.startsWith('-') || /[\s~^:?*[\\]/.test(sha))
    throw new SimApiError(422, `no valid ref or sha: ${sha}`);
  const resolved = await resolveRef(repo.gitDir, sha);
  const commit = resolved && (await readCommit(repo.gitDir, resolved.sha));
  // routers/api/v1/repo/commits.go getCommit: APIErrorNotFound("commit doesn't exist: " + identifier).
  if (!commit) throw gitNotFound(c, `commit doesn't exist: ${sha}`, sha);
  const urls = repoUrls(c.get('sim'), repo, owner);
  const conv: ToCommitOptions = { stat: flag(c, 'stat'), files: flag(c, 'files') };
  return giteaJson(c, await toApiCommit(c.get('sim'), repo, urls, commit, conv));
}

async function compare(c: Context<SimEnv>): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'read');
  const info = c.req.param('basehead') ?? '';
  let parts = info.split('...');
  if (parts.length !== 2) parts = info.split('..');
  if (parts.length !== 2) parts = [repo.defaultBranch, info];
  const [baseName = '', headName = ''] = parts;
  // Cross-repository heads (`user:branch`) are not simulated; they answer 404 like an unknown head.
  const base = await resolveRef(repo.gitDir, baseName || repo.defaultBranch);
  const head = headName.includes(':') ? null : await resolveRef(repo.gitDir, headName || repo.defaultBranch);
  if (!base || !head) throw notFound(c);
  const result = await compareCommits(repo.gitDir, base.sha, head.sha);
  const urls = repoUrls(c.get('sim'), repo, owner);
  const conv: ToCommitOptions = { stat: true, files: flag(c, 'files') };
  const commits = [];
  for (const commit of result.commits) commits.push(await toApiCommit(c.get('sim'), repo, urls, commit, conv));
  return giteaJson(c, { total_commits: commits.length, commits });
}

async function getRefs(c: Context<SimEnv>, filter: string): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'read');
  const urls = repoUrls(c.get('sim'), repo, owner);
  const prefix = filter ? `refs/${filter.replace(/^refs\//, '')}` : 'refs/';
  const refs = (await listRefs(repo.gitDir)).filter((r) => r.ref.startsWith(prefix));
  if (refs.length === 0) throw notFound(c);
  return giteaJson(
    c,
    refs.map((r) => ({
      ref: r.ref,
      url: `${urls.api}/git/${r.ref.split('/').map(encodeURIComponent).join('/')}`,
      object: { type: r.type, sha: r.sha, url: `${urls.api}/git/${r.type}s/${r.sha}` },
    })),
  );
}

/** Registers commit, compare and ref routes. */
export function registerCommitRoutes(router: SimRouter): void {
  router.add(
    { method: 'GET', path: '/repos/{owner}/{repo}/commits', scope: ['repository'], handler: listCommits },
    { method: 'GET', path: '/repos/{owner}/{repo}/git/commits/{sha}', scope: ['repository'], handler: getCommit },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/git/commits/{sha}.{diffType}',
      scope: ['repository'],
      handler: getCommit,
    },
    { method: 'GET', path: '/repos/{owner}/{repo}/compare/{basehead}', scope: ['repository'], handler: compare },
    { method: 'GET', path: '/repos/{owner}/{repo}/git/refs', scope: ['repository'], handler: (c) => getRefs(c, '') },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/git/refs/{ref}',
      scope: ['repository'],
      handler: (c) => getRefs(c, c.req.param('ref') ?? ''),
    },
  );
}
