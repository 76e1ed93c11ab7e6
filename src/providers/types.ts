/**
 * The Provider interface: the uniform operations every backend maps onto its
 * own API. Commands talk only to this. Lists are async iterables so --ndjson
 * can stream pages as they arrive; a provider stops fetching once `limit`
 * items were yielded. Optional operations are absent on providers that lack
 * them; commands call need() to turn that into one clear line and exit 2.
 */
import type { FileDoc, FileStatus, Library, PrincipalType, Share, ShareLevel, Status } from '../model.js';
import { UnsupportedError } from '../errors.js';

export interface ListLimit {
  /** Stop after this many items; undefined with all=true means every item. */
  limit?: number;
  all?: boolean;
  /** Told how many items match in all, where the backend says (for "showing 50 of 3,003"). */
  onTotal?: (total: number) => void;
}

export interface LibraryListOptions extends ListLimit {
  search?: string;
  /** A model field name, optionally prefixed with '-' for descending: "name", "-createdAt". */
  sort?: string;
}

export interface LibraryCreateInput {
  name: string;
  description?: string;
  chunkSize?: number;
  type?: string;
  data?: Record<string, unknown>;
  /** hal: marked shared. */
  shared?: boolean;
  /** hal, cloud types: the OAuth client of the embedded integration; the secret is never shown again. */
  clientId?: string;
  clientSecret?: string;
}

export interface LibraryUpdateInput {
  name?: string;
  description?: string;
  syncInterval?: number;
  shared?: boolean;
}

export interface SyncOptions {
  /** Wait until the sync is over and syncedAt has moved. */
  wait?: boolean;
  /** Told the sync's state while waiting ("running"). */
  onProgress?: (state: string) => void;
  /** Give up waiting after this time (ms since the epoch, on the HTTP client's clock). */
  deadline?: number;
  signal?: AbortSignal;
}

export interface FileListOptions extends ListLimit {
  /** Substring of the name, or full-text over the file's text where supported. */
  search?: string;
  /** Exact name. */
  name?: string;
  /** Path prefix. */
  path?: string;
  /** A label, or several that a file must all carry. */
  label?: string | readonly string[];
  status?: Status;
  sort?: string;
}

export interface UploadInput {
  /** A regular file on disk (stdin is spooled to a temporary file first). */
  filePath: string;
  /** The document's name in the library (a name, never a path). */
  name: string;
  path?: string;
  labels?: string[];
  publicUrl?: string;
  attributes?: Record<string, unknown>;
  /** Replace a file with the same name and path instead of failing with a conflict. */
  overwrite?: boolean;
  signal?: AbortSignal;
}

/** created: new document; replaced: --overwrite replaced one; unchanged: the same content was already there. */
export type UploadOutcome = 'created' | 'replaced' | 'unchanged';

export interface UploadResult {
  file: FileDoc;
  outcome: UploadOutcome;
}

export interface FileUpdateInput {
  name?: string;
  /** Replaces all labels. */
  labels?: string[];
  addLabels?: string[];
  removeLabels?: string[];
  publicUrl?: string;
  /** Merged into the existing attributes. */
  attributes?: Record<string, unknown>;
}

export interface Principal {
  type: PrincipalType;
  id: string;
}

export interface Download {
  file: FileDoc;
  body: AsyncIterable<Uint8Array>;
}

export interface TextOptions {
  /** 1-based inclusive page range, where the provider has pages. */
  fromPage?: number;
  toPage?: number;
  /** Told why the text is cut or missing, where the backend says (too large, a scanned PDF). */
  onNote?: (note: string) => void;
}

export interface Provider {
  /** 'local', 'mistral', 'ai21', 'hal': used in messages ("(mistral, 404)"). */
  readonly name: string;
  /** Whether files live under paths (folders). A recursive upload flattens subdirectories where not. */
  readonly hasPaths: boolean;

  listLibraries(opts: LibraryListOptions): AsyncIterable<Library>;
  /** By id or unique name; NotFoundError, or UsageError listing candidates when ambiguous. */
  resolveLibrary(ref: string): Promise<Library>;
  /** Absent where the provider has one account-wide library (ai21). */
  createLibrary?(input: LibraryCreateInput): Promise<Library>;
  updateLibrary?(libraryId: string, input: LibraryUpdateInput): Promise<Library>;
  deleteLibrary?(libraryId: string): Promise<void>;

  uploadFile(libraryId: string, input: UploadInput): Promise<UploadResult>;
  listFiles(libraryId: string, opts: FileListOptions): AsyncIterable<FileDoc>;
  /** By id or unique name within the library. */
  resolveFile(libraryId: string, ref: string): Promise<FileDoc>;
  updateFile(libraryId: string, fileId: string, input: FileUpdateInput): Promise<FileDoc>;
  deleteFile(libraryId: string, fileId: string): Promise<void>;
  /** Absent where the API cannot give a file's bytes or text back (ai21). */
  downloadFile?(libraryId: string, fileId: string, signal?: AbortSignal): Promise<Download>;
  fileText?(libraryId: string, fileId: string, opts: TextOptions): Promise<string>;
  fileStatus(libraryId: string, fileId: string): Promise<FileStatus>;

  fileUrl?(libraryId: string, fileId: string, opts: { extracted?: boolean }): Promise<string>;
  reprocessFile?(libraryId: string, fileId: string): Promise<void>;

  listShares?(libraryId: string): Promise<Share[]>;
  putShare?(libraryId: string, principal: Principal, level: ShareLevel): Promise<Share>;
  deleteShare?(libraryId: string, principal: Principal): Promise<void>;

  /** hal only. */
  setOwner?(libraryId: string, owner: string): Promise<Library>;
  /** Starts a sync from the library's source; with `wait`, returns once it is over. */
  syncLibrary?(libraryId: string, opts?: SyncOptions): Promise<Library>;

  /**
   * Checks the key with one cheap request and says whose it is, where the
   * backend tells (lib serve does; Mistral's API does not: then user is null).
   */
  whoami?(): Promise<{ user: { id: string; name: string } | null }>;

  /** Release pools, database handles. */
  close(): Promise<void>;
}

/** A provider with many libraries and their files' bytes and text (local, mistral). */
export type FullProvider = Provider &
  Required<Pick<Provider, 'createLibrary' | 'updateLibrary' | 'deleteLibrary' | 'downloadFile' | 'fileText'>>;

type OptionalOp = {
  [K in keyof Provider]-?: undefined extends Provider[K] ? K : never;
}[keyof Provider];

/** The optional operation, or UnsupportedError (exit 2) naming the provider. */
export function need<K extends OptionalOp>(provider: Provider, op: K, what: string): NonNullable<Provider[K]> {
  const fn = provider[op];
  if (typeof fn !== 'function') {
    throw new UnsupportedError(`the ${provider.name} provider does not support ${what}`);
  }
  return (fn as (...args: unknown[]) => unknown).bind(provider) as NonNullable<Provider[K]>;
}
