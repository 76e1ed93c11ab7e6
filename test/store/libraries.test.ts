import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../sqlite.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UsageError } from '../../src/errors.js';
import { StoreConflictError } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { bytes, tempDir, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
afterEach(() => t?.cleanup());

describe('opening the store', () => {
  it('creates the data dir 0700, WAL and the latest schema; reopening migrates nothing', () => {
    const { dir, cleanup } = tempDir();
    try {
      const data = join(dir, 'nested', 'data');
      const s1 = openStore(data);
      const lib = s1.createLibrary({ ownerId: s1.localPrincipal().id, name: 'docs' });
      s1.close();
      expect(statSync(data).mode & 0o777).toBe(0o700);

      const s2 = openStore(data);
      expect(s2.getLibrary(lib.id)?.name).toBe('docs');
      expect(s2.localPrincipal().id).toBe(lib.ownerId); // the local principal's id is stable
      s2.close();

      const db = openDatabase(join(data, 'lib.db'), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      cleanup();
    }
  });

  it('refuses a database written by a newer lib', () => {
    const { dir, cleanup } = tempDir();
    try {
      openStore(dir).close();
      const db = openDatabase(join(dir, 'lib.db'));
      db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
      db.close();
      expect(() => openStore(dir)).toThrow(/newer lib/);
    } finally {
      cleanup();
    }
  });
});

describe('libraries', () => {
  it('creates, gets, updates; names are unique per owner', () => {
    t = tempStore();
    const owner = t.store.localPrincipal().id;
    const lib = t.store.createLibrary({
      ownerId: owner,
      name: 'docs',
      description: 'd',
      chunkSize: 512,
      data: { a: 1 },
    });
    expect(lib).toMatchObject({
      name: 'docs',
      description: 'd',
      chunkSize: 512,
      data: { a: 1 },
      documents: 0,
      size: 0,
    });
    expect(() => t.store.createLibrary({ ownerId: owner, name: 'docs' })).toThrow(
      new StoreConflictError('library "docs" already exists'),
    );
    expect(() => t.store.createLibrary({ ownerId: owner, name: ' ' })).toThrow(UsageError);

    const other = t.store.ensurePrincipal({ name: 'alice' });
    t.store.createLibrary({ ownerId: other.id, name: 'docs' }); // another owner may reuse the name
    expect(t.store.findLibrariesByName('docs')).toHaveLength(2);
    expect(t.store.findLibrariesByName('docs', { visibleTo: other.id })).toHaveLength(1);

    const renamed = t.store.updateLibrary(lib.id, { name: 'papers', description: null });
    expect(renamed).toMatchObject({ name: 'papers', description: null, chunkSize: 512 });
    t.store.createLibrary({ ownerId: owner, name: 'x' });
    expect(() => t.store.updateLibrary(lib.id, { name: 'x' })).toThrow(ConflictError);
    expect(() => t.store.updateLibrary('nope', { name: 'y' })).toThrow(NotFoundError);

    // A new owner: refused when they already own that name, or do not exist.
    expect(() =>
      t.store.updateLibrary(t.store.findLibrariesByName('x')[0]!.id, { name: 'docs', ownerId: other.id }),
    ).toThrow('library "docs" already exists');
    expect(() => t.store.updateLibrary(lib.id, { ownerId: 'nobody' })).toThrow(NotFoundError);
    expect(t.store.updateLibrary(lib.id, { ownerId: other.id }).ownerId).toBe(other.id);
  });

  it('lists with search (literal), sort, limit and offset, and counts', async () => {
    t = tempStore();
    const owner = t.store.localPrincipal().id;
    const a = t.store.createLibrary({ ownerId: owner, name: 'Alpha', description: '100% notes' });
    const b = t.store.createLibrary({ ownerId: owner, name: 'beta' });
    const c = t.store.createLibrary({ ownerId: owner, name: 'gamma_1' });
    await t.store.putFile({ libraryId: b.id, name: 'x.txt', content: bytes('12345') });
    await t.store.putFile({ libraryId: b.id, name: 'y.txt', content: bytes('1') });
    await t.store.putFile({ libraryId: c.id, name: 'z.txt', content: bytes('123') });

    const names = (q: Parameters<typeof t.store.listLibraries>[0]) => t.store.listLibraries(q).map((l) => l.name);
    expect(names({})).toEqual(['Alpha', 'beta', 'gamma_1']);
    expect(names({ sort: '-name' })).toEqual(['gamma_1', 'beta', 'Alpha']);
    expect(names({ sort: '-size' })).toEqual(['beta', 'gamma_1', 'Alpha']);
    expect(names({ sort: '-documents' })).toEqual(['beta', 'gamma_1', 'Alpha']);
    expect(names({ search: '%' })).toEqual(['Alpha']); // via description, % is literal
    expect(names({ search: '_' })).toEqual(['gamma_1']);
    expect(names({ search: 'ALPHA' })).toEqual(['Alpha']);
    expect(names({ limit: 1, offset: 1 })).toEqual(['beta']);
    expect(t.store.countLibraries({ search: 'a' })).toBe(3);
    expect(t.store.getLibrary(b.id)).toMatchObject({ documents: 2, size: 6 });
    expect(() => t.store.listLibraries({ sort: 'color' })).toThrow(
      /cannot sort by "color"; use one of: name, createdAt/,
    );
    expect(a.id).toBeTruthy();
  });

  it('delete removes files, shares and FTS rows in one go, then collects only unreferenced blobs', async () => {
    t = tempStore();
    const owner = t.store.localPrincipal().id;
    const doomed = t.store.createLibrary({ ownerId: owner, name: 'doomed' });
    const kept = t.store.createLibrary({ ownerId: owner, name: 'kept' });
    const shared = await t.store.putFile({ libraryId: doomed.id, name: 'a.txt', content: bytes('shared content') });
    const only = await t.store.putFile({ libraryId: doomed.id, name: 'b.txt', content: bytes('only here') });
    await t.store.putFile({ libraryId: kept.id, name: 'c.txt', content: bytes('shared content') });
    t.store.putShare(doomed.id, { type: 'org', id: 'org-1' }, 'viewer');

    const blob = (h: string) => join(t.dir, 'blobs', h.slice(0, 2), h);
    expect(existsSync(blob(only.file.hash))).toBe(true);
    t.store.deleteLibrary(doomed.id);

    expect(t.store.getLibrary(doomed.id)).toBeUndefined();
    expect(t.store.getFile(only.file.id)).toBeUndefined();
    expect(existsSync(blob(only.file.hash))).toBe(false);
    expect(existsSync(blob(shared.file.hash))).toBe(true); // still used by "kept"
    const db = openDatabase(join(t.dir, 'lib.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM shares').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM file_fts').get()).toEqual({ n: 1 });
    db.close();
    expect(() => t.store.deleteLibrary(doomed.id)).toThrow(NotFoundError);
    expect(t.store.collectGarbage()).toEqual({ blobs: 0, temp: 0 });
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
  });
});
