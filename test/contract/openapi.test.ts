/**
 * /openapi.json: structurally valid OpenAPI 3.1 (checked with ajv against a
 * minimal meta-schema of the parts we emit), one operation per tool with its
 * Gitea scopes or Gatea's OAuth2 scope, and a committed snapshot.
 */
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { BEARER_SCHEME, buildOpenApiDocument, OAUTH2_SCHEME } from '../../src/http/index.js';
import { ALL_TOOLS, createToolRegistry } from '../../src/tools/index.js';
import { expectMatchesSnapshot } from './tools-snapshot.js';

const OPENAPI_31_SUBSET = {
  type: 'object',
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string' }, version: { type: 'string' } },
    },
    servers: { type: 'array', items: { type: 'object', required: ['url'] } },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { post: { $ref: '#/$defs/operation' } },
      },
    },
    components: {
      type: 'object',
      required: ['securitySchemes'],
      properties: {
        securitySchemes: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['type'],
            properties: { type: { enum: ['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'] } },
          },
        },
      },
    },
  },
  $defs: {
    operation: {
      type: 'object',
      required: ['operationId', 'responses', 'security', 'requestBody'],
      properties: {
        operationId: { type: 'string', pattern: '^[a-z_]+$' },
        security: {
          type: 'array',
          items: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        requestBody: {
          type: 'object',
          required: ['content'],
          properties: { content: { type: 'object', required: ['application/json'] } },
        },
        responses: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^([1-5]\\d\\d|default)$' },
          additionalProperties: { type: 'object', required: ['description'] },
        },
      },
    },
  },
} as const;

describe('OpenAPI document', () => {
  const registry = createToolRegistry(ALL_TOOLS);
  const doc = buildOpenApiDocument(registry, 'https://gatea.example.com', 'https://gatea.example.com');

  it('is structurally valid OpenAPI 3.1', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(OPENAPI_31_SUBSET);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  type Operation = { operationId: string; security: Record<string, string[]>[] };
  const paths = doc.paths as Record<string, { post: Operation }>;
  const schemes = (doc.components as { securitySchemes: Record<string, Record<string, unknown>> }).securitySchemes;
  /** The scopes one alternative of `op.security` asks of `scheme`. */
  const scopesOf = (op: Operation | undefined, scheme: string) => op?.security.find((r) => scheme in r)?.[scheme];

  it('has one operation per tool, with its scopes and a resolvable security scheme', () => {
    expect(Object.keys(paths)).toHaveLength(ALL_TOOLS.length);
    for (const tool of ALL_TOOLS) {
      const op = paths[`/api/tools/${tool.name}`]?.post;
      expect(op?.operationId).toBe(tool.name);
      // Alternatives of one scheme each, every one declared in components.
      expect(op?.security.map((r) => Object.keys(r))).toEqual([[BEARER_SCHEME], [OAUTH2_SCHEME]]);
      expect(scopesOf(op, BEARER_SCHEME)).toEqual(tool.scopes);
    }
    expect(Object.keys(schemes).sort()).toEqual([BEARER_SCHEME, OAUTH2_SCHEME].sort());
  });

  it('offers the OAuth2 authorization-code flow: read:repository for reads, write:repository for writes', () => {
    const { flows } = schemes[OAUTH2_SCHEME] as { flows: { authorizationCode: Record<string, unknown> } };
    const flow = flows.authorizationCode;
    expect(schemes[OAUTH2_SCHEME]?.type).toBe('oauth2');
    expect(flow).toMatchObject({
      authorizationUrl: 'https://gatea.example.com/authorize',
      tokenUrl: 'https://gatea.example.com/token',
      refreshUrl: 'https://gatea.example.com/token',
    });
    expect(Object.keys(flow.scopes as object).sort()).toEqual(['read:repository', 'write:repository']);
    expect(scopesOf(paths['/api/tools/create_branch']?.post, OAUTH2_SCHEME)).toEqual(['write:repository']);
    expect(scopesOf(paths['/api/tools/get_repository']?.post, OAUTH2_SCHEME)).toEqual(['read:repository']);
    for (const tool of ALL_TOOLS)
      expect(scopesOf(paths[`/api/tools/${tool.name}`]?.post, OAUTH2_SCHEME), tool.name).toEqual([
        tool.annotations.readOnlyHint ? 'read:repository' : 'write:repository',
      ]);
  });

  it('leaves the OAuth2 scheme out without the broker (its endpoints would not exist)', () => {
    const bare = buildOpenApiDocument(registry, 'https://gatea.example.com');
    expect(Object.keys((bare.components as { securitySchemes: object }).securitySchemes)).toEqual([BEARER_SCHEME]);
    const op = (bare.paths as Record<string, { post: Operation }>)['/api/tools/create_branch']?.post;
    expect(op?.security).toEqual([{ [BEARER_SCHEME]: ['write:repository'] }]);
  });

  it('matches the committed snapshot', () => {
    expectMatchesSnapshot(fileURLToPath(new URL('./openapi.snap.json', import.meta.url)), doc);
  });
});
