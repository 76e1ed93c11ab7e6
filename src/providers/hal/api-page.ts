/**
 * The HAL dialect's paging, for `lib api --paginate`: a collection's items
 * under `_embedded`, then `_links.next.href` where the server gives one, else
 * `start` + `count` until `total` (as libraries.ts pages).
 */
import { isObject, type Page } from '../shared/api-page.js';

export function readPage(body: unknown): Page | undefined {
  if (!isObject(body) || !isObject(body._embedded)) return undefined;
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
