/**
 * The persistence contract (DESIGN §6). Everything a replica must share with
 * the others lives behind this interface; both backends (SQLite, PostgreSQL)
 * implement it with identical behaviour.
 *
 * Conventions:
 * - Every `…At` field and every `now` argument is milliseconds since the Unix
 *   epoch. The store never reads a clock: callers pass `now` in, so expiry is
 *   testable and replicas agree on one notion of time per request.
 * - Secrets never arrive here in the clear. Gatea's own tokens, codes and
 *   service keys are stored as SHA-256 hashes computed by the caller; Gitea's
 *   tokens arrive as AES-256-GCM ciphertext produced by the caller.
 * - "Take-once" operations are single atomic statements, so two replicas
 *   racing on the same code or state get exactly one winner.
 */

/** RFC 7591 client registration, as Gatea keeps it (from DCR or a Client ID Metadata Document). */
export interface ClientRegistration {
  clientId: string;
  /** SHA-256 hex of the client secret; null for public clients (`token_endpoint_auth_method: none`). */
  clientSecretHash: string | null;
  redirectUris: string[];
  clientName: string | null;
  grantTypes: string[];
  tokenEndpointAuthMethod: string;
  /** True when the metadata came from fetching a Client ID Metadata Document (client_id is its URL). */
  cimd: boolean;
  createdAt: number;
  updatedAt: number;
}

/** An authorization in flight between `/authorize` and Gitea's redirect to `/oauth/callback`. */
export interface PendingAuthorization {
  /** The `state` Gatea handed to Gitea; the lookup key at the callback. */
  state: string;
  clientId: string;
  redirectUri: string;
  /** The MCP client's own `state`, echoed back to it unchanged (null when it sent none). */
  clientState: string | null;
  /** RFC 7636 challenge from the MCP client; Gatea accepts S256 only. */
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  /** PKCE verifier of Gatea's own request to Gitea (the Gatea→Gitea leg), when used. */
  giteaCodeVerifier: string | null;
  scopes: string[];
  /** RFC 8707 resource indicator the client asked for, when it sent one. */
  resource: string | null;
  createdAt: number;
  expiresAt: number;
}

/** An authorization code issued by Gatea to an MCP client (only its hash is stored). */
export interface AuthorizationCode {
  codeHash: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  grantId: string;
  /** The token family that redeeming this code starts; revoke it when the code is replayed (RFC 6749 §4.1.2). */
  familyId: string;
  scopes: string[];
  resource: string | null;
  createdAt: number;
  expiresAt: number;
  /** When it was redeemed; null while unused. */
  usedAt: number | null;
}

/** What the caller supplies to store a new authorization code. */
export type NewAuthorizationCode = Omit<AuthorizationCode, 'usedAt'>;

/** One user's consent for one client, holding that user's Gitea tokens (encrypted by the caller). */
export interface Grant {
  id: string;
  clientId: string;
  giteaUserId: number;
  giteaLogin: string;
  /** Ciphertext of the Gitea access token; the store never sees the plaintext. */
  giteaAccessToken: Uint8Array;
  /** Ciphertext of the Gitea refresh token, when Gitea issued one. */
  giteaRefreshToken: Uint8Array | null;
  giteaTokenExpiresAt: number | null;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
  revokedAt: number | null;
  /** Bumped on every write; lets replicas replace Gitea tokens with compare-and-set. */
  version: number;
}

/** What the caller supplies to create or renew the grant of a user for a client. */
export interface GrantInput {
  /** Used only when no grant exists yet for this user and client; an existing grant keeps its id. */
  id: string;
  clientId: string;
  giteaUserId: number;
  giteaLogin: string;
  giteaAccessToken: Uint8Array;
  giteaRefreshToken: Uint8Array | null;
  giteaTokenExpiresAt: number | null;
  scopes: string[];
}

/** New Gitea tokens for an existing grant, after Gatea refreshed them at Gitea. */
export interface GiteaTokenUpdate {
  giteaAccessToken: Uint8Array;
  giteaRefreshToken: Uint8Array | null;
  giteaTokenExpiresAt: number | null;
}

