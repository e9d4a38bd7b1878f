import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type ToolDefinition } from '../../../src/tools/define.js';
import { ToolInputError } from '../../../src/tools/errors.js';
import { MAX_PER_PAGE, pagingInput } from '../../../src/tools/shape.js';
import type { ToolContext } from '../../../src/tools/tool-context.js';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

// The context is never touched by these synthetic tools' handlers beyond what they return.
const ctx = { caller: { kind: 'stdio', requestId: 'r1' } } as unknown as ToolContext;

/** Validate, then run: what the dispatcher does once its checks pass. */
const invoke = async (tool: ToolDefinition, raw: unknown) => tool.run(tool.parse(raw), ctx);

const echo = defineTool({
  name: 'get_echo',
  toolset: 'context',
  description: 'Echo the arguments back.',
  scopes: ['read:user'],
  annotations: READ,
  input: z
    .object({
      text: z.string().min(1).describe('Text'),
      count: z.coerce.number().int().min(1).max(5).default(1).describe('How often'),
    })
    .strict(),
  async run(args) {
    return { text: args.text.repeat(args.count) };
  },
});

const issueRead = defineTool({
  name: 'issue_read',
  toolset: 'issues',
  description: 'Read an issue or list its comments.',
  scopes: ['read:issue'],
  annotations: READ,
  input: z
    .object({
      method: z.enum(['get', 'get_comments', 'list_labels']).describe('What to read.'),
      index: z.number().int().min(1).optional().describe('Issue number (get, get_comments).'),
      label: z.string().optional().describe('Unused filter.'),
    })
    .strict(),
  methods: (m) => ({
    get: m({
      description: 'One issue.',
      required: ['index'],
      async run(args) {
        // `index` is typed as number here (not number | undefined): `required` narrows it.
        const n: number = args.index;
        return { index: n };
      },
    }),
    get_comments: m({
      description: 'Its comments.',
      required: ['index'],
      scopes: ['read:issue', 'read:repository'],
      async run(args) {
        return { comments: [], index: args.index };
      },
    }),
    list_labels: m({
      description: 'Repository labels.',
      async run() {
        return { labels: [] };
      },
    }),
  }),
});

/** Some arguments take a call to routes other scopes guard (create_repo's organization, pull label names). */
const createThing = defineTool({
  name: 'create_thing',
  toolset: 'repos',
  description: 'Create a thing, for you or an organization.',
  scopes: ['write:repository', 'write:user'],
  scopesFor: (args) => (args.organization ? ['write:organization'] : ['write:repository', 'write:user']),
  annotations: { ...READ, readOnlyHint: false },
  input: z.object({ organization: z.string().optional().describe('Owner organization.') }).strict(),
  async run() {
    return {};
  },
});

const pullWrite = defineTool({
  name: 'pull_write',
  toolset: 'pulls',
  description: 'Open or label a pull request.',
  scopes: ['write:repository'],
  annotations: { ...READ, readOnlyHint: false },
  input: z
    .object({
      method: z.enum(['create', 'close']).describe('What to do.'),
      labels: z.array(z.string()).optional().describe('Label names.'),
    })
    .strict(),
  methods: (m) => ({
    create: m({
      description: 'Open one.',
      scopesFor: (args) => (args.labels?.length ? ['write:repository', 'read:issue'] : ['write:repository']),
      async run() {
        return {};
      },
    }),
    close: m({
      description: 'Close one.',
      async run() {
        return {};
      },
    }),
  }),
});

describe('scopes that depend on the arguments', () => {
  it('a single-action tool answers scopesFor from its arguments; its listed scopes stay the plain ones', () => {
    expect(createThing.scopes).toEqual(['write:repository', 'write:user']);
    expect(createThing.scopesFor(createThing.parse({}))).toEqual(['write:repository', 'write:user']);
    expect(createThing.scopesFor(createThing.parse({ organization: 'acme' }))).toEqual(['write:organization']);
  });

  it("a method's scopesFor applies to that method only; the method's listed scopes stay the plain ones", () => {
    expect(pullWrite.methods?.create?.scopes).toEqual(['write:repository']);
    expect(pullWrite.scopesFor(pullWrite.parse({ method: 'create' }))).toEqual(['write:repository']);
    expect(pullWrite.scopesFor(pullWrite.parse({ method: 'create', labels: ['bug'] }))).toEqual([
      'write:repository',
      'read:issue',
    ]);
    expect(pullWrite.scopesFor(pullWrite.parse({ method: 'close', labels: ['bug'] }))).toEqual(['write:repository']);
  });
});

