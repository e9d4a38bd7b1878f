/**
 * The Store contract: one suite, run unchanged against every backend
 * (sqlite.test.ts, postgres.test.ts). Each test gets a fresh, empty database.
 */
import { beforeEach, describe } from 'vitest';
import type { Store } from '../../../src/store/index.js';
import { describeOAuthContract } from './contract-oauth.js';
import { describeTokenContract } from './contract-tokens.js';

export { client, grantInput, T0 } from './fixtures.js';

/** A fresh database for one test; `replica()` opens a second store on the same database. */
export interface ContractTarget {
  store: Store;
  /** A second Store on the same database, as another replica (or null when the backend cannot have one). */
  replica(): Promise<Store | null>;
}

/** Opens a fresh target; the suite closes the stores itself. */
export type OpenTarget = () => Promise<ContractTarget>;

/** Defines the whole contract suite for one backend. */
export function describeStoreContract(name: string, open: OpenTarget): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store[] = [];
    beforeEach(async () => {
      const target = await open();
      const second = await target.replica();
      current = second ? [target.store, second] : [target.store];
      return async () => {
        for (const s of current) await s.close();
      };
    });
    const ctx = {
      store: () => current[0]!,
      stores: () => current,
      open,
    };
    describeOAuthContract(ctx);
    describeTokenContract(ctx);
  });
}
