/**
 * Property: whatever strings a caller puts in a tool's parameters, every
 * request that leaves Gatea is inside the route template the tool named —
 * after the URL parser has had its say (it is what resolves `..` and
 * `%2e%2e`), and never with a 500. Every tool and write method is tried
 * through the dispatcher, with a Gitea client whose fetch records the URLs.
 *
 * `npm test` runs a few thousand cases; GATEA_FUZZ_RUNS=<n per tool method>
 * runs more (e.g. 2000 for a long run).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGiteaClient, type FetchInitLike, matchesRoute } from '../../src/gitea/index.js';
import { createToolDispatcher } from '../../src/mcp/index.js';
import {
  ALL_TOOLS,
  buildToolRegistry,
  type JsonSchemaObject,
  type ToolContext,
  type ToolLogger,
} from '../../src/tools/index.js';

const RUNS = Number(process.env.GATEA_FUZZ_RUNS ?? 40);
const BASE = 'http://gitea.test/sub';
const API = '/sub/api/v1';

/** Pieces an attacker would try, mixed with arbitrary UTF-16 (lone surrogates included). */
const fragment = fc.oneof(
  fc.constantFrom('..', '.', '/', '//', '%2e', '%2E%2e', '%2f', '%5C', '\\', '?', '#', '%00', '\u0000', '\n', ';', '@'),
  fc.constantFrom('alice', 'hello-world', 'main', 'repos', 'admin', 'user', 'api', 'v1', '~', ' '),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const hostile = fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

const silent: ToolLogger = { debug() {}, info() {}, warn() {}, error() {} };

interface Sent {
  template: string;
  builtPath: string;
  href: string;
}

/** A dispatcher whose Gitea never answers beyond 404, recording what it was sent. */
function recordingContext(sent: Sent[]): ToolContext {
  let lastTemplate = '';
  let lastPath = '';
  const inner = createGiteaClient({
    baseUrl: BASE,
    token: 'fuzz-token',
    timeoutMs: 1000,
    retries: 0,
    fetch: async (href: string, _init: FetchInitLike) => {
      sent.push({ template: lastTemplate, builtPath: lastPath, href });
      return new Response(JSON.stringify({ message: 'not found' }), { status: 404 });
    },
  });
  const gitea: ToolContext['gitea'] = {
    request: (method, path, opts) => {
      lastTemplate = path.template;
      lastPath = path.path;
      return inner.request(method, path, opts);
    },
    requestPage: (method, path, opts) => {
      lastTemplate = path.template;
      lastPath = path.path;
      return inner.requestPage(method, path, opts);
    },
    download: () => Promise.reject(new Error('not reached with 404s')),
  };
  return {
    gitea,
    caller: { kind: 'stdio', requestId: 'fuzz' },
    log: silent,
    signal: new AbortController().signal,
    surface: 'stdio',
  };
}

const registry = buildToolRegistry(ALL_TOOLS, { toolsets: ['all'], readOnly: false });
const dispatcher = createToolDispatcher(registry);

/** Each tool, or each method of a method tool, with its string parameters. */
const targets = registry.tools.flatMap((tool) => {
  const schema = registry.listingOf(tool.name)?.inputSchema as JsonSchemaObject;
  const props = (schema.properties ?? {}) as Record<string, { type?: string; enum?: unknown[] }>;
  const strings = Object.keys(props).filter((k) => props[k]?.type === 'string' && !props[k]?.enum);
  const integers = Object.keys(props).filter((k) => props[k]?.type === 'integer');
  const methods = tool.methods ? Object.keys(tool.methods) : [undefined];
  return methods.map((method) => ({ tool, method, strings, integers }));
});

describe('no argument leaves its tool’s route', () => {
  it('finds tools with path-bound string parameters', () => {
    expect(targets.length).toBeGreaterThan(100);
    expect(targets.filter((t) => t.strings.includes('owner')).length).toBeGreaterThan(50);
  });

  it.each(targets.map((t) => [`${t.tool.name}${t.method ? `.${t.method}` : ''}`, t] as const))(
    '%s',
    async (_label, { tool, method, strings, integers }) => {
      const args = fc.record(Object.fromEntries(strings.map((k) => [k, hostile])), { requiredKeys: [] });
      await fc.assert(
        fc.asyncProperty(args, fc.integer({ min: 1, max: 5 }), async (fuzzed, n) => {
          const sent: Sent[] = [];
          const all = {
            ...Object.fromEntries(integers.map((k) => [k, n])),
            ...fuzzed,
            ...(method ? { method } : {}),
          };
          const outcome = await dispatcher.call(tool.name, all, recordingContext(sent));
          if (!outcome.ok) expect(outcome.failure.kind).not.toBe('internal');
          for (const s of sent) {
            const received = new URL(s.href).pathname;
            // What the server receives is exactly what the builder made, and it fits the template.
            expect(received).toBe(API + s.builtPath);
            expect(matchesRoute(s.template, received.slice(API.length))).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    },
  );
});
