/** Store contract, first half: clients, pending authorizations, codes, grants. */
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
  seedTokens,
  T0,
  token,
} from './fixtures.js';

/** Clients, pending authorizations, authorization codes and grants. */
export function describeOAuthContract(ctx: ContractContext): void {
  const store = () => ctx.store();
  describe('clients', () => {
    it('stores and returns a registration with every field', async () => {
      const c = client('c-full', { clientSecretHash: hash('secret'), tokenEndpointAuthMethod: 'client_secret_post' });
      await store().registerClient(c);
      expect(await store().findClient('c-full')).toEqual(c);
      expect(await store().findClient('nope')).toBeNull();
    });

    it('refuses a second registration with the same client_id', async () => {
      await store().registerClient(client());
      const err = await store()
        .registerClient(client())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 'duplicate' });
    });

    it('inserts and then refreshes a client from its metadata document, keeping created_at', async () => {
      const url = 'https://app.example/oauth/client.json';
      await store().saveClientMetadataDocument(client(url, { cimd: false }));
      expect(await store().findClient(url)).toMatchObject({ cimd: true, createdAt: T0 });
      await store().saveClientMetadataDocument(
        client(url, {
          clientName: 'Renamed',
          redirectUris: ['https://app.example/cb'],
          createdAt: T0 + 5,
          updatedAt: T0 + 5,
        }),
      );
      expect(await store().findClient(url)).toMatchObject({
        clientName: 'Renamed',
        redirectUris: ['https://app.example/cb'],
        createdAt: T0,
        updatedAt: T0 + 5,
        cimd: true,
      });
    });

    it('deleting a client removes its pending authorizations, grants and tokens', async () => {
      await seedTokens(store());
      await store().savePendingAuthorization(pending('s1'));
      expect(await store().deleteClient('client-1')).toBe(true);
      expect(await store().deleteClient('client-1')).toBe(false);
      expect(await store().findGrant('grant-1')).toBeNull();
      expect(await store().lookupAccessToken(hash('A1'), T0)).toEqual({ status: 'not_found' });
      expect(await store().takePendingAuthorization('s1', T0)).toEqual({ status: 'not_found' });
    });
  });

  describe('unused registrations', () => {
    it('deletes old DCR clients with no grant and nothing in flight, and nothing else', async () => {
      await store().registerClient(client('unused'));
      await store().registerClient(client('recent', { createdAt: T0 + 10 * MINUTE }));
      await store().registerClient(client('granted'));
      await store().saveGrant(grantInput({ id: 'g-used', clientId: 'granted' }), T0);
      await store().registerClient(client('in-flight'));
      await store().savePendingAuthorization(pending('s-1', { clientId: 'in-flight' }));
      await store().saveClientMetadataDocument(client('https://app.example/cimd.json', { cimd: true }));
      expect(await store().deleteUnusedClients(T0 + MINUTE)).toBe(1);
      expect(await store().findClient('unused')).toBeNull();
      for (const kept of ['recent', 'granted', 'in-flight', 'https://app.example/cimd.json'])
        expect(await store().findClient(kept), kept).not.toBeNull();
    });
  });

  describe('pending authorizations', () => {
    beforeEach(() => store().registerClient(client()));

    it('can be taken exactly once', async () => {
      await store().savePendingAuthorization(pending('state-1'));
      expect(await store().takePendingAuthorization('state-1', T0 + 1)).toEqual({
        status: 'ok',
        pending: pending('state-1'),
      });
      expect(await store().takePendingAuthorization('state-1', T0 + 2)).toEqual({ status: 'not_found' });
    });

    it('reports expiry at and after expires_at, and is gone afterwards', async () => {
      await store().savePendingAuthorization(pending('state-2'));
      const res = await store().takePendingAuthorization('state-2', T0 + 10 * MINUTE);
      expect(res.status).toBe('expired');
      expect(await store().takePendingAuthorization('state-2', T0)).toEqual({ status: 'not_found' });
    });

    it('keeps null optional fields', async () => {
      const p = pending('state-3', { clientState: null, giteaCodeVerifier: null, resource: null, scopes: [] });
      await store().savePendingAuthorization(p);
      expect(await store().takePendingAuthorization('state-3', T0)).toEqual({ status: 'ok', pending: p });
    });

    it('gives a state to only one of many concurrent callbacks', async () => {
      await store().savePendingAuthorization(pending('state-race'));
      const results = await race(ctx.stores(), 16, (s) => s.takePendingAuthorization('state-race', T0 + 1));
      expect(results.filter((r) => r.status === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'not_found')).toHaveLength(15);
    });
  });

  describe('authorization codes', () => {
    beforeEach(async () => {
      await store().registerClient(client());
      await store().saveGrant(grantInput(), T0);
    });

    it('redeems once; a replay reports reused with the family to revoke', async () => {
      await store().saveAuthorizationCode(code(hash('code-1')));
      const first = await store().redeemAuthorizationCode(hash('code-1'), T0 + 1000);
      expect(first).toEqual({ status: 'ok', code: { ...code(hash('code-1')), usedAt: T0 + 1000 } });
      const second = await store().redeemAuthorizationCode(hash('code-1'), T0 + 2000);
      expect(second).toMatchObject({ status: 'reused', code: { familyId: 'family-1', usedAt: T0 + 1000 } });
    });

    it('refuses an expired code without consuming it', async () => {
      await store().saveAuthorizationCode(code(hash('code-2')));
      expect(await store().redeemAuthorizationCode(hash('code-2'), T0 + MINUTE)).toMatchObject({
        status: 'expired',
        code: { usedAt: null },
      });
      expect(await store().redeemAuthorizationCode(hash('unknown'), T0)).toEqual({ status: 'not_found' });
    });

    it('lets exactly one of many concurrent redemptions win', async () => {
      await store().saveAuthorizationCode(code(hash('code-race')));
      const results = await race(ctx.stores(), 16, (s, i) => s.redeemAuthorizationCode(hash('code-race'), T0 + i));
      expect(results.filter((r) => r.status === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'reused')).toHaveLength(15);
    });
  });

  describe('grants', () => {
    beforeEach(() => store().registerClient(client()));

    it('creates a grant and returns the ciphertext bytes unchanged', async () => {
      const backing = new Uint8Array([7, 7, 1, 2, 3, 7]);
      const input = grantInput({ giteaAccessToken: backing.subarray(2, 5) });
      const g = await store().saveGrant(input, T0);
      expect(g).toMatchObject({ id: 'grant-1', version: 1, createdAt: T0, updatedAt: T0, revokedAt: null });
      expect(Array.from(g.giteaAccessToken)).toEqual([1, 2, 3]);
      const found = await store().findGrant('grant-1');
      expect(found).toEqual(g);
      expect(Array.from(found?.giteaRefreshToken ?? [])).toEqual([9, 8, 7]);
      expect(found?.giteaUserId).toBe(42);
      expect(await store().findGrant('nope')).toBeNull();
    });

    it('renews the same grant for the same user and client, keeping its id and un-revoking it', async () => {
      await store().saveGrant(grantInput(), T0);
      await store().revokeGrant('grant-1', T0 + 1);
      const renewed = await store().saveGrant(
        grantInput({
          id: 'grant-other',
          giteaAccessToken: new Uint8Array([5]),
          giteaRefreshToken: null,
          scopes: ['write:repository'],
        }),
        T0 + 2,
      );
      expect(renewed).toMatchObject({
        id: 'grant-1',
        createdAt: T0,
        updatedAt: T0 + 2,
        revokedAt: null,
        giteaRefreshToken: null,
        scopes: ['write:repository'],
      });
      expect(renewed.version).toBeGreaterThan(1);
      expect(await store().findGrant('grant-other')).toBeNull();
    });

    it('keeps separate grants per client', async () => {
      await store().registerClient(client('client-2'));
      await store().saveGrant(grantInput(), T0);
      const other = await store().saveGrant(grantInput({ id: 'grant-2', clientId: 'client-2' }), T0);
      expect(other.id).toBe('grant-2');
    });

    it('replaces Gitea tokens only when the version still matches', async () => {
      const g = await store().saveGrant(grantInput(), T0);
      const update = {
        giteaAccessToken: new Uint8Array([1]),
        giteaRefreshToken: new Uint8Array([2]),
        giteaTokenExpiresAt: T0 + 999,
      };
      const next = await store().replaceGiteaTokens(g.id, g.version, update, T0 + 5);
      expect(next).toMatchObject({ version: g.version + 1, updatedAt: T0 + 5, giteaTokenExpiresAt: T0 + 999 });
      expect(Array.from(next?.giteaAccessToken ?? [])).toEqual([1]);
      expect(await store().replaceGiteaTokens(g.id, g.version, update, T0 + 6)).toBeNull();
      await store().revokeGrant(g.id, T0 + 7);
      const revoked = await store().findGrant(g.id);
      expect(await store().replaceGiteaTokens(g.id, revoked?.version ?? 0, update, T0 + 8)).toBeNull();
    });

    it('lets one of several replicas refreshing the same Gitea token win', async () => {
      const g = await store().saveGrant(grantInput(), T0);
      const results = await race(ctx.stores(), 8, (s, i) =>
        s.replaceGiteaTokens(
          g.id,
          g.version,
          { giteaAccessToken: new Uint8Array([i]), giteaRefreshToken: null, giteaTokenExpiresAt: null },
          T0 + i,
        ),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('revoking a grant revokes its tokens and voids its unredeemed codes', async () => {
      await store().saveGrant(grantInput(), T0);
      await store().issueTokens({ accessToken: token(hash('A')), refreshToken: token(hash('R')) });
      await store().saveAuthorizationCode(code(hash('c')));
      expect(await store().revokeGrant('grant-1', T0 + 1)).toBe(true);
      expect(await store().findGrant('grant-1')).toMatchObject({ revokedAt: T0 + 1 });
      expect(await store().lookupAccessToken(hash('A'), T0 + 2)).toMatchObject({ status: 'revoked' });
      expect(await store().findRefreshToken(hash('R'))).toMatchObject({ revokedAt: T0 + 1 });
      expect(await store().redeemAuthorizationCode(hash('c'), T0 + 2)).toEqual({ status: 'not_found' });
      expect(await store().revokeGrant('nope', T0)).toBe(false);
    });
  });
}
