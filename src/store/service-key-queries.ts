/**
 * Service keys (`gmk_…`): the operator issues them, the store keeps a SHA-256
 * of each key, never the key itself.
 */
import type { Kysely } from 'kysely';
import { StoreError } from './errors.js';
import { isUniqueViolation } from './oauth-queries.js';
import { toServiceKey } from './rows.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** How often `markServiceKeyUsed` writes at most, by default: once a minute per key. */
const DEFAULT_LAST_USED_INTERVAL_MS = 60_000;

type ServiceKeyOperations = Pick<
  Store,
  'createServiceKey' | 'findServiceKey' | 'listServiceKeys' | 'revokeServiceKey' | 'markServiceKeyUsed'
>;

/** The service-key operations of a Store over `db`. */
export function serviceKeyOperations(db: Kysely<Database>): ServiceKeyOperations {
  return {
    async createServiceKey(key) {
      try {
        const row = await db
          .insertInto('gatea_service_keys')
          .values({
            id: key.id,
            name: key.name,
            key_hash: key.keyHash,
            scopes: key.scopes,
            gitea_token_env: key.giteaTokenEnv,
            created_at: key.createdAt,
            last_used_at: null,
            revoked_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toServiceKey(row);
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new StoreError('duplicate', `A service key with id ${key.id} already exists.`, { cause: err });
        }
        throw err;
      }
    },

    async findServiceKey(id) {
      const row = await db.selectFrom('gatea_service_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toServiceKey(row) : null;
    },

    async listServiceKeys() {
      const rows = await db.selectFrom('gatea_service_keys').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toServiceKey);
    },

    async revokeServiceKey(id, now) {
      const res = await db
        .updateTable('gatea_service_keys')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },

    async markServiceKeyUsed(id, now, minIntervalMs = DEFAULT_LAST_USED_INTERVAL_MS) {
      // Throttled in the WHERE clause: a busy key costs one write per interval, not one per request.
      await db
        .updateTable('gatea_service_keys')
        .set({ last_used_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - minIntervalMs)]))
        .execute();
    },
  };
}
