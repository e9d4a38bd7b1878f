/**
 * The one enforcement point (DESIGN §2). Every tool call — Streamable HTTP
 * single or batch, legacy SSE, REST `POST /api/tools/{name}`, stdio, old
 * tool names, any mode's token — reaches Gitea only through `call`, which
 * decides before any upstream request:
 *   1. is the tool exposed here (toolsets, allow/exclude lists, read-only mode)?
 *   2. do the arguments validate (path-bound values included, see giteaPath)?
 *   3. does the caller's grant cover the scopes this tool needs for these arguments?
 * A refusal is a typed ToolFailure; transports only map it to their wire form.
 * The same decision filters `tools/list`, so a caller is never shown a tool
 * it can never call. Nothing else in the codebase decides authorization.
 */
import type { Caller } from '../auth/index.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import {
  type GiteaScope,
  scopesSatisfy,
  type ToolContext,
  type ToolDefinition,
  type ToolListing,
  type ToolRegistry,
} from '../tools/index.js';
import { describeToolFailure, type ToolFailure } from './errors.js';

/** The result of one call. */
export type ToolOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: ToolFailure };

/** Decides and runs tool calls for every surface. */
export interface ToolDispatcher {
  /** Decides, then runs `name` for `ctx.caller`; never throws (failures are outcomes). */
  call(name: string, rawArgs: unknown, ctx: ToolContext): Promise<ToolOutcome>;
  /** The `tools/list` entries `caller` can call, in registry order. */
  listFor(caller: Caller): readonly ToolListing[];
}

/** The sentence shown when a grant lacks scopes for a tool. */
export function insufficientScopeMessage(toolName: string, missing: readonly string[], caller: Caller): string {
  const what = missing.join(' and ');
  return caller.kind === 'service_key'
    ? `${toolName} needs ${what}, and this service key is read-only. Ask the Gatea operator for a key created with --scopes write.`
    : `${toolName} needs the ${what} scope, which your grant lacks. Reconnect Gatea and allow it, then retry.`;
}

/** The scopes `granted` lacks for `required` (`undefined`: Gitea alone knows, so nothing is missing here). */
function missingScopes(granted: readonly string[] | undefined, required: readonly GiteaScope[]): GiteaScope[] {
  if (!granted) return [];
  return required.filter((s) => !scopesSatisfy(granted, [s]));
}

/** True when some method of `tool` (or the tool itself) is within `granted`. */
function canEverCall(tool: ToolDefinition, granted: readonly string[]): boolean {
  if (!tool.methods) return scopesSatisfy(granted, tool.scopes);
  return Object.values(tool.methods).some((m) => scopesSatisfy(granted, m.scopes));
}

/** Options of createToolDispatcher. */
export interface DispatcherOptions {
  /** Milliseconds clock for durations (injected by tests). */
  readonly clock?: () => number;
  /** Counts every call by surface, tool and outcome. */
  readonly metrics?: GatewayMetrics | undefined;
}

/** The repository a call acts on, when its arguments name one (for the audit event). */
function repositoryOf(args: Record<string, unknown> | undefined): string | undefined {
  const { owner, repo } = args ?? {};
  return typeof owner === 'string' && typeof repo === 'string' ? `${owner}/${repo}` : undefined;
}

/** The method of a multi-method tool's parsed arguments. */
function methodOf(tool: ToolDefinition | undefined, args: Record<string, unknown> | undefined): string | undefined {
  const method = args?.method;
  return tool?.methods && typeof method === 'string' ? method : undefined;
}

/** What the enforcement point decided: run the tool with these arguments, or refuse (with what was known by then). */
type Decision =
  | { readonly tool: ToolDefinition; readonly args: Record<string, unknown>; readonly refusal?: undefined }
  | { readonly tool?: ToolDefinition; readonly args?: Record<string, unknown>; readonly refusal: ToolFailure };

/** Distinct grants seen are few (read key, write key, a handful of OAuth scope sets); the cap is a safety net. */
const MAX_CACHED_LISTINGS = 256;

