/** Creates a service key the way an operator does (`gatea keys create`), for tests that start a gateway. */
import { runKeys } from '../../src/cli/keys.js';
import { openStore } from '../../src/store/index.js';

/** A new `gmk_` key in the store at `databaseUrl`, acting with the Gitea token in env var `tokenEnv`. */
export async function createServiceKey(
  databaseUrl: string,
  name: string,
  scopes: 'read' | 'write',
  tokenEnv: string,
): Promise<string> {
  const store = await openStore(databaseUrl);
  let key = '';
  try {
    await runKeys(
      ['create', '--name', name, '--scopes', scopes, '--gitea-token-env', tokenEnv],
      store,
      {
        out: (k) => {
          key = k;
        },
      },
      Date.now,
    );
  } finally {
    await store.close();
  }
  return key;
}
