/**
 * Gitea token refresh behind a grant, with two "replicas" (two refreshers)
 * on one real SQLite store and a Gitea whose refresh endpoint the test
 * scripts: a race refreshes at Gitea once per replica but keeps the grant
 * alive (the loser takes the winner's tokens, as with Forgejo's refresh
 * invalidation); a passing Gitea failure is "retry", never a revocation; a
 * refused refresh with no winner revokes the grant.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGrantTokens,
  GrantRefreshUnavailableError,
  GrantUnusableError,
  sealGiteaTokens,
} from '../../../src/oauth/grants.js';
import { createTokenCipher, type GiteaOAuthClient } from '../../../src/oauth/index.js';
import { type GiteaTokens, UpstreamGrantError } from '../../../src/oauth/upstream.js';
import { GatewayMetrics } from '../../../src/observability/metrics.js';
import { type Grant, openStore, type Store } from '../../../src/store/index.js';

const T0 = 1_767_225_600_000;
const cipher = createTokenCipher({ current: Buffer.alloc(32, 4) });
let dir: string;
let store: Store;
let grant: Grant;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatea-grant-tokens-'));
  store = await openStore(`sqlite:${join(dir, 'gatea.db')}`);
  await store.registerClient({
    clientId: 'c1',
    clientSecretHash: null,
    redirectUris: ['http://127.0.0.1/cb'],
    clientName: null,
    grantTypes: ['authorization_code'],
    tokenEndpointAuthMethod: 'none',
    cimd: false,
    createdAt: T0,
    updatedAt: T0,
  });
  // Expired a second ago: the next use refreshes.
  const old: GiteaTokens = { accessToken: 'gitea-old', refreshToken: 'refresh-old', expiresAt: T0 - 1000, scope: null };
  grant = await store.saveGrant(
    {
      id: 'g1',
      clientId: 'c1',
      giteaUserId: 1,
      giteaLogin: 'alice',
      ...sealGiteaTokens(cipher, old),
      scopes: ['read:repository'],
    },
    T0,
  );
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A Gitea whose refresh answers with `answer(refreshToken, call)`. */
function gitea(answer: (refreshToken: string, call: number) => Promise<GiteaTokens>): GiteaOAuthClient & {
  calls: number;
} {
  const g = {
    calls: 0,
    authorizationUrl: () => Promise.reject(new Error('unused')),
    exchangeCode: () => Promise.reject(new Error('unused')),
    refresh: (token: string) => answer(token, ++g.calls),
  };
  return g;
}

/** Each refresh's `oauth_refresh_upstream` log line and the metrics it counted. */
let refreshLines: Record<string, unknown>[] = [];
let metrics = new GatewayMetrics();
beforeEach(() => {
  refreshLines = [];
  metrics = new GatewayMetrics();
});
const depsWith = (g: GiteaOAuthClient) => ({
  store,
  cipher,
  gitea: g,
  now: () => T0,
  metrics,
  log: {
    debug() {},
    warn() {},
    error() {},
    info(obj: object, msg?: string) {
      if (msg === 'oauth_refresh_upstream') refreshLines.push(obj as Record<string, unknown>);
    },
  },
});
async function upstreamRefreshCount(outcome: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('gatea_token_refreshes_total')?.get();
  return metric?.values.find((v) => v.labels.kind === 'upstream' && v.labels.outcome === outcome)?.value ?? 0;
}

const refreshed = (n: number): GiteaTokens => ({
  accessToken: `gitea-new-${n}`,
  refreshToken: `refresh-new-${n}`,
  expiresAt: T0 + 3_600_000,
  scope: null,
});

describe('refreshing a grant’s Gitea token', () => {
  it('one replica at a time: refreshes once, stores the new tokens, uses them', async () => {
    const g = gitea(async () => refreshed(1));
    const tokens = createGrantTokens(depsWith(g));
    expect(await Promise.all([tokens(grant), tokens(grant), tokens(grant)])).toEqual([
      'gitea-new-1',
      'gitea-new-1',
      'gitea-new-1',
    ]);
    expect(g.calls).toBe(1);
    const stored = await store.findGrant('g1');
    expect(cipher.decrypt(stored?.giteaRefreshToken as Uint8Array)).toBe('refresh-new-1');
    expect(refreshLines).toEqual([
      { client_id: grant.clientId, login: grant.giteaLogin, grant_id: 'g1', outcome: 'ok' },
    ]);
    expect(await upstreamRefreshCount('ok')).toBe(1);
  });

  it('two replicas racing: Gitea refuses the loser’s old refresh token, and the loser uses the winner’s', async () => {
    // Replica A's refresh succeeds but answers late; B's is refused at once (the token was just used).
    const g = gitea(async (_token, call) => {
      if (call === 2) throw new UpstreamGrantError('invalid_grant', 'used');
      await new Promise((r) => setTimeout(r, 150));
      return refreshed(1);
    });
    const replicaA = createGrantTokens(depsWith(g));
    const replicaB = createGrantTokens(depsWith(g));
    const a = replicaA(grant);
    await new Promise((r) => setTimeout(r, 10));
    const b = replicaB(grant);
    expect(await Promise.all([a, b])).toEqual(['gitea-new-1', 'gitea-new-1']);
    expect((await store.findGrant('g1'))?.revokedAt).toBeNull();
  });

  it('Gitea down: "retry", and the grant stays', async () => {
    const g = gitea(async () => {
      throw new TypeError('fetch failed');
    });
    const err = await createGrantTokens(depsWith(g))(grant).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrantRefreshUnavailableError);
    expect((await store.findGrant('g1'))?.revokedAt).toBeNull();
    expect(refreshLines.map((l) => l.outcome)).toEqual(['unavailable']);
    expect(await upstreamRefreshCount('unavailable')).toBe(1);
  });

  it('refused with nobody else refreshing (revoked in Gitea): the grant is revoked, reconnect', async () => {
    const g = gitea(async () => {
      throw new UpstreamGrantError('invalid_grant', 'revoked');
    });
    const err = await createGrantTokens(depsWith(g))(grant).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrantUnusableError);
    expect((err as Error).message).toMatch(/Reconnect/);
    expect((await store.findGrant('g1'))?.revokedAt).toBe(T0);
    expect(refreshLines.map((l) => l.outcome)).toEqual(['unusable']);
    expect(await upstreamRefreshCount('unusable')).toBe(1);
  });
});

describe('a fresh grant’s Gitea token', () => {
  it('is decrypted once per ciphertext: the same blob is not decrypted again, a new blob always is', async () => {
    let decryptions = 0;
    const counting = {
      ...cipher,
      decrypt: (blob: Uint8Array) => {
        decryptions++;
        return cipher.decrypt(blob);
      },
    };
    const tokens = createGrantTokens({ ...depsWith(gitea(async () => refreshed(1))), cipher: counting });
    const sealed = (accessToken: string) =>
      ({
        ...grant,
        ...sealGiteaTokens(cipher, { accessToken, refreshToken: null, expiresAt: null, scope: null }),
      }) as Grant;
    const first = sealed('gitea-a');
    expect(await tokens(first)).toBe('gitea-a');
    expect(await tokens({ ...first, giteaAccessToken: Uint8Array.from(first.giteaAccessToken) })).toBe('gitea-a');
    expect(decryptions).toBe(1);
    // The same token sealed again (a re-consent) is another blob, and a different token is never taken for it.
    expect(await tokens(sealed('gitea-a'))).toBe('gitea-a');
    expect(await tokens(sealed('gitea-b'))).toBe('gitea-b');
    expect(decryptions).toBe(3);
  });
});
