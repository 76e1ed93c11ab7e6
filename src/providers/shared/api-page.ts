/**
 * `lib api --paginate`: one page of an answer and the request for the next.
 * Each provider reads its own paging shape (providers/<name>/api-page.ts);
 * what is left here is neutral: the types, the next page's path, and the
 * rule that a bare array no reader claims is a whole list on one page.
 */

export interface Page {
  items: unknown[];
  /** The query (or path) of the next page; undefined on the last. */
  next?: Next;
}

export type Next = { query: Record<string, string> } | { href: string };

/** A provider's reader: the page in `body`, or undefined when `body` is not a page of its lists. */
export type PageReader = (body: unknown, query: URLSearchParams) => Page | undefined;

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The provider's reader, and a bare array it does not page as one whole page (hal's libraries-list). */
export function pageReader(read: PageReader): PageReader {
  return (body, query) => read(body, query) ?? (Array.isArray(body) ? { items: body } : undefined);
}

/** The path of the next page: the same path with `next`'s parameters set, or the link it gives. */
export function nextPath(path: string, next: Next): string {
  if ('href' in next) return next.href;
  const [pathname, search = ''] = splitQuery(path);
  const query = new URLSearchParams(search);
  for (const [k, v] of Object.entries(next.query)) query.set(k, v);
  return `${pathname}?${query.toString()}`;
}

export function splitQuery(path: string): [string, string | undefined] {
  const at = path.indexOf('?');
  return at < 0 ? [path, undefined] : [path.slice(0, at), path.slice(at + 1)];
}
