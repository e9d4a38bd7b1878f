/**
 * Wiki pages (routers/api/v1/repo/wiki.go, services/wiki) kept in the
 * repository's real wiki git repository: one `<Title-with-dashes>.md` file per
 * page at the root of the wiki branch, one commit per change.
 * Gap: Gitea's dash marker for titles that themselves contain "-" is not modelled.
 */
import { existsSync } from 'node:fs';
import type { Context } from 'hono';
import { atLeast } from '../access.js';
import type { SimEnv } from '../context.js';
import {
  type CommitInfo,
  countCommits,
  entryAt,
  lastCommitFor,
  listTree,
  logCommits,
  readBlob,
  refCommit,
} from '../git-content.js';
import { type CommitFile, commitFiles } from '../git-write.js';
import { requireSignedIn } from '../http/auth.js';
import { forbidden, giteaJson, notFound, SimApiError } from '../http/errors.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { gitSignatureOf } from '../services/repo-create.js';
import { requireNotArchived } from './pull-helpers.js';
import { optString, readJsonBody } from './request-body.js';

/** Repository.DefaultWikiBranch of a repository created by Gitea 1.22+ (setting.Repository.DefaultBranch). */
export const WIKI_BRANCH = 'main';
/** services/wiki wikiReservedPages. */
const RESERVED = new Set(['_pages', '_new', '_edit', 'raw']);
/** `[git] COMMITS_RANGE_SIZE`, the revisions page size. */
const REVISIONS_PAGE_SIZE = 50;

/** Decodes a path parameter that may still be escaped; a malformed escape stays as typed. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** UserTitleToWebPath: trimmed, spaces become dashes, path-escaped. */
export function titleToWebPath(title: string): string {
  const t = title.trim().replace(/ /g, '-');
  return t === '' || t === '.' ? 'unnamed' : encodeURIComponent(t);
}

/** WebPathToGitPath: `<unescaped web path>.md`. */
export function webPathToGitPath(webPath: string): string {
  const s = safeDecode(webPath);
  return s.endsWith('.md') ? s : `${s}.md`;
}

/** WebPathToUserTitle: dashes read back as spaces. */
function gitPathToTitle(gitPath: string): string {
  return gitPath.replace(/\.md$/, '').replace(/-/g, ' ');
}

function gitPathToWebPath(gitPath: string): string {
  return encodeURIComponent(gitPath.replace(/\.md$/, ''));
}

function wikiRepo(c: Context<SimEnv>, need: 'read' | 'write'): RepoContext {
  const rc = loadRepo(c, need);
  if (!rc.repo.hasWiki && !atLeast(rc.access, 'admin'))
    throw forbidden('user should have specific read permission or be a repo admin or a site admin');
  return rc;
}

/** findWikiRepoCommit: the wiki branch tip, 404 when the wiki was never written. */
async function wikiTip(c: Context<SimEnv>, rc: RepoContext): Promise<string> {
  if (!existsSync(rc.repo.wikiGitDir)) throw notFound(c);
  const tip = await refCommit(rc.repo.wikiGitDir, `refs/heads/${WIKI_BRANCH}`);
  if (!tip) throw notFound(c);
  return tip;
}

function wikiCommit(ci: CommitInfo): Record<string, unknown> {
  const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    sha: ci.sha,
    author: { name: ci.author.name, email: ci.author.email, date: utc(ci.author.date) },
    // Gitea's JSON key really is misspelt "commiter".
    commiter: { name: ci.committer.name, email: ci.committer.email, date: utc(ci.committer.date) },
    message: ci.message,
  };
}

function metaData(rc: RepoContext, c: Context<SimEnv>, gitPath: string, last: CommitInfo): Record<string, unknown> {
  const sub = gitPathToWebPath(gitPath);
  return {
    title: gitPathToTitle(gitPath),
    html_url: `${c.get('sim').appUrl()}${rc.owner.login}/${rc.repo.name}/wiki/${sub}`,
    sub_url: sub,
    last_commit: wikiCommit(last),
  };
}

