/**
 * Repository contents (routers/api/v1/repo/file.go, services/repository/files):
 * read a file or list a directory at a ref, raw downloads, git trees and blobs,
 * and the create/update/delete/multi-file writes that each make one commit.
 */
import type { Context } from 'hono';
import { atLeast } from '../access.js';
import type { SimEnv } from '../context.js';
import { type RepoUrls, repoUrls, toFileCommitResponse, unsignedVerification } from '../convert/commit.js';
import {
  entryAt,
  expandSha,
  GitContentError,
  isEmptyRepo,
  lastCommitFor,
  listDir,
  listTree,
  type ResolvedRef,
  readBlob,
  readCommit,
  refCommit,
  resolveObject,
  resolveRef,
  type TreeEntry,
} from '../git-content.js';
import { changeRepoFiles, type FileOperation, setHeadBranch } from '../git-write.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, notFoundErr, notFoundWith, SimApiError, unprocessable } from '../http/errors.js';
import { setTotalCountHeader } from '../http/pagination.js';
import { refNotExist, resolveRefCommit } from '../http/ref-commit.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { gitSignatureOf } from '../services/repo-create.js';
import type { SimRepo } from '../state.js';
import { type JsonBody, optBool, optString, readJsonBody } from './request-body.js';

/** `[api] DEFAULT_MAX_BLOB_SIZE`: larger blobs come without content. */
const MAX_BLOB_BYTES = 10 * 1024 * 1024;
/** `[api] DEFAULT_GIT_TREES_PER_PAGE`. */
const GIT_TREES_PER_PAGE = 1000;

const escapePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

/** RefName.RefWebLinkPath: `branch/<b>`, `tag/<t>` or `commit/<sha>`. */
function refWebLink(ref: ResolvedRef): string {
  return ref.kind === 'commit' ? `commit/${ref.sha}` : `${ref.kind}/${escapePath(ref.name)}`;
}

interface ContentsOptions {
  withContent: boolean;
}

/** One ContentsResponse (getFileContentsByEntryInternal) for `entry` at `ref`. */
async function toContents(
  repo: SimRepo,
  urls: RepoUrls,
  ref: ResolvedRef,
  entry: TreeEntry,
  opts: ContentsOptions,
): Promise<Record<string, unknown>> {
  const self = `${urls.api}/contents/${escapePath(entry.path)}?ref=${encodeURIComponent(ref.name)}`;
  const last = await lastCommitFor(repo.gitDir, ref.sha, entry.path);
  const out: Record<string, unknown> = {
    name: entry.path.split('/').pop() ?? '',
    path: entry.path,
    sha: entry.sha,
    last_commit_sha: last?.sha,
    last_committer_date: last?.committerIso,
    last_author_date: last?.authorIso,
    type: 'file',
    size: entry.size,
    encoding: null,
    content: null,
    target: null,
    url: self,
    html_url: null,
    git_url: null,
    download_url: null,
    submodule_git_url: null,
    _links: { self, git: null, html: null },
  };
  if (entry.type === 'tree') out.type = 'dir';
  else if (entry.type === 'commit') out.type = 'submodule';
  else if (entry.mode === '120000') {
    out.type = 'symlink';
    out.target = (await readBlob(repo.gitDir, entry.sha))?.subarray(0, 1024).toString('utf8') ?? '';
  } else if (opts.withContent && entry.size <= MAX_BLOB_BYTES) {
    out.encoding = 'base64';
    out.content = (await readBlob(repo.gitDir, entry.sha))?.toString('base64') ?? '';
  }
  if (entry.type === 'blob') out.download_url = `${urls.html}/raw/${refWebLink(ref)}/${escapePath(entry.path)}`;
  if (entry.type !== 'commit') {
    const html = `${urls.html}/src/${refWebLink(ref)}/${escapePath(entry.path)}`;
    const git = `${urls.api}/git/blobs/${entry.sha}`;
    Object.assign(out, { html_url: html, git_url: git, _links: { self, git, html } });
  }
  return out;
}

/**
 * The contents API's 404 for a ref that names no branch, tag or commit. Gitea
 * 1.25 resolves the ref first (routers/api/v1/repo/file.go resolveRefCommit →
 * APIErrorNotFound(git.ErrNotExist{ID: ref}); a commit id must be the full
 * id); ≤1.24 and Forgejo fail inside GetContentsOrList
 * (NotFound("GetContentsOrList", err)). Both list the error.
 */
