/**
 * Opening SQLite databases (better-sqlite3), for the store's lib.db and for
 * `file sync`'s state and plan. One place for the two things every connection
 * of this program needs: the addon named directly, and pinning.
 */
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A pinned connection to `file` ('' is a private temporary database, deleted when closed). */
export function openSqlite(file: string, options: BetterSqlite3.Options = {}): BetterSqlite3.Database {
  return pinned(new Database(file, { nativeBinding: nativeBinding(), ...options }));
}

/**
 * better-sqlite3's compiled addon, where npm builds it (build/Release), named
 * directly: its default lookup (the `bindings` package) walks the call stack
 * and tries a dozen paths, which every local command paid at start-up.
 * Undefined (that default lookup) when the addon is somewhere else.
 */
let binding: string | undefined | null = null;

function nativeBinding(): string | undefined {
  if (binding === null) binding = findBinding();
  return binding;
}

function findBinding(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const file = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every connection and every statement it prepares stays referenced for the
 * life of the process. better-sqlite3 12 on Node 24 aborts the process when the
 * garbage collector finalizes one of its objects at a moment with no current
 * Node environment (`RemoveEnvironmentCleanupHook: Assertion (env) != nullptr`);
 * an object that is never collected is never finalized. The statement cache
 * also saves re-preparing the same SQL (better-sqlite3's own pragma() goes
 * through prepare() too). The SQL shapes are few and fixed, so the cache is small.
 */
const keepAlive = new Set<BetterSqlite3.Database>();

export function pinned(db: BetterSqlite3.Database): BetterSqlite3.Database {
  keepAlive.add(db);
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string, ...rest: unknown[]) => {
    if (rest.length > 0) return (prepare as (...a: unknown[]) => BetterSqlite3.Statement)(sql, ...rest);
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = prepare(sql)));
    return stmt;
  }) as typeof db.prepare;
  // better-sqlite3's own pragma() prepares a fresh statement each call, past the cache.
  db.pragma = ((source: string, options?: { simple?: boolean }) => {
    const stmt = db.prepare(`PRAGMA ${source}`);
    if (!stmt.reader) {
      stmt.run();
      return options?.simple ? undefined : [];
    }
    if (!options?.simple) return stmt.all();
    const row = stmt.get() as Record<string, unknown> | undefined;
    return row === undefined ? undefined : Object.values(row)[0];
  }) as typeof db.pragma;
  return db;
}
