/**
 * better-sqlite3 connections opened by tests themselves (to look inside a
 * store's lib.db). Like the store's own, they are pinned (src/store/store.ts):
 * never collected, with their statements, because better-sqlite3 12 on Node 24
 * aborts the process when the garbage collector finalizes one at a moment with
 * no current Node environment. A test worker runs many files and lives long,
 * so an unpinned connection of one test could bring down the tests after it.
 */
import Database from 'better-sqlite3';
import { pinned } from '../src/store/store.js';

export type { Database };

export function openDatabase(file: string, options?: Database.Options): Database.Database {
  return pinned(new Database(file, options));
}
