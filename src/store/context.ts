/** What every query module needs: the database, the blobs and the clock. */
import type BetterSqlite3 from 'better-sqlite3';
import type { BlobStore } from './blobs.js';

export interface Ctx {
  readonly db: BetterSqlite3.Database;
  readonly blobs: BlobStore;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now(): number;
}

export function isoNow(ctx: Ctx): string {
  return new Date(ctx.now()).toISOString();
}

/**
 * Runs `fn` in a write transaction that takes the write lock up front (BEGIN
 * IMMEDIATE): a read-then-write inside cannot be overtaken by another process,
 * and lock waits go through the busy timeout instead of failing mid-way.
 */
export function write<T>(ctx: Ctx, fn: () => T): T {
  return ctx.db.transaction(fn).immediate();
}
