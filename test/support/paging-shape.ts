/**
 * Issue #14: every list answers in one shape, `{ <items>: [...], page,
 * perPage, total, nextPage }` (src/tools/shape.ts `pageResult`). A call is a
 * list when the tool or method is named list…/search…, or its description
 * says it is paged; `okTool` checks every such result, so a list method that
 * omits the shape, or ignores `page`, fails whichever test calls it.
 */
import { expect } from 'vitest';
import { ALL_TOOLS, TOOL_ALIASES, type ToolDefinition } from '../../src/tools/index.js';

const byName = new Map<string, ToolDefinition>(ALL_TOOLS.map((t) => [t.name, t]));

/** The tool behind `name` (aliases resolved), or undefined. */
function toolOf(name: string): ToolDefinition | undefined {
  return byName.get(TOOL_ALIASES[name] ?? name);
}

/** Whether a call of `tool` (with `method`, for consolidated tools) returns a list. */
export function isListCall(tool: ToolDefinition, method: string | undefined): boolean {
  const m = method === undefined ? undefined : tool.methods?.[method];
  const name = m ? method : tool.name;
  const description = m ? m.description : tool.description;
  return /^(list|search)(_|$)/.test(name ?? '') || /\bpaged\b(?! by)/.test(description);
}

/** Every list method of every tool, as `tool` or `tool.method`. */
export function listCalls(): { label: string; tool: ToolDefinition; method: string | undefined }[] {
  return ALL_TOOLS.flatMap((tool) =>
    (tool.methods ? Object.keys(tool.methods) : [undefined])
      .filter((method) => isListCall(tool, method))
      .map((method) => ({ label: method ? `${tool.name}.${method}` : tool.name, tool, method })),
  );
}

const FIELDS = ['page', 'perPage', 'total', 'nextPage'] as const;

/** Fails unless a list call's `result` has the paging shape and is the page that was asked for. */
export function expectPagingShape(name: string, args: Record<string, unknown>, result: Record<string, unknown>): void {
  const tool = toolOf(name);
  const method = typeof args.method === 'string' ? args.method : undefined;
  const partial = FIELDS.some((f) => f in result);
  if (!tool || !(isListCall(tool, method) || partial)) return;
  const label = method ? `${tool.name}.${method}` : tool.name;
  for (const f of FIELDS) expect(result, `${label} result lacks ${f}`).toHaveProperty(f);
  expect(result.page, `${label}: page`).toBe(Number(args.page ?? 1));
  expect(typeof result.perPage, `${label}: perPage`).toBe('number');
  expect(result.total === null || typeof result.total === 'number', `${label}: total is a number or null`).toBe(true);
  expect(
    result.nextPage === null || result.nextPage === Number(args.page ?? 1) + 1,
    `${label}: nextPage is the next page or null`,
  ).toBe(true);
  const lists = Object.values(result).filter(Array.isArray);
  expect(lists.length, `${label} has no item array`).toBeGreaterThan(0);
}
