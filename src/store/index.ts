/** Persistence: the Store interface and its SQLite and PostgreSQL backends (DESIGN §6). */
export { StoreError, type StoreErrorCode } from './errors.js';
export { type DatabaseLocation, type OpenStoreOptions, openStore, parseDatabaseUrl } from './open-store.js';
export type {
  AccessToken,
  AccessTokenLookup,
  AuthorizationCode,
  ClientRegistration,
  Connection,
  GiteaTokenUpdate,
  Grant,
  GrantInput,
  NewAccessToken,
  NewAuthorizationCode,
  NewRefreshToken,
  NewServiceKey,
  PendingAuthorization,
  PurgeCounts,
  RedeemCodeResult,
  RefreshToken,
  RevokeTokenResult,
  RotatedToken,
  RotateRefreshResult,
  ServiceKey,
  Store,
  TakePendingResult,
  TokenRecord,
} from './types.js';