async function contentsRef(c: Context<SimEnv>, gitDir: string, refName: string): Promise<ResolvedRef> {
  const profile = c.get('sim').profile;
  if (profile.flavor === 'gitea' && profile.giteaCompat[1] >= 25) return resolveRefCommit(c, gitDir, refName);
  const ref = await resolveRef(gitDir, refName);
  if (!ref) throw notFoundWith('GetContentsOrList', refNotExist(refName));
  return ref;
}

/**
 * `git.ErrNotExist` from Commit.GetTreeEntryByPath (modules/git/tree.go SubTree,
 * tree_blob_nogogit.go): a missing directory on the way names that segment,
 * a missing last segment names the whole path.
 */
async function missingPathError(gitDir: string, sha: string, path: string): Promise<string> {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const dir = await entryAt(gitDir, sha, parts.slice(0, i + 1).join('/'));
    if (!dir) return `object does not exist [id: , rel_path: ${parts[i]}]`;
    if (dir.type !== 'tree') return `object does not exist [id: ${dir.sha}, rel_path: ]`;
  }
  return `object does not exist [id: , rel_path: ${path}]`;
}

async function getContents(c: Context<SimEnv>, treePath: string): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'read');
  const path = treePath.replace(/^\/+|\/+$/g, '');
  if (path === '' && (await isEmptyRepo(repo.gitDir))) return giteaJson(c, []);
  const ref = await contentsRef(c, repo.gitDir, c.req.query('ref')?.trim() || repo.defaultBranch);
  // routers/api/v1/repo/file.go getRepoContents: APIErrorNotFound("GetContentsOrList", err).
  if (path.split('/').some((p) => p.toLowerCase() === '.git')) throw notFoundWith('GetContentsOrList');
  const entry = await entryAt(repo.gitDir, ref.sha, path);
  if (!entry) throw notFoundWith('GetContentsOrList', await missingPathError(repo.gitDir, ref.sha, path));
  const urls = repoUrls(c.get('sim'), repo, owner);
  if (entry.type !== 'tree') return giteaJson(c, await toContents(repo, urls, ref, entry, { withContent: true }));
  const list = [];
  for (const e of await listDir(repo.gitDir, ref.sha, path))
    list.push(await toContents(repo, urls, ref, e, { withContent: false }));
  return giteaJson(c, list);
}

/** Go's base64.StdEncoding.DecodeString: strict padding, no whitespace. */
function decodeBase64(s: string): Buffer {
  const bad = /[^A-Za-z0-9+/=]/.exec(s);
  if (bad || s.length % 4 !== 0 || /=[^=]/.test(s) || /={3,}$/.test(s)) {
    const at = bad ? bad.index : s.length - (s.length % 4 || 4);
    throw unprocessable(`illegal base64 data at input byte ${at}`);
  }
  return Buffer.from(s, 'base64');
}

function identity(body: JsonBody, field: 'author' | 'committer'): { name: string; email: string } | null {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v))
    throw unprocessable(`json: cannot unmarshal into Go struct field .${field} of type api.Identity`);
  const o = v as JsonBody;
  const email = optString(o, 'email') ?? '';
  return email === '' ? null : { name: optString(o, 'name') ?? '', email };
}

function date(body: JsonBody, field: 'author' | 'committer'): Date | null {
  const d = body.dates;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return null;
  const s = optString(d as JsonBody, field);
  if (!s) return null;
  const t = new Date(s);
  if (Number.isNaN(t.getTime())) throw unprocessable(`parsing time "${s}" as RFC 3339: cannot parse`);
  return t;
}

/** Gitea's default commit message for a change set (changeFilesCommitMessage, en-US locale). */
function defaultMessage(ops: readonly FileOperation[]): string {
  const by = (kinds: string[]) => ops.filter((o) => kinds.includes(o.operation)).map((o) => o.path);
  const parts: string[] = [];
  if (by(['create']).length) parts.push(`Add ${by(['create']).join(', ')}`);
  if (by(['update', 'rename']).length) parts.push(`Update ${by(['update', 'rename']).join(', ')}`);
  if (by(['delete']).length) parts.push(`Delete ${by(['delete']).join(', ')}`);
  return parts.join('\n');
}

function gitErrorToApi(err: unknown): unknown {
  if (!(err instanceof GitContentError)) return err;
  // handleChangeRepoFilesError: not-found kinds 404, validation kinds 422, both as plain {message,url}.
  if (err.code === 'not_found') return new SimApiError(404, err.message);
  if (err.code === 'ref_conflict') return new SimApiError(500, '');
  return unprocessable(err.message);
}

