/**
 * Runs one tool call end to end — validate, run, translate failures — for
 * every surface (MCP `tools/call`, REST `POST /api/tools/{name}`), and logs
 * one line per call.
 */
import type { ToolContext, ToolDefinition } from '../tools/index.js';
import { describeToolFailure, type ToolFailure } from './errors.js';

/** The result of one call. */
export type ToolOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: ToolFailure };

/** Validates `rawArgs`, runs `tool` and turns any failure into a ToolFailure (never throws). */
export async function runTool(
  tool: ToolDefinition,
  rawArgs: unknown,
  ctx: ToolContext,
  clock: () => number = performance.now.bind(performance),
): Promise<ToolOutcome> {
  const started = clock();
  let outcome: ToolOutcome;
  try {
    outcome = { ok: true, value: await tool.invoke(rawArgs, ctx) };
  } catch (err) {
    const failure = describeToolFailure(err, {
      toolName: tool.name,
      args: rawArgs,
      scopes: scopesOf(tool, rawArgs),
      requestId: ctx.caller.requestId,
      log: ctx.log,
    });
    outcome = { ok: false, failure };
  }
  ctx.log.info(
    {
      tool: tool.name,
      request_id: ctx.caller.requestId,
      duration_ms: Math.round((clock() - started) * 10) / 10,
      outcome: outcome.ok ? 'ok' : outcome.failure.kind,
    },
    'tool_call',
  );
  return outcome;
}

function scopesOf(tool: ToolDefinition, rawArgs: unknown): readonly string[] {
  try {
    return tool.scopesFor(tool.parse(rawArgs));
  } catch {
    return tool.scopes;
  }
}

/** MCP `CallToolResult` of an outcome: compact JSON text, or `isError` with the sentence. */
export function toCallToolResult(outcome: ToolOutcome): {
  content: { type: 'text'; text: string }[];
  isError?: boolean;
} {
  if (outcome.ok) return { content: [{ type: 'text', text: JSON.stringify(outcome.value ?? null) }] };
  return { content: [{ type: 'text', text: outcome.failure.message }], isError: true };
}
