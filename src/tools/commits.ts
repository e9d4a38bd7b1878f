/** Toolset `commits`: history, single commits and their diffs. */
import { z } from 'zod';
import { commitSchema, type GiteaCommit, giteaPath } from '../gitea/index.js';
import { defineTool } from './define.js';
import { repoInput } from './params.js';
import { findHiddenCharacters, sanitizeOptional } from './sanitize.js';
import { MAX_DIFF_BYTES, pageResult, pagingInput, sliceBytes } from './shape.js';
import { toCommitSummary } from './summaries.js';

/** Changed files listed per call; the rest are counted. */
const MAX_FILES_LISTED = 300;

/** `list_commits`. */
export const listCommits = defineTool({
  name: 'list_commits',
  toolset: 'commits',
  title: 'List commits',
  description: 'List commits of a ref (newest first), optionally by path or date range.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      ref: z.string().trim().min(1).optional().describe('Branch, tag or commit SHA; default branch when omitted.'),
      path: z.string().trim().min(1).optional().describe('Only commits touching this path.'),
      since: z.iso.datetime({ offset: true }).optional().describe('After this time (ISO 8601).'),
      until: z.iso.datetime({ offset: true }).optional().describe('Before this time (ISO 8601).'),
      ...pagingInput,
    })
    .strict(),
  async run(args, { gitea, signal }) {
    // stat/verification/files cost Gitea a diff per commit; a list does not need them.
    const query: Record<string, string | number | boolean> = {
      stat: false,
      verification: false,
      files: false,
    };
    if (args.ref) query.sha = args.ref;
    if (args.path) query.path = args.path;
    if (args.since) query.since = args.since;
    if (args.until) query.until = args.until;
    const path = giteaPath('/repos/{owner}/{repo}/commits', { owner: args.owner, repo: args.repo });
    const res = await gitea.requestPage<GiteaCommit>('GET', path, {
      itemSchema: commitSchema,
      query,
      page: args.page,
      limit: args.perPage,
      signal,
    });
    return pageResult('commits', res, toCommitSummary);
  },
});

/** `get_commit`. */
export const getCommit = defineTool({
  name: 'get_commit',
  toolset: 'commits',
  title: 'Get commit',
  description: 'Get one commit (message, author, parents, stats, files) and optionally its diff, paged by byte offset.',
  scopes: ['read:repository'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      sha: z.string().trim().min(1).describe('Commit SHA (full or short), branch or tag.'),
      includeDiff: z.boolean().default(false).describe('Also return the unified diff.'),
      diffOffset: z.coerce.number().int().min(0).default(0).describe('The previous nextDiffOffset.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const { data: c } = await gitea.request<GiteaCommit>(
      'GET',
      giteaPath('/repos/{owner}/{repo}/git/commits/{sha}', { owner: args.owner, repo: args.repo, sha: args.sha }),
      { schema: commitSchema, query: { stat: true, files: true, verification: false }, signal },
    );
    const files = c.files ?? [];
    const out: Record<string, unknown> = {
      ...toCommitSummary(c),
      message: sanitizeOptional(c.commit?.message),
      committer: sanitizeOptional(c.commit?.committer?.name),
      committedAt: c.commit?.committer?.date,
      parents: (c.parents ?? []).map((p) => p.sha),
      stats: c.stats ?? undefined,
      files: files.slice(0, MAX_FILES_LISTED).map((f) => ({ path: f.filename, status: f.status })),
      filesOmitted: files.length > MAX_FILES_LISTED ? files.length - MAX_FILES_LISTED : undefined,
    };
    if (!args.includeDiff) return out;
    const sha = typeof c.sha === 'string' && c.sha !== '' ? c.sha : args.sha;
    const { data: diff } = await gitea.request<string>(
      'GET',
      giteaPath('/repos/{owner}/{repo}/git/commits/{sha}.{diffType}', {
        owner: args.owner,
        repo: args.repo,
        sha,
        diffType: 'diff',
      }),
      { accept: 'text', signal },
    );
    const window = sliceBytes(diff, args.diffOffset, MAX_DIFF_BYTES);
    return {
      ...out,
      diff: window.text,
      diffOffset: window.offset,
      diffTotalBytes: window.totalBytes,
      nextDiffOffset: window.nextOffset,
      diffWarning: findHiddenCharacters(window.text),
      note:
        window.nextOffset === null
          ? undefined
          : `The diff is ${window.totalBytes} bytes; this is bytes ${window.offset}–${window.nextOffset}. Call get_commit with includeDiff=true and diffOffset=${window.nextOffset} for the rest.`,
    };
  },
});

/** The `commits` toolset. */
export const COMMITS_TOOLS = [listCommits, getCommit] as const;
