/** Gatea's own OAuth 2.1 authorization server (broker mode): token storage, client registration rules, CIMD. */

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
export {
  createTokenCipher,
  type TokenCipher,
  TokenCipherError,
  type TokenCipherErrorCode,
  type TokenCipherKeys,
} from './token-cipher.js';
