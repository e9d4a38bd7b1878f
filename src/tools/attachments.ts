/**
 * `attachment_read` (toolset `issues`): files attached to an issue or to one
 * of its comments: names, sizes and download URLs, and the text of a file
 * (its first 64 KiB, fetched with the caller's token from Gitea only; nothing
 * is written to Gatea's disk).
 */
import { z } from 'zod';
import { attachmentSchema, type GiteaAttachment, giteaPath } from '../gitea/index.js';
import { defineTool } from './define.js';
import { bytesToText } from './encoding.js';
import { issueIndex, numericId } from './issues-params.js';
import { repoInput } from './params.js';
import { sanitizeOptional, sanitizeText } from './sanitize.js';
import { pageOfAll, pageResult, pagingInput } from './shape.js';
import type { ToolContext } from './tool-context.js';

/** Cap on the file text one download returns. */
const MAX_DOWNLOAD_BYTES = 64 * 1024;

export function toAttachmentSummary(a: GiteaAttachment): Record<string, unknown> {
  return {
    id: a.id,
    name: sanitizeOptional(a.name),
    size: a.size,
    downloads: a.download_count,
    createdAt: a.created_at,
    downloadUrl: a.browser_download_url,
  };
}

/** `attachment_read`: list or get issue and comment attachments. */
export const attachmentRead = defineTool({
  name: 'attachment_read',
  toolset: 'issues',
  title: 'Read issue attachments',
  description:
    'List or get files attached to an issue, pull request or comment, or read a text one (download_ methods).',
  scopes: ['read:issue'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum([
          'list_issue_attachments',
          'get_issue_attachment',
          'download_issue_attachment',
          'list_comment_attachments',
          'get_comment_attachment',
          'download_comment_attachment',
        ])
        .describe('What to read; download_ methods return the file text (first 64 KiB).'),
      ...repoInput,
      index: issueIndex.optional().describe('Issue or pull request number; for issue methods.'),
      commentId: numericId.optional().describe('Comment id; for comment methods.'),
      attachmentId: numericId.optional().describe('Attachment id (from a list); for get and download methods.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => {
    /** The file behind an attachment's download URL, as text when it is UTF-8. */
    const download = async (a: GiteaAttachment, { gitea, signal }: ToolContext) => {
      const url = a.browser_download_url ?? '';
      const { data, totalBytes } = await gitea.download(url, { maxBytes: MAX_DOWNLOAD_BYTES, signal });
      const size = totalBytes ?? a.size;
      const truncated = size > data.length;
      // A cut may split a multi-byte character: drop up to three trailing bytes before deciding it is binary.
      let text = bytesToText(data);
      for (let cut = 1; text === null && truncated && cut <= 3; cut++)
        text = bytesToText(data.subarray(0, data.length - cut));
      if (text === null)
        return {
          ...toAttachmentSummary(a),
          binary: true,
          note: 'The file is not UTF-8 text; open downloadUrl instead.',
        };
      return {
        ...toAttachmentSummary(a),
        content: sanitizeText(text),
        truncated: truncated || undefined,
        note: truncated
          ? `Only the first ${data.length} of ${size} bytes are shown; open downloadUrl for the rest.`
          : undefined,
      };
    };
    return {
      list_issue_attachments: m({
        description: 'Files attached to the issue itself (paged).',
        required: ['index'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/assets', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
          });
          const { data } = await gitea.request<GiteaAttachment[]>('GET', path, {
            schema: z.array(attachmentSchema),
            signal,
          });
          return pageResult('attachments', pageOfAll(data, args.page, args.perPage), toAttachmentSummary);
        },
      }),
      get_issue_attachment: m({
        description: 'One file attached to the issue.',
        required: ['index', 'attachmentId'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/assets/{attachmentId}', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
            attachmentId: args.attachmentId,
          });
          const { data } = await gitea.request<GiteaAttachment>('GET', path, { schema: attachmentSchema, signal });
          return toAttachmentSummary(data);
        },
      }),
      download_issue_attachment: m({
        description: 'The text of one file attached to the issue.',
        required: ['index', 'attachmentId'],
        async run(args, ctx) {
          const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/assets/{attachmentId}', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
            attachmentId: args.attachmentId,
          });
          return download(
            (await ctx.gitea.request<GiteaAttachment>('GET', path, { schema: attachmentSchema, signal: ctx.signal }))
              .data,
            ctx,
          );
        },
      }),
      list_comment_attachments: m({
        description: 'Files attached to one comment (paged).',
        required: ['commentId'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/issues/comments/{commentId}/assets', {
            owner: args.owner,
            repo: args.repo,
            commentId: args.commentId,
          });
          const { data } = await gitea.request<GiteaAttachment[]>('GET', path, {
            schema: z.array(attachmentSchema),
            signal,
          });
          return pageResult('attachments', pageOfAll(data, args.page, args.perPage), toAttachmentSummary);
        },
      }),
      get_comment_attachment: m({
        description: 'One file attached to a comment.',
        required: ['commentId', 'attachmentId'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/issues/comments/{commentId}/assets/{attachmentId}', {
            owner: args.owner,
            repo: args.repo,
            commentId: args.commentId,
            attachmentId: args.attachmentId,
          });
          const { data } = await gitea.request<GiteaAttachment>('GET', path, { schema: attachmentSchema, signal });
          return toAttachmentSummary(data);
        },
      }),
      download_comment_attachment: m({
        description: 'The text of one file attached to a comment.',
        required: ['commentId', 'attachmentId'],
        async run(args, ctx) {
          const path = giteaPath('/repos/{owner}/{repo}/issues/comments/{commentId}/assets/{attachmentId}', {
            owner: args.owner,
            repo: args.repo,
            commentId: args.commentId,
            attachmentId: args.attachmentId,
          });
          return download(
            (await ctx.gitea.request<GiteaAttachment>('GET', path, { schema: attachmentSchema, signal: ctx.signal }))
              .data,
            ctx,
          );
        },
      }),
    };
  },
});
