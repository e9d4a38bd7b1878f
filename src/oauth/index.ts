/** Gatea's own OAuth 2.1 authorization server (broker mode): token storage, client registration rules, CIMD. */

export { MAX_REDIRECT_URI_LENGTH, redirectUriMatches, redirectUriProblem } from './redirect-uris.js';
export {
  createTokenCipher,
  type TokenCipher,
  TokenCipherError,
  type TokenCipherErrorCode,
  type TokenCipherKeys,
} from './token-cipher.js';
