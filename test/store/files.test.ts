import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../src/errors.js';
import { StoreConflictError } from '../../src/store/index.js';
import type { LibraryRow } from '../../src/store/index.js';
import { bytes, fakeClock, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
let lib: LibraryRow;
afterEach(() => t?.cleanup());

function setup(opts: Parameters<typeof tempStore>[0] = {}) {
  t = tempStore(opts);
  lib = t.store.createLibrary({ ownerId: t.store.localPrincipal().id, name: 'docs' });
}

const put = (name: string, content: string, extra: Record<string, unknown> = {}) =>
  t.store.putFile({ libraryId: lib.id, name, content: bytes(content), ...extra });

const names = (q: Parameters<typeof t.store.listFiles>[1] = {}) =>
  t.store.listFiles(lib.id, q).map((f) => f.path + f.name);

describe('blobs', () => {
  it('are content-addressed and shared by identical files; streams round-trip', async () => {
    setup();
    const a = await put('a.txt', 'same bytes');
    const b = await put('b.txt', 'same bytes');
    expect(a.file.hash).toBe(b.file.hash);
    expect(a.file.hash).toBe(createHash('sha256').update('same bytes').digest('hex'));
    const blobs = readdirSync(join(t.dir, 'blobs', a.file.hash.slice(0, 2)));
    expect(blobs).toEqual([a.file.hash]);
    expect(await text(t.store.openBlob(a.file.hash))).toBe('same bytes');
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);

    t.store.deleteFile(a.file.id);
    expect(existsSync(join(t.dir, 'blobs', a.file.hash.slice(0, 2), a.file.hash))).toBe(true); // b still uses it
    t.store.deleteFile(b.file.id);
    expect(existsSync(join(t.dir, 'blobs', a.file.hash.slice(0, 2), a.file.hash))).toBe(false);
  });

  it('streams from disk and records size, hash, mime and extension', async () => {
    setup();
    const src = join(t.dir, '..', 'big.pdf');
    const chunk = Buffer.alloc(1024 * 1024, 7);
    writeFileSync(src, Buffer.concat([chunk, chunk, chunk]));
    const { file, outcome } = await t.store.putFile({
      libraryId: lib.id,
      name: 'Big.PDF',
      content: createReadStream(src),
    });
    expect(outcome).toBe('created');
    expect(file).toMatchObject({ size: 3 * 1024 * 1024, mimeType: 'application/pdf', extension: 'pdf', path: '' });
    expect(t.store.getText(file.id)).toBeNull(); // not text-like
  });

  it('leaves no temp file when the source fails or the upload is aborted', async () => {
    setup();
    // The open fails asynchronously: the store hears it through its read, and a listener here
    // keeps the stream's own 'error' event from being unhandled when it fires first.
    const missing = createReadStream('/nonexistent/x').on('error', () => {});
    await expect(t.store.putFile({ libraryId: lib.id, name: 'x.txt', content: missing })).rejects.toThrow(/ENOENT/);
    const ac = new AbortController();
    ac.abort();
    await expect(put('y.txt', 'data', { signal: ac.signal })).rejects.toThrow(/abort/i);
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
    expect(t.store.countFiles(lib.id)).toBe(0);
  });
});

describe('text and search', () => {
  it('extracts text from text-like files, html stripped, and finds it by FTS or name substring', async () => {
    setup();
    const html = await put(
      'page.html',
      '<html><head><style>.x{color:red}</style><script>var secret=1</script></head><body><h1>Caf&eacute; &amp; Tea</h1><p>Hello&nbsp;world &lt;3 &#233;t&#xE9;</p></body></html>',
    );
    expect(t.store.getText(html.file.id)).toBe('Caf&eacute; & Tea\nHello world <3 été');
    await put('notes.md', '# Quarterly report\nRevenue grew strongly.');
    await put('data.csv', 'a,b\nzebra,1\n');
    await put('v2_draft.pdf', '%PDF-1.4 zebra');
    await put('odd.bin', 'zebra', { mimeType: 'text/plain' }); // text-like by mime

    expect(names({ search: 'revenue' })).toEqual(['notes.md']);
    expect(names({ search: 'revenue GREW' })).toEqual(['notes.md']);
    expect(names({ search: 'quart' })).toEqual(['notes.md']); // prefix match
    expect(names({ search: 'zebra' })).toEqual(['data.csv', 'odd.bin']); // the pdf has no text
    expect(names({ search: 'secret' })).toEqual([]); // script stripped
    expect(names({ search: '2_dr' })).toEqual(['v2_draft.pdf']); // name substring
    expect(names({ search: 'page' })).toEqual(['page.html']); // name is indexed too
    // FTS syntax in user input is data, not a query.
    for (const q of ['"', 'a OR', 'NEAR(', '*', 'revenue"', '-x', 'col:x', '(']) {
      expect(() => t.store.listFiles(lib.id, { search: q })).not.toThrow();
    }
  });

  it('renames follow into the index; reprocess re-extracts', async () => {
    setup();
    const f = await put('a.txt', 'alpha');
    t.store.updateFile(f.file.id, { name: 'omega.txt' });
    expect(names({ search: 'omega' })).toEqual(['omega.txt']);
    const again = await t.store.reprocessFile(f.file.id);
    expect(again.status).toBe('ready');
    expect(t.store.getText(f.file.id)).toBe('alpha');
  });
});

