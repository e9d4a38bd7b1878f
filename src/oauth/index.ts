/** Gatea's own OAuth 2.1 authorization server (broker mode): token storage, client registration rules, CIMD. */

export {
  createTokenCipher,
  type TokenCipher,
  TokenCipherError,
  type TokenCipherErrorCode,
  type TokenCipherKeys,
} from './token-cipher.js';
