/**
 * Tags (routers/api/v1/repo/tag.go): list, get, create (annotated when a
 * message is given, tagged by the doer) and delete. A tag that carries a
 * published release cannot be deleted here, as in Gitea.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { repoUrls, toApiTag } from '../convert/commit.js';
import { GitContentError, getTag, listTags, resolveRef } from '../git-content.js';
import { createTag, deleteTag } from '../git-write.js';
import { requireSignedIn } from '../http/auth.js';
import { giteaJson, gitNotFound, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { pageRequest, setTotalCountHeader } from '../http/pagination.js';
import { loadRepo } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { gitSignatureOf } from '../services/repo-create.js';
import { optString, readJsonBody } from './request-body.js';

async function createTagRoute(c: Context<SimEnv>): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'write');
  if (repo.archived) throw new SimApiError(423, `${owner.login}/${repo.name} is archived`);
  const body = await readJsonBody(c);
  const name = optString(body, 'tag_name') ?? '';
  if (name === '') throw unprocessable('[TagName]: Required');
  const target = optString(body, 'target') || repo.defaultBranch;
  const resolved = await resolveRef(repo.gitDir, target);
  if (!resolved) throw new SimApiError(404, `target not found: object does not exist [id: ${target}, rel_path: ]`);
  const doer = requireSignedIn(c);
  const message = optString(body, 'message') ?? '';
  try {
    await createTag(repo.gitDir, name, resolved.sha, {
      message,
      tagger: gitSignatureOf(c.get('sim'), doer, c.get('sim').now()),
    });
  } catch (err) {
    if (err instanceof GitContentError && err.code === 'already_exists')
      throw new SimApiError(409, `tag already exists [name: ${name}]`);
    if (err instanceof GitContentError) throw unprocessable(`[TagName]: GitRefName`);
    throw err;
  }
  const tag = await getTag(repo.gitDir, name);
  if (!tag) throw new TypeError(`tag ${name} vanished after creating it`);
  // Gitea answers 201 although its swagger documents 200.
  return giteaJson(c, toApiTag(repoUrls(c.get('sim'), repo, owner), tag), 201);
}

async function deleteTagRoute(c: Context<SimEnv>): Promise<Response> {
  const { repo, owner } = loadRepo(c, 'write');
  if (repo.archived) throw new SimApiError(423, `${owner.login}/${repo.name} is archived`);
  const name = c.req.param('tag') ?? '';
  if (!(await getTag(repo.gitDir, name))) throw notFound(c);
  for (const r of c.get('sim').state.releases.values())
    if (r.repoId === repo.id && r.tagName === name)
      throw new SimApiError(409, 'a tag attached to a release cannot be deleted directly');
  await deleteTag(repo.gitDir, name);
  return c.body(null, 204);
}

/** Registers the tag routes. */
export function registerTagRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/tags',
      scope: ['repository'],
      handler: async (c) => {
        const { repo, owner } = loadRepo(c, 'read');
        const { page, limit } = pageRequest(c);
        const tags = await listTags(repo.gitDir);
        // ListTags: X-Total-Count only.
        setTotalCountHeader(c, tags.length);
        const urls = repoUrls(c.get('sim'), repo, owner);
        return giteaJson(
          c,
          tags.slice((page - 1) * limit, page * limit).map((t) => toApiTag(urls, t)),
        );
      },
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/tags',
      scope: ['repository'],
      reqToken: true,
      handler: createTagRoute,
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/tags/{tag}',
      scope: ['repository'],
      handler: async (c) => {
        const { repo, owner } = loadRepo(c, 'read');
        const name = c.req.param('tag') ?? '';
        const tag = await getTag(repo.gitDir, name);
        // routers/api/v1/repo/tag.go GetTag: APIErrorNotFound("tag doesn't exist: " + tagName).
        if (!tag) throw gitNotFound(c, `tag doesn't exist: ${name}`, name);
        return giteaJson(c, toApiTag(repoUrls(c.get('sim'), repo, owner), tag));
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/tags/{tag}',
      scope: ['repository'],
      reqToken: true,
      handler: deleteTagRoute,
    },
  );
}
