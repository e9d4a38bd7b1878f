/**
 * `attachment_read` (toolset `issues`): files attached to an issue or to one
 * of its comments. Gatea returns their names, sizes and download URLs; it
 * never downloads them to its own disk.
 */
import { z } from 'zod';
import { defineTool } from './define.js';
import { issueIndex, numericId } from './issues-params.js';
import { repoInput, repoPath } from './params.js';
import { sanitizeOptional } from './sanitize.js';

export interface GiteaAttachmentLike {
  id: number;
  name: string;
  size: number;
  download_count?: number;
  created_at?: string;
  browser_download_url?: string;
}

export function toAttachmentSummary(a: GiteaAttachmentLike): Record<string, unknown> {
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
    'List the files attached to an issue or pull request (list_issue_attachments) or to one comment (list_comment_attachments), or get one (get_issue_attachment, get_comment_attachment): name, size and download URL.',
  scopes: ['read:issue'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['list_issue_attachments', 'get_issue_attachment', 'list_comment_attachments', 'get_comment_attachment'])
        .describe('What to read.'),
      ...repoInput,
      index: issueIndex.optional().describe('Issue or pull request number; for the issue methods.'),
      commentId: numericId.optional().describe('Comment id; for the comment methods.'),
      attachmentId: numericId.optional().describe('Attachment id (from a list method); for the get methods.'),
    })
    .strict(),
  methods: (m) => {
    const issueAssets = (owner: string, repo: string, index: number) =>
      repoPath(owner, repo, 'issues', String(index), 'assets');
    const commentAssets = (owner: string, repo: string, id: number) =>
      repoPath(owner, repo, 'issues', 'comments', String(id), 'assets');
    return {
      list_issue_attachments: m({
        description: 'Files attached to the issue itself.',
        required: ['index'],
        async run(args, { gitea, signal }) {
          const path = issueAssets(args.owner, args.repo, args.index);
          const { data } = await gitea.request<GiteaAttachmentLike[]>('GET', path, { signal });
          return { attachments: data.map(toAttachmentSummary) };
        },
      }),
      get_issue_attachment: m({
        description: 'One file attached to the issue.',
        required: ['index', 'attachmentId'],
        async run(args, { gitea, signal }) {
          const path = `${issueAssets(args.owner, args.repo, args.index)}/${args.attachmentId}`;
          const { data } = await gitea.request<GiteaAttachmentLike>('GET', path, { signal });
          return toAttachmentSummary(data);
        },
      }),
      list_comment_attachments: m({
        description: 'Files attached to one comment.',
        required: ['commentId'],
        async run(args, { gitea, signal }) {
          const path = commentAssets(args.owner, args.repo, args.commentId);
          const { data } = await gitea.request<GiteaAttachmentLike[]>('GET', path, { signal });
          return { attachments: data.map(toAttachmentSummary) };
        },
      }),
      get_comment_attachment: m({
        description: 'One file attached to a comment.',
        required: ['commentId', 'attachmentId'],
        async run(args, { gitea, signal }) {
          const path = `${commentAssets(args.owner, args.repo, args.commentId)}/${args.attachmentId}`;
          const { data } = await gitea.request<GiteaAttachmentLike>('GET', path, { signal });
          return toAttachmentSummary(data);
        },
      }),
    };
  },
});
