/**
 * Releases and their attachments (routers/api/v1/repo/release.go,
 * release_tags.go, release_attachment.go; services/release). Creating a
 * published release for a missing tag creates the tag at the target, as
 * Gitea does; drafts get no tag until they are published and are hidden from
 * readers without write access.
 */
import type { Context } from 'hono';
import { atLeast } from '../access.js';
import type { SimContext, SimEnv } from '../context.js';
import { toApiAttachment } from '../convert/attachment.js';
import { toApiUser, toGiteaTime } from '../convert/user.js';
import { GitContentError, getTag, resolveRef } from '../git-content.js';
import { createTag } from '../git-write.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { pageRequest, setPageHeaders } from '../http/pagination.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { addAttachment } from '../services/attachments.js';
import { gitSignatureOf } from '../services/repo-create.js';
import type { SimAttachment, SimRelease, SimRepo, SimUser } from '../state.js';
import { pathInt, requireNotArchived } from './pull-helpers.js';
import { optBool, optString, readJsonBody, readUpload } from './request-body.js';

function repoBase(sim: SimContext, repo: SimRepo): { api: string; html: string } {
  const owner = sim.state.users.get(repo.ownerId)?.login ?? '';
  return {
    api: `${sim.appUrl()}api/v1/repos/${owner}/${repo.name}`,
    html: `${sim.appUrl()}${owner}/${repo.name}`,
  };
}

/** api.Release (ToAPIRelease): the publisher is rendered without a doer. */
export function toApiRelease(sim: SimContext, repo: SimRepo, rel: SimRelease): Record<string, unknown> {
  const { api, html } = repoBase(sim, repo);
  const publisher = sim.state.users.get(rel.publisherId);
  const assets = [...sim.state.attachments.values()]
    .filter((a) => a.releaseId === rel.id)
    .sort((a, b) => a.id - b.id)
    .map((a) => toApiAttachment(sim, a));
  const tag = encodeURIComponent(rel.tagName);
  return {
    id: rel.id,
    tag_name: rel.tagName,
    target_commitish: rel.target,
    name: rel.title,
    body: rel.body,
    url: `${api}/releases/${rel.id}`,
    html_url: `${html}/releases/tag/${tag}`,
    tarball_url: `${html}/archive/${tag}.tar.gz`,
    zipball_url: `${html}/archive/${tag}.zip`,
    upload_url: `${api}/releases/${rel.id}/assets`,
    draft: rel.draft,
    prerelease: rel.prerelease,
    created_at: toGiteaTime(rel.created),
    published_at: toGiteaTime(rel.publishedAt),
    author: publisher ? toApiUser(sim, publisher, null) : null,
    assets,
  };
}

function releasesRepo(c: Context<SimEnv>, need: 'read' | 'write'): RepoContext {
  const rc = loadRepo(c, need);
  if (!rc.repo.hasReleases) throw notFound(c);
  return rc;
}

function canSeeDrafts(rc: RepoContext): boolean {
  return atLeast(rc.access, 'write');
}

/** The release `{id}` of the route's repository; drafts are invisible to readers. */
function loadRelease(c: Context<SimEnv>, rc: RepoContext): SimRelease {
  const rel = c.get('sim').state.releases.get(pathInt(c, 'id'));
  if (!rel || rel.repoId !== rc.repo.id || (rel.draft && !canSeeDrafts(rc))) throw notFound(c);
  return rel;
}

function releasesOf(sim: SimContext, repo: SimRepo): SimRelease[] {
  return [...sim.state.releases.values()]
    .filter((r) => r.repoId === repo.id)
    .sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id);
}

