/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for the MCP endpoint, and
 * the well-known URLs it is served at (§3: suffix inserted after the host).
 */

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: ['header'];
  scopes_supported: string[];
  resource_name: string;
  resource_documentation: string;
}

export interface ProtectedResourceInput {
  /** The MCP endpoint URL, e.g. `https://gatea.example.com/mcp` (no trailing slash). */
  resource: string;
  /** Issuer identifiers exactly as their metadata spells them (Gitea's may end in `/`). */
  authorizationServers: string[];
  /** Only the scopes a client should request (MCP 2025-11-25: minimal set, never the catalogue). */
  scopes: string[];
  documentationUrl: string;
}

/** Builds the RFC 9728 document. */
export function buildProtectedResourceMetadata(input: ProtectedResourceInput): ProtectedResourceMetadata {
  return {
    resource: input.resource,
    authorization_servers: input.authorizationServers,
    bearer_methods_supported: ['header'],
    scopes_supported: input.scopes,
    resource_name: 'Gatea (Gitea MCP gateway)',
    resource_documentation: input.documentationUrl,
  };
}

/** `https://h/mcp` → `https://h/.well-known/oauth-protected-resource/mcp` (RFC 9728 §3.1). */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}
