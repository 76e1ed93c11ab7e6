/**
 * lib api --paginate's reading of pages, for the shapes no lib serve dialect
 * here answers with yet: ai21's bare arrays paged by offset/limit, a HAL
 * `_links.next`, and answers that are not lists. And the key masked in
 * streamed answers wherever the chunks cut it.
 */
import { describe, expect, it } from 'vitest';
import { nextPath, readPage } from '../../src/commands/api/paginate.js';
import { withoutKey } from '../../src/providers/shared/api.js';

const q = (s: string) => new URLSearchParams(s);

describe('readPage', () => {
  it('ai21: a full array page under a limit asks for the next offset; a short one is the last', () => {
    expect(readPage([1, 2], q('limit=2&offset=4'))).toEqual({ items: [1, 2], next: { query: { offset: '6' } } });
    expect(readPage([1], q('limit=2&offset=6'))).toEqual({ items: [1], next: undefined });
    // Without a limit the API answers everything at once.
    expect(readPage([1, 2], q(''))).toEqual({ items: [1, 2], next: undefined });
  });

  it('hal: _links.next wins over start/count/total; the last page has neither', () => {
    const items = [{ id: 'a' }];
    expect(readPage({ _embedded: { x: items }, _links: { next: { href: '/api/x?start=1' } } }, q(''))).toEqual({
      items,
      next: { href: '/api/x?start=1' },
    });
    expect(readPage({ _embedded: { x: items }, start: 4, count: 1, total: 5 }, q(''))).toEqual({ items });
  });

  it('mistral: a null next_page_token and has_more false are the last page', () => {
    expect(readPage({ data: [1], next_page_token: null }, q(''))).toEqual({ items: [1] });
    expect(readPage({ data: [1], pagination: { has_more: false, current_page: 3 } }, q(''))).toEqual({ items: [1] });
  });

  it('an object without a list is not a page', () => {
    expect(readPage({ id: 'x', name: 'y' }, q(''))).toBeUndefined();
    expect(readPage('text', q(''))).toBeUndefined();
    expect(readPage({ _embedded: { x: {} } }, q(''))).toBeUndefined();
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
