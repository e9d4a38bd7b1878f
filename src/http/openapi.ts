/**
 * OpenAPI 3.1 description of the REST tool API (`POST /api/tools/{name}`),
 * generated from the same registry as `tools/list`: one operation per tool,
 * the tool's JSON Schema as the request body, its Gitea scopes in `security`.
 */
import { GATEA_VERSION } from '../mcp/index.js';
import { TOOLSETS, type ToolListing, type ToolRegistry } from '../tools/index.js';

/** Name of the security scheme in `components.securitySchemes`. */
export const BEARER_SCHEME = 'bearerAuth';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'Stable failure code, e.g. not_found, insufficient_scope, invalid_input.' },
    message: { type: 'string', description: 'What happened and what to do, in one or two sentences.' },
    requiredScopes: { type: 'array', items: { type: 'string' }, description: 'Scopes the call needed.' },
  },
} as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Builds the OpenAPI document; `serverUrl` is the gateway's public base URL, when known. */
export function buildOpenApiDocument(registry: ToolRegistry, serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const tool of registry.tools) {
    const listing = registry.listingOf(tool.name);
    if (!listing) continue;
    paths[`/api/tools/${tool.name}`] = { post: operationFor(listing, tool.toolset, tool.scopes) };
  }
  const usedToolsets = new Set(registry.tools.map((t) => t.toolset));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatea tool API',
      version: GATEA_VERSION,
      description:
        'Call Gatea tools over plain HTTP: POST the tool arguments as JSON, get the tool result as JSON. Each call runs against Gitea as the authenticated user.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: TOOLSETS.filter((t) => usedToolsets.has(t.id)).map((t) => ({ name: t.id, description: t.description })),
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token accepted by this Gatea. The scopes listed per operation are the Gitea scopes the underlying grant must hold.',
        },
      },
    },
  };
}

function operationFor(listing: ToolListing, toolset: string, scopes: readonly string[]): Record<string, unknown> {
  const a = listing.annotations;
  return {
    operationId: listing.name,
    summary: listing.title ?? listing.name,
    description: listing.description,
    tags: [toolset],
    security: [{ [BEARER_SCHEME]: [...scopes] }],
    'x-gatea-annotations': {
      readOnlyHint: a.readOnlyHint,
      destructiveHint: a.destructiveHint,
      idempotentHint: a.idempotentHint,
      openWorldHint: a.openWorldHint,
    },
    requestBody: {
      required: true,
      content: { 'application/json': { schema: listing.inputSchema } },
    },
    responses: {
      '200': {
        description: 'The tool result.',
        content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
      },
      '400': errorResponse('Invalid arguments; the message names the parameter.'),
      '401': errorResponse('Missing or rejected credentials.'),
      '403': errorResponse('The grant lacks a scope (error insufficient_scope) or Gitea forbids the action.'),
      '404': errorResponse('Unknown tool, or the repository/object does not exist or is not visible to you.'),
      '409': errorResponse('Conflict in Gitea (e.g. the branch already exists, the file changed).'),
      '422': errorResponse('Gitea rejected the request.'),
      '502': errorResponse('Gitea is unreachable or failed.'),
      '504': errorResponse('Gitea did not answer in time.'),
    },
  };
}
