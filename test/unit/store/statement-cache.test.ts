/** The SQLite statement cache under kysely: statements are reused, never while an iterator still reads one. */
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../src/store/open-store.js';

const open: SqliteDatabase.Database[] = [];
function database() {
  const db = new SqliteDatabase(':memory:');
  open.push(db);
  db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);');
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('withStatementCache', () => {
  it('hands out the compiled statement again for the same SQL', () => {
    const cached = withStatementCache(database());
    const first = cached.prepare('SELECT n FROM t WHERE n > ?');
    expect(cached.prepare('SELECT n FROM t WHERE n > ?')).toBe(first);
    expect(cached.prepare('SELECT n FROM t WHERE n < ?')).not.toBe(first);
    expect(first.all([1])).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('prepares a fresh statement while the cached one is being iterated', () => {
    const cached = withStatementCache(database());
    const sql = 'SELECT n FROM t ORDER BY n';
    const reading = cached.prepare(sql).iterate([]);
    expect(reading.next().value).toEqual({ n: 1 });
    const other = cached.prepare(sql);
    expect(other.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...reading]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('keeps a bounded number of statements', () => {
    const cached = withStatementCache(database());
    const first = cached.prepare('SELECT 0');
    for (let i = 1; i <= 256; i++) cached.prepare(`SELECT ${i}`);
    expect(cached.prepare('SELECT 0')).not.toBe(first);
    expect(cached.prepare('SELECT 256')).toBe(cached.prepare('SELECT 256'));
  });
});
