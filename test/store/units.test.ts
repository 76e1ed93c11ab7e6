import { describe, expect, it } from 'vitest';
import { extensionOf, htmlToText, isTextLike, mimeTypeFor } from '../../src/store/index.js';
import { ftsQuery } from '../../src/store/sql.js';
import { normalizePath, normalizePrefix } from '../../src/providers/shared/paths.js';

describe('mimeTypeFor', () => {
  it.each([
    ['a.pdf', 'application/pdf'],
    ['a.DOCX', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a.md', 'text/markdown'],
    ['a.html', 'text/html'],
    ['a.txt', 'text/plain'],
    ['a.csv', 'text/csv'],
    ['a.json', 'application/json'],
    ['a.bin', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
    ['.bashrc', 'application/octet-stream'],
  ])('%s -> %s', (name, mime) => expect(mimeTypeFor(name)).toBe(mime));

  it('extensions and text-likeness', () => {
    expect(extensionOf('a.tar.GZ')).toBe('gz');
    expect(extensionOf('a.')).toBeNull();
    expect(isTextLike('x.md', null)).toBe(true);
    expect(isTextLike('x.py', 'text/x-python; charset=utf-8')).toBe(true);
    expect(isTextLike('x.pdf', 'application/pdf')).toBe(false);
  });
});

describe('htmlToText', () => {
  it('drops tags, scripts, styles and comments; decodes a few entities', () => {
    expect(
      htmlToText('<p>a<!-- hidden --></p><SCRIPT type="x">evil()</SCRIPT><div>b &quot;c&quot; &#x41;&#66;</div>'),
    ).toBe('a\nb "c" AB');
  });
});

describe('htmlToText on hostile input', () => {
  it('stays linear on unclosed comments, scripts and stray "<"', () => {
    const started = Date.now();
    expect(htmlToText('a<!--'.repeat(200_000))).toBe('a');
    expect(htmlToText('b<script>'.repeat(200_000))).toBe('b');
    expect(htmlToText('c <x'.repeat(200_000)).startsWith('c <x')).toBe(true); // no tag: kept as text
    expect(htmlToText('<p>ok</p><style>x</style>' + '<b'.repeat(300_000))).toMatch(/^ok/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('ftsQuery', () => {
  it('quotes every term so FTS5 syntax in the input is data', () => {
    expect(ftsQuery('hello world')).toBe('"hello"* "world"*');
    expect(ftsQuery('say "hi" OR')).toBe('"say"* """hi"""* "OR"*');
    expect(ftsQuery(' * ( ')).toBeNull();
  });
});

describe('local paths', () => {
  it('normalize to no leading slash and one trailing slash', () => {
    expect(normalizePath(undefined)).toBe('');
    expect(normalizePath('/')).toBe('');
    expect(normalizePath('/a//b')).toBe('a/b/');
    expect(normalizePath('./a/b/')).toBe('a/b/');
    expect(() => normalizePath('a/../b')).toThrow(/not allowed/);
    expect(normalizePrefix('/rep')).toBe('rep/'); // a folder, not a prefix of names: not reports/
    expect(normalizePrefix('d1')).toBe('d1/');
    expect(normalizePrefix('reports/')).toBe('reports/');
    expect(normalizePrefix('/')).toBeUndefined();
  });
});
