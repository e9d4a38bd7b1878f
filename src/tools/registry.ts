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
  /** The display name, once: top-level `Tool.title` (MCP 2025-06-18), not repeated in `annotations.title`. */
  readonly title?: string;
  readonly description: string;
  /** `toListingSchema`: the input schema without what only costs tokens. */
  readonly inputSchema: JsonSchemaObject;
  /** `listingAnnotations`: the hints that differ from MCP's defaults, and none a read-only tool makes meaningless. */
  readonly annotations: Partial<ToolAnnotations>;
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

/**
 * The MCP listing of one tool. Every session pays for `tools/list` in context,
 * so the title is sent once (top-level, MCP 2025-06-18 `Tool.title`; clients
 * fall back from it to `annotations.title`, not the other way round) and the
 * schema is `toListingSchema`'s.
 */
export function buildListing(t: ToolDefinition): ToolListing {
  const listing: ToolListing = {
    name: t.name,
    ...(t.title ? { title: t.title } : {}),
    description: t.description,
    inputSchema: toListingSchema(toInputJsonSchema(t)),
    annotations: listingAnnotations(t.annotations),
  };
  return listing;
}

/**
 * The annotations `tools/list` sends (MCP 2025-06-18 `ToolAnnotations`).
 * `destructiveHint` and `idempotentHint` are "meaningful only when
 * readOnlyHint == false", so a read-only tool sends readOnlyHint and
 * openWorldHint alone. A write tool leaves out the hints that equal the
 * spec's defaults (`readOnlyHint: false`, `destructiveHint: true`,
 * `idempotentHint: false`): a client reads the same either way. The
 * definition keeps all four (OpenAPI `x-gatea-annotations` and docs show them).
 */
export function listingAnnotations(a: ToolAnnotations): Partial<ToolAnnotations> {
  if (a.readOnlyHint) return { readOnlyHint: true, openWorldHint: a.openWorldHint };
  return {
    ...(a.destructiveHint ? {} : { destructiveHint: false }),
    ...(a.idempotentHint ? { idempotentHint: true } : {}),
    openWorldHint: a.openWorldHint,
  };
}

/**
 * `schema` as `tools/list` sends it, without what tells a model nothing it
 * acts on (about 5.5 KB across all tools): `additionalProperties: false`,
 * `minLength: 1`, `minimum: 1`, and zod's 300-character date-time `pattern`
 * beside `format: date-time`. Calls are still parsed with the full schema
 * (unknown keys, empty strings and zeros are refused with a sentence naming
 * the parameter), and OpenAPI and docs/tools.md keep `toInputJsonSchema`.
 * Some clients (Gemini's function declarations) reject `additionalProperties`
 * outright.
 */
export function toListingSchema(schema: JsonSchemaObject): JsonSchemaObject {
  const out = dropKeys(schema);
  if (!isObjectSchema(out)) throw new TypeError('unreachable: an object schema stays one');
  return out;
}

function dropKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropKeys);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  const formatted = 'format' in node;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'additionalProperties' && v === false) continue;
    if ((k === 'minLength' || k === 'minimum') && v === 1) continue;
    if (k === 'pattern' && formatted) continue;
    out[k] = k === 'properties' ? mapValues(v) : dropKeys(v);
  }
  return out;
}

/** Property maps: keys are parameter names (a parameter may be called `minLength`), only values are schemas. */
function mapValues(props: unknown): unknown {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return props;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, dropKeys(v)]));
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
