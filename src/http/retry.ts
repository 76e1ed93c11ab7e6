/** When to retry, and how long to wait first. */

/** Statuses that mean "try again later", not "you asked wrongly". */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Methods a server must treat as idempotent, so repeating them cannot duplicate anything. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** The connection dropped under us: worth another try on a fresh one. */
export function isConnectionReset(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: string; message?: string };
    if (code && RESET_CODES.has(code)) return true;
    if (typeof message === 'string' && /other side closed|socket hang up/i.test(message)) return true;
  }
  return false;
}

/** Nothing was sent: the server was not listening (yet). */
export function isConnectionRefused(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: string }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Ceiling on a server's Retry-After, so a misconfigured proxy can't park us for an hour. */
  maxRetryAfterMs: number;
}

/**
 * Delay before attempt number `attempt + 1`. A Retry-After header wins (the
 * server knows its own load); otherwise exponential backoff with full jitter,
 * so many clients retrying at once spread out instead of colliding again.
 */
export function retryDelay(
  attempt: number,
  retryAfter: string | undefined,
  policy: BackoffPolicy,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const hinted = parseRetryAfter(retryAfter, now);
  if (hinted !== undefined) return Math.min(hinted, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
