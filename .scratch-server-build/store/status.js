/** SQL for the derived status of files row `f`, given a `:now` parameter. */
export const STATUS_SQL = `CASE
  WHEN f.error IS NOT NULL THEN 'failed'
  WHEN :now < f.processing_started_at THEN 'pending'
  WHEN :now < f.processing_done_at THEN 'processing'
  ELSE 'ready' END`;
const PROCESS_WORDS = {
    pending: 'todo',
    processing: 'in_progress',
    ready: 'done',
    failed: 'error',
};
export function processStatusOf(status) {
    return PROCESS_WORDS[status];
}
/** The two timestamps for a file whose processing starts now and takes processingMs. */
export function processingWindow(nowMs, processingMs = 0) {
    const ms = Math.max(0, processingMs);
    return {
        startedAt: new Date(nowMs + Math.floor(ms / 2)).toISOString(),
        doneAt: new Date(nowMs + ms).toISOString(),
    };
}
//# sourceMappingURL=status.js.map