/**
 * The store speaks its own words (pending, processing, ready, failed): the
 * local provider reports them as they are, and each `lib serve` dialect says
 * them in its vendor's words. The words were never stored (a file's state is
 * derived from its processing timestamps and error), so making them neutral
 * needed no schema step; a store written by an older lib still opens, migrates
 * to the latest schema and reads in the store's words.
 */
import { join } from 'node:path';
import { openDatabase } from '../sqlite.js';
import { afterEach, describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/model.js';
import { toFile, toFileStatus } from '../../src/providers/local/map.js';
import { startServer } from '../../src/server/index.js';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { bytes, fakeClock, tempDir, tempStore, type TempStore } from './helpers.js';

let t: TempStore | undefined;
afterEach(() => t?.cleanup());

describe("the store's words", () => {
  it('pass pending -> processing -> ready, or failed; the local provider reports the same word', async () => {
    const clock = fakeClock();
    t = tempStore({ now: clock.now });
    const lib = t.store.createLibrary({ ownerId: t.store.localPrincipal().id, name: 'docs' });
    const { file } = await t.store.putFile({
      libraryId: lib.id,
      name: 'a.md',
      content: bytes('a'),
      processingMs: 1000,
    });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const row = t.store.getFile(file.id)!;
      seen.push([row.status, toFileStatus(row).providerStatus, toFile(row).providerStatus]);
      clock.advance(600);
    }
    t.store.setFileError(file.id, 'cannot read it');
    const failed = t.store.getFile(file.id)!;
    seen.push([failed.status, toFileStatus(failed).providerStatus, toFile(failed).providerStatus]);
    expect(seen).toEqual(STATUSES.map((s) => [s, s, s]));
  });
});

describe('a store written by an older lib', () => {
  it('opens, migrates from schema 1 and reads in the neutral words; lib serve says them in Mistral words', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openDatabase(join(dir, 'lib.db'));
      db.exec(MIGRATIONS[0]!);
      db.pragma('user_version = 1');
      const past = '2025-01-01T00:00:00.000Z';
      const future = '2999-01-01T00:00:00.000Z';
      db.prepare(`INSERT INTO principals (id, name, created_at) VALUES ('p', 'local', ?)`).run(past);
      db.prepare(
        `INSERT INTO libraries (id, owner_id, name, created_at, updated_at)
         VALUES ('00000000-0000-4000-8000-000000000001', 'p', 'old', ?, ?)`,
      ).run(past, past);
      const insert = db.prepare(
        `INSERT INTO files (id, library_id, name, size, hash, processing_started_at, processing_done_at, error, created_at, updated_at)
         VALUES (?, '00000000-0000-4000-8000-000000000001', ?, 1, 'h', ?, ?, ?, ?, ?)`,
      );
      insert.run('00000000-0000-4000-8000-00000000000a', 'done.md', past, past, null, past, past);
      insert.run('00000000-0000-4000-8000-00000000000b', 'waiting.md', future, future, null, past, past);
      insert.run('00000000-0000-4000-8000-00000000000c', 'broken.md', past, past, 'unreadable', past, past);
      db.close();

      const store = openStore(dir);
      try {
        const v = openDatabase(join(dir, 'lib.db'), { readonly: true });
        expect(v.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
        v.close();
        const rows = store.listFiles('00000000-0000-4000-8000-000000000001', { sort: 'name' });
        expect(rows.map((r) => [r.name, r.status, toFileStatus(r).providerStatus])).toEqual([
          ['broken.md', 'failed', 'failed'],
          ['done.md', 'ready', 'ready'],
          ['waiting.md', 'pending', 'pending'],
        ]);
      } finally {
        store.close();
      }

      const server = await startServer({
        host: '127.0.0.1',
        port: 0,
        dataDir: dir,
        tokens: [{ name: 'local', secret: 'local-secret' }],
        processingMs: 0,
      });
      try {
        const res = await fetch(
          `${server.url}/v1/libraries/00000000-0000-4000-8000-000000000001/documents?sort_by=name&sort_order=asc`,
          { headers: { authorization: 'Bearer local-secret' } },
        );
        const body = (await res.json()) as { data: { name: string; process_status: string }[] };
        expect(body.data.map((d) => [d.name, d.process_status])).toEqual([
          ['broken.md', 'error'],
          ['done.md', 'done'],
          ['waiting.md', 'todo'],
        ]);
      } finally {
        await server.close();
      }
    } finally {
      cleanup();
    }
  });
});
