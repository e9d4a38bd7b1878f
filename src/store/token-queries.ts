/**
 * Grants and Gatea's own access/refresh tokens.
 *
 * Refresh tokens rotate on every use (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2):
 * the old one is marked used in the same transaction that stores its
 * successor, with the "still unused" test inside the UPDATE, so of two racing
 * refreshes exactly one wins and the other sees `reused`. A used token is kept
 * until it expires so a replay stays detectable; the caller then revokes the
 * whole family.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import { joinScopes, toAccessToken, toBuffer, toConnection, toGrant, toRefreshToken } from './rows.js';
import type { Database, GrantsTable } from './schema.js';
import type { AccessToken, NewAccessToken, NewRefreshToken, RefreshToken, Store } from './types.js';

type TokenOperations = Pick<
  Store,
  | 'saveGrant'
  | 'findGrant'
  | 'replaceGiteaTokens'
  | 'revokeGrant'
  | 'listConnections'
  | 'issueTokens'
  | 'lookupAccessToken'
  | 'findRefreshToken'
  | 'rotateRefreshToken'
  | 'revokeTokenFamily'
  | 'revokeToken'
>;

function accessRow(t: NewAccessToken) {
  return {
    token_hash: t.tokenHash,
    grant_id: t.grantId,
    client_id: t.clientId,
    family_id: t.familyId,
    scopes: joinScopes(t.scopes),
    resource: t.resource,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    revoked_at: null,
  };
}

function refreshRow(t: NewRefreshToken) {
  return { ...accessRow(t), used_at: null };
}

async function isGrantRevoked(db: Kysely<Database>, grantId: string): Promise<boolean> {
  const row = await db.selectFrom('gatea_grants').select('revoked_at').where('id', '=', grantId).executeTakeFirst();
  return !row || row.revoked_at !== null;
}

async function revokeFamily(db: Kysely<Database>, familyId: string, now: number): Promise<number> {
  let count = 0n;
  for (const table of ['gatea_access_tokens', 'gatea_refresh_tokens'] as const) {
    const res = await db
      .updateTable(table)
      .set({ revoked_at: now })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    count += res.numUpdatedRows;
  }
  return Number(count);
}

/** Classifies a refresh token that could not be rotated. */
async function whyNotRotated(db: Kysely<Database>, hash: string, now: number) {
  const row = await db.selectFrom('gatea_refresh_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!row) return { status: 'not_found' } as const;
  const token = toRefreshToken(row);
  if (token.revokedAt !== null || (await isGrantRevoked(db, token.grantId)))
    return { status: 'revoked', token } as const;
  if (token.usedAt !== null) return { status: 'reused', token } as const;
  if (token.expiresAt <= now) return { status: 'expired', token } as const;
  // Unreachable unless the row changed between the two statements; report it as a replay to stay safe.
  return { status: 'reused', token } as const;
}

function grantOperations(
  db: Kysely<Database>,
): Pick<TokenOperations, 'saveGrant' | 'findGrant' | 'replaceGiteaTokens' | 'listConnections'> {
  return {
    async listConnections(giteaUserId) {
      const rows = await db
        .selectFrom('gatea_grants as g')
        .innerJoin('gatea_clients as c', 'c.client_id', 'g.client_id')
        .select((eb) => [
          'g.id',
          'g.client_id',
          'g.created_at',
          'c.client_name',
          'c.redirect_uris',
          eb
            .selectFrom('gatea_access_tokens as t')
            .select((t) => t.fn.max('t.created_at').as('m'))
            .whereRef('t.grant_id', '=', 'g.id')
            .as('last_token_at'),
          eb
            .selectFrom('gatea_access_tokens as t')
            .select('t.scopes')
            .whereRef('t.grant_id', '=', 'g.id')
            .orderBy('t.created_at', 'desc')
            .limit(1)
            .as('last_scopes'),
        ])
        .where('g.gitea_user_id', '=', giteaUserId)
        .where('g.revoked_at', 'is', null)
        .execute();
      return rows.map(toConnection).sort((a, b) => b.lastActiveAt - a.lastActiveAt);
    },

    async saveGrant(g, now) {
      const row = await db
        .insertInto('gatea_grants')
        .values({
          id: g.id,
          client_id: g.clientId,
          gitea_user_id: g.giteaUserId,
          gitea_login: g.giteaLogin,
          gitea_access_token: toBuffer(g.giteaAccessToken),
          gitea_refresh_token: g.giteaRefreshToken === null ? null : toBuffer(g.giteaRefreshToken),
          gitea_token_expires_at: g.giteaTokenExpiresAt,
          scopes: joinScopes(g.scopes),
          created_at: now,
          updated_at: now,
          revoked_at: null,
          version: 1,
        })
        .onConflict((oc) =>
          oc.columns(['client_id', 'gitea_user_id']).doUpdateSet((eb) => ({
            gitea_login: eb.ref('excluded.gitea_login'),
            gitea_access_token: eb.ref('excluded.gitea_access_token'),
            gitea_refresh_token: eb.ref('excluded.gitea_refresh_token'),
            gitea_token_expires_at: eb.ref('excluded.gitea_token_expires_at'),
            scopes: eb.ref('excluded.scopes'),
            updated_at: now,
            revoked_at: null,
            version: sql<number>`gatea_grants.version + 1`,
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toGrant(row);
    },

    async findGrant(id) {
      const row = await db.selectFrom('gatea_grants').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toGrant(row) : null;
    },

    async replaceGiteaTokens(grantId, expectedVersion, tokens, now) {
      const row = await db
        .updateTable('gatea_grants')
        .set({
          gitea_access_token: toBuffer(tokens.giteaAccessToken),
          gitea_refresh_token: tokens.giteaRefreshToken === null ? null : toBuffer(tokens.giteaRefreshToken),
          gitea_token_expires_at: tokens.giteaTokenExpiresAt,
          updated_at: now,
          version: sql<number>`version + 1`,
        })
        .where('id', '=', grantId)
        .where('version', '=', expectedVersion)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row ? toGrant(row) : null;
    },
  };
}

/**
 * An access token and its grant in one statement, built and compiled once: it
 * runs on every broker request, where building and running two queries was
 * most of what a broker token cost over a service key (bench/RESULTS.md). The
 * token hash is its only parameter; the token's columns carry a `t_` prefix.
 */
function accessTokenWithGrantQuery(db: Kysely<Database>) {
  const compiled = db
    .selectFrom('gatea_access_tokens as t')
    .leftJoin('gatea_grants as g', 'g.id', 't.grant_id')
    .selectAll('g')
    .select([
      't.token_hash as t_token_hash',
      't.grant_id as t_grant_id',
      't.client_id as t_client_id',
      't.family_id as t_family_id',
      't.scopes as t_scopes',
      't.resource as t_resource',
      't.created_at as t_created_at',
      't.expires_at as t_expires_at',
      't.revoked_at as t_revoked_at',
    ])
    .where('t.token_hash', '=', '')
    .compile();
  // The hash is substituted by position: the statement must have no other parameter.
  if (compiled.parameters.length !== 1) throw new Error('the access token lookup must have one parameter');
  return (tokenHash: string): typeof compiled => ({ ...compiled, parameters: [tokenHash] });
}

/** The grant and token operations of a Store over `db`. */
export function tokenOperations(db: Kysely<Database>): TokenOperations {
  const accessTokenWithGrant = accessTokenWithGrantQuery(db);
  return {
    ...grantOperations(db),

    async revokeGrant(grantId, now) {
      return db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('gatea_grants')
          .set({
            revoked_at: sql<number>`coalesce(revoked_at, ${now})`,
            updated_at: now,
            version: sql<number>`version + 1`,
          })
          .where('id', '=', grantId)
          .executeTakeFirst();
        if (res.numUpdatedRows === 0n) return false;
        for (const table of ['gatea_access_tokens', 'gatea_refresh_tokens'] as const) {
          await trx
            .updateTable(table)
            .set({ revoked_at: now })
            .where('grant_id', '=', grantId)
            .where('revoked_at', 'is', null)
            .execute();
        }
        // An unredeemed code of a revoked grant must not yield tokens.
        await trx.deleteFrom('gatea_authorization_codes').where('grant_id', '=', grantId).execute();
        return true;
      });
    },

    async issueTokens({ accessToken, refreshToken }) {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('gatea_access_tokens').values(accessRow(accessToken)).execute();
        if (refreshToken) await trx.insertInto('gatea_refresh_tokens').values(refreshRow(refreshToken)).execute();
      });
    },

    async lookupAccessToken(tokenHash, now) {
      const row = (await db.executeQuery(accessTokenWithGrant(tokenHash))).rows[0];
      if (!row) return { status: 'not_found' };
      const token = toAccessToken({
        token_hash: row.t_token_hash,
        grant_id: row.t_grant_id,
        client_id: row.t_client_id,
        family_id: row.t_family_id,
        scopes: row.t_scopes,
        resource: row.t_resource,
        created_at: row.t_created_at,
        expires_at: row.t_expires_at,
        revoked_at: row.t_revoked_at,
      });
      // A left join: a token whose grant row is gone reads as revoked, not unknown.
      if (token.revokedAt !== null || row.id === null || row.revoked_at !== null) return { status: 'revoked', token };
      if (token.expiresAt <= now) return { status: 'expired', token };
      // The join found the grant (row.id is set), so its columns hold the grant's own values.
      return { status: 'active', token, grant: toGrant(row as Selectable<GrantsTable>) };
    },

    async findRefreshToken(tokenHash) {
      const row = await db
        .selectFrom('gatea_refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toRefreshToken(row) : null;
    },

    async rotateRefreshToken(oldHash, next, now) {
      const rotated = await db.transaction().execute(async (trx) => {
        const oldRow = await trx
          .updateTable('gatea_refresh_tokens')
          .set({ used_at: now })
          .where('token_hash', '=', oldHash)
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .where('grant_id', 'in', (eb) => eb.selectFrom('gatea_grants').select('id').where('revoked_at', 'is', null))
          .returningAll()
          .executeTakeFirst();
        if (!oldRow) return null;
        const previous = toRefreshToken(oldRow);
        const inherited = { grantId: previous.grantId, clientId: previous.clientId, familyId: previous.familyId };
        const refreshToken: RefreshToken = {
          ...next.refreshToken,
          ...inherited,
          createdAt: now,
          revokedAt: null,
          usedAt: null,
        };
        const accessToken: AccessToken = { ...next.accessToken, ...inherited, createdAt: now, revokedAt: null };
        await trx.insertInto('gatea_refresh_tokens').values(refreshRow(refreshToken)).execute();
        await trx.insertInto('gatea_access_tokens').values(accessRow(accessToken)).execute();
        return { status: 'rotated', previous, refreshToken, accessToken } as const;
      });
      return rotated ?? whyNotRotated(db, oldHash, now);
    },

    async revokeTokenFamily(familyId, now) {
      return db.transaction().execute((trx) => revokeFamily(trx, familyId, now));
    },

    async revokeToken(tokenHash, clientId, now) {
      const access = await db
        .selectFrom('gatea_access_tokens')
        .select(['client_id'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (access) {
        if (access.client_id !== clientId) return { status: 'wrong_client' };
        await db
          .updateTable('gatea_access_tokens')
          .set({ revoked_at: now })
          .where('token_hash', '=', tokenHash)
          .where('revoked_at', 'is', null)
          .execute();
        return { status: 'revoked', kind: 'access' };
      }
      const refresh = await db
        .selectFrom('gatea_refresh_tokens')
        .select(['client_id', 'family_id'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!refresh) return { status: 'not_found' };
      if (refresh.client_id !== clientId) return { status: 'wrong_client' };
      // RFC 7009 §2.1: revoking a refresh token also invalidates the access tokens of the same grant chain.
      await db.transaction().execute((trx) => revokeFamily(trx, refresh.family_id, now));
      return { status: 'revoked', kind: 'refresh' };
    },
  };
}
