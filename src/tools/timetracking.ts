/**
 * Toolset `timetracking`: time logged on issues and the caller's running
 * stopwatches. Scopes follow Gitea's route groups (reference/gitea-oauth-and-api.md
 * §3.4): issue routes need `issue`, `/repos/{o}/{r}/times` sits in the
 * repository group, and `/user/times`, `/user/stopwatches` in the user group.
 */
import { z } from 'zod';
import {
  type GiteaStopWatch,
  type GiteaTrackedTime,
  giteaPath,
  stopWatchSchema,
  trackedTimeSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { issueIndex, numericId, optionalOwner, optionalRepo } from './issues-params.js';
import { repoInput } from './params.js';
import { sanitizeOptional } from './sanitize.js';
import { pageResult, pagingInput } from './shape.js';

/** Seconds as `1h 30m`, `45s`: what a person would write. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''];
  return parts.filter(Boolean).join(' ');
}

function toTimeSummary(t: GiteaTrackedTime): Record<string, unknown> {
  const seconds = typeof t.time === 'number' ? t.time : 0;
  const repo = t.issue?.repository?.full_name;
  return {
    id: t.id,
    seconds,
    duration: formatDuration(seconds),
    user: t.user_name,
    issue: t.issue ? { repository: repo, number: t.issue.number, title: sanitizeOptional(t.issue.title) } : undefined,
    createdAt: t.created,
  };
}

function toStopwatchSummary(w: GiteaStopWatch): Record<string, unknown> {
  return {
    repository: w.repo_owner_name && w.repo_name ? `${w.repo_owner_name}/${w.repo_name}` : undefined,
    issue: w.issue_index,
    issueTitle: sanitizeOptional(w.issue_title),
    seconds: w.seconds,
    duration: typeof w.seconds === 'number' ? formatDuration(w.seconds) : w.duration,
    startedAt: w.created,
  };
}

const issueIndexInput = issueIndex.optional().describe('Issue number (N of #N); for list_issue_times.');
const sinceInput = z.string().trim().min(1).optional().describe('After this RFC 3339 time.');
const beforeInput = z.string().trim().min(1).optional().describe('Before this RFC 3339 time.');

/** `timetracking_read`: tracked times and stopwatches. */
export const timetrackingRead = defineTool({
  name: 'timetracking_read',
  toolset: 'timetracking',
  title: 'Read tracked time',
  description: 'List tracked time of an issue, a repository or you, or your running stopwatches.',
  scopes: ['read:issue'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['list_issue_times', 'list_repo_times', 'get_my_times', 'get_my_stopwatches'])
        .describe('Which times to read.'),
      owner: optionalOwner,
      repo: optionalRepo,
      index: issueIndexInput,
      user: z.string().trim().min(1).optional().describe('list_issue_times, list_repo_times: only this login.'),
      since: sinceInput,
      before: beforeInput,
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list_issue_times: m({
      description: 'Time tracked on one issue.',
      required: ['owner', 'repo', 'index'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/times', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        const res = await gitea.requestPage('GET', path, {
          itemSchema: trackedTimeSchema,
          query: { user: args.user, since: args.since, before: args.before },
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('times', res, toTimeSummary);
      },
    }),
    list_repo_times: m({
      description: 'Time tracked on all issues of a repository.',
      required: ['owner', 'repo'],
      scopes: ['read:repository'],
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage(
          'GET',
          giteaPath('/repos/{owner}/{repo}/times', { owner: args.owner, repo: args.repo }),
          {
            itemSchema: trackedTimeSchema,
            query: { user: args.user, since: args.since, before: args.before },
            page: args.page,
            limit: args.perPage,
            signal,
          },
        );
        return pageResult('times', res, toTimeSummary);
      },
    }),
    get_my_times: m({
      description: 'Your own tracked times across repositories.',
      scopes: ['read:user'],
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage('GET', giteaPath('/user/times'), {
          itemSchema: trackedTimeSchema,
          query: { since: args.since, before: args.before },
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('times', res, toTimeSummary);
      },
    }),
    get_my_stopwatches: m({
      description: 'Your running stopwatches.',
      scopes: ['read:user'],
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage('GET', giteaPath('/user/stopwatches'), {
          itemSchema: stopWatchSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('stopwatches', res, toStopwatchSummary);
      },
    }),
  }),
});

