/**
 * The local provider: the uniform operations over the embedded store. It acts
 * as the store's 'local' principal, which owns what it creates; as the owner
 * of the machine it sees and manages every library in the data directory,
 * including ones `lib serve` principals made there (permissions are for
 * network clients, not for the person holding the files).
 */
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ConflictError, LibError, NotFoundError, UnsupportedError, UsageError } from '../../errors.js';
import type { FileDoc, FileStatus, Library, Share, ShareLevel } from '../../model.js';
import { checkFileName, openStore, type FileRow, type LibraryRow, type Store } from '../../store/index.js';
import type {
  Download,
  FullProvider,
  FileListOptions,
  FileUpdateInput,
  LibraryCreateInput,
  LibraryListOptions,
  LibraryUpdateInput,
  ListLimit,
  Principal,
  Provider,
  TextOptions,
  UploadInput,
  UploadResult,
} from '../types.js';
import { toFile, toFileStatus, toLibrary, toShare } from './map.js';
import { resolveRef } from '../shared/resolve.js';
import { normalizePath, normalizePrefix } from '../shared/paths.js';

export interface LocalProviderOptions {
  dataDir: string;
  /** Simulated processing time for new uploads; 0 (ready at once) by default. */
  processingMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** Rows fetched per query while paging through a list. */
const PAGE = 200;

export function createLocalProvider(opts: LocalProviderOptions): FullProvider {
  return new LocalProvider(opts);
}

/** Pages through `fetch(limit, offset)`, stopping after `limit` items (all when undefined). */
async function* paged<R, T>(
  l: ListLimit,
  fetch: (limit: number, offset: number) => R[],
  map: (r: R) => T,
): AsyncGenerator<T> {
  const max = l.limit ?? Infinity;
  let offset = 0;
  while (offset < max) {
    const rows = fetch(Math.min(PAGE, max - offset), offset);
    for (const r of rows) yield map(r);
    offset += rows.length;
    if (rows.length < PAGE) return;
  }
}

export class LocalProvider implements Provider {
  readonly name = 'local';
  readonly hasPaths = true;
  private readonly store: Store;
  private readonly processingMs: number;

  constructor(opts: LocalProviderOptions) {
    this.store = openStore(opts.dataDir, { now: opts.now });
    this.processingMs = opts.processingMs ?? 0;
  }

  private library(id: string): LibraryRow {
    const lib = this.store.getLibrary(id);
    if (!lib) throw new NotFoundError(`library "${id}" not found`);
    return lib;
  }

  private file(libraryId: string, fileId: string): FileRow {
    const file = this.store.getFile(fileId);
    if (!file || file.libraryId !== libraryId) {
      throw new NotFoundError(`file "${fileId}" not found in library "${this.library(libraryId).name}"`);
    }
    return file;
  }

  // Libraries

  listLibraries(opts: LibraryListOptions): AsyncIterable<Library> {
    opts.onTotal?.(this.store.countLibraries({ search: opts.search }));
    return paged(
      opts,
      (limit, offset) => this.store.listLibraries({ search: opts.search, sort: opts.sort, limit, offset }),
      toLibrary,
    );
  }

  async resolveLibrary(ref: string): Promise<Library> {
    const row = await resolveRef(ref, {
      what: 'library',
      byId: async (id) => this.store.getLibrary(id),
      byName: async (name) => this.store.findLibrariesByName(name),
      byIdPrefix: async (prefix) => this.store.findLibrariesByIdPrefix(prefix),
      describe: (l) => l.id,
      notFound: () =>
        new NotFoundError(`library "${ref}" not found`, { hint: 'List libraries with: lib library list' }),
    });
    return toLibrary(row);
  }

  async whoami(): Promise<{ user: { id: string; name: string } | null }> {
    const me = this.store.localPrincipal();
    return { user: { id: me.id, name: me.name } };
  }

