/** Fixtures shared by the Store contract suites: fixed times, hashes and records. */
import { createHash } from 'node:crypto';
import type {
  ClientRegistration,
  GrantInput,
  NewAuthorizationCode,
  NewRefreshToken,
  PendingAuthorization,
  Store,
} from '../../../src/store/index.js';

/** What a contract suite sees: the store of the current test, all replicas on its database, and a way to open more. */
export interface ContractContext {
  store(): Store;
  stores(): Store[];
  open(): Promise<{ store: Store }>;
}

/** A fixed point in time: tests never read the clock. */
export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
/** One minute in milliseconds. */
export const MINUTE = 60_000;

/** SHA-256 hex, as callers hash tokens and codes before they reach the store. */
export const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/** A public client registration (client-1 unless named). */
export function client(id = 'client-1', over: Partial<ClientRegistration> = {}): ClientRegistration {
  return {
    clientId: id,
    clientSecretHash: null,
    redirectUris: ['http://127.0.0.1:33418/callback', 'https://claude.ai/api/mcp/auth_callback'],
    clientName: 'Claude',
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'none',
    cimd: false,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

/** Alice's grant for client-1, with non-UTF-8 ciphertext bytes. */
export function grantInput(over: Partial<GrantInput> = {}): GrantInput {
  return {
    id: 'grant-1',
    clientId: 'client-1',
    giteaUserId: 42,
    giteaLogin: 'alice',
    giteaAccessToken: new Uint8Array([0, 1, 2, 250, 255, 0, 128]),
    giteaRefreshToken: new Uint8Array([9, 8, 7]),
    giteaTokenExpiresAt: T0 + 60 * MINUTE,
    scopes: ['read:repository', 'read:issue'],
    ...over,
  };
}

/** A pending authorization of client-1 expiring after ten minutes. */
export function pending(state: string, over: Partial<PendingAuthorization> = {}): PendingAuthorization {
  return {
    state,
    clientId: 'client-1',
    redirectUri: 'http://127.0.0.1:33418/callback',
    clientState: 'client-xyz',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256' as const,
    giteaCodeVerifier: 'verifier-for-gitea',
    scopes: ['read:repository'],
    resource: 'https://gatea.example/mcp',
    createdAt: T0,
    expiresAt: T0 + 10 * MINUTE,
    ...over,
  };
}

/** An authorization code of grant-1 / family-1 valid for one minute. */
export function code(codeHash: string, over: Partial<NewAuthorizationCode> = {}): NewAuthorizationCode {
  return {
    codeHash,
    clientId: 'client-1',
    redirectUri: 'http://127.0.0.1:33418/callback',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256' as const,
    grantId: 'grant-1',
    familyId: 'family-1',
    scopes: ['read:repository'],
    resource: 'https://gatea.example/mcp',
    createdAt: T0,
    expiresAt: T0 + MINUTE,
    ...over,
  };
}

/** A token of grant-1 / family-1 valid for an hour (usable as access or refresh token). */
export function token(tokenHash: string, over: Partial<NewRefreshToken> = {}): NewRefreshToken {
  return {
    tokenHash,
    grantId: 'grant-1',
    clientId: 'client-1',
    familyId: 'family-1',
    scopes: ['read:repository'],
    resource: 'https://gatea.example/mcp',
    createdAt: T0,
    expiresAt: T0 + 60 * MINUTE,
    ...over,
  };
}

/** The caller's part of a rotated token. */
export const rotated = (h: string, expiresAt = T0 + 120 * MINUTE) => ({
  tokenHash: h,
  scopes: ['read:repository'],
  resource: 'https://gatea.example/mcp',
  expiresAt,
});

/** Registers client-1, creates grant-1 and issues access A1 + refresh R1 in family-1. */
export async function seedTokens(store: Store): Promise<void> {
  await store.registerClient(client());
  await store.saveGrant(grantInput(), T0);
  await store.issueTokens({
    accessToken: token(hash('A1')),
    refreshToken: token(hash('R1'), { expiresAt: T0 + 30 * 24 * 60 * MINUTE }),
  });
}

/** Runs `n` calls of `fn` at once, alternating between the given stores. */
export function race<T>(stores: Store[], n: number, fn: (s: Store, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => fn(stores[i % stores.length]!, i)));
}

/** Defines the whole contract suite for one backend. */
