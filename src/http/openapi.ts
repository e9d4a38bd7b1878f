/**
 * OpenAPI 3.1 description of the REST tool API (`POST /api/tools/{name}`),
 * generated from the same registry as `tools/list`: one operation per tool,
 * the tool's JSON Schema as the request body, and in `security` two
 * alternatives: a bearer token whose grant holds the tool's exact Gitea
 * scopes, or (with a public URL) Gatea's OAuth2 authorization-code flow with
 * `read:repository` or `write:repository` (PKCE S256 required, so an OAuth client that
 * sends no PKCE, as GPT Actions are reported to, cannot sign in: docs/clients/gpt-actions.md).
 */
import { GATEA_VERSION } from '../mcp/index.js';
import {
  TOOLSETS,
  type ToolDefinition,
  type ToolListing,
  type ToolRegistry,
  toInputJsonSchema,
} from '../tools/index.js';

/** Name of the bearer security scheme in `components.securitySchemes`. */
export const BEARER_SCHEME = 'bearerAuth';
/** Name of the OAuth2 security scheme (only present when the document knows the public URL). */
export const OAUTH2_SCHEME = 'oauth2';

/** The facade's scopes a read tool and a write tool need (Gatea's consent maps them to Gitea scopes). */
const OAUTH2_READ_SCOPE = 'read:repository';
const OAUTH2_WRITE_SCOPE = 'write:repository';

/** The OAuth2 Security Scheme Object (OpenAPI 3.1): the authorization-code flow of Gatea's own authorization server. */
function oauth2Scheme(issuer: string): Record<string, unknown> {
  const base = issuer.replace(/\/+$/, '');
  return {
    type: 'oauth2',
    description: 'Sign in through Gatea with your Gitea account; Gatea then calls Gitea as you.',
    flows: {
      authorizationCode: {
        authorizationUrl: `${base}/authorize`,
        tokenUrl: `${base}/token`,
        refreshUrl: `${base}/token`,
        scopes: {
          [OAUTH2_READ_SCOPE]: 'Read repositories, issues, pull requests and releases as the signed-in user.',
          [OAUTH2_WRITE_SCOPE]: 'Also change them.',
        },
      },
    },
  };
}

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

/**
 * Builds the OpenAPI document; `serverUrl` is the gateway's public base URL,
 * when known; `authorizationServer` is set in broker mode, where Gatea's own
 * /authorize and /token exist (the oauth2 scheme points at them).
 */
export function buildOpenApiDocument(
  registry: ToolRegistry,
  serverUrl?: string,
  authorizationServer?: string,
): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const tool of registry.tools) {
    const listing = registry.listingOf(tool.name);
    if (!listing) continue;
    const security: Record<string, string[]>[] = [{ [BEARER_SCHEME]: [...tool.scopes] }];
    if (authorizationServer)
      security.push({ [OAUTH2_SCHEME]: [tool.annotations.readOnlyHint ? OAUTH2_READ_SCOPE : OAUTH2_WRITE_SCOPE] });
    paths[`/api/tools/${tool.name}`] = { post: operationFor(listing, tool, security) };
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
        ...(authorizationServer ? { [OAUTH2_SCHEME]: oauth2Scheme(authorizationServer) } : {}),
      },
    },
  };
}

/** One operation; `security` lists alternatives (OpenAPI 3.1 Security Requirement: any one of them suffices). */
function operationFor(
  listing: ToolListing,
  tool: ToolDefinition,
  security: readonly Record<string, string[]>[],
): Record<string, unknown> {
  // The definition's annotations: the listing leaves out hints a read-only tool does not need.
  const a = tool.annotations;
  return {
    operationId: listing.name,
    summary: listing.title ?? listing.name,
    description: listing.description,
    tags: [tool.toolset],
    security,
    'x-gatea-annotations': {
      readOnlyHint: a.readOnlyHint,
      destructiveHint: a.destructiveHint,
      idempotentHint: a.idempotentHint,
      openWorldHint: a.openWorldHint,
    },
    requestBody: {
      required: true,
      // The full schema (additionalProperties, bounds): OpenAPI is fetched on demand, not paid per session.
      content: { 'application/json': { schema: toInputJsonSchema(tool) } },
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
