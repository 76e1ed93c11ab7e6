/**
 * The embedded store: one data directory holding lib.db (SQLite) and blobs/.
 * Used by providers/local (as the single 'local' principal) and by `lib serve`
 * (many principals of one org, permissions checked with accessLevel()).
 *
 * Everything is synchronous (better-sqlite3) except what streams content:
 * putFile and reprocessFile. Reads take the store's clock so derived
 * processing status is consistent within one call.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ShareLevel } from '../model.js';
import { openSqlite } from '../sqlite.js';
import { BlobStore } from './blobs.js';
import type { Ctx } from './context.js';
import * as files from './files.js';
import { collectGarbage, sweepLeftovers } from './gc.js';
import * as libraries from './libraries.js';
import { migrate } from './migrations.js';
import * as principals from './principals.js';
import * as shares from './shares.js';
import type {
  AccessLevel,
  FilePatch,
  FileQuery,
  FileRow,
  LibraryInput,
  LibraryPatch,
  LibraryQuery,
  LibraryRow,
  PrincipalInput,
  PrincipalRow,
  PutFileInput,
  PutFileResult,
  ShareRow,
} from './types.js';
import { putFile, reprocessFile } from './upload.js';

export { pinned } from '../sqlite.js';

export interface StoreOptions {
  /** The clock, in ms since the epoch (tests move it to watch status change). */
  now?: () => number;
  /** How long a writer waits for another process's lock. Default 10 s. */
  busyTimeoutMs?: number;
}

export function openStore(dir: string, opts: StoreOptions = {}): Store {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Private whatever the umask: SQLite creates lib.db with 0644 & ~umask, and
  // its -wal and -shm files take lib.db's mode.
  chmodSync(dir, 0o700);
  const file = join(dir, 'lib.db');
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const timeout = opts.busyTimeoutMs ?? 10_000;
  const db = openSqlite(file, { timeout });
  try {
    db.pragma(`busy_timeout = ${timeout}`);
    // WAL lets readers run while one process writes; NORMAL is durable in WAL
    // except for the last transactions on power loss, which is fine here.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, dir);
    const store = new Store(dir, db, new BlobStore(dir), opts.now ?? Date.now);
    store.sweepLeftovers();
    return store;
  } catch (err) {
    db.close();
    throw err;
  }
}

export class Store {
  private readonly ctx: Ctx;
  private local?: PrincipalRow;

