/**
 * `POST /token` refresh rotation against a real SQLite store with a clock the
 * test moves: a refresh token presented again within the race window gets a
 * new pair; after it, the replay revokes every token of that sign-in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../../../src/auth/index.js';
import { REFRESH_GRACE_MS } from '../../../src/oauth/broker-deps.js';
import { hashSecret } from '../../../src/oauth/grants.js';
import { type BrokerDeps, createBrokerRoutes, createTokenCipher } from '../../../src/oauth/index.js';
import { openStore, type Store } from '../../../src/store/index.js';

const T0 = 1_767_225_600_000;
const RESOURCE = 'https://gatea.example/mcp';
let dir: string;
let store: Store;
let now = T0;
let app: ReturnType<typeof createBrokerRoutes>;

const unused = () => {
  throw new Error('not used by the token endpoint');
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatea-token-endpoint-'));
  store = await openStore(`sqlite:${join(dir, 'gatea.db')}`);
  now = T0;
  const deps: BrokerDeps = {
    store,
    cipher: createTokenCipher({ current: Buffer.alloc(32, 1) }),
    gitea: { authorizationUrl: unused, exchangeCode: unused, refresh: unused },
    giteaFor: unused,
    issuer: 'https://gatea.example',
    resource: RESOURCE,
    giteaScopes: ['read:repository'],
    writesEnabled: false,
    formKey: Buffer.alloc(32, 2),
    registrationLimit: new FixedWindowLimiter({ limit: 10, windowMs: 60_000, maxKeys: 10, now: () => now }),
    clientMetadata: unused,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    now: () => now,
  };
  app = createBrokerRoutes(deps, () => '127.0.0.1');
  await store.registerClient({
    clientId: 'c1',
    clientSecretHash: null,
    redirectUris: ['http://127.0.0.1/cb'],
    clientName: 'Test',
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'none',
    cimd: false,
    createdAt: T0,
    updatedAt: T0,
  });
  await store.saveGrant(
    {
      id: 'g1',
      clientId: 'c1',
      giteaUserId: 1,
      giteaLogin: 'alice',
      giteaAccessToken: new Uint8Array([1]),
      giteaRefreshToken: null,
      giteaTokenExpiresAt: null,
      scopes: ['read:repository'],
    },
    T0,
  );
  const base = { grantId: 'g1', clientId: 'c1', familyId: 'f1', scopes: ['read:repository'], resource: RESOURCE };
  await store.issueTokens({
    accessToken: { ...base, tokenHash: hashSecret('gat_first'), createdAt: T0, expiresAt: T0 + 3_600_000 },
    refreshToken: { ...base, tokenHash: hashSecret('gar_first'), createdAt: T0, expiresAt: T0 + 86_400_000 },
  });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const refresh = (token: string) =>
  app.request('/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: 'c1' }).toString(),
  });

const status = async (accessToken: string) => (await store.lookupAccessToken(hashSecret(accessToken), now)).status;

describe('refresh token replay', () => {
  it('within the race window: a second pair, nothing revoked', async () => {
    const first = (await (await refresh('gar_first')).json()) as { access_token: string };
    now += REFRESH_GRACE_MS - 1;
    const again = await refresh('gar_first');
    expect(again.status).toBe(200);
    const second = (await again.json()) as { access_token: string };
    expect(second.access_token).not.toBe(first.access_token);
    expect(await status(first.access_token)).toBe('active');
    expect(await status(second.access_token)).toBe('active');
  });

  it('after it: invalid_grant, and every token of the sign-in is revoked', async () => {
    const rotated = (await (await refresh('gar_first')).json()) as { access_token: string; refresh_token: string };
    now += REFRESH_GRACE_MS + 1;
    const replay = await refresh('gar_first');
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    expect(await status(rotated.access_token)).toBe('revoked');
    expect(await status('gat_first')).toBe('revoked');
    expect((await refresh(rotated.refresh_token)).status).toBe(400);
  });
});