/** `timetracking_write`: log time and run stopwatches. */
export const timetrackingWrite = defineTool({
  name: 'timetracking_write',
  toolset: 'timetracking',
  title: 'Track time',
  description: 'Log time on an issue, or start or stop your stopwatch (stopping logs the time).',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['add_time', 'start_stopwatch', 'stop_stopwatch']).describe('What to do on the issue.'),
      ...repoInput,
      index: issueIndex.describe('Issue number (N of #N).'),
      seconds: z.coerce
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .describe('add_time: seconds spent (5400 = 1h 30m).'),
      userName: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('add_time: log for this login instead (repo admins only).'),
      created: z.string().trim().min(1).optional().describe('add_time: when done (RFC 3339); default now.'),
    })
    .strict(),
  methods: (m) => ({
    add_time: m({
      description: 'Log seconds of work on the issue.',
      required: ['seconds'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/times', {
          owner: args.owner,
          repo: args.repo,
          index: args.index,
        });
        const body = { time: args.seconds, user_name: args.userName, created: args.created };
        const { data } = await gitea.request('POST', path, { schema: trackedTimeSchema, body, signal });
        return toTimeSummary(data);
      },
    }),
    start_stopwatch: m({
      description: 'Start your stopwatch on the issue.',
      async run(args, { gitea, signal }) {
        await gitea.request(
          'POST',
          giteaPath('/repos/{owner}/{repo}/issues/{index}/stopwatch/start', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
          }),
          { signal },
        );
        return { started: true, issue: args.index };
      },
    }),
    stop_stopwatch: m({
      description: 'Stop your stopwatch; the elapsed time is logged on the issue.',
      async run(args, { gitea, signal }) {
        await gitea.request(
          'POST',
          giteaPath('/repos/{owner}/{repo}/issues/{index}/stopwatch/stop', {
            owner: args.owner,
            repo: args.repo,
            index: args.index,
          }),
          { signal },
        );
        return { stopped: true, issue: args.index, note: 'The elapsed time was logged on the issue.' };
      },
    }),
  }),
});

/** `delete_time`: remove one tracked-time entry. */
export const deleteTime = defineTool({
  name: 'delete_time',
  toolset: 'timetracking',
  title: 'Delete tracked time',
  description: 'Delete a tracked-time entry of an issue (ids: timetracking_read list_issue_times).',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      ...repoInput,
      index: issueIndex.describe('Issue number (N of #N).'),
      timeId: numericId.describe('Entry id.'),
    })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/repos/{owner}/{repo}/issues/{index}/times/{timeId}', {
      owner: args.owner,
      repo: args.repo,
      index: args.index,
      timeId: args.timeId,
    });
    await gitea.request('DELETE', path, { signal });
    return { deleted: true, timeId: args.timeId };
  },
});

/** `delete_stopwatch`: discard a running stopwatch without logging it. */
export const deleteStopwatch = defineTool({
  name: 'delete_stopwatch',
  toolset: 'timetracking',
  title: 'Discard stopwatch',
  description: 'Discard your running stopwatch on an issue without logging the elapsed time.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, index: issueIndex.describe('Issue number (N of #N).') }).strict(),
  async run(args, { gitea, signal }) {
    await gitea.request(
      'DELETE',
      giteaPath('/repos/{owner}/{repo}/issues/{index}/stopwatch/delete', {
        owner: args.owner,
        repo: args.repo,
        index: args.index,
      }),
      { signal },
    );
    return { deleted: true, issue: args.index };
  },
});

/** The `timetracking` toolset. */
export const TIMETRACKING_TOOLS = [timetrackingRead, timetrackingWrite, deleteTime, deleteStopwatch] as const;
