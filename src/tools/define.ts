/**
 * `defineTool`: one declaration per tool — name, toolset, description, Gitea
 * scopes, MCP annotations, a flat zod input schema and the handler — that every
 * surface (MCP, REST, OpenAPI, docs, scope checks) reads (STYLE §2.3, §2.4).
 * It returns frozen data; importing a toolset registers nothing.
 */
import type { z } from 'zod';
import { ToolInputError } from './errors.js';
import type { GiteaScope } from './scopes.js';
import { clampPerPage, perPageInput, withNote } from './shape.js';
import type { ToolContext } from './tool-context.js';
import type { ToolsetId } from './toolsets.js';

/**
 * MCP tool annotations (schema 2025-11-25 `ToolAnnotations`), all written out
 * because the spec defaults (`destructiveHint: true`, `openWorldHint: true`)
 * are the opposite of what most read tools want.
 */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** Any zod object schema usable as a tool's input. */
export type ToolInputSchema = z.ZodObject<z.ZodRawShape>;

/** The fields every tool declares. */
interface ToolSpecBase<S extends ToolInputSchema> {
  /** snake_case, verb-first (`list_branches`) or `<noun>_read` / `<noun>_write`. A contract: renames keep an alias. */
  readonly name: string;
  readonly toolset: ToolsetId;
  /** Human-readable display name (MCP `title`). */
  readonly title?: string;
  /** One sentence: what it does and when to use it (and which sibling tool to use instead). */
  readonly description: string;
  /** Gitea scopes the tool needs (for method tools: the default for methods that declare none). */
  readonly scopes: readonly GiteaScope[];
  readonly annotations: ToolAnnotations;
  /** Flat object schema: every property described; no unions, no `$ref`. */
  readonly input: S;
}

/** A single-action tool. */
export interface SimpleToolSpec<S extends ToolInputSchema> extends ToolSpecBase<S> {
  /**
   * The scopes a call with these arguments needs, when some arguments take it to
   * routes Gitea guards with other scopes; omitted: `scopes`, which stays what the
   * call needs without such arguments (what listings and docs show).
   */
  scopesFor?(args: z.output<S>): readonly GiteaScope[];
  run(args: z.output<S>, ctx: ToolContext): Promise<unknown>;
}

/** `A` with the keys `K` present and non-null (what a method's `required` list guarantees). */
export type WithRequired<A, K extends keyof A> = A & { [P in K]-?: NonNullable<A[P]> };

/** One method of a consolidated tool, after type erasure. */
export interface ToolMethod {
  readonly description: string;
  /** Parameters that must be present (and non-empty) for this method; checked before `run`. */
  readonly required: readonly string[];
  readonly scopes: readonly GiteaScope[];
}

interface MethodEntry<A> extends ToolMethod {
  scopesFor?(args: A): readonly GiteaScope[];
  run(args: A, ctx: ToolContext): Promise<unknown>;
}

/** Declares one method; `required` narrows the argument type seen by its `run`. */
export type MethodBuilder<A> = <K extends keyof A & string = never>(spec: {
  readonly description: string;
  readonly required?: readonly K[];
  /** Defaults to the tool's `scopes`. */
  readonly scopes?: readonly GiteaScope[];
  /** As SimpleToolSpec.scopesFor: the scopes for these arguments when they differ from the method's `scopes`. */
  scopesFor?(args: WithRequired<A, K>): readonly GiteaScope[];
  run(args: WithRequired<A, K>, ctx: ToolContext): Promise<unknown>;
}) => MethodEntry<A>;

type MethodName<S extends ToolInputSchema> = z.output<S> extends { method: infer M extends string } ? M : never;

/**
 * A consolidated `<noun>_read` / `<noun>_write` tool: `input` has a
 * `method: z.enum([...])` property and `methods` gives one entry per option.
 * All methods share the tool's annotations, so keep destructive actions in
 * their own tools (STYLE §2.10).
 */
export interface MethodToolSpec<S extends ToolInputSchema> extends ToolSpecBase<S> {
  methods(m: MethodBuilder<z.output<S>>): { readonly [K in MethodName<S>]: MethodEntry<z.output<S>> };
}

