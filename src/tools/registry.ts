/**
 * Tool selection (toolsets, allowlist, exclude, read-only) and the compiled
 * registry every surface reads: MCP `tools/list` / `tools/call`, REST,
 * OpenAPI, docs (STYLE §2.4). JSON Schemas are computed once here, so the
 * per-request cost is a Map lookup whatever the number of tools.
 */
import { z } from 'zod';
import type { ToolAnnotations, ToolDefinition } from './define.js';
import { ToolSelectionError } from './errors.js';
import { DEFAULT_TOOLSET_IDS, isToolsetId, TOOLSET_IDS } from './toolsets.js';

/** Which tools to expose. Keywords in `toolsets`: `all`, `default`. */
export interface ToolSelection {
  /** Toolset ids; undefined = the default set (unless `tools` is given). */
  readonly toolsets?: readonly string[] | undefined;
  /** Individual tools to add (alone, they are the whole selection). */
  readonly tools?: readonly string[] | undefined;
  /** Tools to drop. */
  readonly exclude?: readonly string[] | undefined;
  /** Hide every tool whose `readOnlyHint` is false. Always wins over the lists above. */
  readonly readOnly: boolean;
}

/**
 * Applies a selection to `all` (GitHub MCP's inventory builder semantics:
 * toolsets ∪ tools − exclude, then read-only). Unknown names throw a
 * ToolSelectionError that lists the valid ones, so a typo stops the process
 * at start instead of silently hiding tools.
 */
export function selectTools(all: readonly ToolDefinition[], sel: ToolSelection): ToolDefinition[] {
  const byName = new Map(all.map((t) => [t.name, t]));
  checkNames('GATEA_TOOLS', sel.tools ?? [], byName);
  checkNames('GATEA_EXCLUDE_TOOLS', sel.exclude ?? [], byName);
  const toolsets = resolveToolsets(sel);
  const wanted = new Set(sel.tools ?? []);
  const excluded = new Set(sel.exclude ?? []);
  return all.filter(
    (t) =>
      (toolsets.has(t.toolset) || wanted.has(t.name)) &&
      !excluded.has(t.name) &&
      (!sel.readOnly || t.annotations.readOnlyHint),
  );
}

function resolveToolsets(sel: ToolSelection): Set<string> {
  if (sel.toolsets === undefined || sel.toolsets.length === 0)
    return new Set(sel.tools?.length ? [] : DEFAULT_TOOLSET_IDS);
  const out = new Set<string>();
  const unknown: string[] = [];
  for (const raw of sel.toolsets) {
    const id = raw.trim();
    if (id === 'all') for (const t of TOOLSET_IDS) out.add(t);
    else if (id === 'default') for (const t of DEFAULT_TOOLSET_IDS) out.add(t);
    else if (isToolsetId(id)) out.add(id);
    else unknown.push(id);
  }
  if (unknown.length > 0)
    throw new ToolSelectionError(
      'GATEA_TOOLSETS',
      `GATEA_TOOLSETS names unknown toolset(s) ${unknown.join(', ')}. Valid: all, default, ${TOOLSET_IDS.join(', ')}.`,
    );
  return out;
}

function checkNames(setting: string, names: readonly string[], byName: ReadonlyMap<string, unknown>): void {
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0)
    throw new ToolSelectionError(
      setting,
      `${setting} names unknown tool(s) ${unknown.join(', ')}. Valid: ${[...byName.keys()].sort().join(', ')}.`,
    );
}

/** A JSON Schema object (draft 2020-12) as sent in `tools/list`. */
export type JsonSchemaObject = { readonly type: 'object' } & Readonly<Record<string, unknown>>;

/** One entry of MCP `tools/list` (schema 2025-11-25 `Tool`), computed once. */
export interface ToolListing {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: JsonSchemaObject;
  readonly annotations: ToolAnnotations & { readonly title?: string };
}

