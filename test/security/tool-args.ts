/**
 * Arguments generated from a tool's own input schema (its `tools/list`
 * JSON Schema), so a new tool or method joins the security matrices by being
 * declared. Required parameters get a value a real caller would plausibly
 * send (by name first, then by type); a test overlays what it needs on top.
 */
import {
  ALL_TOOLS,
  buildToolRegistry,
  type JsonSchemaObject,
  type ToolDefinition,
  type ToolRegistry,
} from '../../src/tools/index.js';

type Schema = Record<string, unknown>;

/** Values a real caller would plausibly send, by parameter name. */
const NAMED: Record<string, unknown> = {
  owner: 'alice',
  repo: 'hello-world',
  org: 'acme',
  organization: 'acme',
  branch: 'main',
  name: 'NAME_1',
  color: '#00aabb',
  sha: 'a'.repeat(40),
  content: 'aGVsbG8=',
  dueDate: '2030-01-01T00:00:00Z',
  deadline: '2030-01-01T00:00:00Z',
  time: 60,
  email: 'x@example.com',
};

function sample(name: string, schema: Schema): unknown {
  if (name in NAMED) return NAMED[name];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Math.max(1, Number(schema.minimum ?? 1));
    case 'boolean':
      return false;
    case 'array': {
      const min = Number(schema.minItems ?? 0);
      return Array.from({ length: Math.max(1, min) }, () => sample(`${name}[]`, (schema.items ?? {}) as Schema));
    }
    case 'object':
      return fill((schema.required as string[] | undefined) ?? [], schema);
    default:
      return 'x';
  }
}

function fill(required: readonly string[], schema: Schema): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  for (const key of required) out[key] = sample(key, props[key] ?? {});
  return out;
}

/** Every tool, writes included, as a gateway with all toolsets and writes on exposes them. */
export function fullRegistry(): ToolRegistry {
  return buildToolRegistry(ALL_TOOLS, { toolsets: ['all'], readOnly: false });
}

/** One call of a tool: the tool, the method (consolidated tools) and schema-valid arguments. */
export interface GeneratedCall {
  /** `tool` or `tool.method`. */
  readonly label: string;
  readonly tool: ToolDefinition;
  readonly method: string | undefined;
  readonly args: Record<string, unknown>;
}

/** One call per tool without methods and per method of every consolidated tool, in registry order. */
export function generatedCalls(registry: ToolRegistry = fullRegistry()): GeneratedCall[] {
  const calls: GeneratedCall[] = [];
  for (const tool of registry.tools) {
    const schema = registry.listingOf(tool.name)?.inputSchema as JsonSchemaObject;
    const required = (schema.required as string[] | undefined) ?? [];
    if (!tool.methods) {
      calls.push({ label: tool.name, tool, method: undefined, args: fill(required, schema) });
      continue;
    }
    for (const [method, m] of Object.entries(tool.methods)) {
      const args = { ...fill([...required, ...m.required], schema), method };
      calls.push({ label: `${tool.name}.${method}`, tool, method, args });
    }
  }
  return calls;
}
