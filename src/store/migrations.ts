/**
 * Schema migrations, applied in order by PRAGMA user_version: migration i
 * brings the schema from version i to i+1. Never edit a released step; append.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { FailedError } from '../errors.js';
import { backfillSlugs } from './slugs.js';

export const MIGRATIONS: readonly string[] = [
  // 1: the initial schema.
  `
  CREATE TABLE principals (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL DEFAULT 'user' CHECK (kind IN ('user')),
    org_id       TEXT,
    workspace_id TEXT,
    created_at   TEXT NOT NULL
  );

  CREATE TABLE libraries (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES principals(id),
    name        TEXT NOT NULL,
    description TEXT,
    chunk_size  INTEGER,
    type        TEXT,
    data        TEXT CHECK (data IS NULL OR json_valid(data)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (owner_id, name)
  );
  CREATE INDEX libraries_by_name ON libraries(name);

  -- seq is an explicit INTEGER PRIMARY KEY so the FTS rowid that points at it
  -- survives VACUUM (an implicit rowid may be renumbered).
  CREATE TABLE files (
    seq                   INTEGER PRIMARY KEY,
    id                    TEXT NOT NULL UNIQUE,
    library_id            TEXT NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    name                  TEXT NOT NULL,
    path                  TEXT NOT NULL DEFAULT '',
    labels                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels)),
    public_url            TEXT,
    attributes            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    mime_type             TEXT,
    extension             TEXT,
    size                  INTEGER NOT NULL,
    hash                  TEXT NOT NULL,
    summary               TEXT,
    pages                 INTEGER,
    uploaded_by           TEXT,
    processing_started_at TEXT NOT NULL,
    processing_done_at    TEXT NOT NULL,
    error                 TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    UNIQUE (library_id, path, name)
  );
  CREATE INDEX files_by_hash ON files(hash);
  CREATE INDEX files_by_library_hash ON files(library_id, hash);

  CREATE TABLE shares (
    library_id     TEXT NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'workspace', 'org')),
    principal_id   TEXT NOT NULL,
    level          TEXT NOT NULL CHECK (level IN ('viewer', 'editor')),
    created_at     TEXT NOT NULL,
    PRIMARY KEY (library_id, principal_type, principal_id)
  );
  CREATE INDEX shares_by_principal ON shares(principal_type, principal_id);

  -- rowid = files.seq. Rows are inserted by the store with the text; deletes
  -- (including cascades from a library) and renames follow by trigger.
  CREATE VIRTUAL TABLE file_fts USING fts5(
    file_id UNINDEXED, name, text, tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER files_fts_delete AFTER DELETE ON files BEGIN
    DELETE FROM file_fts WHERE rowid = old.seq;
  END;
  CREATE TRIGGER files_fts_rename AFTER UPDATE OF name ON files BEGIN
    UPDATE file_fts SET name = new.name WHERE rowid = new.seq;
  END;
  `,
  // 2: per-library counters kept by triggers, so reading a library costs the
  // same at 10 files and at 100,000 (the count and sum over its files made
  // every upload slower as the library grew); indexes for name lookups and
  // the default sort.
  `
  ALTER TABLE libraries ADD COLUMN documents INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE libraries ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
  UPDATE libraries SET
    documents = (SELECT count(*) FROM files f WHERE f.library_id = libraries.id),
    size = (SELECT coalesce(sum(f.size), 0) FROM files f WHERE f.library_id = libraries.id);
  CREATE TRIGGER files_count_insert AFTER INSERT ON files BEGIN
    UPDATE libraries SET documents = documents + 1, size = size + new.size WHERE id = new.library_id;
  END;
  CREATE TRIGGER files_count_delete AFTER DELETE ON files BEGIN
    UPDATE libraries SET documents = documents - 1, size = size - old.size WHERE id = old.library_id;
  END;
  CREATE TRIGGER files_count_update AFTER UPDATE OF size, library_id ON files BEGIN
    UPDATE libraries SET documents = documents - 1, size = size - old.size WHERE id = old.library_id;
    UPDATE libraries SET documents = documents + 1, size = size + new.size WHERE id = new.library_id;
  END;
  CREATE INDEX files_by_library_name ON files(library_id, name, path);
  CREATE INDEX files_by_library_created ON files(library_id, created_at);
  `,
  // 3: why a file's text is cut or missing (too large, a scanned PDF, a type lib does not read).
  `
  ALTER TABLE files ADD COLUMN text_note TEXT;
  `,
  // 4: what hal's libraries carry (additive; other dialects ignore it): a slug unique per owner
  // (natural ids owner:slug), the shared flag, sync interval and time, the embedded integration
  // of a cloud drive (never a client secret); teams, whose members act for them.
  `
  ALTER TABLE libraries ADD COLUMN slug TEXT;
  ALTER TABLE libraries ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE libraries ADD COLUMN sync_interval INTEGER;
  ALTER TABLE libraries ADD COLUMN synced_at TEXT;
  ALTER TABLE libraries ADD COLUMN integration TEXT CHECK (integration IS NULL OR json_valid(integration));
  CREATE UNIQUE INDEX libraries_by_owner_slug ON libraries(owner_id, slug);
  CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
  );
  CREATE INDEX team_members_by_user ON team_members(user_id, team_id);
  `,
];

/** What SQL alone cannot do, run right after the step that brings the schema to that version, in its transaction. */
const AFTER: Readonly<Record<number, (db: BetterSqlite3.Database) => void>> = {
  // Slugs for the libraries made before version 4.
  4: backfillSlugs,
};

/**
 * Brings the database to the latest version. BEGIN IMMEDIATE takes the write
 * lock before reading user_version, so two processes opening a fresh store at
 * once cannot both run the same step; the loser waits (busy timeout) and then
 * finds nothing to do.
 */
export function migrate(db: BetterSqlite3.Database, where: string): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const newer = () =>
    new FailedError(`the store at ${where} was written by a newer lib (schema ${version()})`, {
      hint: 'Upgrade lib, or point LIB_HOME elsewhere.',
    });
  if (version() === MIGRATIONS.length) return;
  if (version() > MIGRATIONS.length) throw newer();
  db.transaction(() => {
    let v = version();
    if (v > MIGRATIONS.length) throw newer();
    for (; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      AFTER[v + 1]?.(db);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