/** A declared tool: frozen data plus `parse` (validate) and `run`. */
export interface ToolDefinition {
  readonly name: string;
  readonly toolset: ToolsetId;
  readonly title: string | undefined;
  readonly description: string;
  /** Union of the scopes of its methods (or the tool's), sorted; `scopesFor` adds what some arguments need. */
  readonly scopes: readonly GiteaScope[];
  readonly annotations: ToolAnnotations;
  readonly input: ToolInputSchema;
  /** Per-method facts of a consolidated tool, or undefined for a single-action tool. */
  readonly methods: Readonly<Record<string, ToolMethod>> | undefined;
  /** Validates `rawArgs` (throws ToolInputError with a sentence naming the parameter) — no side effects. */
  parse(rawArgs: unknown): Record<string, unknown>;
  /**
   * Scopes needed for these (parsed) arguments: the method's scopes, or the tool's, unless the
   * tool or method declared others for such arguments (routes guarded by other scopes).
   */
  scopesFor(args: Record<string, unknown>): readonly GiteaScope[];
  /**
   * Runs with arguments `parse` returned; only the dispatcher (src/mcp/dispatch.ts) calls it, after
   * its checks. Errors propagate (GiteaError, ToolInputError); the edge translates them.
   */
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<unknown>;
}

/** Declares a single-action tool. */
export function defineTool<S extends ToolInputSchema>(spec: SimpleToolSpec<S>): ToolDefinition;
/** Declares a consolidated tool with a `method` enum. */
export function defineTool<S extends ToolInputSchema>(spec: MethodToolSpec<S>): ToolDefinition;
export function defineTool<S extends ToolInputSchema>(spec: SimpleToolSpec<S> | MethodToolSpec<S>): ToolDefinition {
  assertName(spec.name);
  if ('methods' in spec) return defineMethodTool(spec);
  const run = spec.run;
  const conditional = spec.scopesFor;
  const input = strictInput(spec.input);
  const paged = usesSharedPaging(spec.input);
  const parse = (raw: unknown) => clampPaging(paged, parseInput(spec.name, input, raw));
  return freeze({
    ...baseOf(spec, spec.scopes),
    input,
    methods: undefined,
    parse,
    scopesFor: conditional ? (args) => conditional(args as z.output<S>) : () => spec.scopes,
    run: async (args, ctx) => withNote(await run(args as z.output<S>, ctx), pagingNoteOf(args)),
  });
}

function defineMethodTool<S extends ToolInputSchema>(spec: MethodToolSpec<S>): ToolDefinition {
  const builder: MethodBuilder<z.output<S>> = (m) => ({
    description: m.description,
    required: Object.freeze([...(m.required ?? [])]),
    scopes: Object.freeze([...(m.scopes ?? spec.scopes)]),
    // Safe widening (here and in run): `parse` has checked every key in `required` first.
    ...(m.scopesFor ? { scopesFor: m.scopesFor as (args: z.output<S>) => readonly GiteaScope[] } : {}),
    run: m.run as (args: z.output<S>, ctx: ToolContext) => Promise<unknown>,
  });
  const entries: Record<string, MethodEntry<z.output<S>>> = { ...spec.methods(builder) };
  assertMethodsMatchEnum(spec.name, spec.input, Object.keys(entries));
  const lookup = new Map(Object.entries(entries));
  const input = strictInput(spec.input);
  const paged = usesSharedPaging(spec.input);
  const parse = (raw: unknown): Record<string, unknown> => {
    const args = clampPaging(paged, parseInput(spec.name, input, raw));
    const method = lookup.get(String(args.method));
    if (!method) throw new ToolInputError(`Unknown method "${String(args.method)}" for ${spec.name}.`, 'method');
    for (const key of method.required) {
      const value = args[key];
      if (value === undefined || value === null || value === '')
        throw new ToolInputError(
          `${spec.name}: parameter "${key}" is required when method is "${String(args.method)}".`,
          key,
        );
    }
    return args;
  };
  const scopesFor = (args: Record<string, unknown>) => {
    const method = lookup.get(String(args.method));
    if (!method) return spec.scopes;
    return method.scopesFor ? method.scopesFor(args as z.output<S>) : method.scopes;
  };
  const runParsed = async (args: Record<string, unknown>, ctx: ToolContext): Promise<unknown> => {
    const method = lookup.get(String(args.method));
    if (!method) throw new TypeError('unreachable: method checked by parse');
    return withNote(await method.run(args as z.output<S>, ctx), pagingNoteOf(args));
  };
  const methods: Record<string, ToolMethod> = {};
  for (const [name, m] of lookup)
    methods[name] = Object.freeze({ description: m.description, required: m.required, scopes: m.scopes });
  const allScopes = [...new Set([...lookup.values()].flatMap((m) => m.scopes))].sort();
  return freeze({
    ...baseOf(spec, allScopes),
    input,
    methods: Object.freeze(methods),
    parse,
    scopesFor,
    run: runParsed,
  });
}

