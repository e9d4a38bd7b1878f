/**
 * Gatea's own OAuth 2.1 authorization server (broker mode): its routes, the
 * resolver of its access tokens, the Gatea→Gitea client, token storage,
 * client registration rules and Client ID Metadata Documents.
 */
export { createBrokerTokenResolver } from './access.js';
export type { BrokerDeps } from './broker-deps.js';
export {
  type ClientMetadataFetcherOptions,
  cacheSeconds,
  createClientMetadataFetcher,
  type FetchClientMetadata,
  type HostLookup,
} from './client-metadata-document.js';
export {
  type ClientMetadataDocument,
  ClientMetadataError,
  type ClientMetadataErrorCode,
  clientIdUrl,
  parseClientMetadataDocument,
} from './client-metadata-validation.js';
export { type AddressPolicy, isPublicAddress } from './public-address.js';
export { MAX_REDIRECT_URI_LENGTH, redirectUriMatches, redirectUriProblem } from './redirect-uris.js';
export { createBrokerRoutes, OPEN_CORS_PATHS } from './routes.js';
export {
  createTokenCipher,
  type TokenCipher,
  TokenCipherError,
  type TokenCipherErrorCode,
  type TokenCipherKeys,
} from './token-cipher.js';
export { createGiteaOAuthClient, type GiteaOAuthClient } from './upstream.js';
