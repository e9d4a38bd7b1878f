/**
 * Conversions between stored rows and the records of `types.ts`. Values read
 * back are checked, not cast: a row edited by hand fails loudly with
 * StoreError `corrupt_row` instead of flowing on with the wrong type.
 */
import type { Selectable } from 'kysely';
import { StoreError } from './errors.js';
import type {
  AccessTokensTable,
  AuthorizationCodesTable,
  ClientsTable,
  GrantsTable,
  PendingAuthorizationsTable,
  RefreshTokensTable,
  ServiceKeysTable,
} from './schema.js';
import type {
  AccessToken,
  AuthorizationCode,
  ClientRegistration,
  Connection,
  Grant,
  PendingAuthorization,
  RefreshToken,
  ServiceKey,
} from './types.js';

function corrupt(what: string): StoreError {
  return new StoreError(
    'corrupt_row',
    `A stored ${what} has an unexpected value; the database was changed outside Gatea.`,
  );
}

/** A BIGINT read back (number from SQLite, numeric string from PostgreSQL) as a safe integer. */
export function toInt(value: number | string | bigint, what: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw corrupt(what);
  return n;
}

function toIntOrNull(value: number | string | bigint | null, what: string): number | null {
  return value === null ? null : toInt(value, what);
}

/** Scopes are kept space-separated, as OAuth writes them (RFC 6749 §3.3). */
export function joinScopes(scopes: readonly string[]): string {
  return scopes.join(' ');
}

function splitScopes(value: string): string[] {
  return value.split(' ').filter((s) => s.length > 0);
}

function parseStringList(value: string, what: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw corrupt(what);
  }
  if (!Array.isArray(parsed) || !parsed.every((v): v is string => typeof v === 'string')) throw corrupt(what);
  return parsed;
}

function s256(value: string, what: string): 'S256' {
  if (value !== 'S256') throw corrupt(what);
  return value;
}

/** Bytes for the drivers: both accept Buffer; a view over the caller's memory avoids a copy. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Row of `gatea_clients` → record. */
export function toClient(row: Selectable<ClientsTable>): ClientRegistration {
  return {
    clientId: row.client_id,
    clientSecretHash: row.client_secret_hash,
    redirectUris: parseStringList(row.redirect_uris, 'client redirect_uris'),
    clientName: row.client_name,
    grantTypes: parseStringList(row.grant_types, 'client grant_types'),
    tokenEndpointAuthMethod: row.token_endpoint_auth_method,
    cimd: row.cimd === 1,
    createdAt: toInt(row.created_at, 'client created_at'),
    updatedAt: toInt(row.updated_at, 'client updated_at'),
  };
}

/** Record → row of `gatea_clients`. */
export function fromClient(c: ClientRegistration) {
  return {
    client_id: c.clientId,
    client_secret_hash: c.clientSecretHash,
    redirect_uris: JSON.stringify(c.redirectUris),
    client_name: c.clientName,
    grant_types: JSON.stringify(c.grantTypes),
    token_endpoint_auth_method: c.tokenEndpointAuthMethod,
    cimd: c.cimd ? 1 : 0,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** Row of `gatea_pending_authorizations` → record. */
export function toPending(row: Selectable<PendingAuthorizationsTable>): PendingAuthorization {
  return {
    state: row.state,
    clientId: row.client_id,
    redirectUri: row.redirect_uri,
    clientState: row.client_state,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: s256(row.code_challenge_method, 'pending authorization PKCE method'),
    giteaCodeVerifier: row.gitea_code_verifier,
    scopes: splitScopes(row.scopes),
    resource: row.resource,
    createdAt: toInt(row.created_at, 'pending authorization created_at'),
    expiresAt: toInt(row.expires_at, 'pending authorization expires_at'),
  };
}

/** Row of `gatea_authorization_codes` → record. */
export function toCode(row: Selectable<AuthorizationCodesTable>): AuthorizationCode {
  return {
    codeHash: row.code_hash,
    clientId: row.client_id,
    redirectUri: row.redirect_uri,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: s256(row.code_challenge_method, 'authorization code PKCE method'),
    grantId: row.grant_id,
    familyId: row.family_id,
    scopes: splitScopes(row.scopes),
    resource: row.resource,
    createdAt: toInt(row.created_at, 'authorization code created_at'),
    expiresAt: toInt(row.expires_at, 'authorization code expires_at'),
    usedAt: toIntOrNull(row.used_at, 'authorization code used_at'),
  };
}

/** Row of `gatea_grants` → record. */
export function toGrant(row: Selectable<GrantsTable>): Grant {
  return {
    id: row.id,
    clientId: row.client_id,
    giteaUserId: toInt(row.gitea_user_id, 'grant gitea_user_id'),
    giteaLogin: row.gitea_login,
    giteaAccessToken: new Uint8Array(row.gitea_access_token),
    giteaRefreshToken: row.gitea_refresh_token === null ? null : new Uint8Array(row.gitea_refresh_token),
    giteaTokenExpiresAt: toIntOrNull(row.gitea_token_expires_at, 'grant gitea_token_expires_at'),
    scopes: splitScopes(row.scopes),
    createdAt: toInt(row.created_at, 'grant created_at'),
    updatedAt: toInt(row.updated_at, 'grant updated_at'),
    revokedAt: toIntOrNull(row.revoked_at, 'grant revoked_at'),
    version: toInt(row.version, 'grant version'),
  };
}

/** Row of `gatea_access_tokens` → record. */
export function toAccessToken(row: Selectable<AccessTokensTable>): AccessToken {
  return {
    tokenHash: row.token_hash,
    grantId: row.grant_id,
    clientId: row.client_id,
    familyId: row.family_id,
    scopes: splitScopes(row.scopes),
    resource: row.resource,
    createdAt: toInt(row.created_at, 'token created_at'),
    expiresAt: toInt(row.expires_at, 'token expires_at'),
    revokedAt: toIntOrNull(row.revoked_at, 'token revoked_at'),
  };
}

/** Row of `gatea_refresh_tokens` → record. */
export function toRefreshToken(row: Selectable<RefreshTokensTable>): RefreshToken {
  return { ...toAccessToken(row), usedAt: toIntOrNull(row.used_at, 'refresh token used_at') };
}

/** Row of `gatea_service_keys` → record. */
export function toServiceKey(row: Selectable<ServiceKeysTable>): ServiceKey {
  if (row.scopes !== 'read' && row.scopes !== 'write') throw corrupt('service key scopes');
  const revokedAt = toIntOrNull(row.revoked_at, 'service key revoked_at');
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    scopes: row.scopes,
    giteaTokenEnv: row.gitea_token_env,
    createdAt: toInt(row.created_at, 'service key created_at'),
    lastUsedAt: toIntOrNull(row.last_used_at, 'service key last_used_at'),
    revokedAt,
    revoked: revokedAt !== null,
  };
}

/** A grant joined with its client and its newest access token (listConnections). */
export function toConnection(row: {
  id: string;
  client_id: string;
  created_at: number | string | bigint;
  client_name: string | null;
  redirect_uris: string;
  last_token_at: number | string | bigint | null;
  last_scopes: string | null;
}): Connection {
  const createdAt = toInt(row.created_at, 'grant created_at');
  return {
    grantId: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    redirectUris: parseStringList(row.redirect_uris, 'client redirect_uris'),
    scopes: row.last_scopes === null ? [] : splitScopes(row.last_scopes),
    createdAt,
    lastActiveAt: toIntOrNull(row.last_token_at, 'access token created_at') ?? createdAt,
  };
}
