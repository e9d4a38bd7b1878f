/** Toolset `tags`: list, read, create and delete git tags. */
import { z } from 'zod';
import { type GiteaTag, giteaPath, tagSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { repoInput } from './params.js';
import { sanitizeOptional } from './sanitize.js';
import { pageResult, pagingInput } from './shape.js';

function toTagSummary(t: GiteaTag): Record<string, unknown> {
  const message = sanitizeOptional(t.message)?.trim();
  return {
    name: t.name,
    sha: t.commit?.sha,
    date: t.commit?.created,
    // Gitea repeats the commit message for lightweight tags; an annotated tag's id differs from the commit sha.
    annotated: t.id !== undefined && t.id !== t.commit?.sha,
    message: message || undefined,
  };
}

const tagName = z.string().trim().min(1).max(255);

/** `list_tags`. */
export const listTags = defineTool({
  name: 'list_tags',
  toolset: 'tags',
  title: 'List tags',
  description: "List a repository's git tags, newest first, with their commits.",
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, ...pagingInput }).strict(),
  async run(args, { gitea, signal }) {
    const res = await gitea.requestPage<GiteaTag>(
      'GET',
      giteaPath('/repos/{owner}/{repo}/tags', { owner: args.owner, repo: args.repo }),
      { itemSchema: tagSchema, page: args.page, limit: args.perPage, signal },
    );
    return pageResult('tags', res, toTagSummary);
  },
});

/** `get_tag`. */
export const getTag = defineTool({
  name: 'get_tag',
  toolset: 'tags',
  title: 'Get tag',
  description: 'Get one git tag: the commit it points to and, for annotated tags, its message.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, tag: tagName.describe('Tag name.') }).strict(),
  async run(args, { gitea, signal }) {
    const { data } = await gitea.request<GiteaTag>(
      'GET',
      giteaPath('/repos/{owner}/{repo}/tags/{tag*}', { owner: args.owner, repo: args.repo, tag: args.tag }),
      { schema: tagSchema, signal },
    );
    return toTagSummary(data);
  },
});

/** `create_tag`. */
export const createTag = defineTool({
  name: 'create_tag',
  toolset: 'tags',
  title: 'Create tag',
  description: 'Create a git tag at a branch or commit (annotated with a message).',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      tag: tagName.describe('New tag name, e.g. v1.2.0.'),
      target: z.string().trim().min(1).optional().describe('Branch or commit SHA; default branch when omitted.'),
      message: z.string().optional().describe('Tag message (annotated tag).'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const body = { tag_name: args.tag, target: args.target, message: args.message };
    const { data } = await gitea.request<GiteaTag>(
      'POST',
      giteaPath('/repos/{owner}/{repo}/tags', { owner: args.owner, repo: args.repo }),
      { schema: tagSchema, body, signal },
    );
    return toTagSummary(data);
  },
});

/** `delete_tag`. */
export const deleteTag = defineTool({
  name: 'delete_tag',
  toolset: 'tags',
  title: 'Delete tag',
  description: 'Delete a git tag (not while a release uses it; delete the release first).',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, tag: tagName.describe('Tag to delete.') }).strict(),
  async run(args, { gitea, signal }) {
    await gitea.request(
      'DELETE',
      giteaPath('/repos/{owner}/{repo}/tags/{tag*}', { owner: args.owner, repo: args.repo, tag: args.tag }),
      { signal },
    );
    return { deleted: true, tag: args.tag };
  },
});

/** The `tags` toolset. */
export const TAGS_TOOLS = [listTags, getTag, createTag, deleteTag] as const;
