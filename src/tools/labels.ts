/**
 * Toolset `labels`: repository labels (scope `issue`) and organization
 * labels (scope `organization`, usable on every repository of the org).
 */
import { z } from 'zod';
import { type GiteaLabel, type GiteaPath, giteaPath, labelSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { numericId, optionalOwner, optionalRepo } from './issues-params.js';
import { pageResult, pagingInput } from './shape.js';
import { toLabelSummary } from './summaries-issues.js';

const orgInput = z.string().trim().min(1).optional().describe('Org; org methods.');
const labelIdInput = numericId.optional().describe('Label id; get, edit, delete.');

function orgLabelsPath(org: string, labelId?: number): GiteaPath {
  return labelId === undefined
    ? giteaPath('/orgs/{org}/labels', { org })
    : giteaPath('/orgs/{org}/labels/{labelId}', { org, labelId });
}

function repoLabelsPath(owner: string, repo: string, labelId?: number): GiteaPath {
  return labelId === undefined
    ? giteaPath('/repos/{owner}/{repo}/labels', { owner, repo })
    : giteaPath('/repos/{owner}/{repo}/labels/{labelId}', { owner, repo, labelId });
}

/** `label_read`: list or get repository and organization labels. */
export const labelRead = defineTool({
  name: 'label_read',
  toolset: 'labels',
  title: 'Read labels',
  description: "List or get a repository's labels or an organization's (usable in all its repositories).",
  scopes: ['read:issue'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['list_repo_labels', 'get_repo_label', 'list_org_labels', 'get_org_label'])
        .describe('Which labels to read.'),
      owner: optionalOwner,
      repo: optionalRepo,
      org: orgInput,
      labelId: labelIdInput,
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list_repo_labels: m({
      description: "The repository's own labels (paged).",
      required: ['owner', 'repo'],
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaLabel>('GET', repoLabelsPath(args.owner, args.repo), {
          itemSchema: labelSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('labels', res, toLabelSummary);
      },
    }),
    get_repo_label: m({
      description: 'One repository label.',
      required: ['owner', 'repo', 'labelId'],
      async run(args, { gitea, signal }) {
        const path = repoLabelsPath(args.owner, args.repo, args.labelId);
        const { data } = await gitea.request<GiteaLabel>('GET', path, { schema: labelSchema, signal });
        return toLabelSummary(data);
      },
    }),
    list_org_labels: m({
      description: "The organization's labels (paged).",
      required: ['org'],
      scopes: ['read:organization'],
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage<GiteaLabel>('GET', orgLabelsPath(args.org), {
          itemSchema: labelSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('labels', res, toLabelSummary);
      },
    }),
    get_org_label: m({
      description: 'One organization label.',
      required: ['org', 'labelId'],
      scopes: ['read:organization'],
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<GiteaLabel>('GET', orgLabelsPath(args.org, args.labelId), {
          schema: labelSchema,
          signal,
        });
        return toLabelSummary(data);
      },
    }),
  }),
});

interface LabelFields {
  name?: string | undefined;
  color?: string | undefined;
  description?: string | undefined;
  exclusive?: boolean | undefined;
  archived?: boolean | undefined;
}

/** Gitea's Create/EditLabelOption; colours are accepted with or without `#`. */
function labelBody(a: LabelFields): Record<string, unknown> {
  return {
    name: a.name,
    color: a.color === undefined ? undefined : `#${a.color.replace(/^#/, '').toLowerCase()}`,
    description: a.description,
    exclusive: a.exclusive,
    is_archived: a.archived,
  };
}

function editBodyOf(a: LabelFields): Record<string, unknown> {
  const body = labelBody(a);
  if (Object.values(body).every((v) => v === undefined))
    throw new ToolInputError('label_write edit needs at least one of name, color, description, exclusive or archived.');
  return body;
}

