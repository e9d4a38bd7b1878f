/**
 * Toolset `wiki`: a repository's wiki pages (Gitea keeps them in a git
 * repository of their own). Contents travel base64-encoded; Gatea decodes
 * them, caps what one call returns, and says how to read on.
 */
import { z } from 'zod';
import {
  type GiteaWikiCommit,
  type GiteaWikiPage,
  giteaPath,
  wikiCommitsSchema,
  wikiPageSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { base64ToBytes, bytesToText, textToBase64 } from './encoding.js';
import { ToolInputError } from './errors.js';
import { repoInput } from './params.js';
import { sanitizeOptional } from './sanitize.js';
import { MAX_CONTENT_BYTES, pageFromCount, pageResult, pagingInput, sliceBytes } from './shape.js';

/**
 * Gitea's page size for wiki revisions (`[git] COMMITS_RANGE_SIZE`, default
 * 50): the endpoint takes `page` but no `limit`.
 */
const REVISIONS_PER_PAGE = 50;

const pageNameInput = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .describe('Page name as listed (sub_url, e.g. Getting-Started).');

function toCommitSummary(c: GiteaWikiCommit | null | undefined): Record<string, unknown> | undefined {
  if (!c) return undefined;
  return {
    sha: c.sha,
    message: sanitizeOptional(c.message)?.trim(),
    author: sanitizeOptional(c.author?.name),
    date: c.author?.date,
  };
}

function toPageSummary(p: GiteaWikiPage): Record<string, unknown> {
  return {
    title: sanitizeOptional(p.title),
    pageName: p.sub_url,
    lastCommit: toCommitSummary(p.last_commit),
    htmlUrl: p.html_url,
  };
}

/** The page with its text from `offset`, capped at MAX_CONTENT_BYTES. */
function toPageDetail(p: GiteaWikiPage, offset: number): Record<string, unknown> {
  const text = bytesToText(base64ToBytes(p.content_base64 ?? ''));
  if (text === null) return { ...toPageSummary(p), binary: true, note: 'The page is not UTF-8 text.' };
  const w = sliceBytes(sanitizeOptional(text) ?? '', offset, MAX_CONTENT_BYTES);
  return {
    ...toPageSummary(p),
    revisions: p.commit_count,
    content: w.text,
    contentBytes: w.totalBytes,
    nextOffset: w.nextOffset,
    note:
      w.nextOffset === null
        ? undefined
        : `The page is ${w.totalBytes} bytes; this is from byte ${offset}. Call wiki_read method get_page with offset=${w.nextOffset} for the rest.`,
  };
}

/** `wiki_read`: list pages, read one, or its revisions. */
export const wikiRead = defineTool({
  name: 'wiki_read',
  toolset: 'wiki',
  title: 'Read the wiki',
  description: "List a repository's wiki pages, read one page's Markdown or list its revisions.",
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['list_pages', 'get_page', 'get_revisions']).describe('What to read.'),
      ...repoInput,
      pageName: pageNameInput.optional().describe('get_page, get_revisions: the page (e.g. Home).'),
      offset: z.coerce.number().int().min(0).default(0).describe('get_page: the previous nextOffset, for a long page.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list_pages: m({
      description: 'Wiki pages with their last change (paged).',
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage(
          'GET',
          giteaPath('/repos/{owner}/{repo}/wiki/pages', { owner: args.owner, repo: args.repo }),
          { itemSchema: wikiPageSchema, page: args.page, limit: args.perPage, signal },
        );
        return pageResult('pages', res, toPageSummary);
      },
    }),
    get_page: m({
      description: 'One page with its Markdown.',
      required: ['pageName'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/wiki/page/{pageName}', {
          owner: args.owner,
          repo: args.repo,
          pageName: args.pageName,
        });
        const { data } = await gitea.request('GET', path, { schema: wikiPageSchema, signal });
        return toPageDetail(data, args.offset);
      },
    }),
    get_revisions: m({
      description: `Commits that changed the page, newest first (paged, ${REVISIONS_PER_PAGE} a page whatever perPage says).`,
      required: ['pageName'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/wiki/revisions/{pageName}', {
          owner: args.owner,
          repo: args.repo,
          pageName: args.pageName,
        });
        const { data } = await gitea.request('GET', path, {
          schema: wikiCommitsSchema,
          query: { page: args.page },
          signal,
        });
        const page = pageFromCount(data.commits ?? [], args.page, REVISIONS_PER_PAGE, data.count);
        return pageResult('revisions', page, toCommitSummary);
      },
    }),
  }),
});

/** `wiki_write`: create or edit a page. */
export const wikiWrite = defineTool({
  name: 'wiki_write',
  toolset: 'wiki',
  title: 'Write the wiki',
  description: 'Create a wiki page or replace (and rename) one; each change is a wiki commit.',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['create', 'update']).describe('create or update a page.'),
      ...repoInput,
      pageName: pageNameInput.optional().describe('update: the page to change.'),
      title: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .optional()
        .describe('create: the page title; update: a new title renames it.'),
      content: z.string().optional().describe('create, update: the whole page as Markdown.'),
      message: z.string().trim().max(1000).optional().describe('create, update: commit message.'),
    })
    .strict(),
  methods: (m) => ({
    create: m({
      description: 'Create a page.',
      required: ['title', 'content'],
      async run(args, { gitea, signal }) {
        const body = { title: args.title, content_base64: textToBase64(args.content), message: args.message };
        const { data } = await gitea.request(
          'POST',
          giteaPath('/repos/{owner}/{repo}/wiki/new', { owner: args.owner, repo: args.repo }),
          { schema: wikiPageSchema, body, signal },
        );
        return toPageSummary(data);
      },
    }),
    update: m({
      description: 'Change a page.',
      required: ['pageName'],
      async run(args, { gitea, signal }) {
        if (args.title === undefined && args.content === undefined)
          throw new ToolInputError('wiki_write update needs title (to rename) or content.', 'content');
        const path = giteaPath('/repos/{owner}/{repo}/wiki/page/{pageName}', {
          owner: args.owner,
          repo: args.repo,
          pageName: args.pageName,
        });
        // Gitea writes whatever content_base64 holds, so a rename alone must resend the current text.
        const content =
          args.content === undefined
            ? (await gitea.request('GET', path, { schema: wikiPageSchema, signal })).data.content_base64
            : textToBase64(args.content);
        const body = { title: args.title ?? args.pageName, content_base64: content, message: args.message };
        const { data } = await gitea.request('PATCH', path, { schema: wikiPageSchema, body, signal });
        return toPageSummary(data);
      },
    }),
  }),
});

/** `delete_wiki_page`: irreversible from the assistant's side (the wiki's git history keeps it). */
export const deleteWikiPage = defineTool({
  name: 'delete_wiki_page',
  toolset: 'wiki',
  title: 'Delete a wiki page',
  description: 'Delete a wiki page (wiki git history keeps it).',
  scopes: ['write:repository'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, pageName: pageNameInput }).strict(),
  async run(args, { gitea, signal }) {
    await gitea.request(
      'DELETE',
      giteaPath('/repos/{owner}/{repo}/wiki/page/{pageName}', {
        owner: args.owner,
        repo: args.repo,
        pageName: args.pageName,
      }),
      { signal },
    );
    return { deleted: true, pageName: args.pageName };
  },
});

/** The `wiki` toolset. */
export const WIKI_TOOLS = [wikiRead, wikiWrite, deleteWikiPage] as const;
