import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnsupportedError, UsageError } from '../../src/errors.js';
import { StoreConflictError } from '../../src/store/index.js';
import { rawOf, type FileDoc, type Library } from '../../src/model.js';
import { createLocalProvider } from '../../src/providers/local/index.js';
import type { FullProvider } from '../../src/providers/types.js';
import { openStore } from '../../src/store/index.js';
import { fakeClock, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let p: FullProvider;
let clock: ReturnType<typeof fakeClock>;
let docs: Library;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function source(name: string, content: string): string {
  const file = join(tmp.dir, `src-${name}`);
  writeFileSync(file, content);
  return file;
}

const upload = (name: string, content: string, extra: Record<string, unknown> = {}) =>
  p.uploadFile(docs.id, { filePath: source(name, content), name, ...extra });

beforeEach(async () => {
  tmp = tempDir('lib-local-');
  clock = fakeClock();
  p = createLocalProvider({ dataDir: join(tmp.dir, 'data'), now: clock.now });
  docs = await p.createLibrary({ name: 'docs', description: 'team docs' });
});
afterEach(async () => {
  await p.close();
  tmp.cleanup();
});

describe('local provider: libraries', () => {
  it('maps rows onto the uniform model with the row as raw', async () => {
    expect(docs).toEqual({
      id: docs.id,
      name: 'docs',
      description: 'team docs',
      naturalId: null,
      type: null,
      ownerId: expect.any(String),
      shared: false,
      documents: 0,
      size: 0,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      syncedAt: null,
      syncInterval: null,
      driver: null,
      permissions: null,
    });
    expect(rawOf(docs)).toMatchObject({ id: docs.id, shareCount: 0 });
    expect(JSON.stringify(docs)).not.toContain('shareCount');
  });

  it('resolves by id or unique name; unknown -> not found; ambiguous lists the ids', async () => {
    expect((await p.resolveLibrary('docs')).id).toBe(docs.id);
    expect((await p.resolveLibrary(docs.id)).name).toBe('docs');
    await expect(p.resolveLibrary('nope')).rejects.toThrow(NotFoundError);
    await expect(p.resolveLibrary('nope')).rejects.toThrow(/^library "nope" not found$/);
    await expect(p.createLibrary({ name: 'docs' })).rejects.toThrow(
      new StoreConflictError('library "docs" already exists'),
    );
    await expect(p.createLibrary({ name: '' })).rejects.toThrow(UsageError);

    // Another principal's library of the same name (as `lib serve` would make in the same data dir).
    const store = openStore(join(tmp.dir, 'data'));
    const other = store.createLibrary({ ownerId: store.ensurePrincipal({ name: 'alice' }).id, name: 'docs' });
    store.close();
    const err = await p.resolveLibrary('docs').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(docs.id);
    expect((err as Error).message).toContain(other.id);
  });

  it('lists with limit, paging past 200 rows, search and sort; updates and deletes', async () => {
    for (let i = 0; i < 230; i++) await p.createLibrary({ name: `lib-${String(i).padStart(3, '0')}` });
    expect(await collect(p.listLibraries({ all: true }))).toHaveLength(231);
    expect(await collect(p.listLibraries({}))).toHaveLength(231);
    expect((await collect(p.listLibraries({ limit: 3, sort: '-name' }))).map((l) => l.name)).toEqual([
      'lib-229',
      'lib-228',
      'lib-227',
    ]);
    expect((await collect(p.listLibraries({ search: 'team' }))).map((l) => l.name)).toEqual(['docs']);
    expect(await collect(p.listLibraries({ limit: 0 }))).toEqual([]);

    expect(await p.updateLibrary(docs.id, { name: 'papers', description: 'x' })).toMatchObject({
      name: 'papers',
      description: 'x',
    });
    await expect(p.updateLibrary(docs.id, { syncInterval: 5 })).rejects.toThrow(UnsupportedError);
    await p.deleteLibrary(docs.id);
    await expect(p.resolveLibrary(docs.id)).rejects.toThrow(NotFoundError);
    await expect(p.deleteLibrary(docs.id)).rejects.toThrow(NotFoundError);
  });
});

describe('local provider: files', () => {
  it('uploads with a normalized path, labels, attributes and the mime type', async () => {
    const { file, outcome } = await upload('notes.md', '# hello', {
      path: '/a//b',
      labels: ['x'],
      attributes: { k: 'v' },
      publicUrl: 'https://e.x',
    });
    expect(outcome).toBe('created');
    expect(file).toMatchObject({
      libraryId: docs.id,
      name: 'notes.md',
      path: 'a/b/',
      labels: ['x'],
      attributes: { k: 'v' },
      publicUrl: 'https://e.x',
      mimeType: 'text/markdown',
      size: 7,
      status: 'ready',
      providerStatus: 'ready',
      pages: null,
      error: null,
    });
    expect((await p.resolveLibrary('docs')).documents).toBe(1);
  });

  it('refuses a duplicate name in the same path unless overwrite, and names that are paths', async () => {
    const first = await upload('a.txt', 'one', { path: 'x' });
    const err = await upload('a.txt', 'two', { path: 'x/' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toBe('file "a.txt" already exists in library "docs" at path "x/"');
    expect((err as ConflictError).hint).toMatch(/--overwrite/);
    const again = await upload('a.txt', 'two', { path: 'x', overwrite: true });
    expect(again).toMatchObject({ outcome: 'replaced', file: { id: first.file.id, size: 3 } });

    for (const name of ['../../etc/passwd', 'a/b', 'a\\b', '.', '..', '', 'a\0']) {
      await expect(p.uploadFile(docs.id, { filePath: source('ok', 'x'), name })).rejects.toThrow(UsageError);
    }
    await expect(p.uploadFile(docs.id, { filePath: join(tmp.dir, 'missing'), name: 'm.txt' })).rejects.toThrow(
      UsageError,
    );
    await expect(p.uploadFile('nope', { filePath: source('ok', 'x'), name: 'z.txt' })).rejects.toThrow(NotFoundError);
  });

  it('lists with filters and limit; resolves files by id or unique name', async () => {
    await upload('a.txt', 'the quick fox', { path: 'r/', labels: ['red'] });
    await upload('b.txt', 'lazy dog', { path: 'q/' });
    await upload('a.txt', 'other', { path: 'q/' });
    const names = async (o: Parameters<FullProvider['listFiles']>[1]) =>
      (await collect(p.listFiles(docs.id, o))).map((f: FileDoc) => f.path + f.name);
    expect(await names({ search: 'fox' })).toEqual(['r/a.txt']);
    expect(await names({ path: '/q' })).toEqual(['q/b.txt', 'q/a.txt']);
    expect(await names({ label: 'red' })).toEqual(['r/a.txt']);
    expect(await names({ name: 'a.txt', sort: 'name' })).toEqual(['r/a.txt', 'q/a.txt']);
    expect(await names({ limit: 1 })).toEqual(['r/a.txt']);
    expect(await names({ status: 'pending' })).toEqual([]);
    await expect(collect(p.listFiles('nope', {}))).rejects.toThrow(NotFoundError);

    const b = await p.resolveFile(docs.id, 'b.txt');
    expect((await p.resolveFile(docs.id, b.id)).name).toBe('b.txt');
    await expect(p.resolveFile(docs.id, 'a.txt')).rejects.toThrow(/ambiguous.*path "r\/"/);
    await expect(p.resolveFile(docs.id, 'zzz')).rejects.toThrow(
      new NotFoundError('file "zzz" not found in library "docs"'),
    );
    const other = await p.createLibrary({ name: 'other' });
    await expect(p.resolveFile(other.id, b.id)).rejects.toThrow(NotFoundError);
  });

  it('updates, reads text and content, reports status, reprocesses, deletes', async () => {
    const { file } = await upload('page.html', '<p>Hello <b>there</b></p>', { labels: ['a', 'b'] });
    const pdf = (await upload('doc.pdf', '%PDF-1.4')).file;
    expect(
      await p.updateFile(docs.id, file.id, {
        name: 'home.html',
        addLabels: ['c'],
        removeLabels: ['a'],
        attributes: { k: '1' },
      }),
    ).toMatchObject({ name: 'home.html', labels: ['b', 'c'], attributes: { k: '1' } });
    expect(await p.fileText(docs.id, file.id, {})).toBe('Hello there');
    expect(await p.fileText(docs.id, pdf.id, {})).toBe('');
    await expect(p.fileText(docs.id, pdf.id, { fromPage: 1 })).rejects.toThrow(UnsupportedError);

    const dl = await p.downloadFile(docs.id, pdf.id);
    const chunks: Buffer[] = [];
    for await (const c of dl.body) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString()).toBe('%PDF-1.4');

    expect(await p.fileStatus(docs.id, file.id)).toEqual({
      id: file.id,
      libraryId: docs.id,
      name: 'home.html',
      status: 'ready',
      providerStatus: 'ready',
      error: null,
      textNote: null,
    });
    await p.reprocessFile!(docs.id, file.id);
    await p.deleteFile(docs.id, file.id);
    await expect(p.deleteFile(docs.id, file.id)).rejects.toThrow(NotFoundError);
    await expect(p.fileStatus(docs.id, file.id)).rejects.toThrow(NotFoundError);
  });

  it('reports derived status when processing takes time', async () => {
    const slow = createLocalProvider({ dataDir: join(tmp.dir, 'data'), processingMs: 1000, now: clock.now });
    try {
      const { file } = await slow.uploadFile(docs.id, { filePath: source('s', 'x'), name: 's.txt' });
      expect(file.status).toBe('pending');
      clock.advance(600);
      expect((await slow.fileStatus(docs.id, file.id)).status).toBe('processing');
      clock.advance(400);
      expect(await slow.fileStatus(docs.id, file.id)).toMatchObject({ status: 'ready', providerStatus: 'ready' });
    } finally {
      await slow.close();
    }
  });
});

describe('local provider: shares', () => {
  it("lists the owner, puts and deletes shares, and protects the owner's own access", async () => {
    const put = await p.putShare!(docs.id, { type: 'workspace', id: 'ws-1' }, 'editor');
    expect(put).toEqual({ libraryId: docs.id, principalType: 'workspace', principalId: 'ws-1', level: 'editor' });
    expect(await p.listShares!(docs.id)).toEqual([
      { libraryId: docs.id, principalType: 'user', principalId: docs.ownerId, level: 'owner' },
      put,
    ]);
    expect((await p.resolveLibrary('docs')).shared).toBe(true);
    await expect(p.putShare!(docs.id, { type: 'user', id: docs.ownerId! }, 'viewer')).rejects.toThrow(
      /owner's own access/,
    );
    await expect(p.deleteShare!(docs.id, { type: 'user', id: docs.ownerId! })).rejects.toThrow(/owner's own access/);
    await p.deleteShare!(docs.id, { type: 'workspace', id: 'ws-1' });
    await expect(p.deleteShare!(docs.id, { type: 'workspace', id: 'ws-1' })).rejects.toThrow(
      new NotFoundError('library "docs" is not shared with workspace "ws-1"'),
    );
    expect(p.fileUrl).toBeUndefined();
    expect((p as { setOwner?: unknown }).setOwner).toBeUndefined();
  });
});
