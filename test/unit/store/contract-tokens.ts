/** Store contract, second half: access and refresh tokens, service keys, housekeeping. */
import { beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/store/index.js';
import {
  type ContractContext,
  client,
  code,
  grantInput,
  hash,
  MINUTE,
  pending,
  race,
  rotated,
  seedTokens,
  T0,
  token,
} from './fixtures.js';

/** Access and refresh tokens, service keys, purge and ping. */
export function describeTokenContract(ctx: ContractContext): void {
  const store = () => ctx.store();
  describe('access tokens', () => {
    beforeEach(() => seedTokens(store()));

    it('finds an active token together with its grant', async () => {
      const res = await store().lookupAccessToken(hash('A1'), T0 + 1);
      expect(res.status).toBe('active');
      if (res.status !== 'active') return;
      expect(res.token).toEqual({ ...token(hash('A1')), revokedAt: null });
      expect(res.grant).toMatchObject({ id: 'grant-1', giteaLogin: 'alice' });
    });

    it('says why a token does not work: expired, revoked, unknown', async () => {
      expect(await store().lookupAccessToken(hash('A1'), T0 + 60 * MINUTE)).toMatchObject({ status: 'expired' });
      expect(await store().revokeToken(hash('A1'), 'client-1', T0 + 1)).toEqual({ status: 'revoked', kind: 'access' });
      expect(await store().lookupAccessToken(hash('A1'), T0 + 2)).toMatchObject({
        status: 'revoked',
        token: { revokedAt: T0 + 1 },
      });
      expect(await store().lookupAccessToken(hash('nope'), T0)).toEqual({ status: 'not_found' });
    });

    it('a revoked grant makes its tokens revoked even if issued afterwards', async () => {
      await store().revokeGrant('grant-1', T0 + 1);
      await store().issueTokens({ accessToken: token(hash('A-late'), { createdAt: T0 + 2 }), refreshToken: null });
      expect(await store().lookupAccessToken(hash('A-late'), T0 + 3)).toMatchObject({ status: 'revoked' });
    });

    it('stores an access token and its refresh token together or not at all', async () => {
      const err = await store()
        .issueTokens({ accessToken: token(hash('A-new')), refreshToken: token(hash('R1')) })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(await store().lookupAccessToken(hash('A-new'), T0)).toEqual({ status: 'not_found' });
    });
  });

  describe('connections of a user', () => {
    beforeEach(() => seedTokens(store()));

    it('lists unrevoked grants with client, newest token scopes and last activity, most recent first', async () => {
      await store().registerClient(client('client-2', { clientName: 'Cursor', redirectUris: ['cursor://x/cb'] }));
      await store().saveGrant(grantInput({ id: 'grant-2', clientId: 'client-2' }), T0 + 5);
      await store().saveGrant(grantInput({ id: 'grant-bob', giteaUserId: 7, giteaLogin: 'bob' }), T0);
      await store().issueTokens({
        accessToken: token(hash('A-late'), { createdAt: T0 + 9, scopes: ['read:repository', 'write:repository'] }),
        refreshToken: null,
      });
      const list = await store().listConnections(42);
      expect(list.map((c) => c.grantId)).toEqual(['grant-1', 'grant-2']);
      expect(list[0]).toEqual({
        grantId: 'grant-1',
        clientId: 'client-1',
        clientName: 'Claude',
        redirectUris: client().redirectUris,
        scopes: ['read:repository', 'write:repository'],
        createdAt: T0,
        lastActiveAt: T0 + 9,
      });
      expect(list[1]).toMatchObject({ clientName: 'Cursor', scopes: [], lastActiveAt: T0 + 5 });
      await store().revokeGrant('grant-1', T0 + 10);
      expect((await store().listConnections(42)).map((c) => c.grantId)).toEqual(['grant-2']);
      expect(await store().listConnections(999)).toEqual([]);
    });
  });

  describe('refresh tokens', () => {
    beforeEach(() => seedTokens(store()));

    it('rotates: the old token is used, the new ones inherit grant, client and family', async () => {
      const res = await store().rotateRefreshToken(
        hash('R1'),
        { refreshToken: rotated(hash('R2')), accessToken: rotated(hash('A2'), T0 + 70 * MINUTE) },
        T0 + 5,
      );
      expect(res.status).toBe('rotated');
      if (res.status !== 'rotated') return;
      expect(res.previous).toMatchObject({ tokenHash: hash('R1'), usedAt: T0 + 5 });
      const inherited = {
        grantId: 'grant-1',
        clientId: 'client-1',
        familyId: 'family-1',
        createdAt: T0 + 5,
        revokedAt: null,
      };
      expect(res.refreshToken).toEqual({ ...rotated(hash('R2')), ...inherited, usedAt: null });
      expect(res.accessToken).toEqual({ ...rotated(hash('A2'), T0 + 70 * MINUTE), ...inherited });
      expect(await store().findRefreshToken(hash('R2'))).toEqual(res.refreshToken);
      expect(await store().lookupAccessToken(hash('A2'), T0 + 6)).toMatchObject({ status: 'active' });
    });

    it('detects reuse of a rotated token so the family can be revoked', async () => {
      await store().rotateRefreshToken(
        hash('R1'),
        { refreshToken: rotated(hash('R2')), accessToken: rotated(hash('A2')) },
        T0 + 5,
      );
      const replay = await store().rotateRefreshToken(
        hash('R1'),
        { refreshToken: rotated(hash('R3')), accessToken: rotated(hash('A3')) },
        T0 + 6,
      );
      expect(replay).toMatchObject({ status: 'reused', token: { familyId: 'family-1' } });
      expect(await store().findRefreshToken(hash('R3'))).toBeNull();
      expect(await store().revokeTokenFamily('family-1', T0 + 7)).toBe(4); // A1, A2, R1 (used) and R2
    });

    it('after the family is revoked, neither the successor nor its access token works', async () => {
      await store().rotateRefreshToken(
        hash('R1'),
        { refreshToken: rotated(hash('R2')), accessToken: rotated(hash('A2')) },
        T0 + 5,
      );
      await store().revokeTokenFamily('family-1', T0 + 7);
      expect(
        await store().rotateRefreshToken(
          hash('R2'),
          { refreshToken: rotated(hash('R3')), accessToken: rotated(hash('A3')) },
          T0 + 8,
        ),
      ).toMatchObject({ status: 'revoked' });
      expect(await store().lookupAccessToken(hash('A2'), T0 + 8)).toMatchObject({ status: 'revoked' });
      expect(await store().lookupAccessToken(hash('A1'), T0 + 8)).toMatchObject({ status: 'revoked' });
    });

    it('refuses expired, unknown, and revoked-grant refresh tokens', async () => {
      const next = { refreshToken: rotated(hash('R9')), accessToken: rotated(hash('A9')) };
      expect(await store().rotateRefreshToken(hash('R1'), next, T0 + 30 * 24 * 60 * MINUTE)).toMatchObject({
        status: 'expired',
      });
      expect(await store().rotateRefreshToken(hash('nope'), next, T0)).toEqual({ status: 'not_found' });
      await store().revokeGrant('grant-1', T0 + 1);
      expect(await store().rotateRefreshToken(hash('R1'), next, T0 + 2)).toMatchObject({ status: 'revoked' });
      expect(await store().findRefreshToken(hash('R9'))).toBeNull();
    });

    it('leaves the old token usable when storing the successor fails', async () => {
      // The successor's hash collides with an existing token: the whole rotation rolls back.
      const res = store().rotateRefreshToken(
        hash('R1'),
        { refreshToken: rotated(hash('R1')), accessToken: rotated(hash('A1')) },
        T0 + 5,
      );
      await expect(res).rejects.toBeInstanceOf(Error);
      expect(await store().findRefreshToken(hash('R1'))).toMatchObject({ usedAt: null });
    });

    it('lets exactly one of many concurrent refreshes win; the rest see reuse', async () => {
      const results = await race(ctx.stores(), 12, (s, i) =>
        s.rotateRefreshToken(
          hash('R1'),
          { refreshToken: rotated(hash(`R2-${i}`)), accessToken: rotated(hash(`A2-${i}`)) },
          T0 + 5,
        ),
      );
      expect(results.filter((r) => r.status === 'rotated')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'reused')).toHaveLength(11);
      let successors = 0;
      for (let i = 0; i < 12; i++) if (await store().findRefreshToken(hash(`R2-${i}`))) successors++;
      expect(successors).toBe(1);
    });

    it('RFC 7009: revoking a refresh token revokes its family; other clients are refused', async () => {
      await store().registerClient(client('client-2'));
      expect(await store().revokeToken(hash('R1'), 'client-2', T0 + 1)).toEqual({ status: 'wrong_client' });
      expect(await store().revokeToken(hash('A1'), 'client-2', T0 + 1)).toEqual({ status: 'wrong_client' });
      expect(await store().lookupAccessToken(hash('A1'), T0 + 1)).toMatchObject({ status: 'active' });
      expect(await store().revokeToken(hash('R1'), 'client-1', T0 + 2)).toEqual({ status: 'revoked', kind: 'refresh' });
      expect(await store().lookupAccessToken(hash('A1'), T0 + 3)).toMatchObject({ status: 'revoked' });
      expect(await store().revokeToken(hash('nope'), 'client-1', T0 + 3)).toEqual({ status: 'not_found' });
    });
  });

  describe('service keys', () => {
    const key = (id: string, createdAt = T0) => ({
      id,
      name: `routing-${id}`,
      keyHash: hash(`gmk_${id}_secret`),
      scopes: 'read' as const,
      giteaTokenEnv: 'GATEA_SERVICE_TOKEN_ROUTING',
      createdAt,
    });

    it('creates, finds, lists oldest first and revokes', async () => {
      const created = await store().createServiceKey(key('bbbbbbbbbbbb', T0 + 1));
      expect(created).toEqual({ ...key('bbbbbbbbbbbb', T0 + 1), lastUsedAt: null, revokedAt: null, revoked: false });
      await store().createServiceKey({ ...key('aaaaaaaaaaaa', T0 + 2), scopes: 'write' });
      expect(await store().findServiceKey('bbbbbbbbbbbb')).toEqual(created);
      expect((await store().listServiceKeys()).map((k) => k.id)).toEqual(['bbbbbbbbbbbb', 'aaaaaaaaaaaa']);
      expect(await store().revokeServiceKey('bbbbbbbbbbbb', T0 + 3)).toBe(true);
      expect(await store().revokeServiceKey('bbbbbbbbbbbb', T0 + 4)).toBe(false);
      expect(await store().findServiceKey('bbbbbbbbbbbb')).toMatchObject({ revoked: true, revokedAt: T0 + 3 });
      expect(await store().findServiceKey('zzzzzzzzzzzz')).toBeNull();
    });

    it('refuses a duplicate id', async () => {
      await store().createServiceKey(key('cccccccccccc'));
      await expect(store().createServiceKey(key('cccccccccccc'))).rejects.toMatchObject({ code: 'duplicate' });
    });

    it('records last use at most once per interval', async () => {
      await store().createServiceKey(key('dddddddddddd'));
      await store().markServiceKeyUsed('dddddddddddd', T0 + 1000);
      await store().markServiceKeyUsed('dddddddddddd', T0 + 30_000);
      expect(await store().findServiceKey('dddddddddddd')).toMatchObject({ lastUsedAt: T0 + 1000 });
      await store().markServiceKeyUsed('dddddddddddd', T0 + 61_000);
      expect(await store().findServiceKey('dddddddddddd')).toMatchObject({ lastUsedAt: T0 + 61_000 });
      await store().markServiceKeyUsed('dddddddddddd', T0 + 61_500, 100);
      expect(await store().findServiceKey('dddddddddddd')).toMatchObject({ lastUsedAt: T0 + 61_500 });
    });
  });

  describe('housekeeping', () => {
    it('purges only what has expired', async () => {
      await seedTokens(store());
      await store().savePendingAuthorization(pending('old', { expiresAt: T0 + 1 }));
      await store().savePendingAuthorization(pending('new', { expiresAt: T0 + 10 * MINUTE }));
      await store().saveAuthorizationCode(code(hash('old-code'), { expiresAt: T0 + 1 }));
      await store().issueTokens({
        accessToken: token(hash('A-old'), { expiresAt: T0 + 1 }),
        refreshToken: token(hash('R-old'), { expiresAt: T0 + 1 }),
      });
      expect(await store().purgeExpired(T0 + 1)).toEqual({
        pendingAuthorizations: 1,
        authorizationCodes: 1,
        accessTokens: 1,
        refreshTokens: 1,
      });
      expect(await store().lookupAccessToken(hash('A1'), T0 + 2)).toMatchObject({ status: 'active' });
      expect(await store().findRefreshToken(hash('R1'))).not.toBeNull();
      expect((await store().takePendingAuthorization('new', T0 + 2)).status).toBe('ok');
    });

    it('answers ping while open and reports unreachable after close', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
      const target = await ctx.open();
      await target.store.close();
      const err = await target.store.ping().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 'unreachable', message: expect.stringContaining('GATEA_DATABASE_URL') });
    });
  });
}
