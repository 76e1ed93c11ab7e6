/**
 * Blob collection. Runs in a write transaction so that "no row references this
 * hash" cannot change before the unlink: a writer promotes its blob inside its
 * own write transaction (see blobs.ts), so the two never interleave.
 */
import { write, type Ctx } from './context.js';

function referenced(ctx: Ctx, hash: string): boolean {
  return ctx.db.prepare(`SELECT 1 FROM files WHERE hash = ? LIMIT 1`).get(hash) !== undefined;
}

/** Removes those of `hashes` no file references any more. Returns how many went. */
export function collectBlobs(ctx: Ctx, hashes: Iterable<string>): number {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return 0;
  return write(ctx, () => {
    let removed = 0;
    for (const hash of unique) {
      if (!referenced(ctx, hash) && ctx.blobs.has(hash)) {
        ctx.blobs.remove(hash);
        removed++;
      }
    }
    return removed;
  });
}

/**
 * What writers that died left behind: their temp files, and a blob one of them
 * linked into place before its row committed (unless another file uses it).
 * Cheap when there is nothing (one readdir), so it runs whenever the store
 * opens and after each upload.
 */
export function sweepLeftovers(ctx: Ctx): { blobs: number; temp: number } {
  const leftovers = ctx.blobs.leftovers(ctx.now());
  if (leftovers.length === 0) return { blobs: 0, temp: 0 };
  const blobs = collectBlobs(
    ctx,
    leftovers.flatMap((l) => (l.hash ? [l.hash] : [])),
  );
  for (const l of leftovers) ctx.blobs.discard(l.tmpPath);
  return { blobs, temp: leftovers.length };
}

/** A full sweep: every unreferenced blob, and what dead writers left. */
export function collectGarbage(ctx: Ctx): { blobs: number; temp: number } {
  const left = sweepLeftovers(ctx);
  return { blobs: left.blobs + collectBlobs(ctx, ctx.blobs.hashes()), temp: left.temp };
}
