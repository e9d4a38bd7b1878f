/**
 * Authorization server metadata (RFC 8414; also served as OpenID discovery
 * for clients that only try that). `issuer` is Gatea's public URL, equal to
 * the protected resource metadata's `authorization_servers[0]`.
 */
import { CLIENT_SCOPES } from './grants.js';

export function buildAuthorizationServerMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    registration_endpoint: `${issuer}/register`,
    revocation_endpoint: `${issuer}/revoke`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    // offline_access is listed so clients that add it only when advertised get refresh tokens either way.
    scopes_supported: [...CLIENT_SCOPES, 'offline_access'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
    subject_types_supported: ['public'],
    service_documentation: `${issuer}/openapi.json`,
  };
}