/** The compiled, immutable set of exposed tools. */
export interface ToolRegistry {
  readonly tools: readonly ToolDefinition[];
  /** Precomputed `tools/list` entries, in registry order. */
  readonly listing: readonly ToolListing[];
  /** The tool called `name` (or whose old name is `name`), or undefined. */
  get(name: string): ToolDefinition | undefined;
  /** The precomputed listing entry of a tool. */
  listingOf(name: string): ToolListing | undefined;
  /** For a known tool that is not exposed here: a sentence saying why and who can change it. */
  whyUnavailable(name: string): string | undefined;
}

/**
 * Compiles `tools` (already selected) into a registry. `aliases` maps old
 * tool names to current ones: old names stay callable but are not listed.
 */
export function createToolRegistry(
  tools: readonly ToolDefinition[],
  opts: {
    aliases?: Readonly<Record<string, string>>;
    whyUnavailable?: (name: string) => string | undefined;
  } = {},
): ToolRegistry {
  const byName = new Map<string, ToolDefinition>();
  const listings = new Map<string, ToolListing>();
  for (const t of tools) {
    if (byName.has(t.name)) throw new TypeError(`duplicate tool name ${t.name}`);
    byName.set(t.name, t);
    listings.set(t.name, Object.freeze(buildListing(t)));
  }
  for (const [old, current] of Object.entries(opts.aliases ?? {})) {
    const target = byName.get(current);
    if (target && !byName.has(old)) byName.set(old, target);
  }
  const listing = Object.freeze([...listings.values()]);
  return Object.freeze({
    tools: Object.freeze([...tools]),
    listing,
    get: (name: string) => byName.get(name),
    listingOf: (name: string) => listings.get(name),
    whyUnavailable: (name: string) => (byName.has(name) ? undefined : opts.whyUnavailable?.(name)),
  });
}

/**
 * Selects from `all` and compiles the registry in one step, so a call to a
 * hidden tool can be answered with the reason instead of "unknown tool".
 */
export function buildToolRegistry(
  all: readonly ToolDefinition[],
  sel: ToolSelection,
  aliases: Readonly<Record<string, string>> = {},
): ToolRegistry {
  const selected = selectTools(all, sel);
  const known = new Map(all.map((t) => [t.name, t]));
  const excluded = new Set(sel.exclude ?? []);
  return createToolRegistry(selected, {
    aliases,
    whyUnavailable(name) {
      const t = known.get(aliases[name] ?? name);
      if (!t) return undefined;
      if (sel.readOnly && !t.annotations.readOnlyHint)
        return `${t.name} changes data, and this Gatea is read-only. The Gatea operator can enable writes with GATEA_READ_ONLY=false.`;
      if (excluded.has(t.name)) return `${t.name} is disabled on this Gatea (GATEA_EXCLUDE_TOOLS).`;
      return `${t.name} belongs to the ${t.toolset} toolset, which is not enabled on this Gatea. The operator can add it to GATEA_TOOLSETS.`;
    },
  });
}

/** The MCP listing of one tool. */
export function buildListing(t: ToolDefinition): ToolListing {
  const listing: ToolListing = {
    name: t.name,
    ...(t.title ? { title: t.title } : {}),
    description: t.description,
    inputSchema: toInputJsonSchema(t),
    annotations: { ...(t.title ? { title: t.title } : {}), ...t.annotations },
  };
  return listing;
}

/**
 * The tool's input as JSON Schema (input side: defaulted properties are not
 * required). `$schema` and zod's ±2^53 integer bounds are dropped: they only
 * cost tokens in every `tools/list`.
 */
export function toInputJsonSchema(t: ToolDefinition): JsonSchemaObject {
  const raw = z.toJSONSchema(t.input, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' });
  const cleaned = stripNoise(raw);
  if (!isObjectSchema(cleaned)) throw new TypeError(`${t.name}: input schema is not an object schema`);
  return cleaned;
}

function isObjectSchema(v: unknown): v is JsonSchemaObject {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'object';
}

function stripNoise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripNoise);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema') continue;
    if ((k === 'maximum' || k === 'minimum') && typeof v === 'number' && Math.abs(v) === Number.MAX_SAFE_INTEGER)
      continue;
    out[k] = stripNoise(v);
  }
  return out;
}