describe('filters and sorting', () => {
  it('path prefix is literal (LIKE wildcards in the input match only themselves) and case-sensitive', async () => {
    setup();
    await put('1.txt', 'x', { path: 'a_b/' });
    await put('2.txt', 'x', { path: 'axb/' });
    await put('3.txt', 'x', { path: '100%/' });
    await put('4.txt', 'x', { path: '1000/' });
    await put('5.txt', 'x', { path: 'A_b/' });
    await put('6.txt', 'x', { path: 'a_b/deep/' });
    expect(names({ pathPrefix: 'a_b/' })).toEqual(['a_b/1.txt', 'a_b/deep/6.txt']);
    expect(names({ pathPrefix: '100%' })).toEqual(['100%/3.txt']);
    expect(names({ path: 'a_b/' })).toEqual(['a_b/1.txt']);
    expect(t.store.countFiles(lib.id, { pathPrefix: 'a' })).toBe(3);
  });

  it('label filter is exact and case-sensitive; name is exact', async () => {
    setup();
    await put('a.txt', 'a', { labels: ['Red', 'blue'] });
    await put('b.txt', 'b', { labels: ['red'] });
    await put('c.txt', 'c', { labels: ['redder'] });
    expect(names({ label: 'red' })).toEqual(['b.txt']);
    expect(names({ label: 'Red' })).toEqual(['a.txt']);
    expect(names({ label: 're' })).toEqual([]);
    expect(names({ name: 'a.txt' })).toEqual(['a.txt']);
    expect(names({ name: 'a' })).toEqual([]);
  });

  it('attribute filters match key, value and type', async () => {
    setup();
    await put('a.txt', 'a', { attributes: { n: 1, s: '1', b: true, 'we"ird.key': 'x' } });
    await put('b.txt', 'b', { attributes: { n: 2, s: 'one', b: false } });
    expect(names({ attributes: { n: 1 } })).toEqual(['a.txt']);
    expect(names({ attributes: { s: 1 } })).toEqual([]);
    expect(names({ attributes: { s: '1', b: true } })).toEqual(['a.txt']);
    expect(names({ attributes: { b: false } })).toEqual(['b.txt']);
    expect(names({ attributes: { 'we"ird.key': 'x' } })).toEqual(['a.txt']);
    expect(names({ attributes: { missing: 'x' } })).toEqual([]);
  });

  it('uses the name for the mime type when a client sends octet-stream', async () => {
    setup();
    const md = await put('n.md', '# t', { mimeType: 'application/octet-stream' });
    const custom = await put('n.dat', 'x', { mimeType: 'text/x-custom' });
    expect([md.file.mimeType, custom.file.mimeType]).toEqual(['text/markdown', 'text/x-custom']);
    expect(t.store.getText(md.file.id)).toBe('# t');
  });

  it('sorts by name, size, createdAt with - for descending, and pages', async () => {
    const clock = fakeClock();
    setup({ now: clock.now });
    for (const [n, c] of [
      ['b.txt', '22'],
      ['A.txt', '1'],
      ['c.txt', '333'],
    ] as const) {
      await put(n, c);
      clock.advance(1000);
    }
    expect(names()).toEqual(['b.txt', 'A.txt', 'c.txt']);
    expect(names({ sort: 'name' })).toEqual(['A.txt', 'b.txt', 'c.txt']);
    expect(names({ sort: '-size' })).toEqual(['c.txt', 'b.txt', 'A.txt']);
    expect(names({ sort: '-createdAt', limit: 2, offset: 1 })).toEqual(['A.txt', 'b.txt']);
    expect(() => names({ sort: 'hash' })).toThrow(UsageError);
  });
});

describe('derived processing status', () => {
  it('passes pending -> processing -> ready on the clock, and status filters agree', async () => {
    const clock = fakeClock();
    setup({ now: clock.now });
    const { file } = await put('a.txt', 'a', { processingMs: 1000 });
    await put('b.txt', 'b');
    expect(file).toMatchObject({ status: 'pending' });
    expect(names({ status: 'pending' })).toEqual(['a.txt']);
    expect(names({ status: 'ready' })).toEqual(['b.txt']);

    clock.advance(500);
    expect(t.store.getFile(file.id)).toMatchObject({ status: 'processing' });
    expect(names({ status: 'processing' })).toEqual(['a.txt']);
    expect(t.store.countFiles(lib.id, { status: 'processing' })).toBe(1);

    clock.advance(500);
    expect(t.store.getFile(file.id)).toMatchObject({ status: 'ready' });
    expect(names({ status: 'ready' })).toEqual(['a.txt', 'b.txt']);

    t.store.setFileError(file.id, 'boom');
    expect(t.store.getFile(file.id)).toMatchObject({ status: 'failed', error: 'boom' });
    expect(names({ status: 'failed' })).toEqual(['a.txt']);

    await t.store.reprocessFile(file.id, { processingMs: 200 });
    expect(t.store.getFile(file.id)).toMatchObject({ status: 'pending', error: null });
  });
});

