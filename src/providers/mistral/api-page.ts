/**
 * Mistral's paging, for `lib api --paginate`, as this provider's verbs page:
 * libraries `{data, next_page_token}` (the next page sends `page_token`,
 * libraries.ts); documents `{data, pagination: {has_more, current_page}}`
 * (the next page sends `page` + 1, documents.ts).
 */
import { isObject, type Page } from '../shared/api-page.js';

export function readPage(body: unknown, query: URLSearchParams): Page | undefined {
  if (!isObject(body) || !Array.isArray(body.data)) return undefined;
  const token = body.next_page_token;
  if (typeof token === 'string' && token !== '') return { items: body.data, next: { query: { page_token: token } } };
  const p = body.pagination;
  if (isObject(p) && p.has_more === true) {
    const current = typeof p.current_page === 'number' ? p.current_page : Number(query.get('page') ?? 0);
    return { items: body.data, next: { query: { page: String(current + 1) } } };
  }
  return { items: body.data };
}