/** Creates the dispatcher over `registry`. */
export function createToolDispatcher(registry: ToolRegistry, opts: DispatcherOptions = {}): ToolDispatcher {
  const clock = opts.clock ?? performance.now.bind(performance);
  const listings = new Map<string, readonly ToolListing[]>();

  function listFor(caller: Caller): readonly ToolListing[] {
    const granted = caller.grantedScopes;
    if (!granted) return registry.listing;
    const key = [...granted].sort().join(' ');
    let listing = listings.get(key);
    if (!listing) {
      const callable = new Set(registry.tools.filter((t) => canEverCall(t, granted)).map((t) => t.name));
      listing = Object.freeze(registry.listing.filter((l) => callable.has(l.name)));
      if (listings.size >= MAX_CACHED_LISTINGS) listings.clear();
      listings.set(key, listing);
    }
    return listing;
  }

  /** Steps 1–3: the tool and its parsed arguments (when they parse), and the refusal if any. */
  function decide(name: string, rawArgs: unknown, ctx: ToolContext): Decision {
    const tool = registry.get(name);
    if (!tool) {
      const why = registry.whyUnavailable(name);
      if (why) return { refusal: { kind: 'tool_unavailable', message: why, status: 404 } };
      return {
        refusal: {
          kind: 'unknown_tool',
          message: `Unknown tool: ${name}. Call tools/list for the available tools.`,
          status: 404,
        },
      };
    }
    let args: Record<string, unknown>;
    try {
      args = tool.parse(rawArgs);
    } catch (err) {
      return { tool, refusal: failureOf(err, tool, rawArgs, tool.scopes, ctx) };
    }
    const missing = missingScopes(ctx.caller.grantedScopes, tool.scopesFor(args));
    if (missing.length > 0)
      return {
        tool,
        args,
        refusal: {
          kind: 'insufficient_scope',
          message: insufficientScopeMessage(tool.name, missing, ctx.caller),
          status: 403,
          requiredScopes: missing,
          refusedByGatea: true,
        },
      };
    return { tool, args };
  }

  async function call(name: string, rawArgs: unknown, ctx: ToolContext): Promise<ToolOutcome> {
    const started = clock();
    // Method and repository come from validated arguments only; arguments that did not parse are not logged.
    const decision = decide(name, rawArgs, ctx);
    const { tool, args } = decision;
    let outcome: ToolOutcome;
    if (decision.refusal) outcome = { ok: false, failure: decision.refusal };
    else {
      const run = decision;
      try {
        outcome = { ok: true, value: await run.tool.run(run.args, ctx) };
      } catch (err) {
        outcome = { ok: false, failure: failureOf(err, run.tool, run.args, run.tool.scopesFor(run.args), ctx) };
      }
    }
    const durationMs = clock() - started;
    const outcomeLabel = outcome.ok ? 'ok' : outcome.failure.kind;
    // The audit event: who did what where, and how it ended; never arguments' content or results.
    ctx.log.info(
      {
        request_id: ctx.caller.requestId,
        surface: ctx.surface,
        mode: ctx.caller.kind,
        login: ctx.caller.login ?? null,
        client_id: ctx.caller.clientId ?? null,
        tool: tool?.name ?? name.slice(0, 100),
        method: methodOf(tool, args) ?? null,
        repository: repositoryOf(args) ?? null,
        outcome: outcomeLabel,
        duration_ms: Math.round(durationMs * 10) / 10,
      },
      'tool_call',
    );
    // An unknown name is the caller's text: counted under one label, so callers cannot grow the series.
    opts.metrics?.toolCall(ctx.surface, tool?.name ?? '(unknown)', outcomeLabel, durationMs / 1000);
    return outcome;
  }

  return { call, listFor };
}

function failureOf(
  err: unknown,
  tool: ToolDefinition,
  args: unknown,
  scopes: readonly string[],
  ctx: ToolContext,
): ToolFailure {
  return describeToolFailure(err, {
    toolName: tool.name,
    args,
    scopes,
    requestId: ctx.caller.requestId,
    log: ctx.log,
    readOnly: tool.annotations.readOnlyHint,
    cancelled: ctx.signal.aborted,
  });
}

/** MCP `CallToolResult` of an outcome: compact JSON text, or `isError` with the sentence. */
export function toCallToolResult(outcome: ToolOutcome): {
  content: { type: 'text'; text: string }[];
  isError?: boolean;
} {
  if (outcome.ok) return { content: [{ type: 'text', text: JSON.stringify(outcome.value ?? null) }] };
  return { content: [{ type: 'text', text: outcome.failure.message }], isError: true };
}