/** One client a Gitea user has connected (an unrevoked grant), as the connections page lists it. */
export interface Connection {
  grantId: string;
  clientId: string;
  clientName: string | null;
  redirectUris: string[];
  /** The client-facing scopes of the newest access token (`read:repository`, …); empty when none was issued. */
  scopes: string[];
  createdAt: number;
  /** When an access token was last issued under the grant (sign-in or refresh), else when it was made. */
  lastActiveAt: number;
}

/** Fields shared by Gatea's access and refresh tokens (stored by SHA-256 hash). */
export interface TokenRecord {
  tokenHash: string;
  grantId: string;
  clientId: string;
  /** All tokens descending from one code redemption; the unit of revocation on replay. */
  familyId: string;
  scopes: string[];
  /** RFC 8707 audience: the resource this token is valid for. */
  resource: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** A Gatea access token (opaque to clients, audience-bound). */
export type AccessToken = TokenRecord;

/** A Gatea refresh token; single use, rotated on every refresh. */
export interface RefreshToken extends TokenRecord {
  /** When it was exchanged for a successor; a second use after this is a replay. */
  usedAt: number | null;
}

/** A new access token to store. */
export type NewAccessToken = Omit<AccessToken, 'revokedAt'>;

/** A new refresh token to store. */
export type NewRefreshToken = Omit<RefreshToken, 'revokedAt' | 'usedAt'>;

/** A rotated token's own fields; grant, client and family are inherited from the token it replaces. */
export interface RotatedToken {
  tokenHash: string;
  scopes: string[];
  resource: string;
  expiresAt: number;
}

/** An operator-issued service key (`gmk_…`; only its hash is stored). */
export interface ServiceKey {
  id: string;
  name: string;
  keyHash: string;
  scopes: 'read' | 'write';
  /** Name of the environment variable holding the Gitea token this key acts with. */
  giteaTokenEnv: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** Same as `revokedAt !== null`. */
  revoked: boolean;
}

/** What the caller supplies to create a service key. */
export type NewServiceKey = Omit<ServiceKey, 'lastUsedAt' | 'revokedAt' | 'revoked'>;

/** Result of taking a pending authorization at the callback. */
export type TakePendingResult =
  | { status: 'ok'; pending: PendingAuthorization }
  | { status: 'expired'; pending: PendingAuthorization }
  | { status: 'not_found' };

/** Result of redeeming an authorization code. */
export type RedeemCodeResult =
  | { status: 'ok'; code: AuthorizationCode }
  | { status: 'expired'; code: AuthorizationCode }
  /** Already redeemed: a replay. The caller should revoke `code.familyId`. */
  | { status: 'reused'; code: AuthorizationCode }
  | { status: 'not_found' };

/** Result of looking up an access token presented to a protected endpoint. */
export type AccessTokenLookup =
  | { status: 'active'; token: AccessToken; grant: Grant }
  | { status: 'expired'; token: AccessToken }
  /** The token or its grant was revoked. */
  | { status: 'revoked'; token: AccessToken }
  | { status: 'not_found' };

/** Result of rotating a refresh token. */
export type RotateRefreshResult =
  | { status: 'rotated'; previous: RefreshToken; refreshToken: RefreshToken; accessToken: AccessToken }
  /** Used before: a replay. The caller should revoke `token.familyId`. */
  | { status: 'reused'; token: RefreshToken }
  | { status: 'expired'; token: RefreshToken }
  | { status: 'revoked'; token: RefreshToken }
  | { status: 'not_found' };

/** Result of RFC 7009 revocation on behalf of a client. */
export type RevokeTokenResult =
  | { status: 'revoked'; kind: 'access' | 'refresh' }
  /** The token belongs to another client; RFC 7009 §2.1 says refuse. */
  | { status: 'wrong_client' }
  | { status: 'not_found' };

/** How many rows `purgeExpired` removed, per kind. */
export interface PurgeCounts {
  pendingAuthorizations: number;
  authorizationCodes: number;
  accessTokens: number;
  refreshTokens: number;
}

/** The persistence layer shared by every replica (DESIGN §6). */
export interface Store {
  /** Which backend this is. */
  readonly backend: 'sqlite' | 'postgres';

