/**
 * Service key records as the auth pipeline reads them: from the store at most
 * once per `recheckMs` per key, not on every request (a store round trip per
 * call was the largest cost of a service key's request; with PostgreSQL it is a
 * network hop). A revocation (`gatea keys revoke`, often from another process
 * or replica) therefore takes effect within `recheckMs`. Only keys the store
 * knows are kept: anyone can make up key ids, so unknown ones are looked up
 * every time and cannot fill the map. The key's hash is still compared on every
 * request, so a cached record never lets a different secret in.
 *
 * Also records "last used" (`markServiceKeyUsed`), at most once per
 * `lastUsedEveryMs` per key and without holding up the request.
 */
import type { ServiceKeyRecord } from './authenticate.js';

export interface ServiceKeyRecordsOptions {
  find(id: string): Promise<ServiceKeyRecord | null>;
  markUsed(id: string, now: number): Promise<void>;
  /** How long a record read from the store is trusted. */
  recheckMs: number;
  lastUsedEveryMs: number;
  /** Called when recording "last used" fails (it never fails a request). */
  onMarkFailed(err: unknown): void;
  now: () => number;
}

/** Upper bound on cached records: keys are made by operators, so this is never reached in practice. */
const MAX_RECORDS = 10_000;

/** Returns the lookup the pipeline uses (`AuthPipelineDeps.findServiceKey`). */
export function serviceKeyRecords(opts: ServiceKeyRecordsOptions): (id: string) => Promise<ServiceKeyRecord | null> {
  if (!(opts.recheckMs > 0) || !(opts.lastUsedEveryMs > 0))
    throw new TypeError('serviceKeyRecords needs positive recheckMs and lastUsedEveryMs');
  const read = new Map<string, { until: number; record: Promise<ServiceKeyRecord | null> }>();
  const markedAt = new Map<string, number>();

  const markUsed = (id: string, now: number) => {
    if (now - (markedAt.get(id) ?? Number.NEGATIVE_INFINITY) < opts.lastUsedEveryMs) return;
    markedAt.set(id, now);
    opts.markUsed(id, now).catch(opts.onMarkFailed);
  };

  return async (id) => {
    const now = opts.now();
    let entry = read.get(id);
    if (!entry || entry.until <= now) {
      // Concurrent requests of one key share one store read.
      entry = { until: now + opts.recheckMs, record: opts.find(id) };
      read.set(id, entry);
      if (read.size > MAX_RECORDS) read.delete(read.keys().next().value as string);
    }
    let record: ServiceKeyRecord | null;
    try {
      record = await entry.record;
    } catch (err) {
      if (read.get(id) === entry) read.delete(id);
      throw err;
    }
    if (record === null) {
      if (read.get(id) === entry) read.delete(id);
      return null;
    }
    if (!record.revoked) markUsed(id, now);
    return record;
  };
}
