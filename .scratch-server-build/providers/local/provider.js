/**
 * The local provider: the uniform operations over the embedded store. It acts
 * as the store's 'local' principal, which owns what it creates; as the owner
 * of the machine it sees and manages every library in the data directory,
 * including ones `lib serve` principals made there (permissions are for
 * network clients, not for the person holding the files).
 */
import { createReadStream } from 'node:fs';
import { ConflictError, LibError, NotFoundError, UnsupportedError, UsageError } from '../../errors.js';
import { checkFileName, openStore } from '../../store/index.js';
import { toFile, toFileStatus, toLibrary, toShare } from './map.js';
import { normalizePath, normalizePrefix } from './paths.js';
/** Rows fetched per query while paging through a list. */
const PAGE = 200;
export function createLocalProvider(opts) {
    return new LocalProvider(opts);
}
/** Pages through `fetch(limit, offset)`, stopping after `limit` items (all when undefined). */
async function* paged(l, fetch, map) {
    const max = l.limit ?? Infinity;
    let offset = 0;
    while (offset < max) {
        const rows = fetch(Math.min(PAGE, max - offset), offset);
        for (const r of rows)
            yield map(r);
        offset += rows.length;
        if (rows.length < PAGE)
            return;
    }
}
function ambiguous(what, ref, candidates) {
    return new UsageError(`${what} name "${ref}" is ambiguous; it matches: ${candidates.join(', ')}`, {
        hint: `Use the ${what}'s id instead.`,
    });
}
export class LocalProvider {
    name = 'local';
    store;
    processingMs;
    constructor(opts) {
        this.store = openStore(opts.dataDir, { now: opts.now });
        this.processingMs = opts.processingMs ?? 0;
    }
    library(id) {
        const lib = this.store.getLibrary(id);
        if (!lib)
            throw new NotFoundError(`library "${id}" not found`);
        return lib;
    }
    file(libraryId, fileId) {
        const file = this.store.getFile(fileId);
        if (!file || file.libraryId !== libraryId) {
            throw new NotFoundError(`file "${fileId}" not found in library "${this.library(libraryId).name}"`);
        }
        return file;
    }
    // Libraries
    listLibraries(opts) {
        return paged(opts, (limit, offset) => this.store.listLibraries({ search: opts.search, sort: opts.sort, limit, offset }), toLibrary);
    }
    async resolveLibrary(ref) {
        const byId = this.store.getLibrary(ref);
        if (byId)
            return toLibrary(byId);
        const byName = this.store.findLibrariesByName(ref);
        if (byName.length === 1)
            return toLibrary(byName[0]);
        if (byName.length > 1)
            throw ambiguous('library', ref, byName.map((l) => l.id));
        throw new NotFoundError(`library "${ref}" not found`, { hint: 'List libraries with: lib library list' });
    }
    async createLibrary(input) {
        const row = this.store.createLibrary({
            ownerId: this.store.localPrincipal().id,
            name: input.name,
            description: input.description,
            chunkSize: input.chunkSize,
            type: input.type,
            data: input.data,
        });
        return toLibrary(row);
    }
    async updateLibrary(libraryId, input) {
        if (input.syncInterval !== undefined)
            throw new UnsupportedError('the local provider does not support --sync-interval');
        return toLibrary(this.store.updateLibrary(libraryId, { name: input.name, description: input.description }));
    }
    async deleteLibrary(libraryId) {
        this.store.deleteLibrary(libraryId);
    }
    // Files
    async uploadFile(libraryId, input) {
        checkFileName(input.name);
        const path = normalizePath(input.path);
        this.library(libraryId);
        try {
            const { file, outcome } = await this.store.putFile({
                libraryId,
                name: input.name,
                path,
                content: createReadStream(input.filePath, { signal: input.signal }),
                labels: input.labels,
                publicUrl: input.publicUrl,
                attributes: input.attributes,
                overwrite: input.overwrite,
                processingMs: this.processingMs,
                uploadedBy: this.store.localPrincipal().id,
                signal: input.signal,
            });
            return { file: toFile(file), outcome };
        }
        catch (err) {
            if (err instanceof ConflictError)
                err.hint ??= 'Use --overwrite to replace it.';
            if (err instanceof LibError)
                throw err;
            const code = err.code;
            if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
                throw new UsageError(`cannot read "${input.filePath}": ${err.message}`, { cause: err });
            }
            throw err;
        }
    }
    async *listFiles(libraryId, opts) {
        this.library(libraryId);
        const q = {
            search: opts.search,
            name: opts.name,
            pathPrefix: normalizePrefix(opts.path),
            label: opts.label,
            status: opts.status,
            sort: opts.sort,
        };
        yield* paged(opts, (limit, offset) => this.store.listFiles(libraryId, { ...q, limit, offset }), toFile);
    }
    async resolveFile(libraryId, ref) {
        const library = this.library(libraryId);
        const byId = this.store.getFile(ref);
        if (byId && byId.libraryId === libraryId)
            return toFile(byId);
        const byName = this.store.findFilesByName(libraryId, ref);
        if (byName.length === 1)
            return toFile(byName[0]);
        if (byName.length > 1)
            throw ambiguous('file', ref, byName.map((f) => `${f.id} (path "${f.path}")`));
        throw new NotFoundError(`file "${ref}" not found in library "${library.name}"`);
    }
    async updateFile(libraryId, fileId, input) {
        this.file(libraryId, fileId);
        return toFile(this.store.updateFile(fileId, input, libraryId));
    }
    async deleteFile(libraryId, fileId) {
        this.file(libraryId, fileId);
        if (!this.store.deleteFile(fileId, libraryId))
            throw new NotFoundError(`file "${fileId}" not found`);
    }
    async downloadFile(libraryId, fileId, signal) {
        const row = this.file(libraryId, fileId);
        return { file: toFile(row), body: this.store.openBlob(row.hash, { signal }) };
    }
    /** The whole extracted text; '' for types with no extracted text (pdf, docx, ...). No pages locally. */
    async fileText(libraryId, fileId, opts) {
        if (opts.fromPage !== undefined || opts.toPage !== undefined) {
            throw new UnsupportedError('the local provider does not support page ranges; it keeps the whole text');
        }
        this.file(libraryId, fileId);
        return this.store.getText(fileId, libraryId) ?? '';
    }
    async fileStatus(libraryId, fileId) {
        return toFileStatus(this.file(libraryId, fileId));
    }
    async reprocessFile(libraryId, fileId) {
        this.file(libraryId, fileId);
        await this.store.reprocessFile(fileId, { libraryId, processingMs: this.processingMs });
    }
    // Shares
    async listShares(libraryId) {
        return this.store.listShares(libraryId).map(toShare);
    }
    async putShare(libraryId, principal, level) {
        return toShare(this.store.putShare(libraryId, principal, level));
    }
    async deleteShare(libraryId, principal) {
        const library = this.library(libraryId);
        if (!this.store.deleteShare(libraryId, principal)) {
            throw new NotFoundError(`library "${library.name}" is not shared with ${principal.type} "${principal.id}"`);
        }
    }
    async close() {
        this.store.close();
    }
}
//# sourceMappingURL=provider.js.map