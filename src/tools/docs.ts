/** Renders docs/tools.md from the registry (STYLE §2.9: tool tables are generated, never typed by hand). */
import type { ToolDefinition } from './define.js';
import { buildListing, selectTools, toInputJsonSchema } from './registry.js';
import { TOOLSETS } from './toolsets.js';

/** The Markdown of docs/tools.md for `tools`. */
export function renderToolsMarkdown(tools: readonly ToolDefinition[]): string {
  const lines: string[] = [
    '# Tools',
    '',
    '<!-- Generated from src/tools by `UPDATE_SNAPSHOTS=1 npx vitest run test/contract/tools-docs.test.ts`; do not edit by hand. -->',
    '',
    'Pick toolsets with `GATEA_TOOLSETS` (comma list; `all` for every toolset, `default` for the default set).',
    'Writes are off unless `GATEA_READ_ONLY=false`; then a tool still needs the Gitea scopes listed here.',
    '',
    '| toolset | default | tools |',
    '|---|---|---|',
  ];
  for (const ts of TOOLSETS) {
    const names = tools.filter((t) => t.toolset === ts.id).map((t) => `\`${t.name}\``);
    lines.push(`| \`${ts.id}\` — ${ts.description} | ${ts.defaultOn ? 'on' : 'off'} | ${names.join(', ') || '—'} |`);
  }
  lines.push('', ...renderBudget(tools));
  for (const ts of TOOLSETS) {
    const inSet = tools.filter((t) => t.toolset === ts.id);
    if (inSet.length === 0) continue;
    lines.push('', `## ${ts.id}`, '');
    for (const t of inSet) lines.push(...renderTool(t));
  }
  return `${lines.join('\n')}\n`;
}

function renderTool(t: ToolDefinition): string[] {
  const a = t.annotations;
  const kind = a.readOnlyHint ? 'read-only' : a.destructiveHint ? 'write, **destructive**' : 'write';
  const out = [
    `### \`${t.name}\``,
    '',
    t.description,
    '',
    `- Access: ${kind}${a.idempotentHint ? ', idempotent' : ''}`,
    `- Gitea scopes: ${t.scopes.map((s) => `\`${s}\``).join(', ')}`,
  ];
  const schema = toInputJsonSchema(t);
  const props = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const names = Object.keys(props);
  if (names.length > 0) {
    out.push('', '| parameter | type | required | description |', '|---|---|---|---|');
    for (const name of names) {
      const p = props[name];
      const prop = isRecord(p) ? p : {};
      out.push(
        `| \`${name}\` | ${typeOf(prop)} | ${required.has(name) ? 'yes' : ''} | ${cell(String(prop.description ?? ''))}${prop.default !== undefined ? ` Default: \`${JSON.stringify(prop.default)}\`.` : ''} |`,
      );
    }
  }
  if (t.methods) {
    out.push('', '| method | required | scopes | description |', '|---|---|---|---|');
    for (const [name, m] of Object.entries(t.methods))
      out.push(`| \`${name}\` | ${m.required.join(', ')} | ${m.scopes.join(', ')} | ${cell(m.description)} |`);
  }
  out.push('');
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(p: Record<string, unknown>): string {
  if (Array.isArray(p.enum)) return p.enum.map((e) => `\`${String(e)}\``).join(' \\| ');
  if (p.type === 'array') return 'array';
  return String(p.type ?? '');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * What `tools/list` costs every session in context (issue #14), in bytes of
 * `JSON.stringify` of the result; test/contract/tools-budget.test.ts keeps it
 * under these figures.
 */
export const LISTING_BUDGET_BYTES = Object.freeze({ all: 60_000, default: 20_000 });

/** Bytes of the `tools/list` result for `tools` under a selection. */
export function listingBytes(
  tools: readonly ToolDefinition[],
  sel: { toolsets?: readonly string[]; readOnly: boolean },
): number {
  const listing = selectTools(tools, sel).map(buildListing);
  return new TextEncoder().encode(JSON.stringify({ tools: listing })).length;
}

function renderBudget(tools: readonly ToolDefinition[]): string[] {
  const all = listingBytes(tools, { toolsets: ['all'], readOnly: false });
  const def = listingBytes(tools, { readOnly: true });
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  return [
    '## Context budget',
    '',
    'Every MCP session pays for `tools/list` in context. Its size (bytes of the JSON result):',
    '',
    '| configuration | before issue #14 | now | budget |',
    '|---|---|---|---|',
    `| \`GATEA_TOOLSETS=all\`, \`GATEA_READ_ONLY=false\` | 75.2 KB | ${kb(all)} | ${kb(LISTING_BUDGET_BYTES.all)} |`,
    `| default toolsets, read-only | 23.6 KB | ${kb(def)} | ${kb(LISTING_BUDGET_BYTES.default)} |`,
    '',
    'The listing sends the title once (top-level `title`), leaves out schema keywords that only the server acts on',
    '(`additionalProperties: false`, `minLength: 1`, `minimum: 1`, a date-time `pattern` beside its `format`) and, for',
    'read-only tools, the two hints MCP ignores for them (`destructiveHint`, `idempotentHint`); write tools leave out the',
    "hints that equal MCP's defaults (`readOnlyHint: false`, `destructiveHint: true`, `idempotentHint: false`). `/openapi.json` and the",
    'tables below keep the full schemas; calls are validated against them either way.',
  ];
}
