/**
 * What `file sync` knows, in one SQLite database per profile, base URL and
 * library under the data dir (`sync/<hash>.db`), so that a sync's memory does
 * not grow with the tree: a run holds the walk, the listing and what it
 * remembers as rows, not as objects, and decides by joins (the decision itself
 * is described in sync-plan.ts).
 *
 * Kept between runs (the `state` table): remote key ("path/name") -> local
 * file, size, mtime, sha256, remote id, remote version (its updatedAt). Two
 * uses. The quick check, as rsync's: a local file whose size and mtime are
 * unchanged is not read again, its sha256 comes from here (what keeps a no-op
 * sync of 10,000 files under a second). And, where the provider reports no
 * content hash (ai21), change detection: the remote file is the one we
 * uploaded (same id and size) and the local file did not change.
 *
 * Each change to the state is its own transaction (WAL, so a commit costs no
 * fsync), made as soon as the action it records is done: a run killed at any
 * point leaves the state of everything done before, and sync never trusts the
 * state over what the remote lists (a remote file the state does not know is
 * replaced, never duplicated), so the next run converges. A corrupt or
 * foreign file is started afresh: the cost is re-hashing.
 *
 * The run's working tables (the local files, the remote files, the pairs by
 * key) are TEMP tables: SQLite keeps them in a temporary file beside a small
 * page cache, and drops them with the connection. `--dry-run` opens the state
 * read-only (or not at all when there is none yet) and writes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openSqlite } from '../../sqlite.js';
import type { Action, LocalFile, Plan, RemoteFile } from './sync-plan.js';

export interface StateEntry {
  /** The local file's absolute path when it was recorded. */
  local: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  remoteId: string | null;
  /** The remote's own version field (updatedAt), kept for reference. */
  remoteVersion: string | null;
}

export interface StateKey {
  profile: string;
  baseUrl: string | null;
  provider: string;
  libraryId: string;
}

export interface PlanOptions {
  /** The registry's contentHash: the remote's hash can be compared with a local sha256. */
  contentHash: boolean;
  rename: boolean;
  delete: boolean;
}

/** Bumped when the state table changes shape: an older file is started afresh. */
const SCHEMA_VERSION = 1;
/** Page cache per database (KiB): what bounds the memory the tables take, whatever their size. */
const CACHE_KIB = 512;

