/** Small helpers shared by the store's queries. */
import { StoreInvalidError } from './errors.js';

/**
 * An ORDER BY clause from a user's sort key ("name", "-size"), whitelisted
 * against `columns` (key -> SQL expression); `tieBreak` keeps paging stable.
 */
export function orderBy(
  sort: string | undefined,
  columns: Record<string, string>,
  fallback: string,
  tieBreak: string,
): string {
  const key = sort?.trim() || fallback;
  const desc = key.startsWith('-');
  const field = desc ? key.slice(1) : key;
  const expr = columns[field];
  if (!expr) {
    throw new StoreInvalidError(
      `cannot sort by "${field}"; use one of: ${Object.keys(columns).join(', ')} (prefix - for descending)`,
    );
  }
  const dir = desc ? 'DESC' : 'ASC';
  return `ORDER BY ${expr} ${dir}, ${tieBreak} ${dir}`;
}

/** LIMIT/OFFSET with validated integers (-1 is SQLite's "no limit"). */
export function limitOffset(limit: number | undefined, offset: number | undefined): string {
  const l = limit === undefined ? -1 : limit;
  const o = offset ?? 0;
  if (!Number.isSafeInteger(l) || l < -1) throw new StoreInvalidError(`invalid limit ${String(limit)}`);
  if (!Number.isSafeInteger(o) || o < 0) throw new StoreInvalidError(`invalid offset ${String(offset)}`);
  return `LIMIT ${l} OFFSET ${o}`;
}

/**
 * A user's search words as a safe FTS5 query: each whitespace-separated term
 * becomes a quoted prefix phrase ("foo"* "bar"*), implicitly ANDed, so FTS5
 * operators and punctuation in the input are data, never syntax. Null when
 * nothing searchable is left.
 */
export function ftsQuery(search: string): string | null {
  const terms = search
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => `"${t.replace(/"/g, '""')}"*`);
  return terms.length ? terms.join(' ') : null;
}

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return (
    (err as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (err as { code?: string })?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
