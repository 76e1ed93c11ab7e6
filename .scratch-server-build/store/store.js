/**
 * The embedded store: one data directory holding lib.db (SQLite) and blobs/.
 * Used by providers/local (as the single 'local' principal) and by `lib serve`
 * (many principals of one org, permissions checked with accessLevel()).
 *
 * Everything is synchronous (better-sqlite3) except what streams content:
 * putFile and reprocessFile. Reads take the store's clock so derived
 * processing status is consistent within one call.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BlobStore } from './blobs.js';
import * as files from './files.js';
import { collectGarbage } from './gc.js';
import * as libraries from './libraries.js';
import { migrate } from './migrations.js';
import * as principals from './principals.js';
import * as shares from './shares.js';
import { putFile, reprocessFile } from './upload.js';
export function openStore(dir, opts = {}) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const timeout = opts.busyTimeoutMs ?? 10_000;
    const db = new Database(join(dir, 'lib.db'), { timeout });
    try {
        db.pragma(`busy_timeout = ${timeout}`);
        // WAL lets readers run while one process writes; NORMAL is durable in WAL
        // except for the last transactions on power loss, which is fine here.
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
        migrate(db, dir);
        return new Store(dir, db, new BlobStore(dir), opts.now ?? Date.now);
    }
    catch (err) {
        db.close();
        throw err;
    }
}
export class Store {
    dir;
    db;
    ctx;
    local;
    constructor(dir, db, blobs, now) {
        this.dir = dir;
        this.db = db;
        this.ctx = { db, blobs, now };
    }
    close() {
        if (this.db.open)
            this.db.close();
    }
    // Principals
    /** The principal named 'local' that owns what the local provider creates; made on first use, stable after. */
    localPrincipal() {
        this.local ??=
            principals.principalByName(this.ctx, principals.LOCAL_PRINCIPAL) ??
                principals.ensurePrincipal(this.ctx, { name: principals.LOCAL_PRINCIPAL });
        return this.local;
    }
    ensurePrincipal(input) {
        return principals.ensurePrincipal(this.ctx, input);
    }
    getPrincipal(id) {
        return principals.getPrincipal(this.ctx, id);
    }
    principalByName(name) {
        return principals.principalByName(this.ctx, name);
    }
    listPrincipals() {
        return principals.listPrincipals(this.ctx);
    }
    // Libraries
    /** ConflictError when the owner already has a library with that name. */
    createLibrary(input) {
        return libraries.createLibrary(this.ctx, input);
    }
    getLibrary(id) {
        return libraries.getLibrary(this.ctx, id);
    }
    findLibrariesByName(name, opts) {
        return libraries.findLibrariesByName(this.ctx, name, opts);
    }
    listLibraries(q) {
        return libraries.listLibraries(this.ctx, q);
    }
    countLibraries(q) {
        return libraries.countLibraries(this.ctx, q);
    }
    /** ConflictError when the (new) owner already has that name; NotFoundError for an unknown library or owner. */
    updateLibrary(id, patch) {
        return libraries.updateLibrary(this.ctx, id, patch);
    }
    /** NotFoundError when missing. Files and shares go in the same transaction; blobs are collected after. */
    deleteLibrary(id) {
        libraries.deleteLibrary(this.ctx, id);
    }
    // Files. `libraryId`, where accepted, scopes the lookup: a file of another library is not found.
    putFile(input) {
        return putFile(this.ctx, input);
    }
    getFile(id) {
        return files.getFile(this.ctx, id);
    }
    fileAt(libraryId, path, name) {
        return files.fileAt(this.ctx, libraryId, path, name);
    }
    findFilesByName(libraryId, name) {
        return files.findFilesByName(this.ctx, libraryId, name);
    }
    listFiles(libraryId, q) {
        return files.listFiles(this.ctx, libraryId, q);
    }
    countFiles(libraryId, q) {
        return files.countFiles(this.ctx, libraryId, q);
    }
    updateFile(id, patch, libraryId) {
        return files.updateFile(this.ctx, id, patch, libraryId);
    }
    setFileError(id, error) {
        return files.setFileError(this.ctx, id, error);
    }
    /** False when there was no such file. */
    deleteFile(id, libraryId) {
        return files.deleteFiles(this.ctx, [id], libraryId).length > 0;
    }
    /** In one transaction; returns the ids that existed and were deleted. */
    deleteFiles(ids, libraryId) {
        return files.deleteFiles(this.ctx, ids, libraryId);
    }
    /** The extracted text; null when the file is not text-like. NotFoundError when missing. */
    getText(id, libraryId) {
        return files.getText(this.ctx, id, libraryId);
    }
    reprocessFile(id, opts) {
        return reprocessFile(this.ctx, id, opts);
    }
    /** A stream of the content (start/end inclusive, as fs.createReadStream, for HTTP ranges). */
    openBlob(hash, opts) {
        return this.ctx.blobs.open(hash, opts);
    }
    // Shares
    /** The owner (level 'owner') first, then the share rows. NotFoundError when the library is missing. */
    listShares(libraryId) {
        return shares.listShares(this.ctx, libraryId);
    }
    /** Creates or changes a share; ConflictError for the owner. */
    putShare(libraryId, principal, level) {
        return shares.putShare(this.ctx, libraryId, principal, level);
    }
    /** False when there was no such share; ConflictError for the owner. */
    deleteShare(libraryId, principal) {
        return shares.deleteShare(this.ctx, libraryId, principal);
    }
    accessLevel(libraryId, principalId) {
        return shares.accessLevel(this.ctx, libraryId, principalId);
    }
    // Maintenance
    /** Removes unreferenced blobs and stale temp files (normally nothing: deletes collect as they go). */
    collectGarbage() {
        return collectGarbage(this.ctx);
    }
    /** PRAGMA integrity_check: 'ok' when healthy. */
    integrityCheck() {
        return this.db.pragma('integrity_check')
            .map((r) => r.integrity_check)
            .join('\n');
    }
}
//# sourceMappingURL=store.js.map