describe('conflicts, overwrite and dedupe', () => {
  it('a duplicate (path, name) is a conflict unless overwrite, which keeps the id', async () => {
    setup();
    const first = await put('a.txt', 'one', { path: 'x/', labels: ['old'] });
    await expect(put('a.txt', 'two', { path: 'x/' })).rejects.toThrow(
      new StoreConflictError('file "a.txt" already exists in library "docs" at path "x/"'),
    );
    await expect(put('a.txt', 'two')).resolves.toMatchObject({ outcome: 'created' }); // other path
    await expect(put('a.txt', 'three')).rejects.toThrow(
      new StoreConflictError('file "a.txt" already exists in library "docs"'),
    );

    const replaced = await put('a.txt', 'two!', { path: 'x/', overwrite: true, labels: ['new'] });
    expect(replaced.outcome).toBe('replaced');
    expect(replaced.file).toMatchObject({
      id: first.file.id,
      createdAt: first.file.createdAt,
      labels: ['new'],
      size: 4,
    });
    expect(t.store.getText(first.file.id)).toBe('two!');
    expect(existsSync(join(t.dir, 'blobs', first.file.hash.slice(0, 2), first.file.hash))).toBe(false); // old blob collected
    expect(t.store.countFiles(lib.id)).toBe(2);
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
  });

  it('dedupeByHash returns the existing row unchanged', async () => {
    setup();
    const a = await put('a.txt', 'content', { dedupeByHash: true });
    const b = await put('other-name.txt', 'content', { dedupeByHash: true });
    expect(b).toMatchObject({ outcome: 'unchanged', file: { id: a.file.id, name: 'a.txt' } });
    expect(t.store.countFiles(lib.id)).toBe(1);
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
  });

  it('refuses names that are not plain names, before writing anything', async () => {
    setup();
    for (const bad of ['', ' ', '../../etc/passwd', 'a/b', 'a\\b', '.', '..', 'a\0b']) {
      await expect(put(bad, 'x')).rejects.toThrow(UsageError);
    }
    await expect(put('..hidden', 'x')).resolves.toMatchObject({ outcome: 'created' });
    const f = (await put('ok.txt', 'x')).file;
    expect(() => t.store.updateFile(f.id, { name: '../x' })).toThrow(UsageError);
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
  });

  it('an unknown library is not found', async () => {
    setup();
    await expect(t.store.putFile({ libraryId: 'nope', name: 'a.txt', content: bytes('x') })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('updates and deletes', () => {
  it('replaces, adds and removes labels; merges attributes; renames with conflict check', async () => {
    setup();
    const { file } = await put('a.txt', 'a', { labels: ['a', 'b'], attributes: { k: 1, drop: true } });
    await put('b.txt', 'b');
    let u = t.store.updateFile(file.id, {
      addLabels: ['c', 'a'],
      removeLabels: ['b'],
      attributes: { k: 2, n: 'x', drop: null },
    });
    expect(u).toMatchObject({ labels: ['a', 'c'], attributes: { k: 2, n: 'x' } });
    u = t.store.updateFile(file.id, { labels: ['z'], publicUrl: 'https://e.x/a' });
    expect(u).toMatchObject({ labels: ['z'], publicUrl: 'https://e.x/a', name: 'a.txt' });
    expect(() => t.store.updateFile(file.id, { name: 'b.txt' })).toThrow(
      new StoreConflictError('file "b.txt" already exists in library "docs"'),
    );
    expect(() => t.store.updateFile('nope', { name: 'c.txt' })).toThrow(NotFoundError);
    const other = t.store.createLibrary({ ownerId: lib.ownerId, name: 'other' });
    expect(() => t.store.updateFile(file.id, { name: 'c.txt' }, other.id)).toThrow(NotFoundError);
  });

  it('deletes several files in one transaction, skipping unknown ids', async () => {
    setup();
    const a = await put('a.txt', 'a');
    const b = await put('b.txt', 'b');
    expect(t.store.deleteFiles([a.file.id, 'nope', b.file.id])).toEqual([a.file.id, b.file.id]);
    expect(t.store.countFiles(lib.id)).toBe(0);
    expect(t.store.deleteFile(a.file.id)).toBe(false);
    expect(t.store.findFilesByName(lib.id, 'a.txt')).toEqual([]);
  });
});