function boolQuery(c: Context<SimEnv>, name: string): boolean | null {
  const v = c.req.query(name);
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

async function listReleases(c: Context<SimEnv>): Promise<Response> {
  const rc = releasesRepo(c, 'read');
  const sim = c.get('sim');
  const draft = boolQuery(c, 'draft');
  const pre = boolQuery(c, 'pre-release');
  const list = releasesOf(sim, rc.repo).filter(
    (r) =>
      (!r.draft || canSeeDrafts(rc)) && (draft === null || r.draft === draft) && (pre === null || r.prerelease === pre),
  );
  const { page, limit } = pageRequest(c);
  setPageHeaders(c, list.length, page, limit);
  return giteaJson(
    c,
    list.slice((page - 1) * limit, page * limit).map((r) => toApiRelease(sim, rc.repo, r)),
  );
}

/** Creates the tag for a published release unless it exists (services/release createTag). */
async function ensureTag(c: Context<SimEnv>, rc: RepoContext, rel: SimRelease, message: string, doer: SimUser) {
  if (await getTag(rc.repo.gitDir, rel.tagName)) return;
  const target = await resolveRef(rc.repo.gitDir, rel.target);
  if (!target)
    throw new SimApiError(
      404,
      `target "${rel.target}" not found: object does not exist [id: ${rel.target}, rel_path: ]`,
    );
  try {
    await createTag(rc.repo.gitDir, rel.tagName, target.sha, {
      message,
      tagger: gitSignatureOf(c.get('sim'), doer, c.get('sim').now()),
    });
  } catch (err) {
    if (err instanceof GitContentError && err.code === 'path_invalid') throw unprocessable('[TagName]: GitRefName');
    throw err;
  }
}

async function createReleaseRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = releasesRepo(c, 'write');
  requireNotArchived(rc);
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const body = await readJsonBody(c);
  const tagName = optString(body, 'tag_name') ?? '';
  if (tagName === '') throw unprocessable('[TagName]: Required');
  // Only tag-only rows may be turned into releases; the simulator keeps no such rows.
  if (releasesOf(sim, rc.repo).some((r) => r.tagName === tagName)) throw new SimApiError(409, 'Release is has no Tag');
  const now = sim.now();
  const rel: SimRelease = {
    id: 0,
    repoId: rc.repo.id,
    tagName,
    target: optString(body, 'target_commitish') || rc.repo.defaultBranch,
    title: optString(body, 'name') ?? '',
    body: optString(body, 'body') ?? '',
    draft: optBool(body, 'draft') ?? false,
    prerelease: optBool(body, 'prerelease') ?? false,
    publisherId: doer.id,
    created: now,
    publishedAt: now,
  };
  if (!rel.draft) await ensureTag(c, rc, rel, optString(body, 'tag_message') ?? '', doer);
  rel.id = sim.state.nextId('release');
  sim.state.releases.set(rel.id, rel);
  return giteaJson(c, toApiRelease(sim, rc.repo, rel), 201);
}

async function editReleaseRoute(c: Context<SimEnv>): Promise<Response> {
  const rc = releasesRepo(c, 'write');
  requireNotArchived(rc);
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const body = await readJsonBody(c);
  const rel = loadRelease(c, rc);
  const tagName = optString(body, 'tag_name');
  if (tagName && tagName !== rel.tagName) {
    if (releasesOf(sim, rc.repo).some((r) => r.tagName === tagName))
      throw new SimApiError(409, `release tag already exist [tag_name: ${tagName}]`);
    rel.tagName = tagName;
  }
  const target = optString(body, 'target_commitish');
  if (target) rel.target = target;
  const name = optString(body, 'name');
  if (name) rel.title = name;
  const text = optString(body, 'body');
  if (text !== undefined) rel.body = text;
  const pre = optBool(body, 'prerelease');
  if (pre !== undefined) rel.prerelease = pre;
  const draft = optBool(body, 'draft');
  if (draft !== undefined) {
    if (rel.draft && !draft) rel.publishedAt = sim.now();
    rel.draft = draft;
  }
  if (!rel.draft) await ensureTag(c, rc, rel, '', doer);
  return giteaJson(c, toApiRelease(sim, rc.repo, rel));
}

function deleteRelease(c: Context<SimEnv>, rel: SimRelease): Response {
  const sim = c.get('sim');
  // The tag stays (DeleteReleaseByID with delTag=false); the assets go with the release.
  for (const [id, a] of sim.state.attachments) if (a.releaseId === rel.id) sim.state.attachments.delete(id);
  sim.state.releases.delete(rel.id);
  return c.body(null, 204);
}

function releaseByTag(c: Context<SimEnv>, rc: RepoContext): SimRelease {
  const tag = c.req.param('tag') ?? '';
  const rel = releasesOf(c.get('sim'), rc.repo).find((r) => r.tagName === tag);
  if (!rel || (rel.draft && !canSeeDrafts(rc))) throw notFound(c);
  return rel;
}

