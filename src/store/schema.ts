/**
 * Row types of Gatea's tables as kysely sees them. Times are BIGINT epoch
 * milliseconds (PostgreSQL's driver returns them as strings, SQLite as numbers,
 * hence the union on select); booleans are 0/1 integers and lists are text,
 * so the same schema works on both backends.
 */
import type { ColumnType } from 'kysely';

/** A BIGINT column: written as a number, read back as number or numeric string. */
export type Int8 = ColumnType<number | string, number, number>;
/** A nullable BIGINT column. */
export type NullableInt8 = ColumnType<number | string | null, number | null, number | null>;
/** A BLOB (SQLite) / BYTEA (PostgreSQL) column. */
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

/** `gatea_clients`. */
export interface ClientsTable {
  client_id: string;
  client_secret_hash: string | null;
  /** JSON array of strings. */
  redirect_uris: string;
  client_name: string | null;
  /** JSON array of strings. */
  grant_types: string;
  token_endpoint_auth_method: string;
  cimd: number;
  created_at: Int8;
  updated_at: Int8;
}

/** `gatea_pending_authorizations`. */
export interface PendingAuthorizationsTable {
  state: string;
  client_id: string;
  redirect_uri: string;
  client_state: string | null;
  code_challenge: string;
  code_challenge_method: string;
  gitea_code_verifier: string | null;
  /** Space-separated scopes (RFC 6749 §3.3). */
  scopes: string;
  resource: string | null;
  created_at: Int8;
  expires_at: Int8;
}

/** `gatea_authorization_codes`. */
export interface AuthorizationCodesTable {
  code_hash: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  code_challenge_method: string;
  grant_id: string;
  family_id: string;
  scopes: string;
  resource: string | null;
  created_at: Int8;
  expires_at: Int8;
  used_at: NullableInt8;
}

/** `gatea_grants`. */
export interface GrantsTable {
  id: string;
  client_id: string;
  gitea_user_id: Int8;
  gitea_login: string;
  gitea_access_token: Bytes;
  gitea_refresh_token: ColumnType<Uint8Array | null, Uint8Array | null, Uint8Array | null>;
  gitea_token_expires_at: NullableInt8;
  scopes: string;
  created_at: Int8;
  updated_at: Int8;
  revoked_at: NullableInt8;
  version: Int8;
}

/** `gatea_access_tokens`. */
export interface AccessTokensTable {
  token_hash: string;
  grant_id: string;
  client_id: string;
  family_id: string;
  scopes: string;
  resource: string;
  created_at: Int8;
  expires_at: Int8;
  revoked_at: NullableInt8;
}

/** `gatea_refresh_tokens`. */
export interface RefreshTokensTable extends AccessTokensTable {
  used_at: NullableInt8;
}

/** `gatea_service_keys`. */
export interface ServiceKeysTable {
  id: string;
  name: string;
  key_hash: string;
  scopes: string;
  gitea_token_env: string;
  created_at: Int8;
  last_used_at: NullableInt8;
  revoked_at: NullableInt8;
}

/** `gatea_migrations`: names of applied migrations, in order. */
export interface MigrationsTable {
  name: string;
  applied_at: Int8;
}

/** All of Gatea's tables. */
export interface Database {
  gatea_clients: ClientsTable;
  gatea_pending_authorizations: PendingAuthorizationsTable;
  gatea_authorization_codes: AuthorizationCodesTable;
  gatea_grants: GrantsTable;
  gatea_access_tokens: AccessTokensTable;
  gatea_refresh_tokens: RefreshTokensTable;
  gatea_service_keys: ServiceKeysTable;
  gatea_migrations: MigrationsTable;
}
