/** The service key record cache: what it keeps, for how long, and what it never keeps. */
import { describe, expect, it } from 'vitest';
import type { ServiceKeyRecord } from '../../../src/auth/index.js';
import { serviceKeyRecords } from '../../../src/auth/index.js';

const RECORD: ServiceKeyRecord = { id: 'aaaaaaaaaaaa', name: 'bot', keyHash: 'h', scopes: 'read', revoked: false };

function rig(rows: Map<string, ServiceKeyRecord>) {
  let now = 1_000_000;
  const reads: string[] = [];
  const marks: [string, number][] = [];
  const failures: unknown[] = [];
  let failNextRead = false;
  let failMarks = false;
  const find = serviceKeyRecords({
    find: async (id) => {
      reads.push(id);
      if (failNextRead) {
        failNextRead = false;
        throw new Error('store down');
      }
      const row = rows.get(id);
      return row ? { ...row } : null;
    },
    markUsed: async (id, at) => {
      if (failMarks) throw new Error('read-only database');
      marks.push([id, at]);
    },
    recheckMs: 5_000,
    lastUsedEveryMs: 60_000,
    onMarkFailed: (err) => failures.push(err),
    now: () => now,
  });
  return {
    find,
    reads,
    marks,
    failures,
    advance: (ms: number) => {
      now += ms;
    },
    failNextRead: () => {
      failNextRead = true;
    },
    failMarks: () => {
      failMarks = true;
    },
  };
}

describe('serviceKeyRecords', () => {
  it('reads a known key from the store once per recheck interval', async () => {
    const rows = new Map([[RECORD.id, RECORD]]);
    const r = rig(rows);
    expect(await r.find(RECORD.id)).toEqual(RECORD);
    r.advance(4_999);
    expect(await r.find(RECORD.id)).toEqual(RECORD);
    expect(r.reads).toEqual([RECORD.id]);
    rows.set(RECORD.id, { ...RECORD, revoked: true });
    r.advance(1);
    expect(await r.find(RECORD.id)).toMatchObject({ revoked: true });
    expect(r.reads).toEqual([RECORD.id, RECORD.id]);
  });

  it('shares one store read among concurrent requests of a key', async () => {
    const r = rig(new Map([[RECORD.id, RECORD]]));
    const all = await Promise.all([r.find(RECORD.id), r.find(RECORD.id), r.find(RECORD.id)]);
    expect(all).toEqual([RECORD, RECORD, RECORD]);
    expect(r.reads).toHaveLength(1);
  });

  it('never keeps unknown ids: each lookup asks the store', async () => {
    const r = rig(new Map());
    expect(await r.find('zzzzzzzzzzzz')).toBeNull();
    expect(await r.find('zzzzzzzzzzzz')).toBeNull();
    expect(r.reads).toEqual(['zzzzzzzzzzzz', 'zzzzzzzzzzzz']);
  });

  it('does not keep a failed read: the next request asks again', async () => {
    const r = rig(new Map([[RECORD.id, RECORD]]));
    r.failNextRead();
    await expect(r.find(RECORD.id)).rejects.toThrow('store down');
    expect(await r.find(RECORD.id)).toEqual(RECORD);
    expect(r.reads).toHaveLength(2);
  });

  it('records last use at most once per interval, never for a revoked key, and never fails a request for it', async () => {
    const rows = new Map([[RECORD.id, RECORD]]);
    const r = rig(rows);
    await r.find(RECORD.id);
    r.advance(30_000);
    await r.find(RECORD.id);
    expect(r.marks).toEqual([[RECORD.id, 1_000_000]]);
    r.advance(30_000);
    await r.find(RECORD.id);
    expect(r.marks).toEqual([
      [RECORD.id, 1_000_000],
      [RECORD.id, 1_060_000],
    ]);
    rows.set(RECORD.id, { ...RECORD, revoked: true });
    r.advance(60_000);
    await r.find(RECORD.id);
    expect(r.marks).toHaveLength(2);
    rows.set(RECORD.id, RECORD);
    r.failMarks();
    r.advance(60_000);
    expect(await r.find(RECORD.id)).toEqual(RECORD);
    await new Promise((done) => setImmediate(done));
    expect(r.failures).toHaveLength(1);
  });

  it('refuses intervals that cannot work', () => {
    expect(() =>
      serviceKeyRecords({
        find: async () => null,
        markUsed: async () => {},
        recheckMs: 0,
        lastUsedEveryMs: 1,
        onMarkFailed: () => {},
        now: Date.now,
      }),
    ).toThrow(TypeError);
  });
});