/** Runs one ChangeRepoFiles request and renders FilesResponse (all) or FileResponse (first file). */
async function changeFiles(c: Context<SimEnv>, rc: RepoContext, body: JsonBody, ops: FileOperation[]) {
  const sim = c.get('sim');
  const { repo, owner } = rc;
  const branch = optString(body, 'branch') || repo.defaultBranch;
  const newBranch = optString(body, 'new_branch') || branch;
  const doer = requireSignedIn(c);
  const author = identity(body, 'author');
  const committer = identity(body, 'committer') ?? author;
  const now = sim.now();
  const doerSig = gitSignatureOf(sim, doer, now);
  const authorSig = { ...(author ?? committer ?? doerSig), date: date(body, 'author') ?? now };
  const committerSig = { ...(committer ?? authorSig), date: date(body, 'committer') ?? now };
  const empty = await isEmptyRepo(repo.gitDir);
  let result: { sha: string; paths: string[] };
  try {
    result = await changeRepoFiles(repo.gitDir, {
      branch,
      newBranch,
      empty,
      operations: ops,
      message: (optString(body, 'message') ?? '').trim() || defaultMessage(ops),
      author: authorSig,
      committer: committerSig,
      forcePush: optBool(body, 'force_push') ?? false,
    });
  } catch (err) {
    throw gitErrorToApi(err);
  }
  if (empty) {
    await setHeadBranch(repo.gitDir, newBranch);
    repo.defaultBranch = newBranch;
  }
  repo.updated = now;
  const commit = await readCommit(repo.gitDir, result.sha);
  if (!commit) throw new TypeError(`commit ${result.sha} vanished after writing it`);
  const urls = repoUrls(sim, repo, owner);
  const ref: ResolvedRef = { kind: 'branch', name: newBranch, sha: result.sha };
  const files = [];
  for (const p of result.paths) {
    const entry = await entryAt(repo.gitDir, result.sha, p);
    files.push(entry ? await toContents(repo, urls, ref, entry, { withContent: true }) : null);
  }
  return { files, commit: toFileCommitResponse(urls, commit), verification: unsignedVerification() };
}

function fileOp(operation: FileOperation['operation'], c: Context<SimEnv>, body: JsonBody): FileOperation {
  const content = optString(body, 'content');
  const op: FileOperation = { operation, path: c.req.param('filepath') ?? '' };
  if (operation !== 'delete') op.content = decodeBase64(content ?? '');
  const sha = optString(body, 'sha');
  if (sha) op.sha = sha;
  const from = optString(body, 'from_path');
  if (from) op.fromPath = from;
  return op;
}

function parseOperations(body: JsonBody): FileOperation[] {
  const files = body.files;
  if (files === undefined || files === null) throw unprocessable('[Files]: Required');
  if (!Array.isArray(files))
    throw unprocessable('json: cannot unmarshal into Go struct field .files of type []*api.ChangeFileOperation');
  return files.map((f: unknown) => {
    if (!f || typeof f !== 'object' || Array.isArray(f)) throw unprocessable('[Files]: invalid operation');
    const o = f as JsonBody;
    const operation = optString(o, 'operation') ?? '';
    if (!['create', 'update', 'delete', 'rename'].includes(operation)) throw unprocessable(`[Files.Operation]: In`);
    const op: FileOperation = { operation: operation as FileOperation['operation'], path: optString(o, 'path') ?? '' };
    if (operation === 'create' || operation === 'update') op.content = decodeBase64(optString(o, 'content') ?? '');
    const sha = optString(o, 'sha');
    if (sha) op.sha = sha;
    const from = optString(o, 'from_path');
    if (from) op.fromPath = from;
    return op;
  });
}

/**
 * services/context/repo.go getRefNameLegacy, as RepoRefForAPI uses it for the
 * raw route: `ref` is joined in front of the path, then the shortest leading
 * segments naming a branch (or `HEAD`), else a tag, else a full 40-hex commit
 * id in the first segment; anything else falls back to the default branch with
 * the path as given — so an unknown `?ref=` silently reads the default branch.
 * `ref: null` when the named commit does not exist ("unable to find a git ref").
 */