const colorInput = z
  .string()
  .trim()
  .regex(/^#?[0-9a-fA-F]{6}$/, 'a colour is six hex digits, e.g. "#d73a4a"')
  .optional()
  .describe('Hex colour, e.g. "#d73a4a"; required by create.');

/** `label_write`: create and edit repository and organization labels. */
export const labelWrite = defineTool({
  name: 'label_write',
  toolset: 'labels',
  title: 'Write labels',
  description: 'Create or edit a repository or organization label; issue_write applies labels.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['create_repo_label', 'edit_repo_label', 'create_org_label', 'edit_org_label'])
        .describe('What to create or edit.'),
      owner: optionalOwner,
      repo: optionalRepo,
      org: orgInput,
      labelId: labelIdInput,
      name: z.string().trim().min(1).max(50).optional().describe('Label name; required by create.'),
      color: colorInput,
      description: z.string().max(200).optional().describe('Short description.'),
      exclusive: z.boolean().optional().describe('Scoped ("kind/bug"): one per scope on an issue.'),
      archived: z.boolean().optional().describe('Hide from label pickers.'),
    })
    .strict(),
  methods: (m) => ({
    create_repo_label: m({
      description: 'A new label in the repository.',
      required: ['owner', 'repo', 'name', 'color'],
      async run(args, { gitea, signal }) {
        const path = repoLabelsPath(args.owner, args.repo);
        const { data } = await gitea.request<GiteaLabel>('POST', path, {
          schema: labelSchema,
          body: labelBody(args),
          signal,
        });
        return toLabelSummary(data);
      },
    }),
    edit_repo_label: m({
      description: 'Change a repository label; omitted fields stay as they are.',
      required: ['owner', 'repo', 'labelId'],
      async run(args, { gitea, signal }) {
        const path = repoLabelsPath(args.owner, args.repo, args.labelId);
        const { data } = await gitea.request<GiteaLabel>('PATCH', path, {
          schema: labelSchema,
          body: editBodyOf(args),
          signal,
        });
        return toLabelSummary(data);
      },
    }),
    create_org_label: m({
      description: 'A new organization label.',
      required: ['org', 'name', 'color'],
      scopes: ['write:organization'],
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<GiteaLabel>('POST', orgLabelsPath(args.org), {
          schema: labelSchema,
          body: labelBody(args),
          signal,
        });
        return toLabelSummary(data);
      },
    }),
    edit_org_label: m({
      description: 'Change an organization label; omitted fields stay as they are.',
      required: ['org', 'labelId'],
      scopes: ['write:organization'],
      async run(args, { gitea, signal }) {
        const { data } = await gitea.request<GiteaLabel>('PATCH', orgLabelsPath(args.org, args.labelId), {
          schema: labelSchema,
          body: editBodyOf(args),
          signal,
        });
        return toLabelSummary(data);
      },
    }),
  }),
});

/** `delete_label`: delete a repository or organization label. */
export const deleteLabel = defineTool({
  name: 'delete_label',
  toolset: 'labels',
  title: 'Delete label',
  description: 'Delete a repository or organization label, removing it from every issue.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z
        .enum(['delete_repo_label', 'delete_org_label'])
        .describe('delete_repo_label (needs owner, repo) or delete_org_label (needs org).'),
      owner: optionalOwner,
      repo: optionalRepo,
      org: orgInput,
      labelId: numericId.describe('Label id.'),
    })
    .strict(),
  methods: (m) => ({
    delete_repo_label: m({
      description: 'Delete a repository label.',
      required: ['owner', 'repo'],
      async run(args, { gitea, signal }) {
        await gitea.request('DELETE', repoLabelsPath(args.owner, args.repo, args.labelId), { signal });
        return { deleted: true, labelId: args.labelId };
      },
    }),
    delete_org_label: m({
      description: 'Delete an organization label.',
      required: ['org'],
      scopes: ['write:organization'],
      async run(args, { gitea, signal }) {
        await gitea.request('DELETE', orgLabelsPath(args.org, args.labelId), { signal });
        return { deleted: true, labelId: args.labelId };
      },
    }),
  }),
});

/** The `labels` toolset. */
export const LABELS_TOOLS = [labelRead, labelWrite, deleteLabel] as const;
