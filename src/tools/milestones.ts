/** Toolset `milestones`: list, read, create, edit and delete a repository's milestones. */
import { z } from 'zod';
import { type GiteaMilestone, type GiteaPath, giteaPath, milestoneSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { toDueDate } from './issues-params.js';
import { repoInput } from './params.js';
import { pageResult, pagingInput } from './shape.js';
import { toMilestoneSummary } from './summaries-issues.js';

/** A milestone reference: Gitea's `/milestones/{id}` route takes an id and falls back to the title. */
const milestoneRef = z.coerce.string().trim().min(1);

function milestonePath(owner: string, repo: string, milestone?: string): GiteaPath {
  return milestone === undefined
    ? giteaPath('/repos/{owner}/{repo}/milestones', { owner, repo })
    : giteaPath('/repos/{owner}/{repo}/milestones/{milestone}', { owner, repo, milestone });
}

/** `milestone_read`: list or get milestones. */
export const milestoneRead = defineTool({
  name: 'milestone_read',
  toolset: 'milestones',
  title: 'Read milestones',
  description: "List a repository's milestones (issue counts, due dates), or get one.",
  scopes: ['read:issue'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['list', 'get']).describe('list all, or get one.'),
      ...repoInput,
      milestone: milestoneRef.optional().describe('get: milestone id or exact title.'),
      state: z.enum(['open', 'closed', 'all']).default('open').describe('list: state (default open).'),
      name: z.string().trim().min(1).optional().describe('list: title contains this.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list: m({
      description: 'Milestones of the repository (paged).',
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaMilestone>('GET', milestonePath(args.owner, args.repo), {
          itemSchema: milestoneSchema,
          query: { state: args.state, name: args.name },
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('milestones', res, toMilestoneSummary);
      },
    }),
    get: m({
      description: 'One milestone.',
      required: ['milestone'],
      async run(args, { gitea, signal }) {
        const path = milestonePath(args.owner, args.repo, args.milestone);
        const { data } = await gitea.request<GiteaMilestone>('GET', path, { schema: milestoneSchema, signal });
        return toMilestoneSummary(data);
      },
    }),
  }),
});

interface MilestoneFields {
  title?: string | undefined;
  description?: string | undefined;
  state?: 'open' | 'closed' | undefined;
  dueOn?: string | undefined;
}

function milestoneBody(a: MilestoneFields): Record<string, unknown> {
  return {
    title: a.title,
    description: a.description,
    state: a.state,
    due_on: a.dueOn === undefined ? undefined : toDueDate(a.dueOn),
  };
}

/** `milestone_write`: create or edit a milestone. */
export const milestoneWrite = defineTool({
  name: 'milestone_write',
  toolset: 'milestones',
  title: 'Write milestones',
  description: 'Create or edit a milestone; issue_write puts issues on it.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['create', 'edit']).describe('create or edit.'),
      ...repoInput,
      milestone: milestoneRef.optional().describe('edit: milestone id or exact title.'),
      title: z.string().trim().min(1).max(255).optional().describe('Title; required by create.'),
      description: z.string().optional().describe('Markdown description.'),
      state: z.enum(['open', 'closed']).optional().describe('Open or close the milestone.'),
      dueOn: z.string().optional().describe('Due date, YYYY-MM-DD or RFC 3339.'),
    })
    .strict(),
  methods: (m) => ({
    create: m({
      description: 'A new milestone.',
      required: ['title'],
      async run(args, { gitea, signal }) {
        const path = milestonePath(args.owner, args.repo);
        const { data } = await gitea.request<GiteaMilestone>('POST', path, {
          schema: milestoneSchema,
          body: milestoneBody(args),
          signal,
        });
        return toMilestoneSummary(data);
      },
    }),
    edit: m({
      description: 'Change a milestone; omitted fields stay as they are.',
      required: ['milestone'],
      async run(args, { gitea, signal }) {
        const body = milestoneBody(args);
        if (Object.values(body).every((v) => v === undefined))
          throw new ToolInputError('milestone_write edit needs at least one of title, description, state or dueOn.');
        const path = milestonePath(args.owner, args.repo, args.milestone);
        const { data } = await gitea.request<GiteaMilestone>('PATCH', path, { schema: milestoneSchema, body, signal });
        return toMilestoneSummary(data);
      },
    }),
  }),
});

/** `delete_milestone`. */
export const deleteMilestone = defineTool({
  name: 'delete_milestone',
  toolset: 'milestones',
  title: 'Delete milestone',
  description: 'Delete a milestone; its issues stay but lose the milestone.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...repoInput, milestone: milestoneRef.describe('Milestone id or exact title.') }).strict(),
  async run(args, { gitea, signal }) {
    await gitea.request('DELETE', milestonePath(args.owner, args.repo, args.milestone), { signal });
    return { deleted: true, milestone: args.milestone };
  },
});

/** The `milestones` toolset. */
export const MILESTONES_TOOLS = [milestoneRead, milestoneWrite, deleteMilestone] as const;
