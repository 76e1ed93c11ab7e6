/**
 * lib api --paginate's reading of pages, for the shapes no lib serve dialect
 * here answers with yet: ai21's bare arrays paged by offset/limit, a HAL
 * `_links.next`, and answers that are not lists. And the key masked in
 * streamed answers wherever the chunks cut it.
 */
import { describe, expect, it } from 'vitest';
import { readPage as ai21Page } from '../../src/providers/ai21/api-page.js';
import { readPage as halPage } from '../../src/providers/hal/api-page.js';
import { readPage as mistralPage } from '../../src/providers/mistral/api-page.js';
import { nextPath, pageReader } from '../../src/providers/shared/api-page.js';
import { withoutKey } from '../../src/providers/shared/api.js';

const q = (s: string) => new URLSearchParams(s);
// As lib api reads them: each provider's own shape, then a bare array as one page.
const [ai21, hal, mistral] = [ai21Page, halPage, mistralPage].map(pageReader);

describe('readPage', () => {
  it('ai21: a full array page under a limit asks for the next offset; a short one is the last', () => {
    expect(ai21([1, 2], q('limit=2&offset=4'))).toEqual({ items: [1, 2], next: { query: { offset: '6' } } });
    expect(ai21([1], q('limit=2&offset=6'))).toEqual({ items: [1], next: undefined });
    // Without a limit the API answers everything at once.
    expect(ai21([1, 2], q(''))).toEqual({ items: [1, 2], next: undefined });
  });

  it('hal: _links.next wins over start/count/total; the last page has neither', () => {
    const items = [{ id: 'a' }];
    expect(hal({ _embedded: { x: items }, _links: { next: { href: '/api/x?start=1' } } }, q(''))).toEqual({
      items,
      next: { href: '/api/x?start=1' },
    });
    expect(hal({ _embedded: { x: items }, start: 4, count: 1, total: 5 }, q(''))).toEqual({ items });
  });

  it('mistral: a null next_page_token and has_more false are the last page', () => {
    expect(mistral({ data: [1], next_page_token: null }, q(''))).toEqual({ items: [1] });
    expect(mistral({ data: [1], pagination: { has_more: false, current_page: 3 } }, q(''))).toEqual({ items: [1] });
  });

  it('an object without a list is not a page; a bare array is one whole page where the provider does not page it', () => {
    for (const read of [ai21, hal, mistral]) {
      expect(read({ id: 'x', name: 'y' }, q(''))).toBeUndefined();
      expect(read('text', q(''))).toBeUndefined();
    }
    expect(hal({ _embedded: { x: {} } }, q(''))).toBeUndefined();
    // Another provider's shape is not a page of this one's lists.
    expect(mistral({ _embedded: { x: [1] } }, q(''))).toBeUndefined();
    expect(hal({ data: [1] }, q(''))).toBeUndefined();
    // hal's libraries-list is a flat array: all of it, no next page even with a limit.
    expect(hal([1, 2], q('limit=2'))).toEqual({ items: [1, 2] });
  });
});

describe('nextPath', () => {
  it('sets the page parameters and keeps the others', () => {
    expect(nextPath('/library/files?limit=2&label=a', { query: { offset: '2' } })).toBe(
      '/library/files?limit=2&label=a&offset=2',
    );
    expect(nextPath('/v1/libraries?page_token=x', { query: { page_token: 'y' } })).toBe('/v1/libraries?page_token=y');
    expect(nextPath('/api/x', { href: '/api/x?start=5' })).toBe('/api/x?start=5');
  });
});

describe('withoutKey', () => {
  const KEY = 'secret-key-0123456789';
  async function through(chunks: string[], key = KEY): Promise<string> {
    async function* source() {
      for (const c of chunks) yield Buffer.from(c);
    }
    let out = '';
    for await (const c of withoutKey(source(), key)) out += Buffer.from(c).toString('utf8');
    return out;
  }

  it('masks the key wherever the chunks cut it', async () => {
    const text = `{"echo":"Bearer ${KEY}","again":"${KEY}"}`;
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await through([text.slice(0, cut), text.slice(cut)])).toBe('{"echo":"Bearer ***","again":"***"}');
    }
    expect(await through([...text])).toBe('{"echo":"Bearer ***","again":"***"}');
  });

  it('leaves everything else byte for byte, and short keys alone', async () => {
    expect(await through(['no key ', 'here: secret-key-012345678'])).toBe('no key here: secret-key-012345678');
    expect(await through(['a short key abc'], 'abc')).toBe('a short key abc');
  });
});