async function fileBase64(gitDir: string, tip: string, path: string): Promise<string | null> {
  const entry = await entryAt(gitDir, tip, path);
  if (entry?.type !== 'blob') return null;
  return (await readBlob(gitDir, entry.sha))?.toString('base64') ?? null;
}

async function renderPage(c: Context<SimEnv>, rc: RepoContext, webPath: string): Promise<Record<string, unknown>> {
  const gitDir = rc.repo.wikiGitDir;
  const tip = await wikiTip(c, rc);
  const gitPath = webPathToGitPath(webPath);
  const content = await fileBase64(gitDir, tip, gitPath);
  if (content === null) throw notFound(c);
  const last = await lastCommitFor(gitDir, tip, gitPath);
  if (!last) throw notFound(c);
  return {
    ...metaData(rc, c, gitPath, last),
    content_base64: content,
    commit_count: await countCommits(gitDir, { rev: tip, path: gitPath }),
    sidebar: (await fileBase64(gitDir, tip, '_Sidebar.md')) ?? '',
    footer: (await fileBase64(gitDir, tip, '_Footer.md')) ?? '',
  };
}

/** Go's base64.StdEncoding.DecodeString, strict: padding required, no whitespace. */
function decodeBase64(s: string): Buffer {
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0 || s.length % 4 !== 0 || /=[^=]/.test(s))
    throw new SimApiError(400, `illegal base64 data at input byte ${bad >= 0 ? bad : s.length}`);
  return Buffer.from(s, 'base64');
}

async function pageNames(gitDir: string, tip: string): Promise<string[]> {
  return (await listTree(gitDir, tip)).filter((e) => e.type === 'blob').map((e) => e.path);
}

async function writePage(
  c: Context<SimEnv>,
  rc: RepoContext,
  oldWeb: string | null,
  newWeb: string,
  content: Buffer,
  message: string,
): Promise<void> {
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const gitDir = rc.repo.wikiGitDir;
  if (!existsSync(gitDir)) await sim.git.initBare(gitDir, WIKI_BRANCH);
  const newPath = webPathToGitPath(newWeb);
  if (RESERVED.has(safeDecode(newWeb))) throw new SimApiError(400, `wiki title is reserved: ${safeDecode(newWeb)}`);
  const tip = await refCommit(gitDir, `refs/heads/${WIKI_BRANCH}`);
  const existing = tip ? await pageNames(gitDir, tip) : [];
  const files: CommitFile[] = [{ path: newPath, content }];
  if (oldWeb === null) {
    if (existing.includes(newPath)) throw new SimApiError(400, `wiki page already exists [title: ${newPath}]`);
  } else {
    const oldPath = webPathToGitPath(oldWeb);
    // Renaming onto another existing page is refused, as updateWikiPage does.
    if (oldPath !== newPath && existing.includes(newPath))
      throw new SimApiError(400, `wiki page already exists [title: ${newPath}]`);
    if (oldPath !== newPath && existing.includes(oldPath)) files.unshift({ path: oldPath, content: null });
  }
  await commitFiles(gitDir, {
    branch: WIKI_BRANCH,
    files,
    message,
    author: gitSignatureOf(sim, doer, sim.now()),
  });
}

async function newPage(c: Context<SimEnv>): Promise<Response> {
  const rc = wikiRepo(c, 'write');
  requireNotArchived(rc);
  const body = await readJsonBody(c);
  const title = optString(body, 'title') ?? '';
  if (title.trim() === '') throw new SimApiError(400, 'emptyTitle');
  const webPath = titleToWebPath(title);
  const message = optString(body, 'message') || `Add ${JSON.stringify(title)}`;
  const content = decodeBase64(optString(body, 'content_base64') ?? '');
  await writePage(c, rc, null, webPath, content, message);
  return giteaJson(c, await renderPage(c, rc, webPath), 201);
}

async function editPage(c: Context<SimEnv>): Promise<Response> {
  const rc = wikiRepo(c, 'write');
  requireNotArchived(rc);
  const body = await readJsonBody(c);
  const oldWeb = titleToWebPath(safeDecode(c.req.param('pageName') ?? ''));
  const title = optString(body, 'title') ?? '';
  const newWeb = title.trim() ? titleToWebPath(title) : oldWeb;
  const message = optString(body, 'message') || `Update ${JSON.stringify(safeDecode(newWeb))}`;
  const content = decodeBase64(optString(body, 'content_base64') ?? '');
  await writePage(c, rc, oldWeb, newWeb, content, message);
  return giteaJson(c, await renderPage(c, rc, newWeb));
}

