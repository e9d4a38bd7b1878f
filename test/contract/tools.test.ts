/**
 * Contract of the tool surface: one golden snapshot per tool (what MCP
 * clients see in tools/list, plus toolset and scopes) and whole-registry
 * invariants every tool must keep (STYLE §2.8).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ALL_TOOLS,
  createToolRegistry,
  isGiteaScope,
  isToolsetId,
  type ToolListing,
  toInputJsonSchema,
} from '../../src/tools/index.js';
import { expectMatchesSnapshot } from './tools-snapshot.js';

const SNAP_DIR = fileURLToPath(new URL('./toolsnaps/', import.meta.url));
const registry = createToolRegistry(ALL_TOOLS);
const VERBS = ['get', 'list', 'search', 'create', 'update', 'delete', 'rename', 'fork', 'merge'];
/** Budget per tool schema in tools/list: every client pays for it on every session. */
const MAX_SCHEMA_BYTES = 3000;

describe('tool snapshots', () => {
  it.each(ALL_TOOLS.map((t) => [t.name, t] as const))('%s matches its toolsnaps snapshot', (name, tool) => {
    expectMatchesSnapshot(`${SNAP_DIR}${name}.snap.json`, {
      ...registry.listingOf(name),
      toolset: tool.toolset,
      scopes: tool.scopes,
      ...(tool.methods ? { methods: tool.methods } : {}),
    });
  });

  it('has no snapshot for a tool that no longer exists (renames keep an alias)', () => {
    const files = readdirSync(SNAP_DIR).filter((f) => f.endsWith('.snap.json'));
    const names = new Set(ALL_TOOLS.map((t) => t.name));
    expect(files.filter((f) => !names.has(f.replace(/\.snap\.json$/, '')))).toEqual([]);
  });
});

function walk(node: unknown, visit: (key: string, value: unknown, path: string) => void, path = ''): void {
  if (typeof node !== 'object' || node === null) return;
  for (const [k, v] of Object.entries(node)) {
    visit(k, v, `${path}/${k}`);
    walk(v, visit, `${path}/${k}`);
  }
}

describe.each(ALL_TOOLS.map((t) => [t.name, t] as const))('tool %s', (name, tool) => {
  const listing = registry.listingOf(name) as ToolListing;

  it('has a verb-first snake_case name, or <noun>_read/_write with a method enum', () => {
    expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/);
    const consolidated = /_(read|write)$/.test(name);
    if (consolidated) expect(tool.methods).toBeDefined();
    else expect(VERBS).toContain(name.split('_')[0]);
  });

  it('has a one-sentence description', () => {
    expect(tool.description.length).toBeGreaterThan(20);
    expect(tool.description.length).toBeLessThanOrEqual(300);
    expect(tool.description.trim().endsWith('.')).toBe(true);
    expect(tool.description.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
  });

  it('writes out all four annotations truthfully', () => {
    const a = tool.annotations;
    for (const k of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const)
      expect(typeof a[k]).toBe('boolean');
    if (a.readOnlyHint) {
      expect(a.destructiveHint).toBe(false);
      expect(a.idempotentHint).toBe(true);
      expect(tool.scopes.every((s) => s.startsWith('read:'))).toBe(true);
    } else {
      expect(tool.scopes.some((s) => s.startsWith('write:'))).toBe(true);
    }
    if (/^delete_/.test(name)) expect(a.destructiveHint).toBe(true);
  });

  it('declares valid Gitea scopes and a known toolset', () => {
    expect(tool.scopes.length).toBeGreaterThan(0);
    for (const s of tool.scopes) expect(isGiteaScope(s)).toBe(true);
    expect(isToolsetId(tool.toolset)).toBe(true);
  });

  it('has a flat, fully described, bounded input schema', () => {
    const schema = listing.inputSchema;
    expect(schema.type).toBe('object');
    // Unknown keys are refused when parsing; tools/list leaves the keyword out (issue #14), OpenAPI keeps it.
    expect(toInputJsonSchema(tool).additionalProperties).toBe(false);
    expect(schema.additionalProperties).toBeUndefined();
    walk(schema, (k, _v, path) => {
      expect(['$ref', 'anyOf', 'oneOf', 'allOf', 'not', '$defs', 'definitions'], path).not.toContain(k);
    });
    const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [prop, def] of Object.entries(props)) {
      expect(typeof def.description, `${name}.${prop} has no description`).toBe('string');
      if (def.type === 'array' && typeof def.items === 'object' && def.items !== null) {
        const inner = ((def.items as Record<string, unknown>).properties ?? {}) as Record<
          string,
          Record<string, unknown>
        >;
        for (const [p2, d2] of Object.entries(inner))
          expect(typeof d2.description, `${name}.${prop}[].${p2} has no description`).toBe('string');
      }
    }
    expect(JSON.stringify(listing).length).toBeLessThanOrEqual(MAX_SCHEMA_BYTES);
  });

  it('uses enums for fixed choices and documents every method', () => {
    const method = ((listing.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>).method;
    // A single-action tool has no `method` parameter at all.
    if (!tool.methods) return expect(method).toBeUndefined();
    expect(method?.enum).toEqual(Object.keys(tool.methods));
    for (const m of Object.values(tool.methods)) expect(m.description.length).toBeGreaterThan(0);
  });
});

describe('the whole registry', () => {
  it('has unique names', () => {
    expect(new Set(ALL_TOOLS.map((t) => t.name)).size).toBe(ALL_TOOLS.length);
  });
});