function loadAttachment(c: Context<SimEnv>, rel: SimRelease): SimAttachment {
  const a = c.get('sim').state.attachments.get(pathInt(c, 'attachment_id'));
  if (!a || a.releaseId !== rel.id) throw notFound(c);
  return a;
}

/** POST …/assets. */
async function uploadAsset(c: Context<SimEnv>): Promise<Response> {
  const rc = releasesRepo(c, 'write');
  requireNotArchived(rc);
  const doer = requireSignedIn(c);
  const sim = c.get('sim');
  const rel = loadRelease(c, rc);
  const a = addAttachment(sim, { releaseId: rel.id, issueId: null, commentId: null }, doer, await readUpload(c));
  return giteaJson(c, toApiAttachment(sim, a), 201);
}

/** Registers release and release-asset routes. */
export function registerReleaseRoutes(router: SimRouter): void {
  const scope = ['repository'] as const;
  const one = '/repos/{owner}/{repo}/releases/{id}';
  router.add(
    { method: 'GET', path: '/repos/{owner}/{repo}/releases', scope, handler: listReleases },
    { method: 'POST', path: '/repos/{owner}/{repo}/releases', scope, reqToken: true, handler: createReleaseRoute },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/releases/latest',
      scope,
      handler: (c) => {
        const rc = releasesRepo(c, 'read');
        const rel = releasesOf(c.get('sim'), rc.repo).find((r) => !r.draft && !r.prerelease);
        if (!rel) throw notFound(c);
        return giteaJson(c, toApiRelease(c.get('sim'), rc.repo, rel));
      },
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/releases/tags/{tag}',
      scope,
      handler: (c) => {
        const rc = releasesRepo(c, 'read');
        return giteaJson(c, toApiRelease(c.get('sim'), rc.repo, releaseByTag(c, rc)));
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/releases/tags/{tag}',
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = releasesRepo(c, 'write');
        requireNotArchived(rc);
        return deleteRelease(c, releaseByTag(c, rc));
      },
    },
    {
      method: 'GET',
      path: one,
      scope,
      handler: (c) => {
        const rc = releasesRepo(c, 'read');
        return giteaJson(c, toApiRelease(c.get('sim'), rc.repo, loadRelease(c, rc)));
      },
    },
    { method: 'PATCH', path: one, scope, reqToken: true, handler: editReleaseRoute },
    {
      method: 'DELETE',
      path: one,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = releasesRepo(c, 'write');
        requireNotArchived(rc);
        return deleteRelease(c, loadRelease(c, rc));
      },
    },
    {
      method: 'GET',
      path: `${one}/assets`,
      scope,
      handler: (c) => {
        const rc = releasesRepo(c, 'read');
        const rel = loadRelease(c, rc);
        return giteaJson(c, toApiRelease(c.get('sim'), rc.repo, rel).assets);
      },
    },
    { method: 'POST', path: `${one}/assets`, scope, reqToken: true, handler: uploadAsset },
    {
      method: 'GET',
      path: `${one}/assets/{attachment_id}`,
      scope,
      handler: (c) => {
        const rc = releasesRepo(c, 'read');
        const rel = loadRelease(c, rc);
        return giteaJson(c, toApiAttachment(c.get('sim'), loadAttachment(c, rel)));
      },
    },
    {
      method: 'PATCH',
      path: `${one}/assets/{attachment_id}`,
      scope,
      reqToken: true,
      handler: async (c) => {
        const rc = releasesRepo(c, 'write');
        requireNotArchived(rc);
        const body = await readJsonBody(c);
        const rel = loadRelease(c, rc);
        const a = loadAttachment(c, rel);
        const name = optString(body, 'name');
        if (name) a.name = name;
        // Gitea answers 201 for an edit here.
        return giteaJson(c, toApiAttachment(c.get('sim'), a), 201);
      },
    },
    {
      method: 'DELETE',
      path: `${one}/assets/{attachment_id}`,
      scope,
      reqToken: true,
      handler: (c) => {
        const rc = releasesRepo(c, 'write');
        requireNotArchived(rc);
        const a = loadAttachment(c, loadRelease(c, rc));
        c.get('sim').state.attachments.delete(a.id);
        return c.body(null, 204);
      },
    },
  );
}
