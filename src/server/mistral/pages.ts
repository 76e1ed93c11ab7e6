/**
 * Pagination. Library lists page by an opaque continuation token (an offset
 * in base64url JSON: opaque to clients, and easy to change later without
 * breaking them); the deprecated offset `page` and document lists carry
 * Mistral's PaginationInfo.
 */
import type { Issues } from '../fastapi/index.js';

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** The offset a token stands for; an invalid token is a 422 on `loc`. */
export function decodePageToken(token: string, loc: (string | number)[], issues: Issues): number | undefined {
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the 422
  }
  issues.add({ type: 'value_error', loc, msg: 'Value error, invalid page token', input: token });
  return undefined;
}

/** Mistral's PaginationInfo for a 0-based page. */
export function pagination(total: number, page: number, pageSize: number) {
  return {
    total_items: total,
    total_pages: Math.ceil(total / pageSize),
    current_page: page,
    page_size: pageSize,
    has_more: (page + 1) * pageSize < total,
  };
}
