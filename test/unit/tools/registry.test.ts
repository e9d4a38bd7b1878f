import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type ToolDefinition } from '../../../src/tools/define.js';
import { ToolSelectionError } from '../../../src/tools/errors.js';
import { buildToolRegistry, createToolRegistry, listingAnnotations, selectTools } from '../../../src/tools/registry.js';
import type { ToolsetId } from '../../../src/tools/toolsets.js';

function tool(name: string, toolset: ToolsetId, readOnly: boolean): ToolDefinition {
  return defineTool({
    name,
    toolset,
    description: `${name}.`,
    scopes: [readOnly ? 'read:repository' : 'write:repository'],
    annotations: { readOnlyHint: readOnly, destructiveHint: false, idempotentHint: readOnly, openWorldHint: false },
    input: z.object({ owner: z.string().describe('Owner'), page: z.number().int().min(1).default(1).describe('Page') }),
    run: async () => ({ name }),
  });
}

const ALL = [
  tool('get_me', 'context', true),
  tool('list_branches', 'branches', true),
  tool('create_branch', 'branches', false),
  tool('list_tags', 'tags', true),
  tool('create_tag', 'tags', false),
];
const names = (ts: readonly ToolDefinition[]) => ts.map((t) => t.name);

describe('selectTools', () => {
  it('uses the default toolsets when none are given (tags is off by default)', () => {
    expect(names(selectTools(ALL, { readOnly: false }))).toEqual(['get_me', 'list_branches', 'create_branch']);
  });

  it('read-only always wins, even over an explicit allowlist', () => {
    expect(names(selectTools(ALL, { toolsets: ['all'], tools: ['create_tag'], readOnly: true }))).toEqual([
      'get_me',
      'list_branches',
      'list_tags',
    ]);
  });

  it('an allowlist alone is the whole selection; with toolsets it adds to them', () => {
    expect(names(selectTools(ALL, { tools: ['list_tags'], readOnly: false }))).toEqual(['list_tags']);
    expect(names(selectTools(ALL, { toolsets: ['context'], tools: ['list_tags'], readOnly: false }))).toEqual([
      'get_me',
      'list_tags',
    ]);
  });

  it('exclude removes tools; "default" and "all" are keywords', () => {
    expect(
      names(selectTools(ALL, { toolsets: ['default', 'tags'], exclude: ['create_branch'], readOnly: false })),
    ).toEqual(['get_me', 'list_branches', 'list_tags', 'create_tag']);
  });

  it('unknown toolsets and tools stop start-up with the valid names', () => {
    const bad = () => selectTools(ALL, { toolsets: ['repo'], readOnly: true });
    expect(bad).toThrow(ToolSelectionError);
    expect(bad).toThrow(/unknown toolset\(s\) repo\. Valid: all, default, context, repos/);
    expect(() => selectTools(ALL, { tools: ['get_mee'], readOnly: true })).toThrow(
      /GATEA_TOOLS names unknown tool\(s\) get_mee\. Valid: create_branch, create_tag, get_me/,
    );
    expect(() => selectTools(ALL, { exclude: ['nope'], readOnly: true })).toThrow(/GATEA_EXCLUDE_TOOLS/);
  });
});

describe('registry', () => {
  it('precomputes a flat listing without $schema or ±2^53 bounds', () => {
    const reg = createToolRegistry(ALL);
    const l = reg.listingOf('get_me');
    expect(l?.inputSchema).toEqual({
      type: 'object',
      properties: {
        owner: { type: 'string', description: 'Owner' },
        page: { type: 'integer', default: 1, description: 'Page' },
      },
      required: ['owner'],
    });
    // Precomputed once: the listing is frozen, and listingOf hands out its very entries.
    expect(Object.isFrozen(reg.listing)).toBe(true);
    expect(reg.listingOf('get_me')).toBe(reg.listing.find((x) => x.name === 'get_me'));
    expect(reg.listing.map((x) => x.name)).toEqual(names(ALL));
  });

  it('refuses duplicate names', () => {
    expect(() => createToolRegistry([ALL[0]!, ALL[0]!])).toThrow(/duplicate/);
  });

  it('resolves aliases without listing them', () => {
    const reg = createToolRegistry(ALL, { aliases: { get_my_user: 'get_me' } });
    expect(reg.get('get_my_user')?.name).toBe('get_me');
    expect(reg.listing.some((l) => l.name === 'get_my_user')).toBe(false);
  });

  it('explains why a known tool is not exposed', () => {
    const reg = buildToolRegistry(ALL, { toolsets: ['branches'], exclude: ['list_branches'], readOnly: true });
    expect(reg.get('create_branch')).toBeUndefined();
    expect(reg.whyUnavailable('create_branch')).toMatch(/read-only.*GATEA_READ_ONLY=false/);
    expect(reg.whyUnavailable('list_branches')).toMatch(/GATEA_EXCLUDE_TOOLS/);
    expect(reg.whyUnavailable('list_tags')).toMatch(/tags toolset.*GATEA_TOOLSETS/);
    expect(reg.whyUnavailable('no_such_tool')).toBeUndefined();
  });
});

describe('listingAnnotations', () => {
  const hints = (readOnlyHint: boolean, destructiveHint: boolean, idempotentHint: boolean) => ({
    readOnlyHint,
    destructiveHint,
    idempotentHint,
    openWorldHint: false,
  });

  it('a read-only tool sends readOnlyHint and openWorldHint only (the others mean nothing for it)', () => {
    expect(listingAnnotations(hints(true, false, true))).toEqual({ readOnlyHint: true, openWorldHint: false });
  });

  it("a write tool leaves out what equals MCP's defaults, and sends every hint that differs", () => {
    // Defaults: readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true.
    expect(listingAnnotations(hints(false, true, false))).toEqual({ openWorldHint: false });
    expect(listingAnnotations(hints(false, false, true))).toEqual({
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(listingAnnotations({ ...hints(false, true, false), openWorldHint: true })).toEqual({ openWorldHint: true });
  });
});
