/**
 * Broker mode's wiring (DESIGN §2): the authorization-server facade's
 * dependencies from the configuration, the resolver the auth pipeline uses
 * for Gatea's access tokens, and the schedule that purges expired
 * authorizations, codes and tokens from the store.
 */
import { hkdfSync } from 'node:crypto';
import type { Hono } from 'hono';
import { type BrokerIdentity, FixedWindowLimiter, type GiteaOidc } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { GiteaClient } from '../gitea/index.js';
import type { ClientAddressOf } from '../http/index.js';
import {
  type BrokerDeps,
  createBrokerRoutes,
  createBrokerTokenResolver,
  createClientMetadataFetcher,
  createGiteaOAuthClient,
  createTokenCipher,
  type FetchClientMetadata,
} from '../oauth/index.js';
import type { GatewayMetrics, Logger } from '../observability/index.js';
import type { Store } from '../store/index.js';

const PURGE_EVERY_MS = 10 * 60_000;
/** A registration that led to no sign-in within this time is deleted (clients register again on demand). */
const UNUSED_REGISTRATION_TTL_MS = 24 * 60 * 60_000;
const REGISTRATIONS_PER_ADDRESS_PER_MINUTE = 20;

/** The Gitea scopes Gatea asks Gitea for: read ones for every category the tools use, plus the tools' writes. */
export function giteaScopesToRequest(toolScopes: readonly string[], readOnly: boolean): string[] {
  const read = toolScopes.map((s) => `read:${s.split(':')[1]}`);
  return [...new Set(readOnly ? read : [...read, ...toolScopes])].sort();
}

export interface AuthorizationServer {
  readonly routes: Hono;
  resolveAccessToken(token: string): Promise<BrokerIdentity>;
  stop(): void;
}

export function createAuthorizationServer(p: {
  config: Config;
  oidc: GiteaOidc;
  store: Store;
  giteaFor(token: string): GiteaClient;
  toolScopes: readonly string[];
  issuer: string;
  resource: string;
  log: Logger;
  metrics?: GatewayMetrics | undefined;
  /** The client a request comes from (registrations are limited per client). */
  clientAddress: ClientAddressOf;
  /** Replaces the Client ID Metadata Document fetcher (tests serve documents on loopback). */
  clientMetadata?: FetchClientMetadata | undefined;
}): AuthorizationServer {
  const { oauth, tools } = p.config;
  if (!oauth.client || !oauth.encryptionKey)
    throw new TypeError('broker mode needs the OAuth app and an encryption key');
  const now = Date.now;
  const deps: BrokerDeps = {
    store: p.store,
    cipher: createTokenCipher({ current: oauth.encryptionKey, previous: oauth.previousEncryptionKeys }),
    gitea: createGiteaOAuthClient({
      oidc: p.oidc,
      clientId: oauth.client.id,
      clientSecret: oauth.client.secret,
      redirectUri: `${p.issuer}/oauth/callback`,
      timeoutMs: p.config.gitea.timeoutMs,
      now,
    }),
    giteaFor: p.giteaFor,
    issuer: p.issuer,
    resource: p.resource,
    giteaScopes: giteaScopesToRequest(p.toolScopes, tools.readOnly),
    writesEnabled: !tools.readOnly,
    formKey: Buffer.from(hkdfSync('sha256', oauth.encryptionKey, Buffer.alloc(0), 'gatea consent form', 32)),
    registrationLimit: new FixedWindowLimiter({
      limit: REGISTRATIONS_PER_ADDRESS_PER_MINUTE,
      windowMs: 60_000,
      maxKeys: 10_000,
      now,
    }),
    clientMetadata: p.clientMetadata ?? createClientMetadataFetcher(),
    log: p.log,
    metrics: p.metrics,
    now,
  };
  const purge = setInterval(() => {
    const at = now();
    Promise.all([p.store.purgeExpired(at), p.store.deleteUnusedClients(at - UNUSED_REGISTRATION_TTL_MS)]).then(
      ([counts, clients]) => p.log.debug({ ...counts, unusedClients: clients }, 'oauth_purge'),
      (err: unknown) => p.log.warn({ err }, 'oauth_purge_failed'),
    );
  }, PURGE_EVERY_MS);
  purge.unref();
  return {
    routes: createBrokerRoutes(deps, p.clientAddress),
    resolveAccessToken: createBrokerTokenResolver(deps),
    stop: () => clearInterval(purge),
  };
}