function baseOf(spec: ToolSpecBase<ToolInputSchema>, scopes: readonly GiteaScope[]) {
  return {
    name: spec.name,
    toolset: spec.toolset,
    title: spec.title,
    description: spec.description,
    scopes: Object.freeze([...new Set(scopes)].sort()),
    annotations: Object.freeze({ ...spec.annotations }),
  };
}

/** Where `parse` leaves the note on a lowered perPage for `run` (a symbol: never serialized, never an argument). */
const PAGING_NOTE: unique symbol = Symbol('gatea.pagingNote');

/** Whether the tool takes the shared `perPage` (shape.ts `pagingInput`), which is lowered rather than refused. */
function usesSharedPaging(input: ToolInputSchema): boolean {
  return input.shape.perPage === perPageInput;
}

/** Lowers a too-large shared perPage on freshly parsed `args` and keeps the note for `run`. */
function clampPaging(paged: boolean, args: Record<string, unknown>): Record<string, unknown> {
  const note = paged ? clampPerPage(args) : undefined;
  if (note !== undefined) Object.defineProperty(args, PAGING_NOTE, { value: note, enumerable: false });
  return args;
}

function pagingNoteOf(args: Record<string, unknown>): string | undefined {
  const note = (args as { [PAGING_NOTE]?: unknown })[PAGING_NOTE];
  return typeof note === 'string' ? note : undefined;
}

/**
 * Unknown keys are refused (`additionalProperties: false`): a misspelt
 * optional parameter would otherwise be silently ignored.
 */
function strictInput(input: ToolInputSchema): ToolInputSchema {
  return input.strict();
}

function freeze(def: ToolDefinition): ToolDefinition {
  return Object.freeze(def);
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** A programmer error, caught at import time: tool names are a contract (MCP: 1–128 chars of [A-Za-z0-9_.-]). */
function assertName(name: string): void {
  if (!NAME_PATTERN.test(name) || name.length > 64) throw new TypeError(`tool name "${name}" is not snake_case`);
}

function assertMethodsMatchEnum(toolName: string, input: ToolInputSchema, names: readonly string[]): void {
  const field = input.shape.method;
  const options = field && 'options' in field && Array.isArray(field.options) ? field.options.map(String) : null;
  if (!options) throw new TypeError(`${toolName}: a method tool needs a "method: z.enum([...])" input property`);
  const a = [...options].sort().join(',');
  const b = [...names].sort().join(',');
  if (a !== b) throw new TypeError(`${toolName}: method enum [${a}] differs from declared methods [${b}]`);
}

/** Parses `raw` against `schema`; any problem becomes one ToolInputError naming the parameters. */
export function parseInput(toolName: string, schema: ToolInputSchema, raw: unknown): Record<string, unknown> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys')
      return `unknown parameter(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; valid parameters are ${Object.keys(schema.shape).join(', ')}`;
    if (issue.code === 'invalid_type' && issue.input === undefined) return `"${path}" is required`;
    return path ? `"${path}": ${issue.message}` : issue.message;
  });
  const first = result.error.issues[0]?.path[0];
  throw new ToolInputError(
    `Invalid arguments for ${toolName}: ${problems.join('; ')}.`,
    first === undefined ? undefined : String(first),
  );
}
