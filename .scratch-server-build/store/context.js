export function isoNow(ctx) {
    return new Date(ctx.now()).toISOString();
}
/**
 * Runs `fn` in a write transaction that takes the write lock up front (BEGIN
 * IMMEDIATE): a read-then-write inside cannot be overtaken by another process,
 * and lock waits go through the busy timeout instead of failing mid-way.
 */
export function write(ctx, fn) {
    return ctx.db.transaction(fn).immediate();
}
//# sourceMappingURL=context.js.map