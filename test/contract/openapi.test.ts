/**
 * /openapi.json: structurally valid OpenAPI 3.1 (checked with ajv against a
 * minimal meta-schema of the parts we emit), one operation per tool with its
 * Gitea scopes, and a committed snapshot.
 */
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/http/index.js';
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
  const doc = buildOpenApiDocument(registry, 'https://gatea.example.com');

  it('is structurally valid OpenAPI 3.1', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(OPENAPI_31_SUBSET);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has one operation per tool, with its scopes and a resolvable security scheme', () => {
    const paths = doc.paths as Record<string, { post: { operationId: string; security: Record<string, string[]>[] } }>;
    const schemes = Object.keys((doc.components as { securitySchemes: object }).securitySchemes);
    expect(Object.keys(paths)).toHaveLength(ALL_TOOLS.length);
    for (const tool of ALL_TOOLS) {
      const op = paths[`/api/tools/${tool.name}`]?.post;
      expect(op?.operationId).toBe(tool.name);
      const [requirement] = op?.security ?? [];
      expect(Object.keys(requirement ?? {})).toEqual(schemes);
      expect(Object.values(requirement ?? {})[0]).toEqual(tool.scopes);
    }
  });

  it('matches the committed snapshot', () => {
    expectMatchesSnapshot(fileURLToPath(new URL('./openapi.snap.json', import.meta.url)), doc);
  });
});
