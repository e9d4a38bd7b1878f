/**
 * Client registrations, pending authorizations and authorization codes.
 *
 * Take-once operations are one statement each (`DELETE … RETURNING`,
 * `UPDATE … WHERE used_at IS NULL RETURNING`): the database decides the single
 * winner, so replicas need no lock of their own (RFC 6749 §4.1.2, OAuth 2.1
 * §4.1.3: a code is used once).
 */
import type { Kysely } from 'kysely';
import { StoreError } from './errors.js';
import { fromClient, joinScopes, toClient, toCode, toPending } from './rows.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** Driver error codes for a primary key or unique constraint violation (PostgreSQL, SQLite). */
const UNIQUE_VIOLATION_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

/** True when `err` is a driver's unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && UNIQUE_VIOLATION_CODES.has(err.code);
}

type OAuthOperations = Pick<
  Store,
  | 'registerClient'
  | 'saveClientMetadataDocument'
  | 'findClient'
  | 'deleteClient'
  | 'deleteUnusedClients'
  | 'savePendingAuthorization'
  | 'takePendingAuthorization'
  | 'saveAuthorizationCode'
  | 'redeemAuthorizationCode'
>;

/** The client, pending-authorization and code operations of a Store over `db`. */
export function oauthOperations(db: Kysely<Database>): OAuthOperations {
  return {
    async registerClient(client) {
      try {
        await db.insertInto('gatea_clients').values(fromClient(client)).execute();
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new StoreError('duplicate', `A client with this client_id is already registered.`, { cause: err });
        }
        throw err;
      }
    },

    async saveClientMetadataDocument(client) {
      const row = fromClient({ ...client, cimd: true });
      await db
        .insertInto('gatea_clients')
        .values(row)
        .onConflict((oc) =>
          oc.column('client_id').doUpdateSet({
            client_secret_hash: row.client_secret_hash,
            redirect_uris: row.redirect_uris,
            client_name: row.client_name,
            grant_types: row.grant_types,
            token_endpoint_auth_method: row.token_endpoint_auth_method,
            cimd: 1,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },

    async findClient(clientId) {
      const row = await db.selectFrom('gatea_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      return row ? toClient(row) : null;
    },

    async deleteUnusedClients(registeredBefore) {
      const res = await db
        .deleteFrom('gatea_clients')
        .where('cimd', '=', 0)
        .where('created_at', '<=', registeredBefore)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('gatea_grants')
                .select('id')
                .whereRef('gatea_grants.client_id', '=', 'gatea_clients.client_id'),
            ),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('gatea_pending_authorizations')
                .select('state')
                .whereRef('gatea_pending_authorizations.client_id', '=', 'gatea_clients.client_id'),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    async deleteClient(clientId) {
      const res = await db.deleteFrom('gatea_clients').where('client_id', '=', clientId).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    async savePendingAuthorization(p) {
      await db
        .insertInto('gatea_pending_authorizations')
        .values({
          state: p.state,
          client_id: p.clientId,
          redirect_uri: p.redirectUri,
          client_state: p.clientState,
          code_challenge: p.codeChallenge,
          code_challenge_method: p.codeChallengeMethod,
          gitea_code_verifier: p.giteaCodeVerifier,
          scopes: joinScopes(p.scopes),
          resource: p.resource,
          created_at: p.createdAt,
          expires_at: p.expiresAt,
        })
        .execute();
    },

    async takePendingAuthorization(state, now) {
      // Deleted whether or not it expired: a state is never good twice.
      const row = await db
        .deleteFrom('gatea_pending_authorizations')
        .where('state', '=', state)
        .returningAll()
        .executeTakeFirst();
      if (!row) return { status: 'not_found' };
      const pending = toPending(row);
      return pending.expiresAt > now ? { status: 'ok', pending } : { status: 'expired', pending };
    },

    async saveAuthorizationCode(c) {
      await db
        .insertInto('gatea_authorization_codes')
        .values({
          code_hash: c.codeHash,
          client_id: c.clientId,
          redirect_uri: c.redirectUri,
          code_challenge: c.codeChallenge,
          code_challenge_method: c.codeChallengeMethod,
          grant_id: c.grantId,
          family_id: c.familyId,
          scopes: joinScopes(c.scopes),
          resource: c.resource,
          created_at: c.createdAt,
          expires_at: c.expiresAt,
          used_at: null,
        })
        .execute();
    },

    async redeemAuthorizationCode(codeHash, now) {
      // Kept after use (not deleted) so a replay is recognised and its family revoked.
      const won = await db
        .updateTable('gatea_authorization_codes')
        .set({ used_at: now })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      if (won) return { status: 'ok', code: toCode(won) };
      const row = await db
        .selectFrom('gatea_authorization_codes')
        .selectAll()
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      if (!row) return { status: 'not_found' };
      const code = toCode(row);
      return code.usedAt !== null ? { status: 'reused', code } : { status: 'expired', code };
    },
  };
}