async function legacyRawRef(
  repo: SimRepo,
  reqPath: string,
  extraRef: string,
): Promise<{ ref: ResolvedRef | null; path: string }> {
  const parts = [extraRef, reqPath].filter(Boolean).join('/').split('/').filter(Boolean);
  for (const kind of ['heads', 'tags'] as const) {
    for (let i = 1; i <= parts.length; i++) {
      const name = parts.slice(0, i).join('/');
      const sha = await refCommit(repo.gitDir, `refs/${kind}/${name}`);
      if (sha) return { ref: { kind: kind === 'heads' ? 'branch' : 'tag', name, sha }, path: parts.slice(i).join('/') };
    }
    if (kind === 'heads' && parts[0] === 'HEAD') {
      const ref = await resolveRef(repo.gitDir, repo.defaultBranch);
      return { ref, path: parts.slice(1).join('/') };
    }
  }
  const first = parts[0] ?? '';
  if (/^[0-9a-f]{40}$/.test(first)) {
    const commit = await readCommit(repo.gitDir, first);
    return { ref: commit ? { kind: 'commit', name: first, sha: commit.sha } : null, path: parts.slice(1).join('/') };
  }
  return { ref: await resolveRef(repo.gitDir, repo.defaultBranch), path: reqPath };
}

async function getRaw(c: Context<SimEnv>): Promise<Response> {
  const { repo } = loadRepo(c, 'read');
  if (await isEmptyRepo(repo.gitDir)) throw notFound(c);
  const filepath = c.req.param('filepath') ?? '';
  const { ref, path } = await legacyRawRef(repo, filepath, c.req.query('ref')?.trim() ?? '');
  if (!ref) {
    if (c.get('sim').profile.describedGitNotFound)
      throw new SimApiError(404, 'unable to find a git ref', { notFound: true });
    throw notFoundErr(c, `not exist: '${filepath}'`);
  }
  const entry = await entryAt(repo.gitDir, ref.sha, path);
  // routers/api/v1/repo/file.go getBlobForEntry: a missing path is a plain 404, a directory "getBlobForEntry".
  if (!entry) throw notFound(c);
  if (entry.type !== 'blob') throw notFoundWith('getBlobForEntry');
  const data = (await readBlob(repo.gitDir, entry.sha)) ?? Buffer.alloc(0);
  const last = await lastCommitFor(repo.gitDir, ref.sha, path);
  const isText = !data.includes(0) && Buffer.from(data.toString('utf8'), 'utf8').equals(data);
  const name = path.split('/').pop() ?? path;
  return new Response(new Uint8Array(data), {
    status: 200,
    headers: {
      'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/octet-stream',
      'Content-Length': String(data.length),
      'Content-Disposition': `inline; filename="${name}"`,
      ETag: `"${entry.sha}"`,
      ...(last ? { 'Last-Modified': last.committer.date.toUTCString() } : {}),
      'X-Gitea-Object-Type': entry.mode === '120000' ? 'symlink' : 'file',
    },
  });
}

/**
 * routers/api/v1/repo/tree.go GetTree, services/repository/files/tree.go
 * GetTreeBySHA, modules/git/repo_tree_nogogit.go GetTree: `sha` is the object
 * the name resolved to (a commit, an annotated tag object or a tree — not the
 * tree of a commit), `truncated` is true only while entries follow this page,
 * and X-Total-Count carries `total_count`.
 */
