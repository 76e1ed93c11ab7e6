/**
 * A library's document count and size are kept by triggers (migration 2), so
 * reading a library does not scan its files. They must agree with the files at
 * every step, and a store written before the counters existed is backfilled.
 */
import { join } from 'node:path';
import { openDatabase } from '../sqlite.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { bytes, tempDir, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
afterEach(() => t?.cleanup());

function truth(store: Store, libraryId: string): { documents: number; size: number } {
  const files = store.listFiles(libraryId);
  return { documents: files.length, size: files.reduce((n, f) => n + f.size, 0) };
}

function counters(store: Store, libraryId: string): { documents: number; size: number } {
  const lib = store.getLibrary(libraryId)!;
  return { documents: lib.documents, size: lib.size };
}

describe('library counters', () => {
  it('follow uploads, overwrites, moves between libraries, deletes and library deletion', async () => {
    t = tempStore();
    const owner = t.store.localPrincipal().id;
    const a = t.store.createLibrary({ ownerId: owner, name: 'a' });
    const b = t.store.createLibrary({ ownerId: owner, name: 'b' });
    const put = (libraryId: string, name: string, text: string, overwrite = false) =>
      t.store.putFile({ libraryId, name, content: bytes(text), overwrite });

    expect(counters(t.store, a.id)).toEqual({ documents: 0, size: 0 });
    const one = await put(a.id, 'one.md', '12345');
    await put(a.id, 'two.md', '123');
    await put(b.id, 'three.md', '1');
    expect(counters(t.store, a.id)).toEqual({ documents: 2, size: 8 });
    expect(counters(t.store, a.id)).toEqual(truth(t.store, a.id));
    // An unfiltered count reads the counter; a filtered one still counts the matches.
    expect(t.store.countFiles(a.id)).toBe(2);
    expect(t.store.countFiles(a.id, { name: 'two.md' })).toBe(1);
    expect(t.store.countFiles(b.id, { search: 'nothing-like-this' })).toBe(0);

    await put(a.id, 'one.md', '1234567890', true);
    expect(counters(t.store, a.id)).toEqual({ documents: 2, size: 13 });
    expect(counters(t.store, a.id)).toEqual(truth(t.store, a.id));

    t.store.deleteFile(one.file.id);
    expect(counters(t.store, a.id)).toEqual({ documents: 1, size: 3 });
    expect(counters(t.store, b.id)).toEqual({ documents: 1, size: 1 });

    t.store.deleteLibrary(b.id);
    expect(t.store.getLibrary(b.id)).toBeUndefined();
    expect(counters(t.store, a.id)).toEqual(truth(t.store, a.id));
  });

  it('are backfilled when a store from before them is opened', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // A version-1 store with files in it, as an older lib left it.
      const db = openDatabase(join(dir, 'lib.db'));
      db.exec(MIGRATIONS[0]!);
      db.pragma('user_version = 1');
      const at = '2025-01-01T00:00:00.000Z';
      db.prepare(`INSERT INTO principals (id, name, created_at) VALUES ('p', 'local', ?)`).run(at);
      db.prepare(
        `INSERT INTO libraries (id, owner_id, name, created_at, updated_at) VALUES ('L', 'p', 'old', ?, ?)`,
      ).run(at, at);
      const insert = db.prepare(
        `INSERT INTO files (id, library_id, name, size, hash, processing_started_at, processing_done_at, created_at, updated_at)
         VALUES (?, 'L', ?, ?, 'h', ?, ?, ?, ?)`,
      );
      insert.run('f1', 'x.md', 100, at, at, at, at);
      insert.run('f2', 'y.md', 23, at, at, at, at);
      db.close();

      const store = openStore(dir);
      try {
        expect(counters(store, 'L')).toEqual({ documents: 2, size: 123 });
      } finally {
        store.close();
      }
    } finally {
      cleanup();
    }
  });
});
