/**
 * `lib api --paginate`: the items of one page and the request for the next,
 * read from the answer's own shape, the way each provider's verbs page:
 *
 *   - mistral libraries: `{data: [...], next_page_token}`; the next page
 *     sends `page_token` (providers/mistral/libraries.ts);
 *   - mistral documents: `{data: [...], pagination: {has_more, current_page}}`;
 *     the next page sends `page` + 1 (providers/mistral/documents.ts);
 *   - hal collections: `{_embedded: {key: [...]}, start, count, total}`; the
 *     next page sends `start` + `count` until `total` (providers/hal/libraries.ts),
 *     or follows `_links.next.href` where the server gives one;
 *   - ai21: a bare array, paged by `offset` and `limit`; the next page (only
 *     when the request set `limit` and a full page came) sends `offset` + the
 *     page's length.
 *
 * An answer of no such shape is not a list: it is printed as it came.
 */

export interface Page {
  items: unknown[];
  /** The query (or path) of the next page; undefined on the last. */
  next?: Next;
}

export type Next = { query: Record<string, string> } | { href: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The page in `body`, or undefined when `body` is not a page of a list. */
export function readPage(body: unknown, query: URLSearchParams): Page | undefined {
  if (Array.isArray(body)) {
    const limit = Number(query.get('limit'));
    const offset = Number(query.get('offset') ?? 0);
    const full = Number.isInteger(limit) && limit > 0 && body.length >= limit;
    return { items: body, next: full ? { query: { offset: String(offset + body.length) } } : undefined };
  }
  if (!isObject(body)) return undefined;

  if (Array.isArray(body.data)) {
    const token = body.next_page_token;
    if (typeof token === 'string' && token !== '') return { items: body.data, next: { query: { page_token: token } } };
    const p = body.pagination;
    if (isObject(p) && p.has_more === true) {
      const current = typeof p.current_page === 'number' ? p.current_page : Number(query.get('page') ?? 0);
      return { items: body.data, next: { query: { page: String(current + 1) } } };
    }
    return { items: body.data };
  }

  if (isObject(body._embedded)) {
    const list = Object.values(body._embedded).find(Array.isArray);
    if (!list) return undefined;
    const links = body._links;
    const href = isObject(links) && isObject(links.next) ? links.next.href : undefined;
    if (typeof href === 'string' && href !== '') return { items: list, next: { href } };
    const { start, count, total } = body;
    if (typeof start === 'number' && typeof count === 'number' && typeof total === 'number') {
      const more = count > 0 && start + count < total;
      return { items: list, next: more ? { query: { start: String(start + count) } } : undefined };
    }
    return { items: list };
  }
  return undefined;
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