  constructor(
    readonly dir: string,
    private readonly db: BetterSqlite3.Database,
    blobs: BlobStore,
    now: () => number,
  ) {
    this.ctx = { db, blobs, now };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // Principals

  /** The principal named 'local' that owns what the local provider creates; made on first use, stable after. */
  localPrincipal(): PrincipalRow {
    this.local ??=
      principals.principalByName(this.ctx, principals.LOCAL_PRINCIPAL) ??
      principals.ensurePrincipal(this.ctx, { name: principals.LOCAL_PRINCIPAL });
    return this.local;
  }
  ensurePrincipal(input: PrincipalInput): PrincipalRow {
    return principals.ensurePrincipal(this.ctx, input);
  }
  getPrincipal(id: string): PrincipalRow | undefined {
    return principals.getPrincipal(this.ctx, id);
  }
  principalByName(name: string): PrincipalRow | undefined {
    return principals.principalByName(this.ctx, name);
  }
  listPrincipals(): PrincipalRow[] {
    return principals.listPrincipals(this.ctx);
  }
  /** The team `team:NAME` with exactly these members (user ids); created if missing. */
  ensureTeam(name: string, memberIds: readonly string[], orgId?: string | null): PrincipalRow {
    return principals.ensureTeam(this.ctx, name, memberIds, orgId);
  }
  /** The ids of the teams a user is a member of. */
  teamsOf(userId: string): string[] {
    return principals.teamsOf(this.ctx, userId);
  }
  membersOf(teamId: string): string[] {
    return principals.membersOf(this.ctx, teamId);
  }

  // Libraries

  /** ConflictError when the owner already has a library with that name. */
  createLibrary(input: LibraryInput): LibraryRow {
    return libraries.createLibrary(this.ctx, input);
  }
  getLibrary(id: string): LibraryRow | undefined {
    return libraries.getLibrary(this.ctx, id);
  }
  findLibrariesByIdPrefix(prefix: string): LibraryRow[] {
    return libraries.findLibrariesByIdPrefix(this.ctx, prefix);
  }
  findFilesByIdPrefix(libraryId: string, prefix: string): FileRow[] {
    return files.findFilesByIdPrefix(this.ctx, libraryId, prefix);
  }
  findLibrariesByName(name: string, opts?: { visibleTo?: string }): LibraryRow[] {
    return libraries.findLibrariesByName(this.ctx, name, opts);
  }
  listLibraries(q?: LibraryQuery): LibraryRow[] {
    return libraries.listLibraries(this.ctx, q);
  }
  countLibraries(q?: LibraryQuery): number {
    return libraries.countLibraries(this.ctx, q);
  }
  /** ConflictError when the (new) owner already has that name; NotFoundError for an unknown library or owner. */
  updateLibrary(id: string, patch: LibraryPatch): LibraryRow {
    return libraries.updateLibrary(this.ctx, id, patch);
  }
  /** The library an owner has under a slug (hal's natural id owner:slug). */
  libraryBySlug(ownerId: string, slug: string): LibraryRow | undefined {
    return libraries.libraryBySlug(this.ctx, ownerId, slug);
  }
  /** Records a finished sync (syncedAt); updatedAt stays. */
  markSynced(id: string, at: string): LibraryRow {
    return libraries.markSynced(this.ctx, id, at);
  }
  librariesWithSyncInterval(): LibraryRow[] {
    return libraries.librariesWithSyncInterval(this.ctx);
  }
  /** The store's clock (ms since the epoch), for timestamps a dialect keeps. */
  now(): number {
    return this.ctx.now();
  }
  /** NotFoundError when missing. Files and shares go in the same transaction; blobs are collected after. */
  deleteLibrary(id: string): void {
    libraries.deleteLibrary(this.ctx, id);
  }

  // Files. `libraryId`, where accepted, scopes the lookup: a file of another library is not found.

  putFile(input: PutFileInput): Promise<PutFileResult> {
    return putFile(this.ctx, input);
  }
  getFile(id: string): FileRow | undefined {
    return files.getFile(this.ctx, id);
  }
  fileAt(libraryId: string, path: string, name: string): FileRow | undefined {
    return files.fileAt(this.ctx, libraryId, path, name);
  }
  findFilesByName(libraryId: string, name: string): FileRow[] {
    return files.findFilesByName(this.ctx, libraryId, name);
  }
  listFiles(libraryId: string, q?: FileQuery): FileRow[] {
    return files.listFiles(this.ctx, libraryId, q);
  }
  countFiles(libraryId: string, q?: FileQuery): number {
    return files.countFiles(this.ctx, libraryId, q);
  }
  updateFile(id: string, patch: FilePatch, libraryId?: string): FileRow {
    return files.updateFile(this.ctx, id, patch, libraryId);
  }
  setFileError(id: string, error: string | null): FileRow {
    return files.setFileError(this.ctx, id, error);
  }
  /** False when there was no such file. */
  deleteFile(id: string, libraryId?: string): boolean {
    return files.deleteFiles(this.ctx, [id], libraryId).length > 0;
  }
  /** In one transaction; returns the ids that existed and were deleted. */
  deleteFiles(ids: readonly string[], libraryId?: string): string[] {
    return files.deleteFiles(this.ctx, ids, libraryId);
  }
  /** The extracted text; null when the file is not text-like. NotFoundError when missing. */
  getText(id: string, libraryId?: string): string | null {
    return files.getText(this.ctx, id, libraryId);
  }
  reprocessFile(id: string, opts?: { processingMs?: number; libraryId?: string }): Promise<FileRow> {
    return reprocessFile(this.ctx, id, opts);
  }
  /** A stream of the content (start/end inclusive, as fs.createReadStream, for HTTP ranges). */
  openBlob(hash: string, opts?: { signal?: AbortSignal; start?: number; end?: number }): ReadStream {
    return this.ctx.blobs.open(hash, opts);
  }

  // Shares

  /** The owner (level 'owner') first, then the share rows. NotFoundError when the library is missing. */
  listShares(libraryId: string): ShareRow[] {
    return shares.listShares(this.ctx, libraryId);
  }
  /** Creates or changes a share; ConflictError for the owner. */
  putShare(libraryId: string, principal: shares.SharePrincipal, level: ShareLevel): ShareRow {
    return shares.putShare(this.ctx, libraryId, principal, level);
  }
  /** False when there was no such share; ConflictError for the owner. */
  deleteShare(libraryId: string, principal: shares.SharePrincipal): boolean {
    return shares.deleteShare(this.ctx, libraryId, principal);
  }
  accessLevel(libraryId: string, principalId: string): AccessLevel | null {
    return shares.accessLevel(this.ctx, libraryId, principalId);
  }

  // Maintenance

  /** Removes unreferenced blobs and stale temp files (normally nothing: deletes collect as they go). */
  collectGarbage(): { blobs: number; temp: number } {
    return collectGarbage(this.ctx);
  }
  /** Temp files and blobs that writers which died left behind (see gc.ts). */
  sweepLeftovers(): { blobs: number; temp: number } {
    return sweepLeftovers(this.ctx);
  }
  /** PRAGMA integrity_check: 'ok' when healthy. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('\n');
  }
}
