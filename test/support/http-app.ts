/**
 * An HTTP app for tests without Gitea: three synthetic tools (an echo, one
 * that throws a programming error, a write tool read-only mode hides) behind
 * the real auth pipeline with one service key.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createAuthPipeline, generateServiceKey, ProbeCache, ValidationLimit } from '../../src/auth/index.js';
import { createGiteaClient } from '../../src/gitea/index.js';
import { buildToolRegistry, defineTool, ToolInputError, type ToolLogger } from '../../src/tools/index.js';

export const silent: ToolLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Echoes `text` with the caller kind; `fail` throws a ToolInputError. */
export const echo = defineTool({
  name: 'get_echo',
  toolset: 'context',
  description: 'Echo the text back with the caller kind.',
  scopes: ['read:user'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    text: z.string().min(1).describe('Text to echo.'),
    fail: z.boolean().default(false).describe('Throw a ToolInputError instead.'),
  }),
  async run(args, ctx) {
    if (args.fail) throw new ToolInputError('get_echo: fail was requested.', 'fail');
    return { text: args.text, kind: ctx.caller.kind };
  },
});
const boom = defineTool({
  name: 'get_boom',
  toolset: 'context',
  description: 'Always fails with a programming error.',
  scopes: ['read:user'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({}),
  async run() {
    throw new RangeError('secret internal detail');
  },
});
/** A write tool (scope write:user). */
export const write = defineTool({
  name: 'create_thing',
  toolset: 'context',
  description: 'A write tool that read-only mode hides.',
  scopes: ['write:user'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({}),
  async run() {
    return { created: true };
  },
});

/** What the app logged at error level. */
export const errors: unknown[] = [];
const log: ToolLogger = { ...silent, error: (obj) => errors.push(obj) };
const registry = buildToolRegistry([echo, boom, write], { toolsets: ['context'], readOnly: true });
// The real pipeline with one service key: these tools never call Gitea, so its address may be unreachable.
export const serviceKey = generateServiceKey(randomBytes);
const authenticate = createAuthPipeline({
  directTokens: false,
  findServiceKey: async (id) =>
    id === serviceKey.id ? { id, name: 'unit', keyHash: serviceKey.keyHash, scopes: 'write', revoked: false } : null,
  serviceKeyGiteaToken: () => 'gitea-token-of-the-key',
  oidc: null,
  oauthClient: null,
  scopeRules: 'gitea-1.23+',
  probeScope: 'read:repository',
  probeCache: new ProbeCache({ maxTtlMs: 60_000, maxEntries: 10, now: Date.now }),
  validationLimit: new ValidationLimit({
    perClient: 100,
    windowMs: 60_000,
    rejectionTtlMs: 1000,
    maxEntries: 10,
    now: Date.now,
  }),
  giteaFor: (token) => createGiteaClient({ baseUrl: 'http://127.0.0.1:9', token, timeoutMs: 1000, retries: 0 }),
  log: silent,
});
export const appDeps = {
  registry,
  authenticate,
  log,
  publicUrl: 'https://gatea.example.com',
  allowedOrigins: ['https://inspector.example.com'],
  maxBodyBytes: 2048,
  requestId: () => 'req-1',
  protectedResource: {
    metadataUrl: 'https://gatea.example.com/.well-known/oauth-protected-resource/mcp',
    metadata: { resource: 'https://gatea.example.com/mcp' },
    scopes: ['read:user'],
  },
};
