/**
 * The store keeps every connection and statement alive (better-sqlite3 12 on
 * Node 24 aborts when the GC finalizes one without a current environment), so
 * prepare() is a cache and pragma() must still answer as better-sqlite3's does.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { pinned } from '../../src/store/store.js';

/**
 * The unpinned connection the comparison needs is held for the worker's life too, with
 * every statement it prepares (its pragma() goes through prepare()): see test/sqlite.ts.
 */
const held: unknown[] = [];
function plainDatabase(): Database.Database {
  const db = new Database(':memory:');
  held.push(db);
  const prepare = db.prepare.bind(db);
  db.prepare = ((...args: Parameters<typeof prepare>) => {
    const stmt = (prepare as (...a: unknown[]) => Database.Statement)(...args);
    held.push(stmt);
    return stmt;
  }) as typeof db.prepare;
  return db;
}

describe('pinned connections', () => {
  it('prepare() returns the one statement for the same SQL, a new one for other SQL', () => {
    const db = pinned(new Database(':memory:'));
    const a = db.prepare('SELECT 1 AS one');
    expect(db.prepare('SELECT 1 AS one')).toBe(a);
    expect(db.prepare('SELECT 2 AS two')).not.toBe(a);
    expect(a.get()).toEqual({ one: 1 });
    db.close();
  });

  it('pragma() answers as better-sqlite3 does: rows, simple values, and statements that return nothing', () => {
    const db = pinned(new Database(':memory:'));
    const plain = plainDatabase();
    for (const d of [db, plain]) {
      d.pragma('user_version = 7');
      d.exec('CREATE TABLE t (x)');
    }
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(db.pragma('user_version')).toEqual(plain.pragma('user_version'));
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(db.pragma('foreign_keys = ON')).toEqual(plain.pragma('foreign_keys = ON'));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('table_info(t)')).toEqual(plain.pragma('table_info(t)'));
    db.close();
    plain.close();
  });
});
