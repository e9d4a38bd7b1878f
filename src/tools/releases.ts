/**
 * Toolset `releases`: `release_read` (list, get, get_by_tag, get_latest),
 * `release_write` (create, update) and `delete_release`, its own tool because
 * deleted notes and assets cannot be recovered (STYLE §2.10).
 */
import { z } from 'zod';
import { type GiteaRelease, giteaPath, releaseSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { bodyOffsetInput, numericId } from './issues-params.js';
import { repoInput } from './params.js';
import { pageResult, pagingInput } from './shape.js';
import { toReleaseDetail, toReleaseSummary } from './summaries-releases.js';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

const tagName = z.string().trim().min(1).max(255);
const READ_MORE = 'Call release_read method get';

/** `release_read`: releases of a repository. */
export const releaseRead = defineTool({
  name: 'release_read',
  toolset: 'releases',
  title: 'Read releases',
  description: "List a repository's releases, or read one with notes and assets by id, tag or latest.",
  scopes: ['read:repository'],
  annotations: READ,
  input: z
    .object({
      method: z
        .enum(['list', 'get', 'get_by_tag', 'get_latest'])
        .describe('What to read; get_latest: newest non-draft, non-prerelease.'),
      ...repoInput,
      id: numericId.optional().describe('Release id; for get.'),
      tag: tagName.optional().describe('get_by_tag: tag name.'),
      draft: z.boolean().optional().describe('list: drafts only (true) or none (false).'),
      prerelease: z.boolean().optional().describe('list: pre-releases only (true) or none (false).'),
      bodyOffset: bodyOffsetInput,
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list: m({
      description: 'Releases, newest first, paged (drafts only for writers).',
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaRelease>(
          'GET',
          giteaPath('/repos/{owner}/{repo}/releases', { owner: args.owner, repo: args.repo }),
          {
            itemSchema: releaseSchema,
            query: { draft: args.draft, 'pre-release': args.prerelease },
            page: args.page,
            limit: args.perPage,
            signal,
          },
        );
        return pageResult('releases', res, toReleaseSummary);
      },
    }),
    get: m({
      description: 'One release by id, with notes and assets.',
      required: ['id'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/releases/{id}', {
          owner: args.owner,
          repo: args.repo,
          id: args.id,
        });
        const { data } = await gitea.request<GiteaRelease>('GET', path, { schema: releaseSchema, signal });
        return toReleaseDetail(data, args.bodyOffset, `${READ_MORE} id=${args.id}`);
      },
    }),
    get_by_tag: m({
      description: 'The release of one tag.',
      required: ['tag'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/releases/tags/{tag*}', {
          owner: args.owner,
          repo: args.repo,
          tag: args.tag,
        });
        const { data } = await gitea.request<GiteaRelease>('GET', path, { schema: releaseSchema, signal });
        return toReleaseDetail(data, args.bodyOffset, `${READ_MORE}_by_tag tag=${args.tag}`);
      },
    }),
    get_latest: m({
      description: 'The newest published release that is not a pre-release.',
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/releases/latest', { owner: args.owner, repo: args.repo });
        const { data } = await gitea.request<GiteaRelease>('GET', path, { schema: releaseSchema, signal });
        return toReleaseDetail(data, args.bodyOffset, `${READ_MORE} id=${data.id}`);
      },
    }),
  }),
});

interface ReleaseArgs {
  tag?: string | undefined;
  target?: string | undefined;
  name?: string | undefined;
  body?: string | undefined;
  draft?: boolean | undefined;
  prerelease?: boolean | undefined;
}

/** Gitea's Create/EditReleaseOption fields from the tool's arguments. */
function releaseFields(a: ReleaseArgs): Record<string, unknown> {
  return {
    tag_name: a.tag,
    target_commitish: a.target,
    name: a.name,
    body: a.body,
    draft: a.draft,
    prerelease: a.prerelease,
  };
}

/** `release_write`: publish and edit releases. */
export const releaseWrite = defineTool({
  name: 'release_write',
  toolset: 'releases',
  title: 'Write a release',
  description: 'Create a release (tagging target if needed) or edit one, e.g. to publish a draft.',
  scopes: ['write:repository'],
  annotations: WRITE,
  input: z
    .object({
      method: z.enum(['create', 'update']).describe('create, or update one by id.'),
      ...repoInput,
      id: numericId.optional().describe('update: release id.'),
      tag: tagName.optional().describe('create (required), update: tag name, e.g. v1.2.0.'),
      target: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('create, update: branch or commit SHA to tag if the tag is new.'),
      name: z.string().trim().max(255).optional().describe('create, update: title (default the tag).'),
      body: z.string().optional().describe('create, update: Markdown notes.'),
      draft: z.boolean().optional().describe('create, update: true keeps it unpublished; false publishes it.'),
      prerelease: z.boolean().optional().describe('create, update: mark as a pre-release.'),
      tagMessage: z.string().optional().describe('create: message for a new annotated tag.'),
    })
    .strict(),
  methods: (m) => ({
    create: m({
      description: 'Create a release for tag.',
      required: ['tag'],
      async run(args, { gitea, signal }) {
        const body = { ...releaseFields(args), tag_message: args.tagMessage };
        const { data } = await gitea.request<GiteaRelease>(
          'POST',
          giteaPath('/repos/{owner}/{repo}/releases', { owner: args.owner, repo: args.repo }),
          { schema: releaseSchema, body, signal },
        );
        return toReleaseDetail(data, 0, `${READ_MORE} id=${data.id}`);
      },
    }),
    update: m({
      description: 'Change a release; omitted fields stay.',
      required: ['id'],
      async run(args, { gitea, signal }) {
        const body = releaseFields(args);
        if (Object.values(body).every((v) => v === undefined))
          throw new ToolInputError(
            'release_write update needs at least one of tag, target, name, body, draft or prerelease.',
          );
        const path = giteaPath('/repos/{owner}/{repo}/releases/{id}', {
          owner: args.owner,
          repo: args.repo,
          id: args.id,
        });
        const { data } = await gitea.request<GiteaRelease>('PATCH', path, { schema: releaseSchema, body, signal });
        return toReleaseDetail(data, 0, `${READ_MORE} id=${args.id}`);
      },
    }),
  }),
});

/** `delete_release`: delete a release (its git tag stays). */
export const deleteRelease = defineTool({
  name: 'delete_release',
  toolset: 'releases',
  title: 'Delete release',
  description: 'Permanently delete a release (by id or tag) and its assets; delete_tag removes the git tag.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      id: numericId.optional().describe('Release id, or give tag.'),
      tag: tagName.optional().describe('Release tag, or give id.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    if ((args.id === undefined) === (args.tag === undefined))
      throw new ToolInputError('delete_release needs exactly one of id or tag.', 'id');
    const { owner, repo, id, tag } = args;
    const path =
      id !== undefined
        ? giteaPath('/repos/{owner}/{repo}/releases/{id}', { owner, repo, id })
        : giteaPath('/repos/{owner}/{repo}/releases/tags/{tag*}', { owner, repo, tag: tag ?? '' });
    await gitea.request('DELETE', path, { signal });
    return { deleted: true, id: args.id, tag: args.tag };
  },
});

/** The `releases` toolset. */
export const RELEASES_TOOLS = [releaseRead, releaseWrite, deleteRelease] as const;
