/**
 * Blob collection. Runs in a write transaction so that "no row references this
 * hash" cannot change before the unlink: a writer promotes its blob inside its
 * own write transaction (see blobs.ts), so the two never interleave.
 */
import { write } from './context.js';
function referenced(ctx, hash) {
    return ctx.db.prepare(`SELECT 1 FROM files WHERE hash = ? LIMIT 1`).get(hash) !== undefined;
}
/** Removes those of `hashes` no file references any more. Returns how many went. */
export function collectBlobs(ctx, hashes) {
    const unique = [...new Set(hashes)];
    if (unique.length === 0)
        return 0;
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
/** A full sweep: every unreferenced blob, and temp files left by crashed writers. */
export function collectGarbage(ctx) {
    const blobs = collectBlobs(ctx, ctx.blobs.hashes());
    return { blobs, temp: ctx.blobs.sweepTemp(ctx.now()) };
}
//# sourceMappingURL=gc.js.map