async function getTree(c: Context<SimEnv>): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'read');
  const sha = c.req.param('sha') ?? '';
  const resolved = await resolveObject(repo.gitDir, sha);
  if (!resolved || !['commit', 'tag', 'tree'].includes(resolved.type))
    throw new SimApiError(400, `sha not found [${sha}]`);
  const treeSha = (await entryAt(repo.gitDir, resolved.sha, ''))?.sha;
  if (!treeSha) throw new SimApiError(400, `sha not found [${sha}]`);
  const entries = await listTree(repo.gitDir, treeSha, { recursive: c.req.query('recursive') === 'true' });
  const urls = repoUrls(c.get('sim'), repo, owner);
  const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '', 10) || 1);
  const per = Number.parseInt(c.req.query('per_page') ?? '', 10);
  const perPage = per > 0 && per <= GIT_TREES_PER_PAGE ? per : GIT_TREES_PER_PAGE;
  const start = perPage * (page - 1);
  const slice = start >= entries.length ? null : entries.slice(start, start + perPage);
  setTotalCountHeader(c, entries.length);
  return giteaJson(c, {
    sha: resolved.sha,
    url: `${urls.api}/git/trees/${resolved.sha}`,
    tree:
      slice?.map((e) => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        size: e.size,
        sha: e.sha,
        url: e.type === 'commit' ? '' : `${urls.api}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
      })) ?? null,
    truncated: start + perPage < entries.length,
    page,
    total_count: entries.length,
  });
}

async function getBlob(c: Context<SimEnv>): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'read');
  const sha = c.req.param('sha') ?? '';
  const data = await readBlob(repo.gitDir, sha);
  if (!data) throw new SimApiError(400, `object does not exist [id: ${sha}, rel_path: ]`);
  const full = (await expandSha(repo.gitDir, sha)) ?? sha;
  const urls = repoUrls(c.get('sim'), repo, owner);
  const withContent = data.length <= MAX_BLOB_BYTES;
  return giteaJson(c, {
    content: withContent ? data.toString('base64') : null,
    encoding: withContent ? 'base64' : null,
    url: `${urls.api}/git/blobs/${full}`,
    sha: full,
    size: data.length,
  });
}

/**
 * The middleware of the contents write routes. Gitea 1.25 (routers/api/v1/api.go
 * `/contents` group, #34855): repoAssignment and reqRepoReader (404/403),
 * mustEnableEditor (423 `<owner>/<repo> is not allowed to edit` for an archived
 * repository), reqToken (401), then the body. Gitea ≤1.24 and Forgejo:
 * reqToken, the body, reqRepoBranchWriter, mustNotBeArchived (see requireBranchWriter).
 */
async function checkedWrite(c: Context<SimEnv>): Promise<RepoContext> {
  const rc = loadRepo(c, 'read');
  if (c.get('sim').profile.contentsEditorCheck && rc.repo.archived)
    throw new SimApiError(423, `${rc.owner.login}/${rc.repo.name} is not allowed to edit`);
  requireSignedIn(c);
  return rc;
}

/**
 * After the body is bound: CanWriteToBranch or site admin, else 403 — Gitea 1.25
 * repo/file.go ReqChangeRepoFileOptionsAndCheck "…to the target branch"; ≤1.24
 * api.go reqRepoBranchWriter "…to this branch", followed by mustNotBeArchived's
 * 423 `<owner>/<repo> is archived`.
 */
function requireBranchWriter(c: Context<SimEnv>, rc: RepoContext): void {
  const current = c.get('sim').profile.contentsEditorCheck;
  if (!atLeast(rc.access, 'write') && !c.get('doer')?.isAdmin)
    throw new SimApiError(
      403,
      `user should have a permission to write to ${current ? 'the target branch' : 'this branch'}`,
    );
  if (!current && rc.repo.archived) throw new SimApiError(423, `${rc.owner.login}/${rc.repo.name} is archived`);
}

/** Registers the contents, raw, git tree and git blob routes. */
export function registerContentRoutes(router: SimRouter): void {
  const write = async (c: Context<SimEnv>, status: number, op: FileOperation['operation']) => {
    const rc = await checkedWrite(c);
    const body = await readJsonBody(c);
    if (op === 'delete' && !optString(body, 'sha')) throw unprocessable('[SHA]: Required');
    requireBranchWriter(c, rc);
    const res = await changeFiles(c, rc, body, [fileOp(op, c, body)]);
    const content = op === 'delete' ? null : (res.files[0] ?? {});
    return giteaJson(c, { content, commit: res.commit, verification: res.verification }, status);
  };
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/contents',
      scope: ['repository'],
      handler: (c) => getContents(c, ''),
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/contents/{filepath}',
      scope: ['repository'],
      // api.go routes `/contents/*`: `/contents/` (an empty wildcard) is GetContents of the root.
      emptyWildcard: true,
      handler: (c) => getContents(c, c.req.param('filepath') ?? ''),
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/contents/{filepath}',
      scope: ['repository'],
      handler: (c) => write(c, 201, 'create'),
    },
    {
      method: 'PUT',
      path: '/repos/{owner}/{repo}/contents/{filepath}',
      scope: ['repository'],
      handler: (c) => write(c, 200, 'update'),
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/contents/{filepath}',
      scope: ['repository'],
      handler: (c) => write(c, 200, 'delete'),
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/contents',
      scope: ['repository'],
      handler: async (c) => {
        const rc = await checkedWrite(c);
        const body = await readJsonBody(c);
        requireBranchWriter(c, rc);
        return giteaJson(c, await changeFiles(c, rc, body, parseOperations(body)), 201);
      },
    },
    { method: 'GET', path: '/repos/{owner}/{repo}/raw/{filepath}', scope: ['repository'], handler: getRaw },
    { method: 'GET', path: '/repos/{owner}/{repo}/git/trees/{sha}', scope: ['repository'], handler: getTree },
    { method: 'GET', path: '/repos/{owner}/{repo}/git/blobs/{sha}', scope: ['repository'], handler: getBlob },
  );
}