async function deletePage(c: Context<SimEnv>): Promise<Response> {
  const rc = wikiRepo(c, 'write');
  requireNotArchived(rc);
  const doer = requireSignedIn(c);
  const webPath = titleToWebPath(safeDecode(c.req.param('pageName') ?? ''));
  const tip = await wikiTip(c, rc);
  const gitPath = webPathToGitPath(webPath);
  if (!(await pageNames(rc.repo.wikiGitDir, tip)).includes(gitPath)) throw notFound(c);
  const sim = c.get('sim');
  await commitFiles(rc.repo.wikiGitDir, {
    branch: WIKI_BRANCH,
    files: [{ path: gitPath, content: null }],
    message: `Delete page ${JSON.stringify(safeDecode(webPath))}`,
    author: gitSignatureOf(sim, doer, sim.now()),
  });
  return c.body(null, 204);
}

async function listPages(c: Context<SimEnv>): Promise<Response> {
  const rc = wikiRepo(c, 'read');
  const tip = await wikiTip(c, rc);
  const gitDir = rc.repo.wikiGitDir;
  const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '', 10) || 1);
  let limit = Number.parseInt(c.req.query('limit') ?? '', 10) || 0;
  // ListWikiPages' own paging: a limit of 1 or less means the default 30.
  if (limit <= 1) limit = 30;
  const entries = await listTree(gitDir, tip);
  const out = [];
  for (let i = (page - 1) * limit; i < Math.min(entries.length, page * limit); i++) {
    const e = entries[i];
    if (e?.type !== 'blob' || e.mode !== '100644' || !e.path.endsWith('.md')) continue;
    const last = await lastCommitFor(gitDir, tip, e.path);
    if (last) out.push(metaData(rc, c, e.path, last));
  }
  c.header('X-Total-Count', String(entries.length));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return giteaJson(c, out);
}

async function revisions(c: Context<SimEnv>): Promise<Response> {
  const rc = wikiRepo(c, 'read');
  const tip = await wikiTip(c, rc);
  const raw = safeDecode(c.req.param('pageName') ?? '');
  const gitPath = webPathToGitPath(titleToWebPath(raw || 'Home'));
  if (!(await entryAt(rc.repo.wikiGitDir, tip, gitPath))) throw notFound(c);
  const count = await countCommits(rc.repo.wikiGitDir, { rev: tip, path: gitPath });
  const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '', 10) || 1);
  const commits = await logCommits(rc.repo.wikiGitDir, {
    rev: tip,
    path: gitPath,
    skip: (page - 1) * REVISIONS_PAGE_SIZE,
    limit: REVISIONS_PAGE_SIZE,
  });
  c.header('X-Total-Count', String(count));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  return giteaJson(c, { commits: commits.map(wikiCommit), count });
}

/** Registers the wiki routes. */
export function registerWikiRoutes(router: SimRouter): void {
  const scope = ['repository'] as const;
  router.add(
    { method: 'GET', path: '/repos/{owner}/{repo}/wiki/pages', scope, handler: listPages },
    { method: 'POST', path: '/repos/{owner}/{repo}/wiki/new', scope, reqToken: true, handler: newPage },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/wiki/page/{pageName}',
      scope,
      handler: async (c) => {
        const rc = wikiRepo(c, 'read');
        const webPath = titleToWebPath(safeDecode(c.req.param('pageName') ?? ''));
        return giteaJson(c, await renderPage(c, rc, webPath));
      },
    },
    { method: 'PATCH', path: '/repos/{owner}/{repo}/wiki/page/{pageName}', scope, reqToken: true, handler: editPage },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/wiki/page/{pageName}',
      scope,
      reqToken: true,
      handler: deletePage,
    },
    { method: 'GET', path: '/repos/{owner}/{repo}/wiki/revisions/{pageName}', scope, handler: revisions },
  );
}
