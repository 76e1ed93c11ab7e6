/**
 * AI21's paging, for `lib api --paginate`: a bare array, paged by `offset`
 * and `limit` (as files.ts pages); a next page only when the request set
 * `limit` and a full page came.
 */
import type { Page } from '../shared/api-page.js';

export function readPage(body: unknown, query: URLSearchParams): Page | undefined {
  if (!Array.isArray(body)) return undefined;
  const limit = Number(query.get('limit'));
  const offset = Number(query.get('offset') ?? 0);
  const full = Number.isInteger(limit) && limit > 0 && body.length >= limit;
  return { items: body, next: full ? { query: { offset: String(offset + body.length) } } : undefined };
}