  /** Stores a new client registration; throws StoreError `duplicate` when the client_id exists. */
  registerClient(client: ClientRegistration): Promise<void>;
  /** Inserts or refreshes a client whose metadata came from its Client ID Metadata Document. */
  saveClientMetadataDocument(client: ClientRegistration): Promise<void>;
  /** The registration of `clientId`, or null. */
  findClient(clientId: string): Promise<ClientRegistration | null>;
  /** Deletes a client and, by cascade, its pending authorizations, codes, grants and tokens. */
  deleteClient(clientId: string): Promise<boolean>;
  /**
   * Deletes dynamically registered clients created at or before `registeredBefore` that never got
   * a grant and have no authorization in flight (registrations nobody used); returns how many.
   */
  deleteUnusedClients(registeredBefore: number): Promise<number>;

  /** Stores an authorization that is waiting for Gitea's callback. */
  savePendingAuthorization(pending: PendingAuthorization): Promise<void>;
  /** Removes and returns the pending authorization for `state`; only one caller ever gets it. */
  takePendingAuthorization(state: string, now: number): Promise<TakePendingResult>;

  /** Stores an authorization code (by hash). */
  saveAuthorizationCode(code: NewAuthorizationCode): Promise<void>;
  /** Marks the code used and returns it; a second redemption reports `reused`. */
  redeemAuthorizationCode(codeHash: string, now: number): Promise<RedeemCodeResult>;

  /** Creates the grant for (client, Gitea user), or renews the existing one (un-revoking it). */
  saveGrant(grant: GrantInput, now: number): Promise<Grant>;
  /** The grant with this id, revoked or not, or null. */
  findGrant(id: string): Promise<Grant | null>;
  /** Replaces a grant's Gitea tokens if its version is still `expectedVersion`; null when another writer won or it is revoked. */
  replaceGiteaTokens(
    grantId: string,
    expectedVersion: number,
    tokens: GiteaTokenUpdate,
    now: number,
  ): Promise<Grant | null>;
  /** Revokes a grant and every token issued under it; false when it does not exist. */
  revokeGrant(grantId: string, now: number): Promise<boolean>;
  /** The unrevoked grants of one Gitea user with their clients, most recently active first. */
  listConnections(giteaUserId: number): Promise<Connection[]>;

  /** Stores freshly issued tokens (after a code redemption) in one transaction. */
  issueTokens(tokens: { accessToken: NewAccessToken; refreshToken: NewRefreshToken | null }): Promise<void>;
  /** Classifies a presented access token and, when active, returns it with its grant. */
  lookupAccessToken(tokenHash: string, now: number): Promise<AccessTokenLookup>;
  /** The refresh token with this hash, whatever its state, or null. */
  findRefreshToken(tokenHash: string): Promise<RefreshToken | null>;
  /** Atomically marks `oldHash` used and stores its successor plus a new access token. */
  rotateRefreshToken(
    oldHash: string,
    next: { refreshToken: RotatedToken; accessToken: RotatedToken },
    now: number,
  ): Promise<RotateRefreshResult>;
  /** Revokes every access and refresh token of a family; returns how many were revoked. */
  revokeTokenFamily(familyId: string, now: number): Promise<number>;
  /** RFC 7009: revokes a token of `clientId` (a refresh token takes its family with it). */
  revokeToken(tokenHash: string, clientId: string, now: number): Promise<RevokeTokenResult>;

  /** Stores a new service key; throws StoreError `duplicate` when the id exists. */
  createServiceKey(key: NewServiceKey): Promise<ServiceKey>;
  /** The service key with this id (revoked ones included), or null. */
  findServiceKey(id: string): Promise<ServiceKey | null>;
  /** All service keys, oldest first. */
  listServiceKeys(): Promise<ServiceKey[]>;
  /** Revokes a service key; false when it does not exist or was already revoked. */
  revokeServiceKey(id: string, now: number): Promise<boolean>;
  /** Records use of a key, writing at most once per `minIntervalMs` to spare the database. */
  markServiceKeyUsed(id: string, now: number, minIntervalMs?: number): Promise<void>;

  /** Deletes pending authorizations, codes and tokens whose expiry is at or before `now`. */
  purgeExpired(now: number): Promise<PurgeCounts>;
  /** Readiness check: resolves when the database answers, throws StoreError `unreachable` otherwise. */
  ping(): Promise<void>;
  /** Closes the connection or pool; the store is unusable afterwards. */
  close(): Promise<void>;
}