  async createLibrary(input: LibraryCreateInput): Promise<Library> {
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

  async updateLibrary(libraryId: string, input: LibraryUpdateInput): Promise<Library> {
    if (input.syncInterval !== undefined)
      throw new UnsupportedError('the local provider does not support --sync-interval');
    return toLibrary(this.store.updateLibrary(libraryId, { name: input.name, description: input.description }));
  }

  async deleteLibrary(libraryId: string): Promise<void> {
    this.store.deleteLibrary(libraryId);
  }

  // Files

  async uploadFile(libraryId: string, input: UploadInput): Promise<UploadResult> {
    checkFileName(input.name);
    const path = normalizePath(input.path);
    this.library(libraryId);
    const unreadable = (err: unknown): unknown => {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES'
        ? new UsageError(`cannot read "${input.filePath}": ${(err as Error).message}`, { cause: err })
        : err;
    };
    // Open first, then stream from the handle: a stream opened by path reports a missing
    // file as an 'error' event, which nobody hears (an uncaught exception) when the store
    // refuses the upload before reading it.
    let content: ReadStream;
    try {
      input.signal?.throwIfAborted();
      content = (await open(input.filePath, 'r')).createReadStream({ signal: input.signal });
      // Ctrl-C errors the stream; whoever reads it hears that, and if the store stopped
      // before reading (a conflict, say), nobody must have to: no unhandled 'error'.
      content.on('error', () => {});
    } catch (err) {
      throw unreadable(err);
    }
    try {
      const { file, outcome } = await this.store.putFile({
        libraryId,
        name: input.name,
        path,
        content,
        labels: input.labels,
        publicUrl: input.publicUrl,
        attributes: input.attributes,
        overwrite: input.overwrite,
        processingMs: this.processingMs,
        uploadedBy: this.store.localPrincipal().id,
        signal: input.signal,
      });
      return { file: toFile(file), outcome };
    } catch (err) {
      if (err instanceof ConflictError) err.hint ??= 'Use --overwrite to replace it.';
      if (err instanceof LibError) throw err;
      throw unreadable(err);
    } finally {
      content.destroy(); // closes the file when the store stopped before the end (a no-op after it)
    }
  }

  async *listFiles(libraryId: string, opts: FileListOptions): AsyncIterable<FileDoc> {
    this.library(libraryId);
    const q = {
      search: opts.search,
      name: opts.name,
      pathPrefix: normalizePrefix(opts.path),
      label: opts.label,
      status: opts.status,
      sort: opts.sort,
    };
    opts.onTotal?.(this.store.countFiles(libraryId, q));
    yield* paged(opts, (limit, offset) => this.store.listFiles(libraryId, { ...q, limit, offset }), toFile);
  }

  async resolveFile(libraryId: string, ref: string): Promise<FileDoc> {
    const library = this.library(libraryId);
    const row = await resolveRef(ref, {
      what: 'file',
      byId: async (id) => {
        const file = this.store.getFile(id);
        return file?.libraryId === libraryId ? file : undefined;
      },
      byName: async (name) => this.store.findFilesByName(libraryId, name),
      byPath: async (path, name) => this.store.fileAt(libraryId, normalizePath(path), name),
      byIdPrefix: async (prefix) => this.store.findFilesByIdPrefix(libraryId, prefix),
      describe: (f) => `${f.id} (path "${f.path}")`,
      notFound: () => new NotFoundError(`file "${ref}" not found in library "${library.name}"`),
    });
    return toFile(row);
  }

  async updateFile(libraryId: string, fileId: string, input: FileUpdateInput): Promise<FileDoc> {
    this.file(libraryId, fileId);
    return toFile(this.store.updateFile(fileId, input, libraryId));
  }

  async deleteFile(libraryId: string, fileId: string): Promise<void> {
    this.file(libraryId, fileId);
    if (!this.store.deleteFile(fileId, libraryId)) throw new NotFoundError(`file "${fileId}" not found`);
  }

  async downloadFile(libraryId: string, fileId: string, signal?: AbortSignal): Promise<Download> {
    const row = this.file(libraryId, fileId);
    return { file: toFile(row), body: this.store.openBlob(row.hash, { signal }) };
  }

  /** The whole extracted text ('' where there is none), and a note when it is cut or missing. No page ranges. */
  async fileText(libraryId: string, fileId: string, opts: TextOptions): Promise<string> {
    if (opts.fromPage !== undefined || opts.toPage !== undefined) {
      throw new UnsupportedError('the local provider does not support page ranges; it keeps the whole text');
    }
    const row = this.file(libraryId, fileId);
    if (row.textNote) opts.onNote?.(row.textNote);
    return this.store.getText(fileId, libraryId) ?? '';
  }

  async fileStatus(libraryId: string, fileId: string): Promise<FileStatus> {
    return toFileStatus(this.file(libraryId, fileId));
  }

  async reprocessFile(libraryId: string, fileId: string): Promise<void> {
    this.file(libraryId, fileId);
    await this.store.reprocessFile(fileId, { libraryId, processingMs: this.processingMs });
  }

  // Shares

  async listShares(libraryId: string): Promise<Share[]> {
    return this.store.listShares(libraryId).map(toShare);
  }

  async putShare(libraryId: string, principal: Principal, level: ShareLevel): Promise<Share> {
    return toShare(this.store.putShare(libraryId, principal, level));
  }

  async deleteShare(libraryId: string, principal: Principal): Promise<void> {
    const library = this.library(libraryId);
    if (!this.store.deleteShare(libraryId, principal)) {
      throw new NotFoundError(`library "${library.name}" is not shared with ${principal.type} "${principal.id}"`);
    }
  }

  async close(): Promise<void> {
    this.store.close();
  }
}