describe('defineTool', () => {
  it('returns frozen data with sorted scopes and all annotations', () => {
    expect(Object.isFrozen(echo)).toBe(true);
    expect(Object.isFrozen(echo.annotations)).toBe(true);
    expect(echo.methods).toBeUndefined();
    expect(echo.annotations).toEqual(READ);
  });

  it('parses (with coercion and defaults) before run', async () => {
    await expect(invoke(echo, { text: 'ab', count: '2' })).resolves.toEqual({ text: 'abab' });
    await expect(invoke(echo, { text: 'x' })).resolves.toEqual({ text: 'x' });
  });

  it('names the parameter and the problem in a ToolInputError', async () => {
    const err = await invoke(echo, { count: 9 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolInputError);
    expect((err as ToolInputError).message).toMatch(/Invalid arguments for get_echo: "text" is required; "count": .*5/);
    expect((err as ToolInputError).parameter).toBe('text');
  });

  it('lists the valid parameters when an unknown one is sent', () => {
    expect(() => echo.parse({ text: 'a', txet: 'b' })).toThrow(
      /unknown parameter\(s\) "txet"; valid parameters are text, count/,
    );
  });

  it('treats missing arguments as an empty object', () => {
    expect(() => echo.parse(undefined)).toThrow(/"text" is required/);
  });
});

describe('method tools', () => {
  it('unions method scopes and keeps per-method facts', () => {
    expect(issueRead.scopes).toEqual(['read:issue', 'read:repository']);
    expect(issueRead.methods?.get).toEqual({ description: 'One issue.', required: ['index'], scopes: ['read:issue'] });
    expect(issueRead.scopesFor({ method: 'get_comments' })).toEqual(['read:issue', 'read:repository']);
    expect(issueRead.scopesFor({ method: 'list_labels' })).toEqual(['read:issue']);
  });

  it('dispatches on method', async () => {
    await expect(invoke(issueRead, { method: 'get', index: 3 })).resolves.toEqual({ index: 3 });
    await expect(invoke(issueRead, { method: 'list_labels' })).resolves.toEqual({ labels: [] });
  });

  it('checks per-method required parameters with a clear message', async () => {
    await expect(invoke(issueRead, { method: 'get_comments' })).rejects.toThrow(
      'issue_read: parameter "index" is required when method is "get_comments".',
    );
  });

  it('rejects an unknown method through the enum', () => {
    expect(() => issueRead.parse({ method: 'delete' })).toThrow(/"method"/);
  });

  it('keeps the JSON schema flat (the method is a plain enum)', () => {
    const shape = issueRead.input.shape;
    expect(Object.keys(shape)).toEqual(['method', 'index', 'label']);
  });

  it('refuses a methods map that does not match the enum (programmer error)', () => {
    expect(() =>
      // @ts-expect-error — `list` is missing from the methods map, which the types catch too
      defineTool({
        name: 'label_read',
        toolset: 'labels',
        description: 'x.',
        scopes: ['read:issue'],
        annotations: READ,
        input: z.object({ method: z.enum(['get', 'list']).describe('m') }),
        methods: (m) => ({ get: m({ description: 'g', run: async () => ({}) }) }),
      }),
    ).toThrow(TypeError);
  });

  it('refuses names that are not snake_case', () => {
    expect(() =>
      defineTool({
        name: 'GetThing',
        toolset: 'context',
        description: 'x.',
        scopes: [],
        annotations: READ,
        input: z.object({}),
        run: async () => ({}),
      }),
    ).toThrow(/snake_case/);
  });
});

describe('shared paging (issue #14)', () => {
  const listThings = defineTool({
    name: 'list_things',
    toolset: 'context',
    description: 'List things.',
    scopes: ['read:user'],
    annotations: READ,
    input: z.object({ ...pagingInput }).strict(),
    async run(args) {
      return { perPage: args.perPage, note: args.page > 1 ? 'Own note.' : undefined };
    },
  });

  it("lowers a perPage above the maximum and says so in the result, before the tool's own note", async () => {
    expect(await invoke(listThings, { perPage: 100 })).toEqual({
      perPage: MAX_PER_PAGE,
      note: expect.stringMatching(/^perPage 100 is more than the 50 Gitea returns per page/),
    });
    const both = (await invoke(listThings, { perPage: 80, page: 2 })) as { note: string };
    expect(both.note).toMatch(/perPage 80 .* Own note\.$/);
    expect(await invoke(listThings, { perPage: MAX_PER_PAGE })).toEqual({ perPage: MAX_PER_PAGE });
    expect(() => listThings.parse({ perPage: 0 })).toThrow(ToolInputError);
  });

  it('leaves the arguments it returns serializable as they were given', () => {
    const args = listThings.parse({ perPage: 100 });
    expect(JSON.parse(JSON.stringify(args))).toEqual({ page: 1, perPage: MAX_PER_PAGE });
  });
});
