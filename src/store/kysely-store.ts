/**
 * The one Store implementation, over kysely; the backends differ only in the
 * dialect handed in by `openStore` (and the byte type in the migrations).
 */
import { type Kysely, sql } from 'kysely';
import { describeDriverError, StoreError } from './errors.js';
import type { Backend } from './migrations.js';
import { oauthOperations } from './oauth-queries.js';
import type { Database } from './schema.js';
import { serviceKeyOperations } from './service-key-queries.js';
import { tokenOperations } from './token-queries.js';
import type { PurgeCounts, Store } from './types.js';

async function purgeExpired(db: Kysely<Database>, now: number): Promise<PurgeCounts> {
  const purge = async (
    table:
      | 'gatea_pending_authorizations'
      | 'gatea_authorization_codes'
      | 'gatea_access_tokens'
      | 'gatea_refresh_tokens',
  ) => Number((await db.deleteFrom(table).where('expires_at', '<=', now).executeTakeFirst()).numDeletedRows);
  return {
    pendingAuthorizations: await purge('gatea_pending_authorizations'),
    authorizationCodes: await purge('gatea_authorization_codes'),
    accessTokens: await purge('gatea_access_tokens'),
    refreshTokens: await purge('gatea_refresh_tokens'),
  };
}

/** Builds the Store over an open, migrated database; `describe` names it in errors without credentials. */
export function createKyselyStore(db: Kysely<Database>, backend: Backend, describe: string): Store {
  return {
    backend,
    ...oauthOperations(db),
    ...tokenOperations(db),
    ...serviceKeyOperations(db),
    purgeExpired: (now) => purgeExpired(db, now),
    async ping() {
      try {
        await sql`select 1`.execute(db);
      } catch (err) {
        throw new StoreError(
          'unreachable',
          `The database ${describe} (GATEA_DATABASE_URL) does not answer: ${describeDriverError(err)}`,
          { cause: err },
        );
      }
    },
    close: () => db.destroy(),
  };
}