const STATE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (library_id TEXT NOT NULL, provider TEXT NOT NULL, base_url TEXT, profile TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY, local TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
    sha256 TEXT NOT NULL, remote_id TEXT, remote_version TEXT
  );
  CREATE INDEX IF NOT EXISTS state_remote ON state (remote_id);`;

const WORK_SCHEMA = `
  CREATE TEMP TABLE local_files (
    n INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, rel TEXT NOT NULL, file_path TEXT NOT NULL,
    abs TEXT NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
    mtime INTEGER NOT NULL, sha256 TEXT
  );
  CREATE TEMP TABLE remote_files (
    n INTEGER PRIMARY KEY, key TEXT NOT NULL, path TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    hash TEXT, size INTEGER, updated_at TEXT, sha TEXT, claimed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX temp.remote_key ON remote_files (key);
  CREATE INDEX temp.remote_sha ON remote_files (sha);
  CREATE TEMP TABLE pairs (key TEXT PRIMARY KEY, local_n INTEGER NOT NULL, remote_n INTEGER NOT NULL, same INTEGER NOT NULL);`;

interface LocalRow {
  n: number;
  key: string;
  rel: string;
  file_path: string;
  path: string;
  name: string;
  size: number;
  mtime: number;
  sha256: string | null;
}

interface RemoteRow {
  n: number;
  key: string;
  path: string;
  id: string;
  name: string;
  hash: string | null;
  size: number | null;
  updated_at: string | null;
}

/** A local file with the remote file under its key (one row per remote file there). */
interface MatchedRow extends LocalRow {
  remote_n: number;
  r_n: number;
  r_path: string;
  r_id: string;
  r_name: string;
  r_hash: string | null;
  r_size: number | null;
  r_updated_at: string | null;
}

/** A local file still to hash: its row, for setSha. */
export interface Unhashed {
  n: number;
  rel: string;
  filePath: string;
  size: number;
}

export class SyncDb {
  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly readOnly: boolean,
  ) {}

  private static fileFor(dataDir: string, key: StateKey): string {
    const id = createHash('sha256')
      .update([key.profile, key.baseUrl ?? '', key.provider, key.libraryId].join('\0'))
      .digest('hex')
      .slice(0, 32);
    return path.join(dataDir, 'sync', `${id}.db`);
  }

  /**
   * The state of this profile, base URL and library, with the working tables. Read-only
   * (for --dry-run): nothing is written, and a missing or unreadable state is an empty one.
   */
  static open(dataDir: string, key: StateKey, opts: { readOnly?: boolean } = {}): SyncDb {
    const file = SyncDb.fileFor(dataDir, key);
    if (opts.readOnly) {
      if (fs.existsSync(file)) {
        try {
          return SyncDb.connect(openSqlite(file, { readonly: true, fileMustExist: true }), key, true);
        } catch {
          // unreadable or foreign: as if there were none
        }
      }
      return SyncDb.scratch(key);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // The state of the JSON days (before this database): superseded, its cost is one re-hash.
    fs.rmSync(file.replace(/\.db$/, '.json'), { force: true });
    try {
      return SyncDb.connect(SyncDb.create(file), key, false);
    } catch (err) {
      if (!isCorrupt(err)) throw err;
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      return SyncDb.connect(SyncDb.create(file), key, false);
    }
  }

  /** An empty state in a private temporary database (the plan's tests; --dry-run of a first sync). */
  static scratch(key: StateKey = { profile: '', baseUrl: null, provider: '', libraryId: '' }): SyncDb {
    return SyncDb.connect(openSqlite(''), key, false);
  }

  private static create(file: string): BetterSqlite3.Database {
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    const db = openSqlite(file, { timeout: 10_000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private static connect(db: BetterSqlite3.Database, key: StateKey, readOnly: boolean): SyncDb {
    try {
      db.pragma(`cache_size = -${CACHE_KIB}`);
      db.pragma('temp_store = FILE');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (!readOnly) {
        if (version !== SCHEMA_VERSION) {
          db.exec('DROP TABLE IF EXISTS state; DROP TABLE IF EXISTS meta;');
          db.pragma(`user_version = ${SCHEMA_VERSION}`);
        }
        db.exec(STATE_SCHEMA);
        const meta = db.prepare('SELECT library_id FROM meta').get() as { library_id: string } | undefined;
        if (meta?.library_id !== key.libraryId) {
          db.transaction(() => {
            db.exec('DELETE FROM state; DELETE FROM meta;');
            db.prepare('INSERT INTO meta VALUES (?, ?, ?, ?)').run(
              key.libraryId,
              key.provider,
              key.baseUrl,
              key.profile,
            );
          })();
        }
      } else {
        const meta = db.prepare('SELECT library_id FROM meta').get() as { library_id: string } | undefined;
        if (version !== SCHEMA_VERSION || meta?.library_id !== key.libraryId) throw new Error('foreign state');
      }
      db.exec(WORK_SCHEMA);
      db.pragma(`temp.cache_size = -${CACHE_KIB}`);
      return new SyncDb(db, readOnly);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // The state kept between runs.

  /** Remember what a local file is in the library (done after each upload, replace, rename). */
  record(key: string, e: StateEntry): void {
    if (this.readOnly) return;
    this.db
      .prepare('INSERT OR REPLACE INTO state VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(key, e.local, e.size, e.mtimeMs, e.sha256, e.remoteId, e.remoteVersion);
  }

  forget(key: string): void {
    if (!this.readOnly) this.db.prepare('DELETE FROM state WHERE key = ?').run(key);
  }

  // The run's working tables.

  /**
   * A local file of the walk (sha256 '' when not hashed yet). Undefined when added; else the
   * rel of the file that already has this key (two local names, one library name).
   */
  addLocal(l: LocalFile): string | undefined {
    const r = this.db
      .prepare(
        'INSERT INTO local_files (key, rel, file_path, abs, path, name, size, mtime, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
      )
      .run(l.key, l.rel, l.filePath, path.resolve(l.filePath), l.path, l.name, l.size, l.mtimeMs, l.sha256 || null);
    if (r.changes > 0) return undefined;
    return (this.db.prepare('SELECT rel FROM local_files WHERE key = ?').get(l.key) as { rel: string }).rel;
  }

  /** rsync's quick check: the sha256 of every local file whose path, size and mtime are as recorded. */
  quickCheck(): void {
    this.db
      .prepare(
        `UPDATE local_files SET sha256 = (
           SELECT s.sha256 FROM state s
           WHERE s.key = local_files.key AND s.local = local_files.abs AND s.size = local_files.size AND s.mtime = local_files.mtime)
         WHERE sha256 IS NULL`,
      )
      .run();
  }

  /** The next local files still to hash, after row `after`. */
  unhashed(after: number, limit: number): Unhashed[] {
    const rows = this.db
      .prepare('SELECT n, rel, file_path, size FROM local_files WHERE sha256 IS NULL AND n > ? ORDER BY n LIMIT ?')
      .all(after, limit) as { n: number; rel: string; file_path: string; size: number }[];
    return rows.map((r) => ({ n: r.n, rel: r.rel, filePath: r.file_path, size: r.size }));
  }

  setSha(n: number, sha256: string): void {
    this.db.prepare('UPDATE local_files SET sha256 = ? WHERE n = ?').run(sha256, n);
  }

  /** A local file that cannot be read: out of the plan. */
  dropLocal(n: number): void {
    this.db.prepare('DELETE FROM local_files WHERE n = ?').run(n);
  }

  addRemote(r: RemoteFile): void {
    this.db
      .prepare('INSERT INTO remote_files (key, path, id, name, hash, size, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.key, r.path, r.file.id, r.file.name, r.file.hash, r.file.size, r.file.updatedAt);
  }

  /** Do it in one transaction (many inserts at once). */
  batch<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // The decision (see sync-plan.ts for what it means).

  plan(opts: PlanOptions): Plan {
    const db = this.db;
    return this.batch(() => {
      // Each remote file's content hash where it can be known: its own, else what we recorded
      // uploading it, while it is the file we put there (same id and size; its updatedAt is not
      // compared: processing moves it on some APIs without changing the content).
      db.prepare(
        `UPDATE remote_files SET claimed = 0, sha = CASE
           WHEN ? AND hash IS NOT NULL AND hash <> '' THEN lower(hash)
           ELSE (SELECT s.sha256 FROM state s WHERE s.remote_id = remote_files.id
                   AND (remote_files.size IS NULL OR remote_files.size = s.size) ORDER BY s.rowid DESC LIMIT 1)
         END`,
      ).run(opts.contentHash ? 1 : 0);
      // Per local file with remote files under its key: the one with this content, else the
      // newest (then the first listed), is this file's; any others there are extra.
      db.prepare('DELETE FROM pairs').run();
      db.prepare(
        `INSERT INTO pairs (key, local_n, remote_n, same)
         SELECT l.key, l.n,
           coalesce(
             (SELECT min(r.n) FROM remote_files r WHERE r.key = l.key AND r.sha = l.sha256),
             (SELECT r.n FROM remote_files r WHERE r.key = l.key ORDER BY coalesce(r.updated_at, '') DESC, r.n LIMIT 1)),
           EXISTS (SELECT 1 FROM remote_files r WHERE r.key = l.key AND r.sha = l.sha256)
         FROM local_files l WHERE l.key IN (SELECT key FROM remote_files)`,
      ).run();
      db.prepare('UPDATE remote_files SET claimed = 1 WHERE key IN (SELECT key FROM pairs)').run();

      const actions: Action[] = [];
      // Replaces, and the extra files under a local file's key (a replace killed between its
      // upload and its delete leaves one; so can an API that lets duplicate names in).
      const matched = db
        .prepare(
          `SELECT l.n, l.key, l.rel, l.file_path, l.path, l.name, l.size, l.mtime, l.sha256, p.remote_n,
                  r.n AS r_n, r.path AS r_path, r.id AS r_id, r.name AS r_name, r.hash AS r_hash,
                  r.size AS r_size, r.updated_at AS r_updated_at
           FROM pairs p JOIN local_files l ON l.n = p.local_n JOIN remote_files r ON r.key = p.key
           WHERE NOT (p.same AND r.n = p.remote_n)
           ORDER BY l.n, r.n`,
        )
        .all() as MatchedRow[];
      for (const m of matched) {
        const remote = toRemote({
          n: m.r_n,
          key: m.key,
          path: m.r_path,
          id: m.r_id,
          name: m.r_name,
          hash: m.r_hash,
          size: m.r_size,
          updated_at: m.r_updated_at,
        });
        if (m.r_n === m.remote_n) actions.push({ kind: 'replace', local: toLocal(m), remote });
        else actions.push({ kind: 'delete', remote, duplicate: true });
      }

      // New local files: a move where their content is in a remote file no local file claims
      // (renamed in place where the provider renames and the folder is the same), else uploads.
      const movable =
        (opts.rename || opts.delete) &&
        db.prepare('SELECT 1 FROM remote_files WHERE claimed = 0 AND sha IS NOT NULL LIMIT 1').get() !== undefined;
      const source = db.prepare(
        'SELECT * FROM remote_files WHERE claimed = 0 AND sha = ? ORDER BY (path = ?) DESC, n LIMIT 1',
      );
      const claim = db.prepare('UPDATE remote_files SET claimed = 1 WHERE n = ?');
      const fresh = db.prepare(
        `SELECT * FROM local_files l WHERE n > ? AND NOT EXISTS (SELECT 1 FROM remote_files r WHERE r.key = l.key)
         ORDER BY n LIMIT 512`,
      );
      for (let after = 0; ;) {
        const rows = fresh.all(after) as LocalRow[];
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.n;
        for (const row of rows) {
          const local = toLocal(row);
          const found = movable ? (source.get(local.sha256, local.path) as RemoteRow | undefined) : undefined;
          if (found && opts.rename && found.path === local.path) {
            claim.run(found.n);
            actions.push({ kind: 'rename', local, remote: toRemote(found) });
          } else if (found && opts.delete) {
            claim.run(found.n);
            actions.push({ kind: 'move', local, remote: toRemote(found) });
          } else actions.push({ kind: 'upload', local });
        }
      }

      // Remote files in scope that no local file claims: deleted with --delete, else kept.
      let kept = 0;
      if (opts.delete) {
        const gone = db.prepare('SELECT * FROM remote_files WHERE claimed = 0 ORDER BY n').all() as RemoteRow[];
        for (const r of gone) actions.push({ kind: 'delete', remote: toRemote(r) });
      } else kept = count(db, 'SELECT count(*) AS c FROM remote_files WHERE claimed = 0');
      return {
        actions,
        unchanged: count(db, 'SELECT count(*) AS c FROM pairs WHERE same'),
        kept,
        remotes: count(db, 'SELECT count(*) AS c FROM remote_files'),
      };
    });
  }

  /** The unchanged files' quick check, brought up to date (a touched file's new mtime), so the next run reads none. */
  refreshUnchanged(): void {
    if (this.readOnly) return;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO state (key, local, size, mtime, sha256, remote_id, remote_version)
         SELECT l.key, l.abs, l.size, l.mtime, l.sha256, r.id, r.updated_at
         FROM pairs p JOIN local_files l ON l.n = p.local_n JOIN remote_files r ON r.n = p.remote_n
         WHERE p.same AND NOT EXISTS (
           SELECT 1 FROM state s WHERE s.key = l.key AND s.local = l.abs AND s.size = l.size
             AND s.mtime = l.mtime AND s.sha256 = l.sha256 AND s.remote_id IS r.id)`,
      )
      .run();
  }

  /** The pairs the last plan found unchanged, as [local key, remote id] (tests). */
  unchanged(): [string, string][] {
    return (
      this.db
        .prepare(
          'SELECT p.key, r.id FROM pairs p JOIN remote_files r ON r.n = p.remote_n WHERE p.same ORDER BY p.local_n',
        )
        .all() as { key: string; id: string }[]
    ).map((r) => [r.key, r.id]);
  }

  /** The keys of the remote files the last plan kept (tests). */
  kept(): string[] {
    return (
      this.db.prepare('SELECT key FROM remote_files WHERE claimed = 0 ORDER BY n').all() as { key: string }[]
    ).map((r) => r.key);
  }
}

function count(db: BetterSqlite3.Database, sql: string): number {
  return (db.prepare(sql).get() as { c: number }).c;
}

function toLocal(r: LocalRow): LocalFile {
  return {
    rel: r.rel,
    filePath: r.file_path,
    key: r.key,
    path: r.path,
    name: r.name,
    size: r.size,
    mtimeMs: r.mtime,
    sha256: r.sha256 ?? '',
  };
}

function toRemote(r: RemoteRow): RemoteFile {
  return {
    key: r.key,
    path: r.path,
    file: { id: r.id, name: r.name, hash: r.hash, size: r.size, updatedAt: r.updated_at },
  };
}

function isCorrupt(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT'));
}
