/** Toolset `notifications`: the signed-in user's notification threads. */
import { z } from 'zod';
import { type GiteaNotification, type GiteaPath, giteaPath, notificationSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { numericId, optionalOwner, optionalRepo } from './issues-params.js';
import { sanitizeOptional } from './sanitize.js';
import { pageResult, pagingInput } from './shape.js';
import type { ToolContext } from './tool-context.js';

/** The issue or pull number at the end of a subject URL (`…/issues/12`), when there is one. */
function subjectNumber(url: string | undefined): number | undefined {
  const m = url ? /\/(?:issues|pulls)\/(\d+)$/.exec(url) : null;
  return m ? Number(m[1]) : undefined;
}

function toNotificationSummary(n: GiteaNotification): Record<string, unknown> {
  const s = n.subject ?? {};
  return {
    id: n.id,
    unread: n.unread,
    pinned: n.pinned || undefined,
    repository: n.repository?.full_name,
    type: s.type,
    title: sanitizeOptional(s.title),
    number: subjectNumber(s.url ?? s.html_url ?? undefined),
    state: s.state || undefined,
    htmlUrl: s.html_url,
    latestCommentUrl: s.latest_comment_html_url || undefined,
    updatedAt: n.updated_at,
  };
}

const threadIdInput = numericId.optional().describe('Thread id; thread methods.');

/** `notification_read`: list and read notification threads. */
export const notificationRead = defineTool({
  name: 'notification_read',
  toolset: 'notifications',
  title: 'Read notifications',
  description: "List your notifications (unread and pinned by default), or a repository's, or get a thread.",
  scopes: ['read:notification'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['list', 'list_repo', 'get_thread']).describe('What to read.'),
      owner: optionalOwner,
      repo: optionalRepo,
      threadId: threadIdInput,
      includeRead: z.boolean().default(false).describe('list, list_repo: include read threads.'),
      statusTypes: z
        .array(z.enum(['unread', 'read', 'pinned']))
        .max(3)
        .optional()
        .describe('list, list_repo: only these statuses (default unread and pinned).'),
      subjectTypes: z
        .array(z.enum(['issue', 'pull', 'commit', 'repository']))
        .max(4)
        .optional()
        .describe('list, list_repo: only these subject types.'),
      since: z.string().trim().min(1).optional().describe('list, list_repo: updated after this RFC 3339 time.'),
      before: z.string().trim().min(1).optional().describe('list, list_repo: updated before this RFC 3339 time.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => {
    const filters = (a: {
      includeRead: boolean;
      statusTypes?: string[] | undefined;
      subjectTypes?: string[] | undefined;
      since?: string | undefined;
      before?: string | undefined;
    }) => ({
      all: a.includeRead || undefined,
      'status-types': a.statusTypes,
      'subject-type': a.subjectTypes,
      since: a.since,
      before: a.before,
    });
    return {
      list: m({
        description: 'Your notification threads, newest first.',
        async run(args, { gitea, signal }) {
          const res = await gitea.requestPage('GET', giteaPath('/notifications'), {
            itemSchema: notificationSchema,
            query: filters(args),
            page: args.page,
            limit: args.perPage,
            signal,
          });
          return pageResult('notifications', res, toNotificationSummary);
        },
      }),
      list_repo: m({
        description: 'Your notification threads of one repository.',
        required: ['owner', 'repo'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/repos/{owner}/{repo}/notifications', { owner: args.owner, repo: args.repo });
          const res = await gitea.requestPage('GET', path, {
            itemSchema: notificationSchema,
            query: filters(args),
            page: args.page,
            limit: args.perPage,
            signal,
          });
          return pageResult('notifications', res, toNotificationSummary);
        },
      }),
      get_thread: m({
        description: 'One notification thread.',
        required: ['threadId'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/notifications/threads/{threadId}', { threadId: args.threadId });
          const { data } = await gitea.request('GET', path, { schema: notificationSchema, signal });
          return toNotificationSummary(data);
        },
      }),
    };
  },
});

type ThreadStatus = 'read' | 'unread' | 'pinned';

/** How many of the threads mark_all_read / mark_repo_read name by id. */
const MARK_ALL_LISTED = 50;

/** `notification_write`: change notification status. */
export const notificationWrite = defineTool({
  name: 'notification_write',
  toolset: 'notifications',
  title: 'Update notifications',
  description: 'Mark a notification thread read, unread, pinned or unpinned, or mark all (or a repository’s) read.',
  scopes: ['write:notification'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['mark_read', 'mark_unread', 'pin', 'unpin', 'mark_all_read', 'mark_repo_read'])
        .describe('What to change.'),
      owner: optionalOwner,
      repo: optionalRepo,
      threadId: threadIdInput,
      lastReadAt: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('mark_all_read, mark_repo_read: only threads updated before this RFC 3339 time.'),
    })
    .strict(),
  methods: (m) => {
    // Gitea answers these PATCH/PUT calls with 205 Reset Content, whose body fetch never exposes:
    // read the thread back, and count the unread threads before marking them.
    const setThread = (status: ThreadStatus, description: string) =>
      m({
        description,
        required: ['threadId'],
        async run(args, { gitea, signal }) {
          const path = giteaPath('/notifications/threads/{threadId}', { threadId: args.threadId });
          await gitea.request('PATCH', path, { query: { 'to-status': status }, signal });
          const { data } = await gitea.request('GET', path, { schema: notificationSchema, signal });
          return toNotificationSummary(data);
        },
      });
    const markAll = async (path: GiteaPath, args: { lastReadAt?: string | undefined }, ctx: ToolContext) => {
      const lastReadAt = args.lastReadAt ?? new Date().toISOString();
      const unread = await ctx.gitea.requestPage('GET', path, {
        itemSchema: notificationSchema,
        query: { 'status-types': 'unread', before: lastReadAt },
        page: 1,
        limit: MARK_ALL_LISTED,
        signal: ctx.signal,
      });
      await ctx.gitea.request('PUT', path, {
        query: { last_read_at: lastReadAt, 'to-status': 'read' },
        signal: ctx.signal,
      });
      const markedRead = unread.total ?? unread.items.length;
      return {
        markedRead,
        threadIds: unread.items.map((t) => t.id),
        ...(markedRead > unread.items.length
          ? { note: `threadIds lists the newest ${unread.items.length} of the ${markedRead} threads marked read.` }
          : {}),
      };
    };
    return {
      mark_read: setThread('read', 'Mark the thread read.'),
      mark_unread: setThread('unread', 'Mark the thread unread.'),
      pin: setThread('pinned', 'Pin the thread (pinned threads stay listed).'),
      unpin: setThread('read', 'Unpin the thread (it becomes read).'),
      mark_all_read: m({
        description: 'Mark all your unread notifications read.',
        run: (args, ctx) => markAll(giteaPath('/notifications'), args, ctx),
      }),
      mark_repo_read: m({
        description: 'Mark your unread notifications of one repository read.',
        required: ['owner', 'repo'],
        run: (args, ctx) =>
          markAll(giteaPath('/repos/{owner}/{repo}/notifications', { owner: args.owner, repo: args.repo }), args, ctx),
      }),
    };
  },
});

/** The `notifications` toolset. */
export const NOTIFICATIONS_TOOLS = [notificationRead, notificationWrite] as const;
