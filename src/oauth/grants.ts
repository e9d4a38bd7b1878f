/**
 * The broker's grants at run time: Gatea's own opaque tokens (only their
 * hashes are stored), the scopes a Gatea token maps to at Gitea, and the
 * Gitea access token of a grant — decrypted, and refreshed at Gitea shortly
 * before it expires, once per grant across concurrent requests and replicas
 * (compare-and-set on the grant's version; a replica that loses the race
 * uses the winner's tokens).
 */
import { randomBytes } from 'node:crypto';
import { BROKER_ACCESS_TOKEN_PREFIX, sha256Hex } from '../auth/index.js';
import type { GatewayMetrics } from '../observability/index.js';
import type { Grant, Store } from '../store/index.js';
import type { ToolLogger } from '../tools/index.js';
import type { TokenCipher } from './token-cipher.js';
import { type GiteaOAuthClient, type GiteaTokens, UpstreamGrantError } from './upstream.js';

/** Prefixes tell Gatea's own tokens apart from Gitea's and from service keys (and make leaks greppable). */
export const ACCESS_TOKEN_PREFIX = BROKER_ACCESS_TOKEN_PREFIX;
export const REFRESH_TOKEN_PREFIX = 'gar_';
export const CODE_PREFIX = 'gac_';

/** Scopes a client may ask Gatea for: the names users of Gitea MCP setups already configure. */
export const CLIENT_SCOPES = ['read:repository', 'write:repository'] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

/** A new random secret with `prefix` (256 bits). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps of a secret. */
export const hashSecret = sha256Hex;

/** The Gitea scopes a Gatea token may use: the grant's, without writes unless the token holds write:repository. */
export function giteaScopesFor(grant: Grant, tokenScopes: readonly string[]): string[] {
  const write = tokenScopes.includes('write:repository');
  return grant.scopes.filter((s) => write || s.startsWith('read:'));
}

/** Refresh Gitea tokens this long before they expire. */
const REFRESH_MARGIN_MS = 60_000;

/** Thrown when a grant's Gitea side is gone (revoked in Gitea, refresh refused): the user must reconnect. */
export class GrantUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrantUnusableError';
  }
}

/** Thrown when Gitea could not refresh a grant's token for a passing reason (down, slow, 5xx): retry later. */
export class GrantRefreshUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GrantRefreshUnavailableError';
  }
}

/** How long a replica whose refresh Gitea refused waits for another replica's refresh to land in the store. */
const OTHER_REFRESH_WAIT_MS = 500;
const OTHER_REFRESH_POLL_MS = 100;

export interface GrantTokensDeps {
  store: Store;
  cipher: TokenCipher;
  gitea: GiteaOAuthClient;
  now: () => number;
  log: ToolLogger;
  metrics?: GatewayMetrics | undefined;
}

/** The encrypted form of Gitea tokens, as the store takes them. */
export function sealGiteaTokens(cipher: TokenCipher, t: GiteaTokens) {
  return {
    giteaAccessToken: cipher.encrypt(t.accessToken),
    giteaRefreshToken: t.refreshToken === null ? null : cipher.encrypt(t.refreshToken),
    giteaTokenExpiresAt: t.expiresAt,
  };
}

/** Decrypted access tokens kept in memory: about one per active connection. */
const MAX_DECRYPTED_TOKENS = 10_000;

/**
 * `cipher.decrypt` remembered by ciphertext. A blob is unique per encryption
 * (a random IV each time), so an entry can only ever answer for the token it
 * was made from; the grant itself is still read from the store on every
 * request, so a revocation is not delayed. Saves an AES-GCM decryption per call.
 */
function rememberingDecrypt(cipher: TokenCipher): (blob: Uint8Array) => string {
  const plaintexts = new Map<string, string>();
  return (blob) => {
    const key = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('base64');
    let plaintext = plaintexts.get(key);
    if (plaintext === undefined) {
      plaintext = cipher.decrypt(blob);
      plaintexts.set(key, plaintext);
      if (plaintexts.size > MAX_DECRYPTED_TOKENS) plaintexts.delete(plaintexts.keys().next().value as string);
    }
    return plaintext;
  };
}

/** Returns the usable Gitea access token of a grant, refreshing it at Gitea when it is about to expire. */
export function createGrantTokens(deps: GrantTokensDeps) {
  const inFlight = new Map<string, Promise<string>>();
  const decryptAccessToken = rememberingDecrypt(deps.cipher);

  const fresh = (grant: Grant) =>
    grant.giteaTokenExpiresAt === null || grant.giteaTokenExpiresAt - REFRESH_MARGIN_MS > deps.now();

  async function refresh(grant: Grant): Promise<string> {
    if (!grant.giteaRefreshToken)
      throw new GrantUnusableError('The Gitea sign-in behind this connection expired. Reconnect to sign in again.');
    let tokens: GiteaTokens;
    try {
      tokens = await deps.gitea.refresh(deps.cipher.decrypt(grant.giteaRefreshToken));
    } catch (err) {
      if (!(err instanceof UpstreamGrantError) || err.error !== 'invalid_grant')
        throw new GrantRefreshUnavailableError('Gitea could not refresh the sign-in just now. Retry in a moment.', {
          cause: err,
        });
      // Another replica may have refreshed first: Gitea (Forgejo by default) then refuses the old
      // refresh token, and the winner's tokens reach the store a moment later.
      for (let waited = 0; waited <= OTHER_REFRESH_WAIT_MS; waited += OTHER_REFRESH_POLL_MS) {
        const current = await deps.store.findGrant(grant.id);
        if (current && current.version !== grant.version && current.revokedAt === null && fresh(current))
          return deps.cipher.decrypt(current.giteaAccessToken);
        await new Promise((resolve) => setTimeout(resolve, OTHER_REFRESH_POLL_MS));
      }
      await deps.store.revokeGrant(grant.id, deps.now());
      throw new GrantUnusableError(
        'Gitea no longer accepts the sign-in behind this connection (revoked in Gitea, or expired). Reconnect to sign in again.',
      );
    }
    const updated = await deps.store.replaceGiteaTokens(
      grant.id,
      grant.version,
      sealGiteaTokens(deps.cipher, tokens),
      deps.now(),
    );
    if (updated) return tokens.accessToken;
    const current = await deps.store.findGrant(grant.id);
    if (!current || current.revokedAt !== null)
      throw new GrantUnusableError('This connection was revoked. Reconnect to sign in again.');
    return deps.cipher.decrypt(current.giteaAccessToken);
  }

  return async function giteaAccessToken(grant: Grant): Promise<string> {
    if (fresh(grant)) return decryptAccessToken(grant.giteaAccessToken);
    let pending = inFlight.get(grant.id);
    if (!pending) {
      const report = (outcome: 'ok' | 'unusable' | 'unavailable') => {
        deps.log.info(
          { client_id: grant.clientId, login: grant.giteaLogin, grant_id: grant.id, outcome },
          'oauth_refresh_upstream',
        );
        deps.metrics?.tokenRefresh('upstream', outcome);
      };
      pending = refresh(grant)
        .then(
          (token) => {
            report('ok');
            return token;
          },
          (err: unknown) => {
            report(err instanceof GrantUnusableError ? 'unusable' : 'unavailable');
            throw err;
          },
        )
        .finally(() => inFlight.delete(grant.id));
      inFlight.set(grant.id, pending);
    }
    return pending;
  };
}
