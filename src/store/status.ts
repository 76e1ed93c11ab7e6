/**
 * Processing status is derived at read time from two timestamps, so `lib serve`
 * can show documents passing pending -> processing -> ready on a delay with no
 * background job. ISO 8601 UTC strings with milliseconds (toISOString) compare
 * correctly as text, so SQL and JS agree.
 */

/** SQL for the derived status of files row `f`, given a `:now` parameter. */
export const STATUS_SQL = `CASE
  WHEN f.error IS NOT NULL THEN 'failed'
  WHEN :now < f.processing_started_at THEN 'pending'
  WHEN :now < f.processing_done_at THEN 'processing'
  ELSE 'ready' END`;

/** The two timestamps for a file whose processing starts now and takes processingMs. */
export function processingWindow(nowMs: number, processingMs = 0): { startedAt: string; doneAt: string } {
  const ms = Math.max(0, processingMs);
  return {
    startedAt: new Date(nowMs + Math.floor(ms / 2)).toISOString(),
    doneAt: new Date(nowMs + ms).toISOString(),
  };
}
