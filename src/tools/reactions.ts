/**
 * Toolset `issues`, reactions: `list_reactions` and `reaction_write`, on an
 * issue or pull request (by number) or on one of its comments (by id). Gitea
 * keeps them in the issue route group (scope `issue`, reference §3.4).
 * Gitea answers an issue without reactions with JSON `null`, so the list is
 * read with a plain request rather than the client's page reader.
 */
import { z } from 'zod';
import { GiteaError, type GiteaPath, type GiteaReaction, giteaPath, reactionSchema } from '../gitea/index.js';
import { defineTool } from './define.js';
import { ToolInputError } from './errors.js';
import { issueIndex, numericId } from './issues-params.js';
import { repoInput } from './params.js';
import { pageFromHeaders, pageOfAll, pageResult, pagingInput } from './shape.js';

/** Gitea's default `[ui] REACTIONS`; an instance may allow others. */
const DEFAULT_REACTIONS = ['+1', '-1', 'laugh', 'hooray', 'confused', 'heart', 'rocket', 'eyes'] as const;

/** Emoji and common names → Gitea's reaction names. */
const ALIASES: Readonly<Record<string, string>> = {
  '👍': '+1',
  thumbsup: '+1',
  '👎': '-1',
  thumbsdown: '-1',
  '😄': 'laugh',
  '🎉': 'hooray',
  tada: 'hooray',
  '😕': 'confused',
  '❤️': 'heart',
  '❤': 'heart',
  '🚀': 'rocket',
  '👀': 'eyes',
};

interface Target {
  owner: string;
  repo: string;
  index?: number | undefined;
  commentId?: number | undefined;
}

const targetInput = {
  ...repoInput,
  index: issueIndex.optional().describe('Issue or pull number; or give commentId.'),
  commentId: numericId.optional().describe('Comment id; or give index.'),
};

/** The reactions route of the issue or of the comment; exactly one must be named. */
function reactionsPath(tool: string, a: Target): GiteaPath {
  if ((a.index === undefined) === (a.commentId === undefined))
    throw new ToolInputError(`${tool} needs either index (an issue or pull request) or commentId, not both.`, 'index');
  return a.commentId === undefined
    ? giteaPath('/repos/{owner}/{repo}/issues/{index}/reactions', { owner: a.owner, repo: a.repo, index: a.index ?? 0 })
    : giteaPath('/repos/{owner}/{repo}/issues/comments/{id}/reactions', {
        owner: a.owner,
        repo: a.repo,
        id: a.commentId,
      });
}

function toReactionSummary(r: GiteaReaction): Record<string, unknown> {
  return { reaction: r.content, user: r.user?.login, createdAt: r.created_at };
}

function countsOf(items: readonly GiteaReaction[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of items) if (r.content) counts[r.content] = (counts[r.content] ?? 0) + 1;
  return counts;
}

/** `list_reactions`: who reacted how on an issue, pull request or comment. */
export const listReactions = defineTool({
  name: 'list_reactions',
  toolset: 'issues',
  title: 'List reactions',
  description: 'List the emoji reactions on an issue, pull request or comment, with who gave them.',
  scopes: ['read:issue'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({ ...targetInput, ...pagingInput }).strict(),
  async run(args, { gitea, signal }) {
    const path = reactionsPath('list_reactions', args);
    if (args.commentId !== undefined) {
      // Gitea sends a comment's reactions whole; they are cut into the asked page here.
      const { data } = await gitea.request('GET', path, { schema: z.array(reactionSchema).nullable(), signal });
      const items = Array.isArray(data) ? data : [];
      const page = pageOfAll(items, args.page, args.perPage);
      return {
        commentId: args.commentId,
        ...pageResult('reactions', page, toReactionSummary),
        counts: countsOf(items),
      };
    }
    const res = await gitea.request('GET', path, {
      schema: z.array(reactionSchema).nullable(),
      query: { page: args.page, limit: args.perPage },
      signal,
    });
    const items = Array.isArray(res.data) ? res.data : [];
    const page = pageFromHeaders(items, res.headers, args.page, args.perPage);
    return { index: args.index, ...pageResult('reactions', page, toReactionSummary), counts: countsOf(items) };
  },
});

/** Gitea refuses a reaction outside `[ui] REACTIONS` with a bare 403; say which names work. */
function notAllowed(err: unknown, reaction: string): unknown {
  if (!(err instanceof GiteaError && err.status === 403 && /not an allowed reaction/i.test(err.giteaMessage ?? '')))
    return err;
  return new ToolInputError(
    `"${reaction}" is not a reaction this Gitea allows; the default set is ${DEFAULT_REACTIONS.join(', ')}.`,
    'reaction',
  );
}

/** `reaction_write`: add or remove your reaction on an issue, pull request or comment. */
export const reactionWrite = defineTool({
  name: 'reaction_write',
  toolset: 'issues',
  title: 'React',
  description: 'Add or remove your emoji reaction on an issue, pull request or comment.',
  scopes: ['write:issue'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['add', 'remove']).describe('add (repeating is a no-op) or remove your reaction.'),
      ...targetInput,
      reaction: z
        .string()
        .trim()
        .min(1)
        .max(32)
        .describe('Reaction name (+1, -1, laugh, hooray, confused, heart, rocket, eyes) or its emoji.'),
    })
    .strict(),
  methods: (m) => ({
    add: m({
      description: 'Add your reaction.',
      async run(args, { gitea, signal }) {
        const path = reactionsPath('reaction_write', args);
        const reaction = ALIASES[args.reaction] ?? args.reaction;
        try {
          const res = await gitea.request('POST', path, {
            schema: reactionSchema,
            body: { content: reaction },
            signal,
          });
          // 201: new; 200: you had already given this reaction.
          return { added: true, alreadyThere: res.status === 200 || undefined, reaction, ...targetOf(args) };
        } catch (err) {
          throw notAllowed(err, reaction);
        }
      },
    }),
    remove: m({
      description: 'Remove your reaction (nothing happens when you had not given it).',
      async run(args, { gitea, signal }) {
        const path = reactionsPath('reaction_write', args);
        const reaction = ALIASES[args.reaction] ?? args.reaction;
        await gitea.request('DELETE', path, { body: { content: reaction }, signal });
        return { removed: true, reaction, ...targetOf(args) };
      },
    }),
  }),
});

function targetOf(a: Target): Record<string, unknown> {
  return a.commentId === undefined ? { index: a.index } : { commentId: a.commentId };
}

/** The reaction tools (toolset `issues`). */
export const REACTIONS_TOOLS = [listReactions, reactionWrite] as const;
