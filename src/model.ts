/**
 * The uniform model: the JSON shapes `lib` prints, identical across providers.
 * camelCase; a field a provider lacks is null, never invented. Documented in
 * README.md ("JSON output"). Vendor payloads are mapped onto these in each
 * provider; `--raw` prints the vendor payload kept under RAW instead.
 */

export interface Library {
  id: string;
  name: string;
  description: string | null;
  naturalId: string | null;
  type: string | null;
  ownerId: string | null;
  shared: boolean | null;
  documents: number | null;
  size: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  syncedAt: string | null;
  /** Minutes between automatic syncs from the library's source (hal). */
  syncInterval: number | null;
  /** What the library's driver can do (hal's drivers: local, google-drive, ...). */
  driver: LibraryDriver | null;
  /** What the caller may do with the library (hal). */
  permissions: LibraryPermissions | null;
}

export interface LibraryDriver {
  id: string;
  name: string;
  supportsSync: boolean;
  supportsUpload: boolean;
  isLocal: boolean;
}

export interface LibraryPermissions {
  read: boolean;
  write: boolean;
  delete: boolean;
  sync: boolean;
}

/**
 * The uniform processing status, which is also the store's own word. Vendors'
 * words stay with their vendor: each provider maps its words onto these
 * (src/providers/shared/status.ts says where each table lives), and each
 * `lib serve` dialect maps these onto its vendor's (src/server/<dialect>/).
 */
export type Status = 'pending' | 'processing' | 'ready' | 'failed';
export const STATUSES: readonly Status[] = ['pending', 'processing', 'ready', 'failed'];

export interface FileDoc {
  id: string;
  libraryId: string;
  name: string;
  path: string | null;
  labels: string[];
  publicUrl: string | null;
  mimeType: string | null;
  size: number | null;
  hash: string | null;
  status: Status;
  providerStatus: string | null;
  summary: string | null;
  pages: number | null;
  attributes: Record<string, unknown>;
  createdAt: string | null;
  updatedAt: string | null;
  error: string | null;
  /** Why the extracted text is cut or missing (over the cap, a scanned PDF); null when whole or not known. */
  textNote: string | null;
}

export type PrincipalType = 'user' | 'workspace' | 'org';
export const PRINCIPAL_TYPES: readonly PrincipalType[] = ['user', 'workspace', 'org'];
export type ShareLevel = 'viewer' | 'editor';
export const SHARE_LEVELS: readonly ShareLevel[] = ['viewer', 'editor'];

export interface Share {
  libraryId: string;
  principalType: PrincipalType;
  principalId: string;
  level: ShareLevel | 'owner';
}

/** A file's processing state, as `lib file status` prints it. */
export interface FileStatus {
  id: string;
  libraryId: string;
  name: string;
  status: Status;
  providerStatus: string | null;
  error: string | null;
  /** Why the extracted text is cut or missing; null when whole or not known. */
  textNote: string | null;
}

/** A file's status fields, for providers whose status answer is the file itself (ai21, hal). */
export function statusOfFile(file: FileDoc): FileStatus {
  return {
    id: file.id,
    libraryId: file.libraryId,
    name: file.name,
    status: file.status,
    providerStatus: file.providerStatus,
    error: file.error,
    textNote: file.textNote,
  };
}

/**
 * The vendor's own payload rides along on a model object as a non-enumerable
 * property, so JSON.stringify of the model never includes it but `--raw` can.
 */
export const RAW: unique symbol = Symbol('raw');

export function withRaw<T extends object>(model: T, raw: unknown): T {
  Object.defineProperty(model, RAW, { value: raw, enumerable: false });
  return model;
}

export function rawOf(model: object): unknown {
  const raw = (model as { [RAW]?: unknown })[RAW];
  return raw === undefined ? model : raw;
}

export function isTerminal(status: Status): boolean {
  return status === 'ready' || status === 'failed';
}

/**
 * Names are compared and kept in Unicode NFC: macOS hands out NFD ("e" plus a
 * combining accent), Linux and Windows mostly NFC, and both spellings of
 * "café.md" must name the same file, on the way in and when looked up.
 */
export function nfc(text: string): string {
  return typeof text === 'string' ? text.normalize('NFC') : text;
}
