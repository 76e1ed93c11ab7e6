/**
 * No statement on the upload, lookup, dedupe or default-list paths may scan
 * every file of the store or sort a library's files on each page: those costs
 * grow with the library (issue: uploads slowed from 2.5 to 24 ms a file between
 * 2,000 and 20,000 files). Every SQL the store prepares while doing that work is
 * recorded and its EXPLAIN QUERY PLAN checked.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../sqlite.js';
import { afterEach, describe, expect, it } from 'vitest';
import { bytes, tempStore, type TempStore } from './helpers.js';

let t: TempStore | undefined;
const original = Database.prototype.prepare;
afterEach(() => {
  Database.prototype.prepare = original;
  t?.cleanup();
  t = undefined;
});

describe('query plans', () => {
  it('upload, lookups, dedupe and the default list use indexes, not scans of files', async () => {
    const seen = new Set<string>();
    Database.prototype.prepare = function (this: Database.Database, sql: string, ...rest: unknown[]) {
      seen.add(sql);
      return (original as (...a: unknown[]) => Database.Statement).call(this, sql, ...rest);
    } as typeof original;
    t = tempStore();
    const s = t.store;
    const lib = s.createLibrary({ ownerId: s.localPrincipal().id, name: 'docs' });
    const a = await s.putFile({ libraryId: lib.id, name: 'a.md', path: 'x/', content: bytes('alpha') });
    await s.putFile({ libraryId: lib.id, name: 'a.md', path: 'x/', content: bytes('alpha 2'), overwrite: true });
    await s.putFile({ libraryId: lib.id, name: 'b.md', content: bytes('alpha'), dedupeByHash: true });
    s.getLibrary(lib.id);
    s.findLibrariesByName('docs');
    s.getFile(a.file.id);
    s.fileAt(lib.id, 'x/', 'a.md');
    s.findFilesByName(lib.id, 'a.md');
    s.listFiles(lib.id, { limit: 50 });
    s.listFiles(lib.id, { limit: 50, offset: 50 });
    s.deleteFile(a.file.id);
    Database.prototype.prepare = original;

    const db = openDatabase(join(t.dir, 'lib.db'), { readonly: true });
    try {
      const problems: string[] = [];
      for (const sql of seen) {
        if (!/\bfiles\b/.test(sql) || /^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql)) continue;
        // Parameters only change values, not the plan: bind each to null.
        const named = Object.fromEntries([...sql.matchAll(/[:@$]([A-Za-z_]\w*)/g)].map((m) => [m[1], null]));
        const positional = (sql.match(/\?/g) ?? []).map(() => null);
        const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        const args = Object.keys(named).length ? [...positional, named] : positional;
        const plan = (stmt.all(...args) as { detail: string }[]).map((r) => r.detail);
        const bad = plan.filter(
          (d) => /^SCAN (f|files)\b(?! USING (COVERING )?INDEX)/.test(d) || /TEMP B-TREE/.test(d),
        );
        if (bad.length) problems.push(`${sql.replace(/\s+/g, ' ').slice(-120)}\n    -> ${bad.join('; ')}`);
      }
      expect(seen.size).toBeGreaterThan(10);
      expect(problems).toEqual([]);
    } finally {
      db.close();
    }
  });
});
